#include "fpsolve/solve/laplacian.hpp"

#include <vector>

#include "fpsolve/base/error.hpp"

namespace fpsolve {

PetscErrorCode LaplacianAssemble(DM da, const Domain &domain, Mat A) {
  PetscInt mx, xs, xm;
  PetscFunctionBeginUser;
  PetscCall(DMDAGetInfo(da, nullptr, &mx, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr,
                        nullptr, nullptr, nullptr, nullptr, nullptr));
  PetscCall(DMDAGetCorners(da, &xs, nullptr, nullptr, &xm, nullptr, nullptr));
  const PetscReal h = (domain.hi[0] - domain.lo[0]) / (PetscReal)(mx - 1);
  const PetscReal diag = 2.0 / (h * h), off = -1.0 / (h * h);
  for (PetscInt i = xs; i < xs + xm; ++i) {
    MatStencil row{}, cols[3]{};
    PetscScalar vals[3];
    PetscInt nc = 0;
    row.i = i;
    cols[nc].i = i;
    vals[nc++] = diag;
    if (i != 0 && i != mx - 1) {
      // Neighbours that are boundary points are eliminated (their values go to the rhs).
      if (i - 1 != 0) cols[nc].i = i - 1, vals[nc++] = off;
      if (i + 1 != mx - 1) cols[nc].i = i + 1, vals[nc++] = off;
    }
    PetscCall(MatSetValuesStencil(A, 1, &row, nc, cols, vals, INSERT_VALUES));
  }
  PetscCall(MatAssemblyBegin(A, MAT_FINAL_ASSEMBLY));
  PetscCall(MatAssemblyEnd(A, MAT_FINAL_ASSEMBLY));
  PetscFunctionReturn(0);
}

PetscErrorCode LaplacianRhs(const Grid &grid, const Problem &problem, Vec b) {
  PetscInt xs, xm;
  PetscScalar *a;
  const PetscInt mx = grid.n[0];
  const PetscReal h = grid.h[0], diag = 2.0 / (h * h);
  PetscFunctionBeginUser;
  PetscCall(GridFill(
      grid, [&](const double *x) { return problem.rhs(x); }, b));
  const double ua = problem.boundary(&grid.domain.lo[0]);
  const double ub = problem.boundary(&grid.domain.hi[0]);
  PetscCall(DMDAGetCorners(grid.da, &xs, nullptr, nullptr, &xm, nullptr, nullptr));
  PetscCall(VecGetArray(b, &a));
  for (PetscInt i = xs; i < xs + xm; ++i) {
    if (i == 0) a[i - xs] = diag * ua;
    if (i == mx - 1) a[i - xs] = diag * ub;
    if (i == 1 && mx > 2) a[i - xs] += ua / (h * h);
    if (i == mx - 2 && mx > 2) a[i - xs] += ub / (h * h);
  }
  PetscCall(VecRestoreArray(b, &a));
  PetscFunctionReturn(0);
}

}  // namespace fpsolve
