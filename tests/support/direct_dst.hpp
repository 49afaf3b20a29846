#pragma once
// The reference for every DST test: U_k = sum_j u_j sin(pi j k/(n+1)) as a direct O(n^2) sum in
// long double, the argument reduced exactly in integers (independent of FFTW and of the
// library's tables). u holds all N = n + 2 grid values; the boundary values are ignored.
#include <cmath>
#include <vector>

namespace fpsolve::testing {

inline std::vector<double> DirectDst(const std::vector<double> &u) {
  const long long n = static_cast<long long>(u.size()) - 2;
  const long long period = 2 * (n + 1);
  std::vector<long double> table(period);  // sin(pi r/(n+1)), r = j k mod 2(n+1)
  for (long long r = 0; r < period; ++r)
    table[r] = std::sin(3.14159265358979323846264338327950288L * r / (n + 1));
  std::vector<double> U(n);
  for (long long k = 1; k <= n; ++k) {
    long double s = 0;
    for (long long j = 1; j <= n; ++j) s += u[j] * table[(j * k) % period];
    U[k - 1] = static_cast<double>(s);
  }
  return U;
}

}  // namespace fpsolve::testing

namespace fpsolve::testing {

// The nD reference: U_k = sum_j u_j prod_a sin(pi j_a k_a/(n_a+1)) as a direct O(n^{2d}) sum in
// long double. u holds all grid values in natural order (x fastest) with N[a] points per axis
// (boundary included; N[a] = 1 for unused axes); the result is in natural order of k.
inline std::vector<double> DirectDstNd(const std::vector<double> &u, const long long N[3],
                                       int dim) {
  long long n[3] = {1, 1, 1};
  std::vector<long double> table[3];
  for (int a = 0; a < dim; ++a) {
    n[a] = N[a] - 2;
    const long long period = 2 * (n[a] + 1);
    table[a].resize(period);
    for (long long r = 0; r < period; ++r)
      table[a][r] = std::sin(3.14159265358979323846264338327950288L * r / (n[a] + 1));
  }
  auto factor = [&](int a, long long j, long long k) {
    return a < dim ? table[a][(j * k) % (2 * (n[a] + 1))] : 1.0L;
  };
  const long long Nx = N[0], Ny = dim > 1 ? N[1] : 1;
  const long long off[3] = {1, dim > 1 ? 1 : 0, dim > 2 ? 1 : 0};
  std::vector<double> U(n[0] * n[1] * n[2]);
  for (long long kz = 1; kz <= n[2]; ++kz)
    for (long long ky = 1; ky <= n[1]; ++ky)
      for (long long kx = 1; kx <= n[0]; ++kx) {
        long double s = 0;
        for (long long jz = 1; jz <= n[2]; ++jz)
          for (long long jy = 1; jy <= n[1]; ++jy) {
            const long double fzy = factor(2, jz, kz) * factor(1, jy, ky);
            for (long long jx = 1; jx <= n[0]; ++jx) {
              const long long idx =
                  ((jz - 1 + off[2]) * Ny + (jy - 1 + off[1])) * Nx + (jx - 1 + off[0]);
              s += u[idx] * fzy * factor(0, jx, kx);
            }
          }
        U[((kz - 1) * n[1] + (ky - 1)) * n[0] + (kx - 1)] = static_cast<double>(s);
      }
  return U;
}

}  // namespace fpsolve::testing
