#pragma once
// The finite-difference grid: a DMDA over the problem's box, boundary points included.
// The DM owns the parallel layout; everything else asks it.
#include <petscdmda.h>

#include <functional>

#include "fpsolve/problem/problem.hpp"

namespace fpsolve {

struct Grid {
  DM da = nullptr;
  int dim = 1;
  PetscInt n[3] = {1, 1, 1};   // points per axis, boundary included
  PetscReal h[3] = {0, 0, 0};  // spacing per axis
  Domain domain;
};

// Creates the DMDA (default 1001 points per axis; -da_grid_x/_y/_z via DMSetFromOptions),
// with uniform coordinates. Rejects grids too small for the rank count with kErrBadInput.
PetscErrorCode GridCreate(MPI_Comm comm, const Domain &domain, Grid *grid);
PetscErrorCode GridDestroy(Grid *grid);

// Owned points as a flat coordinate array (dim values per point), in global Vec order.
PetscErrorCode GridOwnedPoints(const Grid &grid, std::vector<double> *points);
// Fills v (a global Vec of grid.da) with f at each owned point.
PetscErrorCode GridFill(const Grid &grid, const std::function<double(const double *)> &f, Vec v);
// True for points on the domain boundary (index-based, exact).
bool GridIsBoundary(const Grid &grid, const PetscInt idx[3]);

}  // namespace fpsolve
