// The error field and the XDMF sidecar of 2D/3D runs (see run.hpp).
#include <petscsys.h>

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
  if (run.finisher->exact()) fields.insert(fields.end(), {"/problem/exact", "/solution/error"});
  long long n[3];
  double lo[3], h[3];
  for (int d = 0; d < 3; ++d) {
    n[d] = run.grid.n[d];
    lo[d] = d < run.grid.dim ? run.grid.domain.lo[d] : 0.0;
    h[d] = run.grid.h[d];
  }
  // The run file is complete without it: a failure is a warning, not a failed run.
  if (!io::WriteXdmf(run.cfg.output, run.grid.dim, n, lo, h, fields))
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, stderr,
                           "fpsolve: warning: could not write the XDMF sidecar of %s\n",
                           run.cfg.output.c_str()));
  PetscFunctionReturn(0);
}

}  // namespace fpsolve
