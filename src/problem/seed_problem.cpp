// The paper's reference problem (Xu et al., arXiv 1901.06523), in 1D:
//   -u'' = g on (-1,1), u(-1) = u(1) = 0, g = sin x + 4 sin 4x - 8 sin 8x + 16 sin 24x,
//   exact u1 = g0 + c1 x + c0 with g0 = sin x + sin(4x)/4 - sin(8x)/8 + sin(24x)/36.
// In 2D/3D the tensor product on (-1,1)^dim: u = u1(x) u1(y) [u1(z)], so
//   -Lap u = g(x) u1(y) + u1(x) g(y)   (3D: g(x)u1(y)u1(z) + u1(x)g(y)u1(z) + u1(x)u1(y)g(z)),
// the paper's frequencies along every axis; u = 0 on the whole boundary (docs/problems.md).
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "fpsolve/problem/problem.hpp"

namespace fpsolve {
namespace {

double g0(double x) {
  return std::sin(x) + std::sin(4 * x) / 4 - std::sin(8 * x) / 8 + std::sin(24 * x) / 36;
}

double g(double t) {
  return std::sin(t) + 4 * std::sin(4 * t) - 8 * std::sin(8 * t) + 16 * std::sin(24 * t);
}

class SeedProblem final : public Problem {
 public:
  explicit SeedProblem(int dim) {
    domain_.dim = dim;
    domain_.lo = {-1, -1, -1};
    domain_.hi = {1, 1, 1};
    c1_ = (g0(-1) - g0(1)) / 2;
    c0_ = -(g0(-1) + g0(1)) / 2;
  }
  double rhs(const double *x) const override {
    double sum = 0;
    for (int d = 0; d < dim(); ++d) {
      double term = at(x[d]).g;
      for (int e = 0; e < dim(); ++e)
        if (e != d) term *= at(x[e]).u1;
      sum += term;
    }
    return sum;
  }
  double boundary(const double *) const override { return 0.0; }
  bool has_exact() const override { return true; }
  double exact(const double *x) const override {
    double u = 1;
    for (int d = 0; d < dim(); ++d) u *= at(x[d]).u1;
    return u;
  }
  std::string describe() const override {
    if (dim() == 1) return "seed: -u''=sin x+4sin4x-8sin8x+16sin24x on (-1,1), u(+-1)=0";
    return "seed " + std::to_string(dim()) + "D: u = u1(x)u1(y)" + (dim() == 3 ? "u1(z)" : "") +
           " (u1 the 1D seed solution) on (-1,1)^" + std::to_string(dim()) +
           ", u = 0 on the boundary";
  }

 private:
  double u1(double t) const { return g0(t) + c1_ * t + c0_; }
  // g and u1 of a coordinate, memoised (direct-mapped on the coordinate's bits): on a grid each
  // coordinate value recurs along the other axes (513 values per axis for 263169 points of a
  // 513^2 grid) and costs 4 sines a function; the values are the functions' own, bit for bit.
  // Not thread-safe (nothing evaluates a problem from several threads).
  struct AxisValues {
    double t, g, u1;
  };
  const AxisValues &at(double t) const {
    std::uint64_t bits;
    std::memcpy(&bits, &t, sizeof bits);
    AxisValues &m = memo_[((bits ^ (bits >> 32)) * 0x9E3779B97F4A7C15ull) >> (64 - kMemoBits)];
    if (!(m.t == t)) m = {t, g(t), u1(t)};  // NaN never matches: recomputed
    return m;
  }
  static constexpr int kMemoBits = 11;
  mutable std::vector<AxisValues> memo_ =
      std::vector<AxisValues>(1u << kMemoBits, {std::numeric_limits<double>::quiet_NaN(), 0, 0});
  double c1_, c0_;
};

}  // namespace

std::unique_ptr<Problem> make_seed_problem(int dim) {
  return std::make_unique<SeedProblem>(dim);
}

}  // namespace fpsolve
