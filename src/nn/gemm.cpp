// Row-major GEMM: BLAS for real matrices; the degenerate shapes of a scalar-output layer (one row
// of C, or an outer product k = 1) in plain loops. For those, sgemm's fixed costs (packing A and
// B, zeroing C for beta = 0) took longer than the arithmetic: ~7 us against < 1 us for a 32 x 480
// outer product, three times per training step of the correction cycle's small net.
#include "fpsolve/nn/gemm.hpp"

#include <cblas.h>

#include <cstddef>

namespace fpsolve::nn {
namespace {

constexpr int kLanes =
    8;  // independent partial sums: the dot products vectorise without -ffast-math

template <class T>
T dot_strided_a(const T *a, std::size_t a_stride, const T *b, int k) {
  if (a_stride != 1) {
    T s = 0;
    for (int p = 0; p < k; ++p) s += a[p * a_stride] * b[p];
    return s;
  }
  T acc[kLanes] = {};
  int p = 0;
  for (; p + kLanes <= k; p += kLanes)
    for (int l = 0; l < kLanes; ++l) acc[l] += a[p + l] * b[p + l];
  for (; p < k; ++p) acc[0] += a[p] * b[p];
  T s = 0;
  for (int l = 0; l < kLanes; ++l) s += acc[l];
  return s;
}

// c = alpha * v + beta * c, with beta = 0 not reading c (BLAS semantics: NaN in c is ignored).
template <class T>
inline T blend(T alpha, T v, T beta, T c) {
  return beta == T(0) ? alpha * v : alpha * v + beta * c;
}

// One row of C (m = 1): C[0][j] = alpha sum_p A[0][p] op(B)[p][j] + beta C[0][j]. Without
// trans_b the sum runs over whole rows of B (axpy, vectorised over j); with trans_b each C[0][j]
// is a dot product of two contiguous rows.
template <class T>
void gemm_one_row(bool ta, bool tb, int n, int k, T alpha, const T *a, int lda, const T *b, int ldb,
                  T beta, T *c) {
  const std::size_t a_stride = ta ? std::size_t(lda) : 1;
  if (tb) {
    for (int j = 0; j < n; ++j)
      c[j] = blend(alpha, dot_strided_a(a, a_stride, b + std::size_t(j) * ldb, k), beta, c[j]);
    return;
  }
  T acc_row[256];  // the sum over p for a block of columns, then one blend per column
  for (int j0 = 0; j0 < n; j0 += 256) {
    const int len = n - j0 < 256 ? n - j0 : 256;
    T *__restrict acc = acc_row;
    for (int j = 0; j < len; ++j) acc[j] = 0;
    for (int p = 0; p < k; ++p) {
      const T ap = a[p * a_stride];
      const T *__restrict bp = b + std::size_t(p) * ldb + j0;
      for (int j = 0; j < len; ++j) acc[j] += ap * bp[j];
    }
    for (int j = 0; j < len; ++j) c[j0 + j] = blend(alpha, acc[j], beta, c[j0 + j]);
  }
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

// The plain-loop shapes; false: BLAS's.
template <class T>
bool small_gemm(bool ta, bool tb, int m, int n, int k, T alpha, const T *a, int lda, const T *b,
                int ldb, T beta, T *c, int ldc) {
  if (m == 1 && k >= 1) {
    gemm_one_row(ta, tb, n, k, alpha, a, lda, b, ldb, beta, c);
    return true;
  }
  if (k == 1) {
    gemm_outer(ta, tb, m, n, alpha, a, lda, b, ldb, beta, c, ldc);
    return true;
  }
  return false;
}

}  // namespace

template <>
void gemm<float>(bool ta, bool tb, int m, int n, int k, float alpha, const float *a, int lda,
                 const float *b, int ldb, float beta, float *c, int ldc) {
  if (small_gemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)) return;
  cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n,
              k, alpha, a, lda, b, ldb, beta, c, ldc);
}
template <>
void gemm<double>(bool ta, bool tb, int m, int n, int k, double alpha, const double *a, int lda,
                  const double *b, int ldb, double beta, double *c, int ldc) {
  if (small_gemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)) return;
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
