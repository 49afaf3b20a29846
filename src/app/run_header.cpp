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

  // Coordinates per axis (/grid/x, /grid/y, /grid/z), the grid's own (index arithmetic).
  static const char *const kAxis[3] = {"x", "y", "z"};
  const Grid &g = run.grid;
  long long points = 1;
  for (int d = 0; d < g.dim; ++d) {
    std::vector<double> c(g.n[d]);
    for (PetscInt i = 0; i < g.n[d]; ++i) c[i] = GridCoordinate(g, d, i);
    const std::string axis = std::string("/grid/") + kAxis[d];
    PetscCall(f.WriteArray(axis, c));
    PetscCall(f.SetAttribute(axis, "h", (double)g.h[d]));
    points *= g.n[d];
  }
  PetscCall(f.SetAttribute("/grid", "dim", (long long)g.dim));
  PetscCall(f.SetAttribute("/grid", "points", points));
  PetscCall(f.SetAttribute("/grid", "h", (double)g.h[0]));
  Vec v = run.problem_rhs;  // evaluated once at setup (ValidateProblemOnGrid)
  if (!v) {
    PetscCall(DMCreateGlobalVector(g.da, &v));
    PetscCall(GridFill(
        g, [&](const double *x) { return run.problem->rhs(x); }, v));
  }
  PetscCall(f.WriteVec("/problem/rhs", g.da, v));
  if (run.finisher->exact()) PetscCall(f.WriteVec("/problem/exact", g.da, run.finisher->exact()));
  if (v != run.problem_rhs) PetscCall(VecDestroy(&v));
  PetscFunctionReturn(0);
}

}  // namespace fpsolve
