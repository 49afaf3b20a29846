// Each optimised kernel against its plain `_ref` twin, and the vectorised tanh against std::tanh.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "fpsolve/nn/counter_rng.hpp"
#include "fpsolve/nn/fast_math.hpp"
#include "fpsolve/nn/gemm.hpp"
#include "fpsolve/nn/layer_kernels.hpp"

using namespace fpsolve::nn;

namespace {

template <class T>
std::vector<T> random_vector(std::size_t n, std::uint64_t stream, double scale = 1.0) {
  std::vector<T> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = T(scale * (2 * counter_uniform(7, stream, i) - 1));
  return v;
}

template <class T>
double max_rel_diff(const std::vector<T> &a, const std::vector<T> &b) {
  double num = 0, den = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    num = std::max(num, std::fabs(double(a[i]) - double(b[i])));
    den = std::max(den, std::fabs(double(b[i])));
  }
  return num / (den > 0 ? den : 1);
}

template <class T>
double tolerance() {
  return sizeof(T) == 4 ? 2e-5 : 1e-13;
}

const Activation kActs[] = {Activation::Tanh, Activation::Sin, Activation::Relu};
const Derivs kModes[] = {Derivs::None, Derivs::Grad, Derivs::GradLap};

template <class T>
void check_kernels() {
  const int rows = 7, n = 300;  // n not a multiple of the lane count or the chunk
  for (int dim = 1; dim <= 3; ++dim)
    for (Activation act : kActs)
      for (Derivs m : kModes) {
        SCOPED_TRACE(testing::Message()
                     << "dim " << dim << " act " << int(act) << " mode " << int(m));
        const std::size_t cols = std::size_t(n) * num_segments(m, dim);
        const std::size_t nact = std::size_t(rows) * n * num_act_derivs(m);
        auto w = random_vector<T>(rows * dim, 1, 1.5), b = random_vector<T>(rows, 2);
        auto x = random_vector<T>(std::size_t(dim) * n, 3);
        auto z = random_vector<T>(rows * cols, 4, 2.0), g = random_vector<T>(rows * cols, 5);

        std::vector<T> h(rows * cols), h_ref(rows * cols), d(nact), d_ref(nact);
        kernels::first_forward(act, m, rows, n, dim, w.data(), b.data(), x.data(), h.data(),
                               d.data());
        kernels::first_forward_ref(act, m, rows, n, dim, w.data(), b.data(), x.data(), h_ref.data(),
                                   d_ref.data());
        EXPECT_LT(max_rel_diff(h, h_ref), tolerance<T>());
        EXPECT_LT(max_rel_diff(d, d_ref), tolerance<T>());

        std::vector<T> gw(rows * dim), gb(rows), gw_ref(rows * dim), gb_ref(rows);
        kernels::first_backward(m, rows, n, dim, w.data(), x.data(), d_ref.data(), g.data(),
                                gw.data(), gb.data());
        kernels::first_backward_ref(m, rows, n, dim, w.data(), x.data(), d_ref.data(), g.data(),
                                    gw_ref.data(), gb_ref.data());
        EXPECT_LT(max_rel_diff(gw, gw_ref), tolerance<T>());
        EXPECT_LT(max_rel_diff(gb, gb_ref), tolerance<T>());

        kernels::hidden_forward(act, m, rows, n, dim, b.data(), z.data(), h.data(), d.data());
        kernels::hidden_forward_ref(act, m, rows, n, dim, b.data(), z.data(), h_ref.data(),
                                    d_ref.data());
        EXPECT_LT(max_rel_diff(h, h_ref), tolerance<T>());
        EXPECT_LT(max_rel_diff(d, d_ref), tolerance<T>());

        auto g2 = g;
        kernels::hidden_backward(m, rows, n, dim, z.data(), d_ref.data(), g.data(), gb.data());
        kernels::hidden_backward_ref(m, rows, n, dim, z.data(), d_ref.data(), g2.data(),
                                     gb_ref.data());
        EXPECT_LT(max_rel_diff(g, g2), tolerance<T>());
        EXPECT_LT(max_rel_diff(gb, gb_ref), tolerance<T>());
      }
}

}  // namespace

TEST(LayerKernels, FloatMatchesReference) {
  check_kernels<float>();
}
TEST(LayerKernels, DoubleMatchesReference) {
  check_kernels<double>();
}

TEST(FastMath, TanhMatchesLibm) {
  double worst_d = 0, worst_f = 0;
  for (double z = -25; z <= 25; z += 1.37e-3) {
    const double r = std::tanh(z);
    if (r != 0) worst_d = std::max(worst_d, std::fabs(fastmath::tanh(z) - r) / std::fabs(r));
    const double rf = std::tanh(double(float(z)));
    if (rf != 0)
      worst_f = std::max(worst_f, std::fabs(fastmath::tanh(float(z)) - rf) / std::fabs(rf));
  }
  for (double z = 1e-300; z < 1; z *= 3.7)  // relative accuracy near 0 (expm1, not exp)
    worst_d = std::max(worst_d, std::fabs(fastmath::tanh(-z) + std::tanh(z)) / std::tanh(z));
  EXPECT_LT(worst_d, 8 * 2.2e-16);
  EXPECT_LT(worst_f, 8 * 1.2e-7);
  EXPECT_EQ(fastmath::tanh(1e6), 1.0);
  EXPECT_EQ(fastmath::tanh(-1e30f), -1.0f);
  EXPECT_TRUE(std::isnan(fastmath::tanh(std::nan(""))));
}

