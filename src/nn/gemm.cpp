#include "fpsolve/nn/gemm.hpp"

#include <cblas.h>

namespace fpsolve::nn {

template <>
void gemm<float>(bool ta, bool tb, int m, int n, int k, float alpha, const float *a, int lda,
                 const float *b, int ldb, float beta, float *c, int ldc) {
  cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n,
              k, alpha, a, lda, b, ldb, beta, c, ldc);
}
template <>
void gemm<double>(bool ta, bool tb, int m, int n, int k, double alpha, const double *a, int lda,
                  const double *b, int ldb, double beta, double *c, int ldc) {
  cblas_dgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n,
              k, alpha, a, lda, b, ldb, beta, c, ldc);
}

template <class T>
void gemm_ref(bool ta, bool tb, int m, int n, int k, T alpha, const T *a, int lda, const T *b,
              int ldb, T beta, T *c, int ldc) {
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < n; ++j) {
      T s = 0;
      for (int p = 0; p < k; ++p)
        s += (ta ? a[p * lda + i] : a[i * lda + p]) * (tb ? b[j * ldb + p] : b[p * ldb + j]);
      c[i * ldc + j] = alpha * s + (beta == T(0) ? T(0) : beta * c[i * ldc + j]);
    }
}
template void gemm_ref<float>(bool, bool, int, int, int, float, const float *, int, const float *,
                              int, float, float *, int);
template void gemm_ref<double>(bool, bool, int, int, int, double, const double *, int,
                               const double *, int, double, double *, int);

}  // namespace fpsolve::nn
