// The paper's reference problem (Xu et al., arXiv 1901.06523):
//   -u'' = g on (-1,1), u(-1) = u(1) = 0, g = sin x + 4 sin 4x - 8 sin 8x + 16 sin 24x,
//   exact u = g0 + c1 x + c0 with g0 = sin x + sin(4x)/4 - sin(8x)/8 + sin(24x)/36.
#include <cmath>

#include "fpsolve/problem/problem.hpp"

namespace fpsolve {
namespace {

double g0(double x) {
  return std::sin(x) + std::sin(4 * x) / 4 - std::sin(8 * x) / 8 + std::sin(24 * x) / 36;
}

class SeedProblem final : public Problem {
 public:
  SeedProblem() {
    domain_.dim = 1;
    domain_.lo = {-1, 0, 0};
    domain_.hi = {1, 0, 0};
    c1_ = (g0(-1) - g0(1)) / 2;
    c0_ = -(g0(-1) + g0(1)) / 2;
  }
  double rhs(const double *x) const override {
    const double t = x[0];
    return std::sin(t) + 4 * std::sin(4 * t) - 8 * std::sin(8 * t) + 16 * std::sin(24 * t);
  }
  double boundary(const double *) const override { return 0.0; }
  bool has_exact() const override { return true; }
  double exact(const double *x) const override { return g0(x[0]) + c1_ * x[0] + c0_; }
  std::string describe() const override {
    return "seed: -u''=sin x+4sin4x-8sin8x+16sin24x on (-1,1), u(+-1)=0";
  }

 private:
  double c1_, c0_;
};

}  // namespace

std::unique_ptr<Problem> make_seed_problem() {
  return std::make_unique<SeedProblem>();
}

}  // namespace fpsolve