// sincos against libm: double to a few ulp of std::sin / std::cos (relative, also next to the
// zeros, where the reduction's accuracy shows), float to within one float ulp of the exact value.
TEST(FastMath, SinCosMatchesLibm) {
  double worst_d = 0, worst_f = 0;
  long differ_f = 0, count_f = 0;
  auto check = [&](double z) {
    double s, c;
    fastmath::sincos(z, s, c);
    worst_d = std::max(worst_d, std::fabs(s - std::sin(z)) / std::fabs(std::sin(z)));
    worst_d = std::max(worst_d, std::fabs(c - std::cos(z)) / std::fabs(std::cos(z)));
    const float zf = float(z);
    float sf, cf;
    fastmath::sincos(zf, sf, cf);
    const double se = std::sin(double(zf)), ce = std::cos(double(zf));
    worst_f = std::max(worst_f, std::fabs(sf - se) / std::fabs(se));
    worst_f = std::max(worst_f, std::fabs(cf - ce) / std::fabs(ce));
    differ_f += (sf != std::sin(zf)) + (cf != std::cos(zf));
    count_f += 2;
  };
  for (double z = -60; z <= 60; z += 7.3e-4) check(z);
  for (int i = 0; i < 20000; ++i)
    check(fastmath::kSinCosMaxArg * (2 * counter_uniform(3, 9, i) - 1));
  for (int k = -2000; k <= 2000; ++k) {  // next to the zeros and extrema: k pi/2 and neighbours
    const double z = k * 1.5707963267948966;
    check(z), check(std::nextafter(z, 1e9)), check(std::nextafter(z, -1e9));
  }
  for (double z = 1e-300; z < 1; z *= 3.7) check(z), check(-z);
  EXPECT_LT(worst_d, 4 * 2.2e-16);
  EXPECT_LT(worst_f, 1.2e-7);  // one rounding to float of a double result: <= 2^-24 + 2^-50
  if (std::getenv("FPSOLVE_TEST_VERBOSE"))
    std::printf(
        "sincos: worst double %.3g, worst float %.3g, float != libm's sinf/cosf in %ld of %ld\n",
        worst_d, worst_f, differ_f, count_f);
  double s, c;
  fastmath::sincos(std::nan(""), s, c);
  EXPECT_TRUE(std::isnan(s) && std::isnan(c));
  fastmath::sincos(-double(INFINITY), s, c);
  EXPECT_TRUE(std::isnan(s) && std::isnan(c));
}

// Pre-activations beyond sincos's range go through libm (the kernels' second pass).
TEST(LayerKernels, SinBeyondTheReductionRange) {
  const int rows = 2, n = 19, dim = 1;
  const Derivs m = Derivs::GradLap;
  const std::size_t cols = std::size_t(n) * num_segments(m, dim);
  auto z = random_vector<double>(rows * cols, 4, 2.0);
  z[3] = 3e5, z[7] = -1e30, z[cols + 11] = 123456.75;
  const std::vector<double> b = {0.25, -0.5};
  std::vector<double> h(rows * cols), h_ref(rows * cols), d(rows * n * 3), d_ref(rows * n * 3);
  kernels::hidden_forward(Activation::Sin, m, rows, n, dim, b.data(), z.data(), h.data(), d.data());
  kernels::hidden_forward_ref(Activation::Sin, m, rows, n, dim, b.data(), z.data(), h_ref.data(),
                              d_ref.data());
  EXPECT_LT(max_rel_diff(h, h_ref), 1e-14);
  EXPECT_LT(max_rel_diff(d, d_ref), 1e-14);
  EXPECT_EQ(h[3], std::sin(3e5 + 0.25));
  EXPECT_EQ(d[7], std::cos(-1e30 + 0.25));
}

TEST(Gemm, MatchesReference) {
  // {m, n, k}: BLAS shapes (among them one row of C, m = 1: a scalar output layer's forward and
  // weight gradient) and outer products (k = 1: its dL/dh, plain loop).
  const int shapes[][3] = {{13, 17, 9}, {1, 300, 9}, {1, 17, 300}, {13, 300, 1}, {1, 5, 1}};
  for (const auto &s : shapes)
    for (int ta = 0; ta < 2; ++ta)
      for (int tb = 0; tb < 2; ++tb)
        for (double beta : {0.0, 0.5}) {
          const int m = s[0], n = s[1], k = s[2];
          SCOPED_TRACE(testing::Message() << m << "x" << n << "x" << k << " ta " << ta << " tb "
                                          << tb << " beta " << beta);
          // Leading dimensions larger than the matrices: strides are honoured.
          const int lda = (ta ? m : k) + 2, ldb = (tb ? k : n) + 3, ldc = n + 1;
          auto a = random_vector<double>(std::size_t(ta ? k : m) * lda, 10);
          auto b = random_vector<double>(std::size_t(tb ? n : k) * ldb, 11);
          auto c = random_vector<double>(std::size_t(m) * ldc, 12), c_ref = c;
          if (beta == 0) c[0] = std::nan("");  // beta = 0 must not read C
          gemm<double>(ta, tb, m, n, k, 1.5, a.data(), lda, b.data(), ldb, beta, c.data(), ldc);
          gemm_ref<double>(ta, tb, m, n, k, 1.5, a.data(), lda, b.data(), ldb, beta, c_ref.data(),
                           ldc);
          EXPECT_LT(max_rel_diff(c, c_ref), 1e-14);
          std::vector<float> af(a.begin(), a.end()), bf(b.begin(), b.end()), cf(c_ref.size());
          std::vector<float> cf_ref(cf.size());
          gemm<float>(ta, tb, m, n, k, 1.5f, af.data(), lda, bf.data(), ldb, 0.f, cf.data(), ldc);
          gemm_ref<float>(ta, tb, m, n, k, 1.5f, af.data(), lda, bf.data(), ldb, 0.f, cf_ref.data(),
                          ldc);
          EXPECT_LT(max_rel_diff(cf, cf_ref), 1e-5);
        }
}
