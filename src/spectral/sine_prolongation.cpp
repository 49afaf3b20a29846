// Spectral prolongation (sine_prolongation.hpp): per-axis matrices applied as GEMMs.
#include "fpsolve/spectral/sine_prolongation.hpp"

#include <cmath>
#include <cstddef>

#include "fpsolve/nn/gemm.hpp"

namespace fpsolve::spectral {
namespace {

// sin(pi r / d) for r = 0 .. 2d-1: sin(k pi i / d) is entry (k i) mod 2d, so the angle stays
// small and exact multiples of pi give (nearly) exact zeros whatever the size; 2d sines
// instead of one per matrix entry.
std::vector<double> SinPiTable(long long d) {
  std::vector<double> t(2 * d);
  for (long long r = 0; r < 2 * d; ++r) t[r] = std::sin(M_PI * double(r) / double(d));
  return t;
}

}  // namespace

std::vector<double> SineProlongationMatrix(int N, int first, int rows, int m) {
  // S_f (rows x m) = sin(k pi t_i), S_c (m x m) = sin(k pi s_j); P = 2/(m+1) S_f S_c^T.
  std::vector<double> sf(std::size_t(rows) * m), sc(std::size_t(m) * m), p(std::size_t(rows) * m);
  const std::vector<double> fine = SinPiTable(N - 1), coarse = SinPiTable(m + 1);
  for (int i = 0; i < rows; ++i)
    for (long long k = 1; k <= m; ++k)
      sf[std::size_t(i) * m + k - 1] = fine[(k * (first + i)) % (2LL * (N - 1))];
  for (int j = 0; j < m; ++j)
    for (long long k = 1; k <= m; ++k)
      sc[std::size_t(j) * m + k - 1] = coarse[(k * (j + 1)) % (2LL * (m + 1))];
  nn::gemm<double>(false, true, rows, m, m, 2.0 / (m + 1), sf.data(), m, sc.data(), m, 0.0,
                   p.data(), m);
  return p;
}

void ProlongTensor(int dim, const double *const p[3], const int rows[3], const int m[3],
                   const double *in, double *out, std::vector<double> &work) {
  // Axis by axis, x first: the array's extents d[] change from m[a] to rows[a] as axis a is
  // done. Axis a with everything before it (inner) and after it (outer): for each outer slice,
  // (rows x inner) = P (rows x m) (m x inner); for x (inner 1) one GEMM, (outer x rows) =
  // (outer x m) P^T.
  int d[3] = {m[0], m[1], m[2]};
  std::size_t total = std::size_t(d[0]) * d[1] * d[2];
  std::size_t most = total;
  for (int a = 0; a < dim; ++a) {
    total = total / d[a] * rows[a];
    if (total > most) most = total;
  }
  work.resize(2 * most);
  const double *src = in;
  for (int a = 0; a < dim; ++a) {
    double *dst = a == dim - 1 ? out : work.data() + (a % 2) * most;
    int inner = 1, outer = 1;
    for (int b = 0; b < a; ++b) inner *= d[b];
    for (int b = a + 1; b < 3; ++b) outer *= d[b];
    if (inner == 1) {
      nn::gemm<double>(false, true, outer, rows[a], m[a], 1.0, src, m[a], p[a], m[a], 0.0, dst,
                       rows[a]);
    } else {
      for (int o = 0; o < outer; ++o)
        nn::gemm<double>(false, false, rows[a], inner, m[a], 1.0, p[a], m[a],
                         src + std::size_t(o) * m[a] * inner, inner, 0.0,
                         dst + std::size_t(o) * rows[a] * inner, inner);
    }
    d[a] = rows[a];
    src = dst;
  }
}

void ProlongTensor_ref(int dim, const double *const p[3], const int rows[3], const int m[3],
                       const double *in, double *out) {
  static const double one = 1.0;
  const double *q[3];
  for (int a = 0; a < 3; ++a) q[a] = a < dim ? p[a] : &one;
  std::size_t f = 0;
  for (int k = 0; k < rows[2]; ++k)
    for (int j = 0; j < rows[1]; ++j)
      for (int i = 0; i < rows[0]; ++i, ++f) {
        double sum = 0;
        std::size_t c = 0;
        for (int r = 0; r < m[2]; ++r)
          for (int s = 0; s < m[1]; ++s)
            for (int t = 0; t < m[0]; ++t, ++c)
              sum += q[2][std::size_t(k) * m[2] + r] * q[1][std::size_t(j) * m[1] + s] *
                     q[0][std::size_t(i) * m[0] + t] * in[c];
        out[f] = sum;
      }
}

}  // namespace fpsolve::spectral
