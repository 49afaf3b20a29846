#pragma once
// The discrete operator of stencil.hpp as PETSc objects: the assembled AIJ matrix (for the
// baseline KSP/PCs: CG, MG through the DMDA hierarchy, GAMG, hypre, LU), the matrix-free
// MATSHELL, and the right-hand side with the boundary values eliminated.
#include <petscksp.h>

#include "fpsolve/problem/grid.hpp"
#include "fpsolve/problem/problem.hpp"

namespace fpsolve {

// Assembles the operator on any DMDA of the hierarchy (PCMG calls it on coarse levels).
PetscErrorCode LaplacianAssemble(DM da, const Domain &domain, Mat A);
// A MATSHELL on grid.da with the same action (MatMult: one halo exchange and one stencil pass;
// laplacian_matrix_free.cpp), MatGetDiagonal and MatGetDM: classical Jacobi and the hybrid use
// it, so they never assemble. grid.da must outlive it.
PetscErrorCode LaplacianCreateMatrixFree(const Grid &grid, Mat *A);
// The right-hand side on the grid's DMDA; g_values (optional): problem.rhs already evaluated at
// every owned point (a Vec of grid.da), taken instead of evaluating it again.
PetscErrorCode LaplacianRhs(const Grid &grid, const Problem &problem, Vec b,
                            Vec g_values = nullptr);

}  // namespace fpsolve
