#include "fpsolve/solve/laplacian.hpp"

#include <vector>

#include "fpsolve/base/error.hpp"
#include "fpsolve/solve/stencil.hpp"

namespace fpsolve {

PetscErrorCode Stencil::FromDM(DM da, const Domain &domain, Stencil *s) {
  PetscInt dim, n[3];
  PetscFunctionBeginUser;
  PetscCall(DMDAGetInfo(da, &dim, &n[0], &n[1], &n[2], nullptr, nullptr, nullptr, nullptr, nullptr,
                        nullptr, nullptr, nullptr, nullptr));
  PetscReal h[3] = {0, 0, 0};
  for (PetscInt d = 0; d < dim; ++d) h[d] = (domain.hi[d] - domain.lo[d]) / (PetscReal)(n[d] - 1);
  *s = Stencil::Make((int)dim, n, h);
  PetscFunctionReturn(0);
}

namespace {

// Calls f(row, idx) for every owned point of da (x fastest, as GridForEachOwned).
template <class F>
PetscErrorCode ForEachOwnedIndex(DM da, F &&f) {
  PetscInt s[3], m[3];
  PetscFunctionBeginUser;
  PetscCall(DMDAGetCorners(da, &s[0], &s[1], &s[2], &m[0], &m[1], &m[2]));
  PetscInt idx[3], row = 0;
  for (idx[2] = s[2]; idx[2] < s[2] + m[2]; ++idx[2])
    for (idx[1] = s[1]; idx[1] < s[1] + m[1]; ++idx[1])
      for (idx[0] = s[0]; idx[0] < s[0] + m[0]; ++idx[0]) PetscCall(f(row++, idx));
  PetscFunctionReturn(0);
}

bool OnBoundary(const Stencil &st, const PetscInt idx[3]) {
  for (int d = 0; d < st.dim; ++d)
    if (idx[d] == 0 || idx[d] == st.n[d] - 1) return true;
  return false;
}

}  // namespace

PetscErrorCode LaplacianAssemble(DM da, const Domain &domain, Mat A) {
  Stencil st;
  PetscFunctionBeginUser;
  PetscCall(Stencil::FromDM(da, domain, &st));
  PetscCall(ForEachOwnedIndex(da, [&](PetscInt, const PetscInt *idx) -> PetscErrorCode {
    MatStencil row{}, cols[7]{};
    PetscScalar vals[7];
    PetscInt nc = 0;
    PetscFunctionBeginUser;
    row.i = idx[0], row.j = idx[1], row.k = idx[2];
    cols[nc] = row;
    vals[nc++] = st.diagonal;
    if (!OnBoundary(st, idx)) {
      // Neighbours that are boundary points are eliminated (their values go to the rhs).
      for (int d = 0; d < st.dim; ++d) {
        for (int side : {-1, 1}) {
          const PetscInt j = idx[d] + side;
          if (j == 0 || j == st.n[d] - 1) continue;
          cols[nc] = row;
          (d == 0 ? cols[nc].i : d == 1 ? cols[nc].j : cols[nc].k) = j;
          vals[nc++] = -st.inv_h2[d];
        }
      }
    }
    PetscCall(MatSetValuesStencil(A, 1, &row, nc, cols, vals, INSERT_VALUES));
    PetscFunctionReturn(0);
  }));
  PetscCall(MatAssemblyBegin(A, MAT_FINAL_ASSEMBLY));
  PetscCall(MatAssemblyEnd(A, MAT_FINAL_ASSEMBLY));
  PetscFunctionReturn(0);
}

PetscErrorCode LaplacianRhs(const Grid &grid, const Problem &problem, Vec b, Vec g_values) {
  PetscScalar *a;
  const PetscScalar *g = nullptr;
  const Stencil st = Stencil::FromGrid(grid);
  PetscFunctionBeginUser;
  PetscCall(VecGetArray(b, &a));
  if (g_values) PetscCall(VecGetArrayRead(g_values, &g));
  FpCallCXX(PETSC_COMM_SELF,
            PetscCall(GridForEachOwned(
                grid, [&](PetscInt k, const PetscInt *idx, const double *x, bool on_boundary) {
                  if (on_boundary) {
                    a[k] = st.diagonal * problem.boundary(x);
                    return;
                  }
                  a[k] = g ? g[k] : problem.rhs(x);
                  // Eliminated boundary neighbours: their known values move to the rhs.
                  for (int d = 0; d < grid.dim; ++d) {
                    for (PetscInt j : {idx[d] - 1, idx[d] + 1}) {
                      if (j != 0 && j != grid.n[d] - 1) continue;
                      double y[3] = {x[0], x[1], x[2]};
                      y[d] = GridCoordinate(grid, d, j);
                      a[k] += st.inv_h2[d] * problem.boundary(y);
                    }
                  }
                })));
  if (g_values) PetscCall(VecRestoreArrayRead(g_values, &g));
  PetscCall(VecRestoreArray(b, &a));
  PetscFunctionReturn(0);
}

}  // namespace fpsolve
