#pragma once
// The finite-difference grid: a DMDA over the problem's box (1D, 2D or 3D), boundary points
// included. The grid owns geometry (n, h, the box) and the parallel layout (the DM); everything
// else asks it. Field Vecs are global Vecs of grid.da.
//
// Coordinates come from index arithmetic, x_i = lo + i h (the last point exactly hi), so they
// are identical on every rank count. The owned points of a rank are its DMDA box; in a global
// Vec they are stored x fastest, then y, then z (the order GridForEachOwned visits them).
#include <petscdmda.h>

#include <functional>
#include <vector>

#include "fpsolve/problem/problem.hpp"

namespace fpsolve {

struct Grid {
  DM da = nullptr;             // DMDA, dof 1, star stencil of width 1, no periodicity
  int dim = 1;                 // 1, 2 or 3
  PetscInt n[3] = {1, 1, 1};   // points per axis, boundary included (1 on unused axes)
  PetscReal h[3] = {0, 0, 0};  // spacing per axis (0 on unused axes)
  Domain domain;               // the box: domain.lo[d], domain.hi[d] for d < dim
};

// The box of grid points this rank owns: start[d] .. start[d] + count[d] - 1 per axis
// (start 0, count 1 on unused axes).
struct GridBox {
  PetscInt start[3] = {0, 0, 0}, count[3] = {1, 1, 1};
  PetscInt size() const { return count[0] * count[1] * count[2]; }
};

// Creates the DMDA of domain.dim dimensions. Points per axis: -da_grid_x (default 1001 in 1D
// and 2D, 129 in 3D); -da_grid_y and -da_grid_z default to -da_grid_x's value. Process grid:
// -da_processors_x/_y/_z (PETSc's split by default). Input errors (kErrBadInput, one line):
// fewer than 3 points on an axis, -da_grid_y/_z or -da_processors_y/_z for an axis the
// dimension does not have, a grid too small for its process grid.
PetscErrorCode GridCreate(MPI_Comm comm, const Domain &domain, Grid *grid);
PetscErrorCode GridDestroy(Grid *grid);

// This rank's owned box.
PetscErrorCode GridOwnedBox(const Grid &grid, GridBox *box);
// Coordinate of index i on axis d (exactly hi at the last point).
inline double GridCoordinate(const Grid &grid, int d, PetscInt i) {
  return i == grid.n[d] - 1 ? grid.domain.hi[d] : grid.domain.lo[d] + i * grid.h[d];
}
// True for an index on the domain boundary along any axis.
inline bool GridOnBoundary(const Grid &grid, const PetscInt idx[3]) {
  for (int d = 0; d < grid.dim; ++d)
    if (idx[d] == 0 || idx[d] == grid.n[d] - 1) return true;
  return false;
}

// THE way to visit owned points: f(PetscInt local, const PetscInt idx[3], const double x[3],
// bool on_boundary) for every owned point, local = its index in the global Vec's local array
// (x fastest). idx and x hold dim meaningful entries (the rest 0). Not collective.
template <class F>
PetscErrorCode GridForEachOwned(const Grid &grid, F &&f) {
  GridBox b;
  PetscFunctionBeginUser;
  PetscCall(GridOwnedBox(grid, &b));
  PetscInt local = 0, idx[3] = {0, 0, 0};
  double x[3] = {0, 0, 0};
  for (idx[2] = b.start[2]; idx[2] < b.start[2] + b.count[2]; ++idx[2]) {
    if (grid.dim > 2) x[2] = GridCoordinate(grid, 2, idx[2]);
    for (idx[1] = b.start[1]; idx[1] < b.start[1] + b.count[1]; ++idx[1]) {
      if (grid.dim > 1) x[1] = GridCoordinate(grid, 1, idx[1]);
      for (idx[0] = b.start[0]; idx[0] < b.start[0] + b.count[0]; ++idx[0]) {
        x[0] = GridCoordinate(grid, 0, idx[0]);
        f(local++, (const PetscInt *)idx, (const double *)x, GridOnBoundary(grid, idx));
      }
    }
  }
  PetscFunctionReturn(0);
}

// Owned points as a flat coordinate array (dim values per point), in the global Vec's local
// order.
PetscErrorCode GridOwnedPoints(const Grid &grid, std::vector<double> *points);
// Fills v (a global Vec of grid.da) with f at each owned point (f sees dim coordinates).
PetscErrorCode GridFill(const Grid &grid, const std::function<double(const double *)> &f, Vec v);

}  // namespace fpsolve
