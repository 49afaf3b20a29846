#include "fpsolve/base/test_fault.hpp"

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace fpsolve {

void TestFault(const char *where) {
  static const char *const chosen = std::getenv("FPSOLVE_TEST_THROW");
  if (chosen && std::string(chosen) == where)
    throw std::runtime_error(std::string("test fault at ") + where);
}

}  // namespace fpsolve
