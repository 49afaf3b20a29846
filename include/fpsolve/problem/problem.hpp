#pragma once
// The boundary value problem -Lap u = g on a box, u = u_b on its boundary.
// Knows nothing of grids, nets or solvers: just pointwise data in physical coordinates.
#include <array>
#include <functional>
#include <memory>
#include <string>

namespace fpsolve {

struct Domain {
  int dim = 1;
  std::array<double, 3> lo{-1, -1, -1}, hi{1, 1, 1};  // entries d < dim are the box
  double measure() const {
    double m = 1;
    for (int d = 0; d < dim; ++d) m *= hi[d] - lo[d];
    return m;
  }
};

class Problem {
 public:
  virtual ~Problem() = default;
  const Domain &domain() const { return domain_; }
  int dim() const { return domain_.dim; }
  // x points to dim() coordinates.
  virtual double rhs(const double *x) const = 0;
  // rhs at n points (x: n x dim(), point-major) into g: the trainer's per-step call. Same values
  // as rhs() point by point (the default); a problem whose rhs reads a large table (the cycle's
  // residual grid) overrides it to overlap the memory reads of many points.
  virtual void rhs_batch(const double *x, long n, double *g) const {
    for (long i = 0; i < n; ++i) g[i] = rhs(x + i * dim());
  }
  virtual double boundary(const double *x) const = 0;
  virtual bool has_exact() const = 0;
  virtual double exact(const double *x) const = 0;  // only if has_exact()
  virtual std::string describe() const = 0;

 protected:
  Domain domain_;
};

// The paper's problem (arXiv 1901.06523): g = sin x + 4 sin 4x - 8 sin 8x + 16 sin 24x on (-1,1);
// in 2D/3D the tensor product u = u1(x)u1(y)[u1(z)] on (-1,1)^dim with its exact -Lap u
// (seed_problem.cpp, docs/problems.md).
std::unique_ptr<Problem> make_seed_problem(int dim = 1);

struct ExprProblemSpec {
  Domain domain;
  std::string rhs, exact, bc;  // exact, bc may be empty; bc defaults to exact, else 0
};
// Throws InputError("-problem_rhs: <muParser message> at position N") on a malformed expression.
std::unique_ptr<Problem> make_expr_problem(const ExprProblemSpec &spec);

// One muParser expression as a function of the point (x, y, z by dim). Throws InputError
// naming option on a malformed expression.
std::function<double(const double *)> make_expression(const std::string &option,
                                                      const std::string &text, int dim);

}  // namespace fpsolve
