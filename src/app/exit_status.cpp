#include "fpsolve/app/exit_status.hpp"

#include <cctype>
#include <sstream>

#include "fpsolve/app/signals.hpp"
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

// PETSc's parse errors quote the bad value but not the option ("Input string abc has no integer
// value"): find which option holds that value, so the one-line message names it.
static std::string OptionHolding(const std::string &value) {
  char *all = nullptr;
  if (PetscOptionsGetAll(nullptr, &all) || !all) return "";
  std::istringstream tokens(all);
  PetscFree(all);
  // The value alone, or one element of a comma-separated list ("-dnn_widths 5,abc").
  std::string token, name;
  while (tokens >> token) {
    if (token.size() > 1 && token[0] == '-' && std::isalpha((unsigned char)token[1])) {
      name = token;
      continue;
    }
    std::istringstream items(token);
    std::string item;
    while (std::getline(items, item, ','))
      if (item == value && !name.empty()) return name;
  }
  return "";
}

std::string OneLine(std::string text) {
  for (char &c : text)
    if ((unsigned char)c < 0x20 || c == 0x7f) c = ' ';
  return text;
}

const std::string &CapturedErrorMessage() {
  static const char *const quoting[] = {"Input string ", "Newly set value "};
  for (const std::string prefix : quoting) {
    if (first_message.compare(0, prefix.size(), prefix) != 0) continue;
    const auto end = first_message.find(' ', prefix.size());
    const auto option = OptionHolding(first_message.substr(prefix.size(), end - prefix.size()));
    if (!option.empty()) first_message = option + ": " + first_message;
    break;
  }
  first_message = OneLine(first_message);
  return first_message;
}

int ExitCodeFor(PetscErrorCode err) {
  switch (err) {
    case 0:
      return kExitSuccess;
    case kErrBadInput:
    case PETSC_ERR_USER:  // PETSc's options parsing (e.g. an unknown -mode value)
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
    case kErrStopped:
      return kExitSignal;
    default:
      return kExitInternal;
  }
}

}  // namespace fpsolve
