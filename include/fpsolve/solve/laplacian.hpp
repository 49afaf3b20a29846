#pragma once
// The discrete operator: second-order finite differences for -Lap u = g with Dirichlet data.
//
// Interior rows: (2u_i - u_{i-1} - u_{i+1}) / h^2 = g_i, with known boundary values moved to the
// right-hand side (so the matrix is symmetric and CG/MG apply). Boundary rows: d*u_i = d*u_b with
// d = 2/h^2, the interior diagonal, so Jacobi (D^{-1}) with Richardson scale 1 is exactly the
// classical sweep u_i <- (u_{i-1} + u_{i+1} + h^2 g_i)/2 and the boundary rows are exact at once.
#include <petscksp.h>

#include "fpsolve/problem/grid.hpp"
#include "fpsolve/problem/problem.hpp"

namespace fpsolve {

// Assembles the operator on any DMDA of the hierarchy (PCMG calls it on coarse levels).
PetscErrorCode LaplacianAssemble(DM da, const Domain &domain, Mat A);
// The right-hand side on the grid's DMDA.
PetscErrorCode LaplacianRhs(const Grid &grid, const Problem &problem, Vec b);

}  // namespace fpsolve
