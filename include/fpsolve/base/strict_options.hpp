#pragma once
// Strict reading of option values (docs/robustness.md, "Numbers and lists"). PETSc 3.18 takes
// "-da_grid_x 4294967497" as 201 (the 64-bit number is cast to a 32-bit PetscInt), an option
// given without a value as "not set" (so the default runs), and "32,,32" as the list 32,32.
// These checks turn each of those into a one-line kErrBadInput naming the option.
#include <petscsys.h>

namespace fpsolve {

// A decimal integer literal (optional sign, digits only, nothing else) within [lo, hi].
bool ParseStrictInt(const char *text, long long lo, long long hi, long long *value);

// If the option is set with a value, that value must be a strict integer in [lo, hi] (or, with
// list, a comma-separated list of them). Call it after PETSc has read the option.
PetscErrorCode OptionsCheckInt(MPI_Comm comm, const char *name, long long lo, long long hi,
                               bool list = false);

// Scans every option not yet used (call before reading any fpsolve option): an option that
// takes a value must have one, and a list must not have empty elements ("32,,32", "1,").
// Integer options PETSc reads itself (-da_grid_*, -ksp_max_it) must fit a PetscInt.
PetscErrorCode OptionsCheckValues(MPI_Comm comm);

}  // namespace fpsolve
