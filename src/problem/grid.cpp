#include "fpsolve/problem/grid.hpp"

#include <vector>

#include "fpsolve/base/error.hpp"

namespace fpsolve {

PetscErrorCode GridCreate(MPI_Comm comm, const Domain &domain, Grid *grid) {
  PetscMPIInt size;
  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCheck(domain.dim == 1, comm, kErrBadInput,
             "dimension %d: only 1D grids are implemented so far", domain.dim);
  grid->dim = domain.dim;
  grid->domain = domain;
  // Read the size first so a too-small grid is a clean input error, not a DMDA failure.
  PetscInt nx = 1001;
  PetscBool set;
  PetscCall(PetscOptionsGetInt(nullptr, nullptr, "-da_grid_x", &nx, &set));
  PetscCheck(nx >= 3, comm, kErrBadInput, "-da_grid_x %" PetscInt_FMT ": need at least 3 points",
             nx);
  PetscCheck(nx >= size, comm, kErrBadInput,
             "-da_grid_x %" PetscInt_FMT " is too small for %d MPI ranks (need >= 1 point a rank)",
             nx, size);
  PetscCall(DMDACreate1d(comm, DM_BOUNDARY_NONE, 1001, 1, 1, nullptr, &grid->da));
  PetscCall(DMSetFromOptions(grid->da));
  PetscCall(DMSetUp(grid->da));
  PetscCall(DMDASetUniformCoordinates(grid->da, domain.lo[0], domain.hi[0], 0, 0, 0, 0));
  PetscCall(DMDAGetInfo(grid->da, nullptr, &grid->n[0], &grid->n[1], &grid->n[2], nullptr, nullptr,
                        nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr));
  for (int d = 0; d < grid->dim; ++d)
    grid->h[d] = (domain.hi[d] - domain.lo[d]) / (PetscReal)(grid->n[d] - 1);
  PetscFunctionReturn(0);
}

PetscErrorCode GridDestroy(Grid *grid) {
  PetscFunctionBeginUser;
  PetscCall(DMDestroy(&grid->da));
  PetscFunctionReturn(0);
}

PetscErrorCode GridOwnedPoints(const Grid &grid, std::vector<double> *points) {
  PetscInt xs, xm;
  PetscFunctionBeginUser;
  PetscCall(DMDAGetCorners(grid.da, &xs, nullptr, nullptr, &xm, nullptr, nullptr));
  points->resize(xm);
  // Coordinates from index arithmetic: identical on every rank count (no rounding drift).
  for (PetscInt i = 0; i < xm; ++i) (*points)[i] = grid.domain.lo[0] + (xs + i) * grid.h[0];
  (*points)[xm - 1] = (xs + xm == grid.n[0]) ? grid.domain.hi[0] : (*points)[xm - 1];
  PetscFunctionReturn(0);
}

PetscErrorCode GridFill(const Grid &grid, const std::function<double(const double *)> &f, Vec v) {
  std::vector<double> pts;
  PetscScalar *a;
  PetscInt n;
  PetscFunctionBeginUser;
  PetscCall(GridOwnedPoints(grid, &pts));
  PetscCall(VecGetLocalSize(v, &n));
  PetscCheck(n == (PetscInt)pts.size() / grid.dim, PETSC_COMM_SELF, PETSC_ERR_ARG_SIZ,
             "vector does not match the grid");
  PetscCall(VecGetArray(v, &a));
  FpCallCXX(PETSC_COMM_SELF, for (PetscInt i = 0; i < n; ++i) a[i] = f(&pts[i * grid.dim]));
  PetscCall(VecRestoreArray(v, &a));
  PetscFunctionReturn(0);
}

bool GridIsBoundary(const Grid &grid, const PetscInt idx[3]) {
  for (int d = 0; d < grid.dim; ++d)
    if (idx[d] == 0 || idx[d] == grid.n[d] - 1) return true;
  return false;
}

}  // namespace fpsolve
