// Spectral prolongation (spectral/sine_prolongation.hpp) against direct formulas: a sine series
// with no mode above the coarse grid's is reproduced exactly at every fine point, in 1D, 2D and
// 3D and for any block of fine rows (a rank's box); a mode above it folds as sampling says; the
// GEMM path equals the plain sum; a coarse grid as fine as the grid is the identity.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

#include "fpsolve/spectral/sine_prolongation.hpp"

namespace fpsolve::spectral {
namespace {

// A fixed, irregular coefficient for mode (k, l, q).
double Coefficient(int k, int l, int q) {
  return std::cos(1.3 * k + 2.1 * l * l + 0.7 * q) / (k + l + q);
}

struct Axis {
  int N, first, rows, m;
};

// f(t) = sum_{k,l,q <= modes} c sin(k pi t0) sin(l pi t1) sin(q pi t2) (unused axes: mode 1,
// factor 1).
double Series(int dim, const int modes[3], const double t[3]) {
  double sum = 0;
  for (int q = 1; q <= (dim > 2 ? modes[2] : 1); ++q)
    for (int l = 1; l <= (dim > 1 ? modes[1] : 1); ++l)
      for (int k = 1; k <= modes[0]; ++k) {
        double v = Coefficient(k, l, q) * std::sin(k * M_PI * t[0]);
        if (dim > 1) v *= std::sin(l * M_PI * t[1]);
        if (dim > 2) v *= std::sin(q * M_PI * t[2]);
        sum += v;
      }
  return sum;
}

// Coarse samples of f and the prolonged block, by the GEMM path and the plain sum.
void Prolong(int dim, const Axis ax[3], const std::function<double(const double *)> &f,
             std::vector<double> &fast, std::vector<double> &ref, std::vector<double> &exact) {
  std::vector<double> p[3];
  const double *pp[3] = {nullptr, nullptr, nullptr};
  int rows[3] = {1, 1, 1}, m[3] = {1, 1, 1};
  for (int a = 0; a < dim; ++a) {
    p[a] = SineProlongationMatrix(ax[a].N, ax[a].first, ax[a].rows, ax[a].m);
    pp[a] = p[a].data(), rows[a] = ax[a].rows, m[a] = ax[a].m;
  }
  std::vector<double> coarse;
  for (int r = 0; r < m[2]; ++r)
    for (int s = 0; s < m[1]; ++s)
      for (int u = 0; u < m[0]; ++u) {
        const double t[3] = {(u + 1.0) / (m[0] + 1), (s + 1.0) / (m[1] + 1),
                             (r + 1.0) / (m[2] + 1)};
        coarse.push_back(f(t));
      }
  const std::size_t n = std::size_t(rows[0]) * rows[1] * rows[2];
  fast.assign(n, 0), ref.assign(n, 0), exact.clear();
  std::vector<double> work;
  ProlongTensor(dim, pp, rows, m, coarse.data(), fast.data(), work);
  ProlongTensor_ref(dim, pp, rows, m, coarse.data(), ref.data());
  for (int k = 0; k < rows[2]; ++k)
    for (int j = 0; j < rows[1]; ++j)
      for (int i = 0; i < rows[0]; ++i) {
        const int idx[3] = {i, j, k};
        double t[3] = {0, 0, 0};
        for (int a = 0; a < dim; ++a) t[a] = double(ax[a].first + idx[a]) / (ax[a].N - 1);
        exact.push_back(f(t));
      }
}

TEST(SineProlongation, BandLimitedSeriesIsExact) {
  // Per dimension: fine axes (N points, a block of rows: the whole axis, or an inner box that
  // touches one boundary or none) and coarse counts m, the series using every mode up to m.
  const std::vector<std::vector<Axis>> cases = {
      {{65, 0, 65, 16}},
      {{101, 37, 40, 9}},
      {{33, 0, 17, 8}, {41, 20, 21, 5}},
      {{17, 3, 9, 6}, {13, 0, 13, 4}, {21, 10, 11, 7}},
  };
  for (const auto &c : cases) {
    const int dim = int(c.size());
    SCOPED_TRACE("dim " + std::to_string(dim) + ", N0 " + std::to_string(c[0].N));
    const int modes[3] = {c[0].m, dim > 1 ? c[1].m : 1, dim > 2 ? c[2].m : 1};
    std::vector<double> fast, ref, exact;
    Prolong(
        dim, c.data(), [&](const double *t) { return Series(dim, modes, t); }, fast, ref, exact);
    for (std::size_t i = 0; i < exact.size(); ++i) {
      // Coefficients of order 1, at most ~100 modes summed: round-off ~1e-14.
      ASSERT_NEAR(fast[i], exact[i], 1e-12) << "point " << i;
      ASSERT_NEAR(ref[i], exact[i], 1e-12) << "point " << i;
    }
  }
}

TEST(SineProlongation, ModeAboveTheCoarseGridFolds) {
  // Sampled at s_j = j / (m+1), mode 2(m+1) - k is -mode k, and mode m+1 vanishes.
  const int m = 10;
  const Axis ax[3] = {{81, 0, 81, m}, {1, 0, 1, 1}, {1, 0, 1, 1}};
  std::vector<double> fast, ref, exact, fold, fold_ref, zero, zero_ref, unused;
  Prolong(
      1, ax, [](const double *t) { return std::sin(3 * M_PI * t[0]); }, fast, ref, exact);
  Prolong(
      1, ax, [&](const double *t) { return std::sin((2 * (m + 1) - 3) * M_PI * t[0]); }, fold,
      fold_ref, unused);
  Prolong(
      1, ax, [&](const double *t) { return std::sin((m + 1) * M_PI * t[0]); }, zero, zero_ref,
      unused);
  for (std::size_t i = 0; i < exact.size(); ++i) {
    EXPECT_NEAR(fold[i], -exact[i], 1e-12);
    EXPECT_NEAR(zero[i], 0.0, 1e-12);
  }
}

TEST(SineProlongation, GemmPathEqualsPlainSumOnAnyValues) {
  // Not a band-limited series: irregular coarse values, uneven sizes in every dimension.
  const std::vector<std::vector<Axis>> cases = {{{50, 5, 30, 13}},
                                                {{19, 0, 19, 7}, {23, 4, 11, 9}},
                                                {{15, 2, 8, 5}, {9, 0, 9, 3}, {12, 6, 6, 4}}};
  for (const auto &c : cases) {
    const int dim = int(c.size());
    std::vector<double> fast, ref, unused;
    Prolong(
        dim, c.data(),
        [](const double *t) { return std::cos(17.0 * t[0] * t[0] + 5 * t[1]) + t[2]; }, fast, ref,
        unused);
    double scale = 0;
    for (double v : ref) scale = std::max(scale, std::fabs(v));
    for (std::size_t i = 0; i < ref.size(); ++i)
      ASSERT_NEAR(fast[i], ref[i], 1e-13 * scale) << "dim " << dim << ", point " << i;
  }
}

TEST(SineProlongation, FullResolutionIsTheIdentity) {
  // m = N - 2 (the grid's own interior): P is the identity on interior rows, 0 on the boundary.
  const int N = 21, m = N - 2;
  const std::vector<double> p = SineProlongationMatrix(N, 0, N, m);
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < m; ++j)
      ASSERT_NEAR(p[std::size_t(i) * m + j], (i == j + 1) ? 1.0 : 0.0, 1e-13) << i << "," << j;
}

}  // namespace
}  // namespace fpsolve::spectral
