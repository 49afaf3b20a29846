// Reference versions of the embedding kernels (embedding.hpp): one entry at a time, every
// derivative written out from its formula, sin and cos recomputed per entry. Only the tests call
// them.
#include <cmath>
#include <cstddef>

#include "fpsolve/nn/embedding.hpp"

namespace fpsolve::nn::kernels {

template <class T>
void fourier_features_ref(Derivs m, int M, int n, int dim, const double *omega, const T *x,
                          T *phi) {
  const int nseg = num_segments(m, dim);
  auto at = [&](int row, int seg, int i) -> T & {
    return phi[(std::size_t(row) * nseg + seg) * n + i];
  };
  for (int f = 0; f < M; ++f)
    for (int i = 0; i < n; ++i) {
      double theta = 0;
      for (int k = 0; k < dim; ++k) theta += omega[f * dim + k] * double(x[k * n + i]);
      at(f, 0, i) = T(std::sin(theta));      // sin(theta)
      at(M + f, 0, i) = T(std::cos(theta));  // cos(theta)
      for (int k = 0; k < dim && m != Derivs::None; ++k) {
        const double o = omega[f * dim + k];
        at(f, 1 + k, i) = T(o * std::cos(theta));       // d sin / dx_k
        at(M + f, 1 + k, i) = T(-o * std::sin(theta));  // d cos / dx_k
        if (m == Derivs::GradLap) {
          at(f, 1 + dim + k, i) = T(-o * o * std::sin(theta));      // d2 sin / dx_k^2
          at(M + f, 1 + dim + k, i) = T(-o * o * std::cos(theta));  // d2 cos / dx_k^2
        }
      }
    }
}

template <class T>
void scale_rows_ref(int rows, int cols, const T *row_scale, const T *in, T *out) {
  for (int j = 0; j < rows; ++j)
    for (int k = 0; k < cols; ++k) out[j * cols + k] = row_scale[j] * in[j * cols + k];
}

#define FPSOLVE_INSTANTIATE(T)                                                                  \
  template void fourier_features_ref<T>(Derivs, int, int, int, const double *, const T *, T *); \
  template void scale_rows_ref<T>(int, int, const T *, const T *, T *);
FPSOLVE_INSTANTIATE(float)
FPSOLVE_INSTANTIATE(double)
#undef FPSOLVE_INSTANTIATE

}  // namespace fpsolve::nn::kernels
