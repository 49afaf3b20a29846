#pragma once
// -help (fpsolve's options), -help_petsc (PETSc's full -help) and -version (src/app/help.cpp).
#include <petscsys.h>

namespace fpsolve {

enum class EarlyRequest { Run, Help, PetscHelp, Version };

// Takes -help/-h, -version off argv and turns -help_petsc into PETSc's -help; call before
// PetscInitialize. Returns what was asked for (-version wins over help).
EarlyRequest TakeEarlyFlags(int *argc, char **argv);
// fpsolve's options with their defaults (the option registry read with -help on), then the
// PETSc options fpsolve relies on.
PetscErrorCode PrintShortHelp(MPI_Comm comm);
// "fpsolve VERSION (git COMMIT)" and PETSc's version on rank 0.
PetscErrorCode PrintVersion(MPI_Comm comm);

}  // namespace fpsolve
