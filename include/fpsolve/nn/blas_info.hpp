#pragma once
// Which BLAS kernel runs: benchmarks must say (OPENBLAS_CORETYPE changes it; see docs/platform.md).
#include <string>

namespace fpsolve::nn {
std::string blas_kernel_name();  // e.g. "Haswell", "SkylakeX"
int blas_num_threads();
}  // namespace fpsolve::nn
