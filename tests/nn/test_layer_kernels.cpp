// Each optimised kernel against its plain `_ref` twin, and the vectorised tanh against std::tanh.
#include <gtest/gtest.h>

#include <cmath>
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

TEST(Gemm, MatchesReference) {
  for (int ta = 0; ta < 2; ++ta)
    for (int tb = 0; tb < 2; ++tb) {
      const int m = 13, n = 17, k = 9;
      auto a = random_vector<double>(m * k, 10), b = random_vector<double>(k * n, 11);
      auto c = random_vector<double>(m * n, 12), c_ref = c;
      const int lda = ta ? m : k, ldb = tb ? k : n;
      gemm<double>(ta, tb, m, n, k, 1.5, a.data(), lda, b.data(), ldb, 0.5, c.data(), n);
      gemm_ref<double>(ta, tb, m, n, k, 1.5, a.data(), lda, b.data(), ldb, 0.5, c_ref.data(), n);
      EXPECT_LT(max_rel_diff(c, c_ref), 1e-14);
    }
}
