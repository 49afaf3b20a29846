#pragma once
// Exit codes (docs/output-format.md) and the PETSc error codes fpsolve raises; FpCallCXX turns
// the PETSc-free exceptions of base/exceptions.hpp into them at the PETSc boundary.
#include <petscsys.h>

#include <new>
#include <string>

#include "fpsolve/base/exceptions.hpp"

namespace fpsolve {

enum ExitCode : int {
  kExitSuccess = 0,
  kExitBadInput = 1,   // options, expressions, files; one line on stderr
  kExitNumerical = 2,  // NaN/Inf, divergence
  kExitSignal = 3,     // stopped by a signal after writing a checkpoint
  kExitInternal = 4,
  kExitIO = 5,  // a file could not be written (disk full, quota): the last checkpoint is intact
};

// PETSc error codes fpsolve raises itself; app/ maps them to exit codes.
constexpr PetscErrorCode kErrBadInput = PETSC_ERR_USER_INPUT;
constexpr PetscErrorCode kErrNumerical = PETSC_ERR_NOT_CONVERGED;

}  // namespace fpsolve

namespace fpsolve {

// The PETSc error code of a C++ exception: InputError -> kErrBadInput (exit 1), NumericalError
// -> kErrNumerical (2), std::bad_alloc -> PETSC_ERR_MEM, anything else PETSC_ERR_LIB (both 4).
inline PetscErrorCode ErrorCodeOf(const std::exception &e) {
  if (dynamic_cast<const InputError *>(&e)) return kErrBadInput;
  if (dynamic_cast<const NumericalError *>(&e)) return kErrNumerical;
  if (dynamic_cast<const std::bad_alloc *>(&e)) return PETSC_ERR_MEM;
  return PETSC_ERR_LIB;
}

// Its one-line message: what() names the cause, except std::bad_alloc's ("std::bad_alloc").
inline std::string MessageOf(const std::exception &e) {
  if (dynamic_cast<const std::bad_alloc *>(&e))
    return "out of memory (a C++ allocation failed; the net's widths, -train_batch and the grid "
           "size set the largest)";
  return e.what();
}

}  // namespace fpsolve

// Runs C++ code inside a PetscErrorCode function, turning its exceptions into PETSc errors
// that app/ maps to exit codes (ErrorCodeOf; an exception not derived from std::exception,
// e.g. muParser's, is PETSC_ERR_LIB too).
#define FpCallCXX(comm, ...)                                                             \
  do {                                                                                   \
    try {                                                                                \
      __VA_ARGS__;                                                                       \
    } catch (const std::exception &e_) {                                                 \
      SETERRQ(comm, ::fpsolve::ErrorCodeOf(e_), "%s", ::fpsolve::MessageOf(e_).c_str()); \
    } catch (...) {                                                                      \
      SETERRQ(comm, PETSC_ERR_LIB, "unexpected C++ exception (not a std::exception)");   \
    }                                                                                    \
  } while (0)
