#include "fpsolve/app/exit_status.hpp"

#include <cctype>
#include <cstdio>
#include <sstream>

#include "fpsolve/app/signals.hpp"
#include "fpsolve/base/error.hpp"
#include "fpsolve/io/io_status.hpp"

namespace fpsolve {
namespace {

std::string first_message;

PetscErrorCode Capture(MPI_Comm, int line, const char *func, const char *file, PetscErrorCode n,
                       PetscErrorType p, const char *mess, void *) {
  // An agreed I/O failure (io_status.hpp) names the file and the cause on every rank: it
  // replaces the low-level message ("HDF5 failed: ...") the failing rank recorded first.
  static bool io_agreed = false;
  if (p == PETSC_ERROR_INITIAL && n == io::kErrIO && !io_agreed) {
    io_agreed = true;
    first_message.clear();
  }
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

int ReportInitializeFailure(PetscErrorCode err) {
  int initialized = 0, finalized = 0, rank = 0, size = 1;
  MPI_Initialized(&initialized);
  MPI_Finalized(&finalized);
  if (initialized && !finalized) MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  if (initialized && !finalized) MPI_Comm_size(MPI_COMM_WORLD, &size);
  const int code = ExitCodeFor(err);
  if (rank == 0)
    std::fprintf(
        stderr, "fpsolve: error: %s\n",
        OneLine(first_message.empty() ? "PETSc initialization failed" : first_message).c_str());
  // PETSc may have failed on one rank only (it reads options files on rank 0): do not wait.
  if (initialized && !finalized && size > 1) MPI_Abort(MPI_COMM_WORLD, code);
  if (initialized && !finalized) MPI_Finalize();
  return code;
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
    case io::kErrIO:
      return kExitIO;
    default:
      return kExitInternal;
  }
}

}  // namespace fpsolve
