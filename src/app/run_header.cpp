#include <ctime>
#include <vector>

#include "fpsolve/app/run.hpp"
#include "fpsolve/base/version.hpp"

namespace fpsolve {
namespace {

std::string Now() {
  char buf[64];
  std::time_t t = std::time(nullptr);
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

}  // namespace

PetscErrorCode WriteRunHeader(Run &run) {
  char petsc_version[128], *all_options;
  PetscMPIInt size;
  io::RunFile &f = *run.file;
  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(run.comm, &size));
  PetscCall(PetscGetVersion(petsc_version, sizeof petsc_version));
  PetscCall(PetscOptionsGetAll(nullptr, &all_options));
  std::string created = Now();
  // Every rank must pass identical attribute values: take rank 0's clock.
  created.resize(64, '\0');
  PetscCallMPI(MPI_Bcast(created.data(), 64, MPI_CHAR, 0, run.comm));
  created = created.c_str();
  PetscCall(f.SetAttribute("/", "fpsolve_version", std::string(kVersion)));
  PetscCall(f.SetAttribute("/", "git_commit", std::string(kGitCommit)));
  PetscCall(f.SetAttribute("/", "petsc_version", std::string(petsc_version)));
  PetscCall(f.SetAttribute("/", "mpi_ranks", (long long)size));
  PetscCall(f.SetAttribute("/", "created", created));
  PetscCall(f.SetAttribute("/", "options", std::string(all_options)));
  PetscCall(f.SetAttribute("/", "mode", std::string(ModeName(run.cfg.mode))));
  PetscCall(f.SetAttribute("/", "problem", run.problem->describe()));
  PetscCall(PetscFree(all_options));

  Vec v;
  PetscCall(DMCreateGlobalVector(run.grid.da, &v));
  PetscCall(GridFill(
      run.grid, [](const double *x) { return x[0]; }, v));
  PetscCall(f.WriteVec("/grid/x", v));
  PetscCall(f.SetAttribute("/grid", "points", (long long)run.grid.n[0]));
  PetscCall(f.SetAttribute("/grid", "h", (double)run.grid.h[0]));
  PetscCall(GridFill(
      run.grid, [&](const double *x) { return run.problem->rhs(x); }, v));
  PetscCall(f.WriteVec("/problem/rhs", v));
  if (run.finisher->exact()) PetscCall(f.WriteVec("/problem/exact", run.finisher->exact()));
  PetscCall(VecDestroy(&v));
  PetscFunctionReturn(0);
}

}  // namespace fpsolve
