// Seconds per nD DST-I: DstNd (DMDA -> slab scatter + FFTW-MPI RODFT00 + scaling) forward and
// inverse, against serial FFTW's r2r plan of the same size on one rank (no layout change), so
// the cost of distribution is a printed ratio.
//   mpiexec -n P build/bench/bench_spectral_nd -dim 2 -da_grid_x 1025 -da_grid_y 1025 [-reps 20]
// Prints the median over reps (each rep: max over ranks); nothing here asserts speed.
#include <fftw3.h>
#include <petscdmda.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <vector>

#include "fpsolve/spectral/dst_nd.hpp"

namespace {

using fpsolve::spectral::DstNd;

// Median over reps of the slowest rank's seconds for f.
PetscErrorCode MedianSeconds(MPI_Comm comm, PetscInt reps, const std::function<PetscErrorCode()> &f,
                             double *seconds) {
  std::vector<double> t(reps);
  PetscFunctionBeginUser;
  PetscCall(f());  // warm-up: first touch, scatter buffers
  for (PetscInt r = 0; r < reps; ++r) {
    PetscCallMPI(MPI_Barrier(comm));
    const double t0 = MPI_Wtime();
    PetscCall(f());
    double dt = MPI_Wtime() - t0;
    PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &dt, 1, MPI_DOUBLE, MPI_MAX, comm));
    t[r] = dt;
  }
  std::nth_element(t.begin(), t.begin() + reps / 2, t.end());
  *seconds = t[reps / 2];
  PetscFunctionReturn(0);
}

// Serial FFTW r2r (RODFT00 on every axis) of the interior size, on this rank alone.
double SerialSeconds(int dim, const PetscInt N[3], PetscInt reps) {
  int n[3];
  std::size_t total = 1;
  for (int a = 0; a < dim; ++a) n[a] = static_cast<int>(N[dim - 1 - a] - 2), total *= n[a];
  double *in = fftw_alloc_real(total), *out = fftw_alloc_real(total);
  const fftw_r2r_kind kinds[3] = {FFTW_RODFT00, FFTW_RODFT00, FFTW_RODFT00};
  fftw_plan plan = fftw_plan_r2r(dim, n, in, out, kinds, FFTW_ESTIMATE);
  for (std::size_t i = 0; i < total; ++i) in[i] = 1.0 / (1.0 + i % 97);
  fftw_execute(plan);
  std::vector<double> t(reps);
  for (PetscInt r = 0; r < reps; ++r) {
    const double t0 = MPI_Wtime();
    fftw_execute(plan);
    t[r] = MPI_Wtime() - t0;
  }
  fftw_destroy_plan(plan);
  fftw_free(in);
  fftw_free(out);
  std::nth_element(t.begin(), t.begin() + reps / 2, t.end());
  return t[reps / 2];
}

PetscErrorCode Run() {
  MPI_Comm comm = PETSC_COMM_WORLD;
  PetscMPIInt size, rank;
  PetscInt reps = 20, dim = 2;
  DM da;
  Vec u, U;
  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCall(PetscOptionsGetInt(nullptr, nullptr, "-reps", &reps, nullptr));
  PetscCall(PetscOptionsGetInt(nullptr, nullptr, "-dim", &dim, nullptr));
  if (dim == 3) {
    PetscCall(DMDACreate3d(comm, DM_BOUNDARY_NONE, DM_BOUNDARY_NONE, DM_BOUNDARY_NONE,
                           DMDA_STENCIL_STAR, 65, 65, 65, PETSC_DECIDE, PETSC_DECIDE, PETSC_DECIDE,
                           1, 1, nullptr, nullptr, nullptr, &da));
  } else {
    PetscCall(DMDACreate2d(comm, DM_BOUNDARY_NONE, DM_BOUNDARY_NONE, DMDA_STENCIL_STAR, 513, 513,
                           PETSC_DECIDE, PETSC_DECIDE, 1, 1, nullptr, nullptr, &da));
  }
  PetscCall(DMSetFromOptions(da));
  PetscCall(DMSetUp(da));
  PetscInt N[3];
  PetscCall(DMDAGetInfo(da, nullptr, &N[0], &N[1], &N[2], nullptr, nullptr, nullptr, nullptr,
                        nullptr, nullptr, nullptr, nullptr, nullptr));
  PetscCall(DMCreateGlobalVector(da, &u));
  PetscCall(VecSetRandom(u, nullptr));

  std::unique_ptr<DstNd> dst;
  double t_create = MPI_Wtime();
  PetscCall(DstNd::Create(da, &dst));
  t_create = MPI_Wtime() - t_create;
  PetscCall(dst->CreateCoeffVec(&U));
  double t_fwd, t_inv;
  PetscCall(MedianSeconds(
      comm, reps, [&] { return dst->Forward(u, U); }, &t_fwd));
  PetscCall(MedianSeconds(
      comm, reps, [&] { return dst->Inverse(U, u); }, &t_inv));
  const double t_serial = rank == 0 ? SerialSeconds((int)dim, N, reps) : 0.0;
  PetscCall(PetscPrintf(comm,
                        "bench_spectral_nd: %" PetscInt_FMT "D %" PetscInt_FMT "x%" PetscInt_FMT
                        "x%" PetscInt_FMT " points, %d ranks, median of %" PetscInt_FMT " reps\n",
                        dim, N[0], N[1], dim == 3 ? N[2] : 1, size, reps));
  PetscCall(PetscPrintf(comm,
                        "  DstNd create %.4f s | forward %.6f s | inverse %.6f s | serial FFTW "
                        "r2r (rank 0, no scatter) %.6f s | forward/serial %.2f\n",
                        t_create, t_fwd, t_inv, t_serial, t_fwd / t_serial));
  PetscCall(VecDestroy(&U));
  PetscCall(VecDestroy(&u));
  dst.reset();
  PetscCall(DMDestroy(&da));
  PetscFunctionReturn(0);
}

}  // namespace

int main(int argc, char **argv) {
  PetscCall(PetscInitialize(&argc, &argv, nullptr, nullptr));
  PetscCall(Run());
  PetscCall(PetscFinalize());
  return 0;
}
