#pragma once
// Exit codes (docs/output-format.md) and the PETSc error codes fpsolve raises; FpCallCXX turns
// the PETSc-free exceptions of base/exceptions.hpp into them at the PETSc boundary.
#include <petscsys.h>

#include "fpsolve/base/exceptions.hpp"

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

}  // namespace fpsolve

// Runs C++ code inside a PetscErrorCode function, turning its exceptions into PETSc errors
// that app/ maps to exit codes (InputError -> 1, NumericalError -> 2, anything else -> 4).
#define FpCallCXX(comm, ...)                                    \
  do {                                                          \
    try {                                                       \
      __VA_ARGS__;                                              \
    } catch (const ::fpsolve::InputError &e_) {                 \
      SETERRQ(comm, ::fpsolve::kErrBadInput, "%s", e_.what());  \
    } catch (const ::fpsolve::NumericalError &e_) {             \
      SETERRQ(comm, ::fpsolve::kErrNumerical, "%s", e_.what()); \
    } catch (const std::exception &e_) {                        \
      SETERRQ(comm, PETSC_ERR_LIB, "%s", e_.what());            \
    }                                                           \
  } while (0)
