// Input embeddings (fourier, mscale; plain for comparison): the kernels against their _ref twins,
// the net's input derivatives (grad, Laplacian) through each embedding against finite differences
// of its values, the parameter gradient against finite differences, in 1D, 2D and 3D; the float
// net against the (finite-difference checked) double net with the same parameters.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "fd_gradient.hpp"
#include "fpsolve/nn/counter_rng.hpp"
#include "fpsolve/nn/mlp.hpp"

using namespace fpsolve::nn;

namespace {

EmbeddingSpec spec_of(InputKind kind) {
  EmbeddingSpec s;
  s.kind = kind;
  s.features = 3;
  s.sigma = 0.7;
  s.scales = {1, 3, 5};
  return s;
}

const InputKind kKinds[] = {InputKind::Plain, InputKind::Fourier, InputKind::Mscale};

std::vector<double> points(int dim, int n, std::uint64_t stream) {
  std::vector<double> x(std::size_t(dim) * n);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = 2 * counter_uniform(7, stream, i) - 1;
  return x;
}

double value_at(Mlp<double> &net, const double *pt) {
  return net.forward(pt, 1, Derivs::None)[0];
}

}  // namespace

TEST(Embedding, KernelsMatchReference) {
  // Frequencies of scale 6, and 1e6 (arguments beyond fastmath::sincos's range: libm's path).
  for (double scale : {6.0, 1e6})
    for (int dim = 1; dim <= 3; ++dim)
      for (Derivs m : {Derivs::None, Derivs::Grad, Derivs::GradLap}) {
        const int M = 5, n = 13, cols = n * num_segments(m, dim);
        std::vector<double> omega(M * dim);
        for (std::size_t i = 0; i < omega.size(); ++i) omega[i] = scale * counter_normal(1, 2, i);
        const auto xd = points(dim, n, 3);
        std::vector<float> xf(xd.begin(), xd.end());
        std::vector<double> a(2 * M * cols), b(2 * M * cols);
        kernels::fourier_features(m, M, n, dim, omega.data(), xd.data(), a.data());
        kernels::fourier_features_ref(m, M, n, dim, omega.data(), xd.data(), b.data());
        // theta = sum_k omega_k x_k may round differently (fused multiply-add or not): by an
        // ulp of theta, ~1e-16 |theta|, which moves sin by as much and a derivative by omega x it.
        const double rel = 1e-13 * scale / 6;
        for (std::size_t i = 0; i < a.size(); ++i)
          ASSERT_NEAR(a[i], b[i], rel * std::max(1.0, std::fabs(b[i]))) << i;
        std::vector<float> af(a.size()), bf(a.size());
        kernels::fourier_features(m, M, n, dim, omega.data(), xf.data(), af.data());
        kernels::fourier_features_ref(m, M, n, dim, omega.data(), xf.data(), bf.data());
        for (std::size_t i = 0; i < a.size(); ++i)  // one float rounding apart at most
          ASSERT_NEAR(af[i], bf[i], std::max(1e-7, rel) * std::max(1.0f, std::fabs(bf[i]))) << i;
      }
  const float scale[3] = {1, 2, 0.5f}, in[6] = {1, -2, 3, 4, 5, 6};
  float out[6], ref[6];
  kernels::scale_rows(3, 2, scale, in, out);
  kernels::scale_rows_ref(3, 2, scale, in, ref);
  for (int i = 0; i < 6; ++i) EXPECT_EQ(out[i], ref[i]);
}

