#pragma once
// The exceptions of the layers that know nothing of PETSc (nn/, train/, parsers): bad input and
// numerical failure. base/error.hpp turns them into PETSc error codes and exit codes.
#include <stdexcept>

namespace fpsolve {

struct InputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct NumericalError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace fpsolve
