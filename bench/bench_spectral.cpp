// Cost of the spectral diagnostics per call: full DST (FFTW-MPI and root layouts), the error
// spectrum, and the tracked-mode projection, so recording strides can be chosen from numbers.
//   mpiexec -n P build/bench/bench_spectral [-da_grid_x 1001] [-reps 2000] [-modes 4]
// Prints microseconds per call (max over ranks of the mean); nothing here asserts speed.
#include <petscdmda.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>
#include <vector>

#include "fpsolve/spectral/dst.hpp"
#include "fpsolve/spectral/mode_projector.hpp"

namespace {

using fpsolve::spectral::Dst;
using fpsolve::spectral::DstOptions;
using fpsolve::spectral::ModeProjector;

// Mean seconds per call of f over reps calls, max over ranks (the slowest rank sets the pace).
PetscErrorCode Time(MPI_Comm comm, PetscInt reps, const std::function<PetscErrorCode()> &f,
                    double *us) {
  PetscFunctionBeginUser;
  PetscCall(f());  // warm-up: first-touch, FFTW twiddles, scatter buffers
  PetscCallMPI(MPI_Barrier(comm));
  const double t0 = MPI_Wtime();
  for (PetscInt r = 0; r < reps; ++r) PetscCall(f());
  double t = (MPI_Wtime() - t0) / reps;
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &t, 1, MPI_DOUBLE, MPI_MAX, comm));
  *us = 1e6 * t;
  PetscFunctionReturn(0);
}

PetscErrorCode Run() {
  MPI_Comm comm = PETSC_COMM_WORLD;
  PetscMPIInt size;
  PetscInt reps = 2000, nmodes = 4;
  DM da;
  Vec u, ref, refc;
  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(PetscOptionsGetInt(nullptr, nullptr, "-reps", &reps, nullptr));
  PetscCall(PetscOptionsGetInt(nullptr, nullptr, "-modes", &nmodes, nullptr));
  PetscCall(DMDACreate1d(comm, DM_BOUNDARY_NONE, 1001, 1, 1, nullptr, &da));
  PetscCall(DMSetFromOptions(da));
  PetscCall(DMSetUp(da));
  PetscInt N;
  PetscCall(DMDAGetInfo(da, nullptr, &N, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr,
                        nullptr, nullptr, nullptr, nullptr, nullptr));
  PetscCall(DMCreateGlobalVector(da, &u));
  PetscCall(VecDuplicate(u, &ref));
  PetscCall(VecSetRandom(u, nullptr));
  PetscCall(VecSetRandom(ref, nullptr));
  PetscCall(PetscPrintf(comm,
                        "bench_spectral: N = %" PetscInt_FMT ", %d ranks, %" PetscInt_FMT " reps\n",
                        N, size, reps));

  std::vector<double> all, vals;
  for (auto layout : {DstOptions::Layout::kDistributed, DstOptions::Layout::kRoot}) {
    const char *name = layout == DstOptions::Layout::kRoot ? "root" : "fftw-mpi";
    std::unique_ptr<Dst> dst;
    DstOptions opt;
    opt.layout = layout;
    double t_create = MPI_Wtime();
    PetscCall(Dst::Create(da, &dst, opt));
    t_create = 1e6 * (MPI_Wtime() - t_create);
    PetscCall(dst->CreateCoeffVec(&refc));
    PetscCall(dst->Apply(ref, refc));
    double t_dist, t_all, t_err;
    PetscCall(Time(
        comm, reps, [&] { return dst->Apply(u, refc); }, &t_dist));
    PetscCall(dst->Apply(ref, refc));
    PetscCall(Time(
        comm, reps, [&] { return dst->Apply(u, all); }, &t_all));
    PetscCall(Time(
        comm, reps, [&] { return dst->ErrorSpectrum(u, refc, all); }, &t_err));
    PetscCall(PetscPrintf(comm,
                          "  DST %-8s create %9.1f us | distributed %8.2f us | replicated %8.2f "
                          "us | error spectrum %8.2f us\n",
                          name, t_create, t_dist, t_all, t_err));
    PetscCall(VecDestroy(&refc));
  }

  std::vector<int> modes;
  for (PetscInt i = 0; i < nmodes; ++i)
    modes.push_back(static_cast<int>(std::min<PetscInt>(N - 2, 1 + i * (N - 2) / nmodes)));
  std::unique_ptr<ModeProjector> proj;
  PetscCall(ModeProjector::Create(da, modes, &proj));
  PetscCall(proj->SetReference(ref));
  double t_proj, t_errs;
  PetscCall(Time(
      comm, reps, [&] { return proj->Apply(u, vals); }, &t_proj));
  PetscCall(Time(
      comm, reps, [&] { return proj->Errors(u, vals); }, &t_errs));
  PetscCall(PetscPrintf(
      comm, "  ModeProjector %" PetscInt_FMT " modes: values %8.2f us | errors %8.2f us\n", nmodes,
      t_proj, t_errs));
  PetscCall(VecDestroy(&ref));
  PetscCall(VecDestroy(&u));
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