TEST(Embedding, FourierMatrixAndScalesAreFromTheSpecAndSeed) {
  Mlp<double> a({2, 6, 1}, Activation::Tanh, spec_of(InputKind::Fourier));
  Mlp<double> b({2, 6, 1}, Activation::Tanh, spec_of(InputKind::Fourier));
  a.init({}, 4);
  b.init({}, 4);
  ASSERT_EQ(a.embedding().data_size(), 6u);  // M x dim
  EXPECT_EQ(a.fan_in(0), 6);
  EXPECT_EQ(a.num_params(), std::size_t(6 * 7 + 7));
  for (std::size_t i = 0; i < 6; ++i) EXPECT_EQ(a.embedding().data()[i], b.embedding().data()[i]);
  b.init({}, 5);
  EXPECT_NE(a.embedding().data()[0], b.embedding().data()[0]);
  // sigma is the standard deviation of B's entries.
  EmbeddingSpec wide = spec_of(InputKind::Fourier);
  wide.features = 4000, wide.sigma = 3;
  Mlp<double> c({1, 4, 1}, Activation::Tanh, wide);
  c.init({}, 1);
  double s2 = 0;
  for (std::size_t i = 0; i < 4000; ++i) s2 += std::pow(c.embedding().data()[i], 2);
  EXPECT_NEAR(std::sqrt(s2 / 4000), 3.0, 0.1);

  Mlp<float> ms({1, 7, 1}, Activation::Tanh, spec_of(InputKind::Mscale));
  const double expect[7] = {1, 1, 1, 3, 3, 5, 5};  // floor(j K / width)
  for (int j = 0; j < 7; ++j) EXPECT_EQ(ms.embedding().data()[j], expect[j]);
  EmbeddingSpec bad = spec_of(InputKind::Mscale);
  bad.scales = {1, 2, 4, 8};
  EXPECT_THROW(Mlp<float>({1, 3, 1}, Activation::Tanh, bad), std::invalid_argument);
  bad.scales = {1, -2};
  EXPECT_THROW(Mlp<float>({1, 3, 1}, Activation::Tanh, bad), std::invalid_argument);
  bad = spec_of(InputKind::Fourier);
  bad.sigma = 0;
  EXPECT_THROW(Mlp<float>({1, 3, 1}, Activation::Tanh, bad), std::invalid_argument);
}

// mscale with the single scale 1 is the plain net; with scale a it is the plain net on a x.
TEST(Embedding, MscaleIsThePlainNetOnScaledInputs) {
  EmbeddingSpec s = spec_of(InputKind::Mscale);
  s.scales = {2.5};
  Mlp<double> ms({2, 5, 4, 1}, Activation::Tanh, s), plain({2, 5, 4, 1}, Activation::Tanh);
  ms.init({}, 9);
  plain.init({}, 9);
  const int n = 7;
  const auto x = points(2, n, 1);
  std::vector<double> ax(x);
  for (double &v : ax) v *= 2.5;
  const double *um = ms.forward(x.data(), n, Derivs::None);
  std::vector<double> u(um, um + n);
  const double *up = plain.forward(ax.data(), n, Derivs::None);
  for (int i = 0; i < n; ++i) EXPECT_NEAR(u[i], up[i], 1e-14);
}

TEST(Embedding, InputDerivativesMatchFiniteDifferences) {
  for (InputKind kind : kKinds)
    for (int dim = 1; dim <= 3; ++dim) {
      SCOPED_TRACE(testing::Message() << "kind " << int(kind) << " dim " << dim);
      Mlp<double> net({dim, 6, 5, 1}, Activation::Tanh, spec_of(kind));
      net.init({}, 5);
      const int n = 7;
      const auto x = points(dim, n, dim);
      const double *o = net.forward(x.data(), n, Derivs::GradLap);
      const std::vector<double> out(o, o + n * (1 + 2 * dim));
      double worst1 = 0, worst2 = 0, scale1 = 0, scale2 = 0;
      for (int i = 0; i < n; ++i)
        for (int k = 0; k < dim; ++k) {
          double pt[3];
          for (int c = 0; c < dim; ++c) pt[c] = x[c * n + i];
          const double center = value_at(net, pt), h1 = 1e-5, h2 = 1e-4;
          pt[k] = x[k * n + i] + h1;
          const double p1 = value_at(net, pt);
          pt[k] = x[k * n + i] - h1;
          const double m1 = value_at(net, pt);
          pt[k] = x[k * n + i] + h2;
          const double p2 = value_at(net, pt);
          pt[k] = x[k * n + i] - h2;
          const double m2 = value_at(net, pt);
          worst1 = std::max(worst1, std::fabs(out[(1 + k) * n + i] - (p1 - m1) / (2 * h1)));
          worst2 = std::max(
              worst2, std::fabs(out[(1 + dim + k) * n + i] - (p2 - 2 * center + m2) / (h2 * h2)));
          scale1 = std::max(scale1, std::fabs(out[(1 + k) * n + i]));
          scale2 = std::max(scale2, std::fabs(out[(1 + dim + k) * n + i]));
          EXPECT_NEAR(out[i], center, 1e-14);
        }
      EXPECT_GT(scale1, 1e-3);  // the check is not vacuous
      EXPECT_GT(scale2, 1e-3);
      EXPECT_LT(worst1, 1e-8 * (1 + scale1));
      EXPECT_LT(worst2, 1e-5 * (1 + scale2));
    }
}

