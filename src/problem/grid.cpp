#include "fpsolve/problem/grid.hpp"

#include <string>
#include <vector>

#include "fpsolve/base/error.hpp"

namespace fpsolve {
namespace {

const char *const kGridOption[3] = {"-da_grid_x", "-da_grid_y", "-da_grid_z"};
const char *const kProcOption[3] = {"-da_processors_x", "-da_processors_y", "-da_processors_z"};

// Options for axes the dimension does not have would be silently ignored by the DMDA.
PetscErrorCode RejectMissingAxes(MPI_Comm comm, int dim) {
  PetscBool set;
  PetscFunctionBeginUser;
  for (int d = dim; d < 3; ++d) {
    for (const char *name : {kGridOption[d], kProcOption[d]}) {
      PetscCall(PetscOptionsHasName(nullptr, nullptr, name, &set));
      PetscCheck(!set, comm, kErrBadInput, "%s: the grid has %d dimension%s (-problem_dim %d)",
                 name, dim, dim > 1 ? "s" : "", dim);
    }
  }
  PetscFunctionReturn(0);
}

// DMSetUp refuses a grid with fewer points than processes along an axis, or a process grid
// that does not match the rank count; both are input errors here (the checks run on every
// rank alike, before any communication, so all ranks fail together).
PetscErrorCode SetUpOrExplain(MPI_Comm comm, const Grid &g) {
  PetscMPIInt size;
  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, nullptr));
  const PetscErrorCode err = DMSetUp(g.da);
  PetscCall(PetscPopErrorHandler());
  if (!err) PetscFunctionReturn(0);
  std::string sizes;
  for (int d = 0; d < g.dim; ++d) {
    PetscInt n = 0;
    PetscCall(PetscOptionsGetInt(nullptr, nullptr, kGridOption[d], &n, nullptr));
    sizes += (d ? "x" : "") + std::to_string(n ? n : g.n[d]);
  }
  SETERRQ(comm, kErrBadInput,
          "grid %s is too small for %d MPI ranks (need >= 1 point a rank on every axis of the "
          "process grid; -da_processors_x/_y/_z must multiply to the rank count)",
          sizes.c_str(), size);
}

}  // namespace

PetscErrorCode GridCreate(MPI_Comm comm, const Domain &domain, Grid *grid) {
  PetscFunctionBeginUser;
  const int dim = domain.dim;
  PetscCheck(dim >= 1 && dim <= 3, comm, kErrBadInput, "-problem_dim %d: expected 1, 2 or 3", dim);
  PetscCall(RejectMissingAxes(comm, dim));
  grid->dim = dim;
  grid->domain = domain;
  // One size for every axis unless an axis is given its own (3D: 1001^3 would not fit).
  PetscInt m = dim == 3 ? 129 : 1001;
  PetscCall(PetscOptionsGetInt(nullptr, nullptr, "-da_grid_x", &m, nullptr));
  for (int d = 0; d < dim; ++d) {
    grid->n[d] = m;
    PetscCall(PetscOptionsGetInt(nullptr, nullptr, kGridOption[d], &grid->n[d], nullptr));
    PetscCheck(grid->n[d] >= 3, comm, kErrBadInput, "%s %" PetscInt_FMT ": need at least 3 points",
               kGridOption[d], grid->n[d]);
  }
  const DMBoundaryType none = DM_BOUNDARY_NONE;
  if (dim == 1)
    PetscCall(DMDACreate1d(comm, none, grid->n[0], 1, 1, nullptr, &grid->da));
  else if (dim == 2)
    PetscCall(DMDACreate2d(comm, none, none, DMDA_STENCIL_STAR, grid->n[0], grid->n[1],
                           PETSC_DECIDE, PETSC_DECIDE, 1, 1, nullptr, nullptr, &grid->da));
  else
    PetscCall(DMDACreate3d(comm, none, none, none, DMDA_STENCIL_STAR, grid->n[0], grid->n[1],
                           grid->n[2], PETSC_DECIDE, PETSC_DECIDE, PETSC_DECIDE, 1, 1, nullptr,
                           nullptr, nullptr, &grid->da));
  PetscCall(DMSetFromOptions(grid->da));
  PetscCall(SetUpOrExplain(comm, *grid));
  // No DMDA coordinates: nothing needs them (x comes from GridCoordinate) and they would cost
  // dim doubles a point twice (global + ghosted), more than the Jacobi iterate itself.
  PetscCall(DMDAGetInfo(grid->da, nullptr, &grid->n[0], &grid->n[1], &grid->n[2], nullptr, nullptr,
                        nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr));
  for (int d = 0; d < dim; ++d)
    grid->h[d] = (domain.hi[d] - domain.lo[d]) / (PetscReal)(grid->n[d] - 1);
  PetscFunctionReturn(0);
}

PetscErrorCode GridDestroy(Grid *grid) {
  PetscFunctionBeginUser;
  PetscCall(DMDestroy(&grid->da));
  PetscFunctionReturn(0);
}

PetscErrorCode GridOwnedBox(const Grid &grid, GridBox *box) {
  PetscFunctionBeginUser;
  PetscCall(DMDAGetCorners(grid.da, &box->start[0], &box->start[1], &box->start[2], &box->count[0],
                           &box->count[1], &box->count[2]));
  PetscFunctionReturn(0);
}

PetscErrorCode GridOwnedPoints(const Grid &grid, std::vector<double> *points) {
  GridBox box;
  PetscFunctionBeginUser;
  PetscCall(GridOwnedBox(grid, &box));
  const int dim = grid.dim;
  points->resize((size_t)box.size() * dim);
  double *p = points->data();
  PetscCall(GridForEachOwned(grid, [&](PetscInt k, const PetscInt *, const double *x, bool) {
    for (int d = 0; d < dim; ++d) p[k * dim + d] = x[d];
  }));
  PetscFunctionReturn(0);
}

PetscErrorCode GridFill(const Grid &grid, const std::function<double(const double *)> &f, Vec v) {
  PetscScalar *a;
  PetscInt n;
  GridBox box;
  PetscFunctionBeginUser;
  PetscCall(GridOwnedBox(grid, &box));
  PetscCall(VecGetLocalSize(v, &n));
  PetscCheck(n == box.size(), PETSC_COMM_SELF, PETSC_ERR_ARG_SIZ, "vector does not match the grid");
  PetscCall(VecGetArray(v, &a));
  FpCallCXX(PETSC_COMM_SELF,
            PetscCall(GridForEachOwned(
                grid, [&](PetscInt k, const PetscInt *, const double *x, bool) { a[k] = f(x); })));
  PetscCall(VecRestoreArray(v, &a));
  PetscFunctionReturn(0);
}

}  // namespace fpsolve
