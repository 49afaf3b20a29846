// Strict option values: no integer wrap, no silently empty values, no loose lists.
#include "fpsolve/base/strict_options.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

#include "fpsolve/base/error.hpp"

namespace fpsolve {
namespace {

// fpsolve's options (by prefix) take a value, except these flags (PetscOptionsBool).
const char *const kFpsolvePrefixes[] = {"mode",      "output",    "problem",     "dnn_",
                                        "train_",    "fit_",      "hybrid_",     "sweep_",
                                        "jacobi_",   "spectrum_", "checkpoint_", "restart",
                                        "progress_", "cycle_",    "da_grid_",    "snapshot_"};
const char *const kFlags[] = {
    "quiet", "train_overlap_allreduce", "sweep_jacobi", "output_overwrite", "version", "help"};
// PETSc options the finish and the grid are configured with, which take a value.
const char *const kPetscValueOptions[] = {
    "ksp_type",   "pc_type",       "ksp_max_it",           "ksp_rtol",    "ksp_atol",
    "ksp_divtol", "ksp_norm_type", "ksp_richardson_scale", "options_file"};
// PETSc's own integer options fpsolve relies on (PETSc would wrap them at 2^32).
const char *const kPetscIntOptions[] = {"da_grid_x", "da_grid_y", "da_grid_z", "ksp_max_it"};
// Values that are expressions (muParser: commas separate function arguments) or paths.
const char *const kFreeText[] = {"problem_rhs", "problem_exact",  "problem_bc", "fit_target",
                                 "output",      "checkpoint_dir", "restart",    "fit_image"};

bool StartsWith(const char *s, const char *prefix) {
  return std::strncmp(s, prefix, std::strlen(prefix)) == 0;
}
template <std::size_t N>
bool OneOf(const char *name, const char *const (&list)[N]) {
  for (const char *x : list)
    if (!std::strcmp(name, x)) return true;
  return false;
}
bool TakesValue(const char *name) {
  if (OneOf(name, kFlags)) return false;
  if (OneOf(name, kPetscValueOptions)) return true;
  for (const char *p : kFpsolvePrefixes)
    if (StartsWith(name, p)) return true;
  return false;
}
// Empty elements in a comma-separated list: ",1", "1,", "1,,2".
bool LooseList(const char *value) {
  const std::size_t n = std::strlen(value);
  return std::strchr(value, ',') &&
         (value[0] == ',' || value[n - 1] == ',' || std::strstr(value, ",,") != nullptr);
}

}  // namespace

bool ParseStrictInt(const char *text, long long lo, long long hi, long long *value) {
  if (!text) return false;
  const char *p = text + (text[0] == '+' || text[0] == '-');
  if (!*p || std::strspn(p, "0123456789") != std::strlen(p)) return false;
  errno = 0;
  char *end = nullptr;
  const long long v = std::strtoll(text, &end, 10);
  if (errno == ERANGE || *end || v < lo || v > hi) return false;
  *value = v;
  return true;
}

PetscErrorCode OptionsCheckInt(MPI_Comm comm, const char *name, long long lo, long long hi,
                               bool list) {
  char text[4096];
  PetscBool set;
  PetscFunctionBeginUser;
  PetscCall(PetscOptionsGetString(nullptr, nullptr, name, text, sizeof text, &set));
  if (!set) PetscFunctionReturn(0);
  PetscCheck(text[0], comm, kErrBadInput, "%s: given without a value", name);
  std::string all = text, item;
  std::size_t pos = 0;
  do {
    const std::size_t comma = list ? all.find(',', pos) : std::string::npos;
    item = all.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    long long v;
    PetscCheck(ParseStrictInt(item.c_str(), lo, hi, &v), comm, kErrBadInput,
               "%s %s: '%s' is not an integer in %lld..%lld", name, text, item.c_str(), lo, hi);
    pos = comma == std::string::npos ? comma : comma + 1;
  } while (pos != std::string::npos);
  PetscFunctionReturn(0);
}

PetscErrorCode OptionsCheckValues(MPI_Comm comm) {
  PetscInt n;
  char **names, **values;
  PetscFunctionBeginUser;
  PetscCall(PetscOptionsLeftGet(nullptr, &n, &names, &values));
  std::string bad;
  for (PetscInt i = 0; i < n && bad.empty(); ++i) {
    const char *name = names[i], *value = values[i];
    if (!value || !*value) {
      if (TakesValue(name)) bad = std::string("-") + name + ": given without a value";
    } else if (!OneOf(name, kFreeText) && LooseList(value)) {
      bad = std::string("-") + name + " " + value + ": a list with an empty element";
    } else if (long long v; OneOf(name, kPetscIntOptions) &&
                            !ParseStrictInt(value, -2147483647LL - 1, 2147483647LL, &v)) {
      bad = std::string("-") + name + " " + value + ": not an integer of at most 2147483647";
    }
  }
  PetscCall(PetscOptionsLeftRestore(nullptr, &n, &names, &values));
  PetscCheck(bad.empty(), comm, kErrBadInput, "%s", bad.c_str());
  PetscFunctionReturn(0);
}

}  // namespace fpsolve