// Every path through the embedding's backward (values, tangents, second derivatives).
TEST(Embedding, ParameterGradientMatchesFiniteDifferences) {
  for (InputKind kind : kKinds)
    for (int dim = 1; dim <= 3; ++dim)
      for (Derivs m : {Derivs::None, Derivs::Grad, Derivs::GradLap}) {
        SCOPED_TRACE(testing::Message()
                     << "kind " << int(kind) << " dim " << dim << " derivs " << int(m));
        Mlp<double> net({dim, 5, 4, 1}, Activation::Tanh, spec_of(kind));
        net.init({}, 11);
        const auto check =
            fpsolve::test::CheckBackwardOnQuadratic(net, points(dim, 5, 10 + dim), 5, m);
        EXPECT_GT(check.max_gradient, 0.0);
        EXPECT_LT(check.relative(), 1e-6);
      }
}

// The float net (same parameters, same B) agrees with the double net in every output column
// and in the parameter gradient, for every embedding and dimension.
TEST(Embedding, FloatAgreesWithDouble) {
  for (InputKind kind : kKinds)
    for (int dim = 1; dim <= 3; ++dim) {
      SCOPED_TRACE(testing::Message() << "kind " << int(kind) << " dim " << dim);
      Mlp<float> nf({dim, 16, 8, 1}, Activation::Tanh, spec_of(kind));
      Mlp<double> nd({dim, 16, 8, 1}, Activation::Tanh, spec_of(kind));
      nf.init({}, 3);
      nd.init({}, 3);
      for (std::size_t p = 0; p < nd.num_params(); ++p) nd.params()[p] = nf.params()[p];
      const int n = 11, cols = n * (1 + 2 * dim);
      const auto xd = points(dim, n, 20 + dim);
      std::vector<float> xf(xd.size());
      std::vector<double> xr(xd.size());
      for (std::size_t i = 0; i < xd.size(); ++i) xr[i] = xf[i] = float(xd[i]);
      const float *of = nf.forward(xf.data(), n, Derivs::GradLap);
      const double *od = nd.forward(xr.data(), n, Derivs::GradLap);
      double scale = 0;
      for (int c = 0; c < cols; ++c) scale = std::max(scale, std::fabs(od[c]));
      for (int c = 0; c < cols; ++c) ASSERT_NEAR(of[c], od[c], 2e-5 * (1 + scale)) << c;
      std::vector<float> dof(cols), gf(nf.num_params());
      std::vector<double> dod(cols), gd(nd.num_params());
      for (int c = 0; c < cols; ++c) dod[c] = dof[c] = float(2 * counter_uniform(2, 2, c) - 1);
      nf.backward(dof.data(), gf.data());
      nd.backward(dod.data(), gd.data());
      double gscale = 0;
      for (double g : gd) gscale = std::max(gscale, std::fabs(g));
      for (std::size_t p = 0; p < gd.size(); ++p) ASSERT_NEAR(gf[p], gd[p], 1e-4 * gscale) << p;
    }
}
