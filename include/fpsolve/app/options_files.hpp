#pragma once
// -options_file checks before PetscInitialize. PETSc reads an options file on rank 0 only and
// raises its errors there (a trace, exit 4, and the other ranks wait forever in a broadcast):
// a missing file, a directory, an unreadable file or garbage lines are found here first, on
// every rank alike, and end the run with one line and exit 1.
#include <mpi.h>

namespace fpsolve {

// Needs MPI initialized (not PETSc). Returns 0, or the exit code after rank 0 printed one line.
int PreflightOptionsFiles(MPI_Comm comm, int argc, char **argv);

}  // namespace fpsolve
