#pragma once
// SIGTERM, SIGUSR1 (what SLURM sends with --signal before a time limit) and SIGINT ask a run to
// stop: the first one only sets a flag, which the run polls (and agrees on across ranks) at
// each training step and each KSP record, then writes a checkpoint and exits 3. A second
// signal exits at once (128 + signal number); checkpoints are written to a temporary name and
// renamed, so the last complete one is never touched.
#include <petscsys.h>

namespace fpsolve {

// The PETSc error a run raises once it has stopped for a signal (mapped to exit 3).
constexpr PetscErrorCode kErrStopped = PETSC_ERR_SIG;

// Installs the handlers (after PetscInitialize, replacing PETSc's for these signals).
void InstallStopSignals();
// The first stop signal received by this rank, or 0.
int PendingStopSignal();
const char *StopSignalName(int signo);

}  // namespace fpsolve
