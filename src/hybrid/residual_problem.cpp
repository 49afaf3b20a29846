#include "fpsolve/hybrid/residual_problem.hpp"

#include <algorithm>
#include <cmath>

namespace fpsolve::hybrid {

ResidualProblem::ResidualProblem(const Grid &grid)
    : lo_(grid.domain.lo[0]), h_(grid.h[0]), values_(grid.n[0], 0.0) {
  domain_ = grid.domain;
}

PetscErrorCode ResidualProblem::Set(Vec r, double scale) {
  VecScatter to_all;
  Vec all;
  const PetscScalar *a;
  PetscFunctionBeginUser;
  PetscCall(VecScatterCreateToAll(r, &to_all, &all));
  PetscCall(VecScatterBegin(to_all, r, all, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecScatterEnd(to_all, r, all, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecGetArrayRead(all, &a));
  const size_t n = values_.size();
  for (size_t i = 0; i < n; ++i) values_[i] = scale * a[i];
  PetscCall(VecRestoreArrayRead(all, &a));
  if (n >= 3) values_[0] = values_[1], values_[n - 1] = values_[n - 2];
  PetscCall(VecScatterDestroy(&to_all));
  PetscCall(VecDestroy(&all));
  PetscFunctionReturn(0);
}

double ResidualProblem::rhs(const double *x) const {
  const double t = (x[0] - lo_) / h_;
  const long last = (long)values_.size() - 1;
  const long i = std::clamp((long)std::floor(t), 0L, last - 1);
  const double w = std::clamp(t - (double)i, 0.0, 1.0);
  return (1 - w) * values_[i] + w * values_[i + 1];
}

}  // namespace fpsolve::hybrid
