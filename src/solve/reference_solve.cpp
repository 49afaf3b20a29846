#include "fpsolve/solve/reference_solve.hpp"

#include <petscksp.h>

#include "fpsolve/solve/laplacian.hpp"
#include "fpsolve/solve/stencil.hpp"
#include "fpsolve/spectral/dst_solve.hpp"

namespace fpsolve {

PetscErrorCode SolveDiscreteReference(const Grid &grid, Vec b, Vec u) {
  KSP ksp;
  PC pc;
  Mat A;
  PetscMPIInt size;
  MPI_Comm comm;
  PetscFunctionBeginUser;
  PetscCall(PetscObjectGetComm((PetscObject)grid.da, &comm));
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(DMCreateMatrix(grid.da, &A));
  PetscCall(LaplacianAssemble(grid.da, grid.domain, A));
  PetscCall(KSPCreate(comm, &ksp));
  PetscCall(KSPSetOptionsPrefix(ksp, "spectrum_ref_"));
  PetscCall(KSPSetOperators(ksp, A, A));
  PetscCall(KSPSetType(ksp, KSPPREONLY));
  PetscCall(KSPGetPC(ksp, &pc));
  PetscCall(PCSetType(pc, PCLU));
  if (size > 1) PetscCall(PCFactorSetMatSolverType(pc, MATSOLVERMUMPS));
  PetscCall(KSPSetFromOptions(ksp));
  PetscCall(KSPSolve(ksp, b, u));
  PetscCall(KSPDestroy(&ksp));
  PetscCall(MatDestroy(&A));
  PetscFunctionReturn(0);
}

PetscErrorCode SolveDiscreteReferenceByDst(const Grid &grid, spectral::DstNd &dst, Vec b, Vec u) {
  const Stencil st = Stencil::FromGrid(grid);
  Vec coeffs;
  PetscScalar *ua;
  const PetscScalar *ba;
  PetscFunctionBeginUser;
  PetscCall(VecGetArray(u, &ua));
  PetscCall(VecGetArrayRead(b, &ba));
  PetscCall(GridForEachOwned(grid, [&](PetscInt k, const PetscInt *, const double *, bool bnd) {
    if (bnd) ua[k] = ba[k] * st.inv_diagonal;
  }));
  PetscCall(VecRestoreArrayRead(b, &ba));
  PetscCall(VecRestoreArray(u, &ua));
  PetscCall(dst.CreateCoeffVec(&coeffs));
  const EigenvalueTable eigenvalue(st);
  PetscCall(spectral::DstSolve(
      dst, [&](const spectral::Mode &k) { return eigenvalue(k.data()); }, b, coeffs, u));
  PetscCall(VecDestroy(&coeffs));
  PetscFunctionReturn(0);
}

}  // namespace fpsolve
