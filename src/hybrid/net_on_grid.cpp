#include "fpsolve/hybrid/net_on_grid.hpp"

#include "fpsolve/base/error.hpp"

namespace fpsolve::hybrid {

PetscErrorCode NetOnGrid::Create(const Grid &grid, NetOnGrid *out) {
  PetscFunctionBeginUser;
  out->grid_ = &grid;
  PetscCall(GridOwnedPoints(grid, &out->points_));
  out->values_.resize(out->points_.size() / grid.dim);
  PetscFunctionReturn(0);
}

PetscErrorCode NetOnGrid::Evaluate(train::Trainer &trainer, Vec u) {
  PetscScalar *a;
  PetscInt n;
  PetscFunctionBeginUser;
  PetscCall(VecGetLocalSize(u, &n));
  PetscCheck(n == (PetscInt)values_.size(), PETSC_COMM_SELF, PETSC_ERR_ARG_SIZ,
             "vector does not match the grid");
  FpCallCXX(PETSC_COMM_SELF, trainer.evaluate(points_.data(), (int)n, values_.data()));
  PetscCall(VecGetArray(u, &a));
  for (PetscInt i = 0; i < n; ++i) a[i] = values_[i];
  PetscCall(VecRestoreArray(u, &a));
  PetscFunctionReturn(0);
}

PetscErrorCode ImposeBoundaryValues(const Grid &grid, const Problem &problem, Vec u) {
  PetscScalar *a;
  PetscFunctionBeginUser;
  PetscCall(VecGetArray(u, &a));
  PetscCall(GridForEachOwned(grid, [&](PetscInt k, const PetscInt *, const double *x, bool bnd) {
    if (bnd) a[k] = problem.boundary(x);
  }));
  PetscCall(VecRestoreArray(u, &a));
  PetscFunctionReturn(0);
}

}  // namespace fpsolve::hybrid
