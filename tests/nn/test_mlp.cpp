// The MLP: layout, init, input tangents and second derivatives vs finite differences, and the
// backward pass vs finite differences of a generic functional of all output columns.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "fd_gradient.hpp"
#include "fpsolve/nn/counter_rng.hpp"
#include "fpsolve/nn/mlp.hpp"

using namespace fpsolve::nn;

namespace {

const Activation kActs[] = {Activation::Tanh, Activation::Sin, Activation::Relu};

std::vector<double> points(int dim, int n, std::uint64_t stream) {
  std::vector<double> x(std::size_t(dim) * n);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = 2 * counter_uniform(3, stream, i) - 1;
  return x;
}

// u at one point (values only).
double value_at(Mlp<double> &net, const double *pt, int dim) {
  return net.forward(pt, 1, Derivs::None)[0];  // a single point: coordinate-major = the point
}

}  // namespace

TEST(Mlp, LayoutAndInit) {
  Mlp<float> net({1, 4, 3, 1}, Activation::Tanh);
  EXPECT_EQ(net.num_params(), std::size_t(4 * 2 + 3 * 5 + 1 * 4));
  EXPECT_EQ(net.weight_offset(1), std::size_t(8));
  EXPECT_EQ(net.bias_offset(1), std::size_t(8 + 12));
  net.init({}, 42);
  for (int l = 0; l < net.num_layers(); ++l) {
    const double bound = 1 / std::sqrt(double(net.widths()[l]));
    for (std::size_t i = net.weight_offset(l); i < net.bias_offset(l) + net.widths()[l + 1]; ++i)
      EXPECT_LE(std::fabs(net.params()[i]), bound);
  }
  Mlp<float> again({1, 4, 3, 1}, Activation::Tanh);
  again.init({}, 42);
  for (std::size_t i = 0; i < net.num_params(); ++i) EXPECT_EQ(net.params()[i], again.params()[i]);
  again.init({}, 43);
  EXPECT_NE(net.params()[0], again.params()[0]);

  Mlp<double> wide({1, 400, 300, 1}, Activation::Tanh);
  InitSpec spec;
  spec.kind = InitSpec::Kind::GlorotNormal;
  wide.init(spec, 1);
  double sum2 = 0;
  const std::size_t nw = 400 * 300;
  for (std::size_t i = 0; i < nw; ++i)
    sum2 += std::pow(wide.params()[wide.weight_offset(1) + i], 2);
  EXPECT_NEAR(std::sqrt(sum2 / nw), std::sqrt(2.0 / 700), 0.01 * std::sqrt(2.0 / 700));
  EXPECT_EQ(wide.params()[wide.bias_offset(1)], 0.0);
  spec.kind = InitSpec::Kind::Normal;
  spec.std = 0.1;
  wide.init(spec, 1);
  sum2 = 0;
  for (std::size_t i = 0; i < nw; ++i)
    sum2 += std::pow(wide.params()[wide.weight_offset(1) + i], 2);
  EXPECT_NEAR(std::sqrt(sum2 / nw), 0.1, 0.002);
}

TEST(Mlp, TangentsAndSecondDerivativesMatchFiniteDifferences) {
  for (int dim = 1; dim <= 3; ++dim)
    for (Activation act : {Activation::Tanh, Activation::Sin}) {
      SCOPED_TRACE(testing::Message() << "dim " << dim << " act " << int(act));
      Mlp<double> net({dim, 6, 5, 4, 1}, act);
      net.init({}, 5);
      const int n = 9;
      const auto x = points(dim, n, dim);
      const std::vector<double> out(net.forward(x.data(), n, Derivs::GradLap),
                                    net.forward(x.data(), n, Derivs::GradLap) + n * (1 + 2 * dim));
      for (int i = 0; i < n; ++i)
        for (int k = 0; k < dim; ++k) {
          double pt[3], plus, minus, center;
          for (int c = 0; c < dim; ++c) pt[c] = x[c * n + i];
          center = value_at(net, pt, dim);
          const double h1 = 1e-5, h2 = 1e-4;
          pt[k] += h1, plus = value_at(net, pt, dim);
          pt[k] -= 2 * h1, minus = value_at(net, pt, dim);
          EXPECT_NEAR(out[(1 + k) * n + i], (plus - minus) / (2 * h1), 1e-8);
          pt[k] = x[k * n + i] + h2, plus = value_at(net, pt, dim);
          pt[k] = x[k * n + i] - h2, minus = value_at(net, pt, dim);
          EXPECT_NEAR(out[(1 + dim + k) * n + i], (plus - 2 * center + minus) / (h2 * h2), 1e-5);
          EXPECT_NEAR(out[i], center, 1e-15);
        }
    }
}

// L = sum_c a_c out_c + 0.5 sum_c b_c out_c^2 over every output column (values, tangents and
// second derivatives), so every path of the backward pass is exercised.
TEST(Mlp, ParameterGradientMatchesFiniteDifferences) {
  for (int dim = 1; dim <= 2; ++dim)
    for (Activation act : kActs)
      for (Derivs m : {Derivs::None, Derivs::Grad, Derivs::GradLap}) {
        SCOPED_TRACE(testing::Message()
                     << "dim " << dim << " act " << int(act) << " mode " << int(m));
        Mlp<double> net({dim, 5, 4, 3, 1}, act);
        net.init({}, 11);
        const auto check =
            fpsolve::test::CheckBackwardOnQuadratic(net, points(dim, 6, 10 + dim), 6, m);
        EXPECT_GT(check.max_gradient, 0.0);
        EXPECT_LT(check.relative(), 1e-6);
      }
}

TEST(Mlp, FloatAgreesWithDouble) {
  Mlp<double> nd({1, 32, 16, 1}, Activation::Tanh);
  Mlp<float> nf({1, 32, 16, 1}, Activation::Tanh);
  nd.init({}, 3);
  nf.init({}, 3);
  const int n = 50;
  std::vector<double> xd(n);
  std::vector<float> xf(n);
  for (int i = 0; i < n; ++i) xd[i] = xf[i] = float(-1 + 2.0 * i / (n - 1));
  const double *od = nd.forward(xd.data(), n, Derivs::Grad);
  const float *of = nf.forward(xf.data(), n, Derivs::Grad);
  for (int c = 0; c < 2 * n; ++c) EXPECT_NEAR(of[c], od[c], 1e-5 * (1 + std::fabs(od[c])));
}

TEST(Mlp, ForwardWithinCapacityDoesNotReallocate) {
  Mlp<float> net({1, 8, 1}, Activation::Tanh);
  net.init({}, 1);
  net.reserve(100, Derivs::GradLap);
  EXPECT_EQ(net.capacity(Derivs::GradLap), 100);
  EXPECT_EQ(net.capacity(Derivs::None), 300);
  std::vector<float> x(300, 0.5f);
  const float *first = net.forward(x.data(), 100, Derivs::GradLap);
  EXPECT_EQ(net.forward(x.data(), 300, Derivs::None), first);
}
