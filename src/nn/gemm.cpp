// Row-major GEMM: BLAS, except outer products (k = 1: a scalar output layer's dL/dh = w dout) in a
// plain loop. For that shape sgemm's fixed costs (packing A and B, zeroing C for beta = 0) took
// ~7 us against < 1 us of arithmetic for 32 x 480, once per training step of the correction
// cycle's small net. Each C entry is one product: with alpha = 1 and beta = 0 (the net's calls)
// bit-identical to BLAS's.
// (One row of C, m = 1, was also tried in plain loops: the sums then run in another order than
// sgemm's, which changes the trained nets in the last bits; not worth the ~10 us.)
#include "fpsolve/nn/gemm.hpp"

#include <cblas.h>

#include <cstddef>

namespace fpsolve::nn {
namespace {

// c = alpha * v + beta * c, with beta = 0 not reading c (BLAS semantics: NaN in c is ignored).
template <class T>
inline T blend(T alpha, T v, T beta, T c) {
  return beta == T(0) ? alpha * v : alpha * v + beta * c;
}

// Outer product (k = 1): C[i][j] = alpha op(A)[i][0] op(B)[0][j] + beta C[i][j].
template <class T>
void gemm_outer(bool ta, bool tb, int m, int n, T alpha, const T *a, int lda, const T *b, int ldb,
                T beta, T *c, int ldc) {
  const std::size_t a_stride = ta ? 1 : std::size_t(lda), b_stride = tb ? std::size_t(ldb) : 1;
  for (int i = 0; i < m; ++i) {
    const T ai = alpha * a[i * a_stride];
    T *__restrict ci = c + std::size_t(i) * ldc;
    if (b_stride == 1 && beta == T(0)) {
      for (int j = 0; j < n; ++j) ci[j] = ai * b[j];
    } else {
      for (int j = 0; j < n; ++j) ci[j] = blend(T(1), ai * b[j * b_stride], beta, ci[j]);
    }
  }
}

}  // namespace

template <>
void gemm<float>(bool ta, bool tb, int m, int n, int k, float alpha, const float *a, int lda,
                 const float *b, int ldb, float beta, float *c, int ldc) {
  if (k == 1) return gemm_outer(ta, tb, m, n, alpha, a, lda, b, ldb, beta, c, ldc);
  cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n,
              k, alpha, a, lda, b, ldb, beta, c, ldc);
}
template <>
void gemm<double>(bool ta, bool tb, int m, int n, int k, double alpha, const double *a, int lda,
                  const double *b, int ldb, double beta, double *c, int ldc) {
  if (k == 1) return gemm_outer(ta, tb, m, n, alpha, a, lda, b, ldb, beta, c, ldc);
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
