#include "fpsolve/nn/blas_info.hpp"

#include <cblas.h>

namespace fpsolve::nn {
std::string blas_kernel_name() {
  return openblas_get_corename();
}
int blas_num_threads() {
  return openblas_get_num_threads();
}
}  // namespace fpsolve::nn
