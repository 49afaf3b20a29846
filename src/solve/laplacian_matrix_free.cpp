// The operator of stencil.hpp without a matrix: a MATSHELL whose MatMult is one halo exchange
// (DMGlobalToLocal) and one pass of the stencil. Classical Jacobi and the hybrid use it for
// residuals, so they never assemble (an AIJ 7-point matrix costs ~100 bytes a point).
#include <petscdmda.h>

#include "fpsolve/solve/fused_jacobi_nd_kernel.hpp"
#include "fpsolve/solve/laplacian.hpp"
#include "fpsolve/solve/stencil.hpp"

namespace fpsolve {
namespace {

struct ShellContext {
  DM da = nullptr;
  Stencil stencil;
  fused::Box box;
};

// y = A u: boundary rows D u_p; interior rows D u_p - sum_d (u_{p-e_d} + u_{p+e_d}) / h_d^2
// over the neighbours that are not boundary points (those are eliminated into b).
PetscErrorCode Mult(Mat A, Vec u, Vec y) {
  ShellContext *c;
  Vec local;
  const PetscScalar *ul;
  PetscScalar *yy;
  PetscFunctionBeginUser;
  PetscCall(MatShellGetContext(A, &c));
  PetscCall(DMGetLocalVector(c->da, &local));
  PetscCall(DMGlobalToLocalBegin(c->da, u, INSERT_VALUES, local));
  PetscCall(DMGlobalToLocalEnd(c->da, u, INSERT_VALUES, local));
  PetscCall(VecGetArrayRead(local, &ul));
  PetscCall(VecGetArrayWrite(y, &yy));
  const fused::Box &B = c->box;
  const Stencil &st = c->stencil;
  const PetscInt stride[3] = {1, B.sy(), B.sz()};
  for (PetscInt k = B.s[2]; k < B.s[2] + B.m[2]; ++k)
    for (PetscInt j = B.s[1]; j < B.s[1] + B.m[1]; ++j)
      for (PetscInt i = B.s[0]; i < B.s[0] + B.m[0]; ++i) {
        const PetscInt q = B.G(i, j, k), idx[3] = {i, j, k};
        double v = st.diagonal * ul[q];
        if (B.Interior(i, j, k))
          for (int d = 0; d < st.dim; ++d) {
            if (idx[d] - 1 != 0) v -= st.inv_h2[d] * ul[q - stride[d]];
            if (idx[d] + 1 != st.n[d] - 1) v -= st.inv_h2[d] * ul[q + stride[d]];
          }
        yy[B.O(i, j, k)] = v;
      }
  PetscCall(VecRestoreArrayWrite(y, &yy));
  PetscCall(VecRestoreArrayRead(local, &ul));
  PetscCall(DMRestoreLocalVector(c->da, &local));
  PetscCall(PetscLogFlops(2.0 * (2 * st.dim + 1) * B.m[0] * B.m[1] * B.m[2]));
  PetscFunctionReturn(0);
}

PetscErrorCode GetDiagonal(Mat A, Vec d) {
  ShellContext *c;
  PetscFunctionBeginUser;
  PetscCall(MatShellGetContext(A, &c));
  PetscCall(VecSet(d, c->stencil.diagonal));
  PetscFunctionReturn(0);
}

PetscErrorCode Destroy(Mat A) {
  ShellContext *c;
  PetscFunctionBeginUser;
  PetscCall(MatShellGetContext(A, &c));
  delete c;
  PetscFunctionReturn(0);
}

}  // namespace

PetscErrorCode LaplacianCreateMatrixFree(const Grid &grid, Mat *A) {
  PetscFunctionBeginUser;
  auto *c = new ShellContext;
  c->da = grid.da;
  c->stencil = Stencil::FromGrid(grid);
  fused::Box &B = c->box;
  B.dim = grid.dim;
  for (int d = 0; d < 3; ++d) B.n[d] = grid.n[d];
  PetscCall(DMDAGetCorners(grid.da, &B.s[0], &B.s[1], &B.s[2], &B.m[0], &B.m[1], &B.m[2]));
  PetscCall(
      DMDAGetGhostCorners(grid.da, &B.gs[0], &B.gs[1], &B.gs[2], &B.gm[0], &B.gm[1], &B.gm[2]));
  B.SetInterior();
  // Sizes from the box, not from a pooled DM vector (it would stay allocated: 8 B a point).
  const PetscInt local = B.m[0] * B.m[1] * B.m[2], global = grid.n[0] * grid.n[1] * grid.n[2];
  PetscCall(
      MatCreateShell(PetscObjectComm((PetscObject)grid.da), local, local, global, global, c, A));
  PetscCall(MatShellSetOperation(*A, MATOP_MULT, (void (*)(void))Mult));
  PetscCall(MatShellSetOperation(*A, MATOP_MULT_TRANSPOSE, (void (*)(void))Mult));  // symmetric
  PetscCall(MatShellSetOperation(*A, MATOP_GET_DIAGONAL, (void (*)(void))GetDiagonal));
  PetscCall(MatShellSetOperation(*A, MATOP_DESTROY, (void (*)(void))Destroy));
  PetscCall(MatSetDM(*A, grid.da));
  PetscCall(MatSetOption(*A, MAT_SYMMETRIC, PETSC_TRUE));
  PetscFunctionReturn(0);
}

}  // namespace fpsolve
