// The error field and the XDMF sidecar of 2D/3D runs (see run.hpp).
#include <petscsys.h>

#include <cstdio>
#include <string>
#include <vector>

#include "fpsolve/app/run.hpp"
#include "fpsolve/io/xdmf.hpp"

namespace fpsolve {

PetscErrorCode WriteErrorField(Run &run) {
  Vec err;
  PetscFunctionBeginUser;
  if (run.grid.dim < 2 || !run.finisher->exact()) PetscFunctionReturn(0);
  PetscCall(VecDuplicate(run.u, &err));
  PetscCall(VecWAXPY(err, -1.0, run.finisher->exact(), run.u));
  PetscCall(run.file->WriteVec("/solution/error", run.grid.da, err));
  PetscCall(VecDestroy(&err));
  PetscFunctionReturn(0);
}

PetscErrorCode WriteXdmfSidecar(Run &run) {
  PetscMPIInt rank;
  PetscFunctionBeginUser;
  if (run.grid.dim < 2) PetscFunctionReturn(0);
  PetscCallMPI(MPI_Comm_rank(run.comm, &rank));
  if (rank != 0) PetscFunctionReturn(0);
  std::vector<std::string> fields = {"/solution/u", "/problem/rhs"};
  const std::string exact = run.finisher->exact() ? "/problem/exact" : "";
  if (!exact.empty()) fields.insert(fields.end(), {exact, "/solution/error"});
  io::XdmfMesh mesh;
  mesh.dim = run.grid.dim;
  for (int d = 0; d < 3; ++d) {
    mesh.n[d] = run.grid.n[d];
    mesh.lo[d] = d < run.grid.dim ? run.grid.domain.lo[d] : 0.0;
    mesh.h[d] = run.grid.h[d];
  }
  // The snapshots (app/snapshots.hpp) as time series, read back from the committed file: a
  // restarted run's file holds snapshots this process did not take.
  std::vector<io::XdmfSeries> series;
  auto add = [&series](const std::string &name, const std::string &group, const char *what) {
    io::XdmfSeries s;
    s.name = name, s.dataset = group + "/u", s.what = what;
    series.push_back(s);
  };
  add("train", "/snapshots/train", "step");
  add("solve", "/snapshots/solve", "iteration");
  for (std::size_t m = 0; m < run.cfg.sweep_steps.size(); ++m) {
    char member[24];
    std::snprintf(member, sizeof member, "%03zu", m);
    add("sweep " + std::string(member) + " solve",
        "/sweep/" + std::string(member) + "/snapshots/solve", "iteration");
  }
  // The run file is complete without it: a failure is a warning, not a failed run.
  if (!io::ReadXdmfSeries(run.cfg.output, &series) ||
      !io::WriteXdmf(run.cfg.output, mesh, fields, series, exact))
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, stderr,
                           "fpsolve: warning: could not write the XDMF sidecar of %s\n",
                           run.cfg.output.c_str()));
  PetscFunctionReturn(0);
}

}  // namespace fpsolve
