#pragma once
// Error classes and exit codes (CONTRACT.md): one place maps failures to process exit codes.
#include <petscsys.h>

#include <stdexcept>
#include <string>

namespace fpsolve {

enum ExitCode : int {
  kExitSuccess = 0,
  kExitBadInput = 1,   // options, expressions, files; one line on stderr
  kExitNumerical = 2,  // NaN/Inf, divergence
  kExitSignal = 3,     // stopped by a signal after writing a checkpoint
  kExitInternal = 4,
};

// PETSc error codes fpsolve raises itself; app/ maps them to exit codes.
constexpr PetscErrorCode kErrBadInput = PETSC_ERR_USER_INPUT;
constexpr PetscErrorCode kErrNumerical = PETSC_ERR_NOT_CONVERGED;

// Thrown by code that does not return PetscErrorCode (muParser wrappers, parsers);
// converted to kErrBadInput at the PETSc boundary.
struct InputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct NumericalError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace fpsolve
