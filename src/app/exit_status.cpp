#include "fpsolve/app/exit_status.hpp"

#include "fpsolve/base/error.hpp"

namespace fpsolve {
namespace {

std::string first_message;

PetscErrorCode Capture(MPI_Comm, int line, const char *func, const char *file, PetscErrorCode n,
                       PetscErrorType p, const char *mess, void *) {
  if (p == PETSC_ERROR_INITIAL && first_message.empty()) {
    if (mess && *mess) {
      first_message = mess;
    } else {
      const char *text = nullptr;
      PetscErrorMessage(n, &text, nullptr);
      first_message = std::string(text ? text : "error") + " in " + func + " (" + file + ":" +
                      std::to_string(line) + ")";
    }
  }
  return n;
}

}  // namespace

PetscErrorCode InstallErrorCapture() {
  return PetscPushErrorHandler(Capture, nullptr);
}

const std::string &CapturedErrorMessage() {
  return first_message;
}

int ExitCodeFor(PetscErrorCode err) {
  switch (err) {
    case 0:
      return kExitSuccess;
    case kErrBadInput:
    case PETSC_ERR_ARG_WRONG:
    case PETSC_ERR_ARG_OUTOFRANGE:
    case PETSC_ERR_ARG_UNKNOWN_TYPE:
    case PETSC_ERR_FILE_OPEN:
    case PETSC_ERR_FILE_READ:
    case PETSC_ERR_FILE_UNEXPECTED:
      return kExitBadInput;
    case kErrNumerical:
    case PETSC_ERR_FP:
      return kExitNumerical;
    default:
      return kExitInternal;
  }
}

}  // namespace fpsolve
