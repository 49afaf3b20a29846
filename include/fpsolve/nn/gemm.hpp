#pragma once
// Row-major C = alpha op(A) op(B) + beta C through cblas_sgemm / cblas_dgemm (outer products,
// k = 1, in a plain vectorised loop), and a plain triple loop reference for the tests. beta = 0
// never reads C.
namespace fpsolve::nn {

template <class T>
void gemm(bool trans_a, bool trans_b, int m, int n, int k, T alpha, const T *a, int lda, const T *b,
          int ldb, T beta, T *c, int ldc);

template <class T>
void gemm_ref(bool trans_a, bool trans_b, int m, int n, int k, T alpha, const T *a, int lda,
              const T *b, int ldb, T beta, T *c, int ldc);

}  // namespace fpsolve::nn
