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
