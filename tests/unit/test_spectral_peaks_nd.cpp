// nD peak detection on hand-made boxes and on a tensor-product spectrum with absent odd modes.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "fpsolve/spectral/peaks_nd.hpp"

namespace fpsolve::spectral {
namespace {

using Modes = std::vector<Mode>;

TEST(SpectralPeaksNd, TwoDimensionalMaximaSortedByNorm) {
  // 4 x 3 box (kx fastest): maxima at (4,1) = 9 and (1,3) = 7; (2,2) = 5 has the neighbour
  // (1,3) = 7, so it is not a peak.
  const std::vector<double> box = {1, 2,   3,   9,  //
                                   4, 5,   1,   2,  //
                                   7, 0.5, 0.1, 0.2};
  const int extent[3] = {4, 3, 1};
  // Sorted by |k|: (1,3) (|k|^2 = 10) before (4,1) (17).
  EXPECT_EQ(find_peaks_nd(box, 2, extent, 2), (Modes{{1, 3, 0}, {4, 1, 0}}));
  // Third: the shoulder with the largest magnitude (2,2) = 5.
  EXPECT_EQ(find_peaks_nd(box, 2, extent, 3), (Modes{{2, 2, 0}, {1, 3, 0}, {4, 1, 0}}));
  EXPECT_EQ(find_peaks_nd(box, 2, extent, 1), (Modes{{4, 1, 0}}));
}

TEST(SpectralPeaksNd, TensorProductWithAbsentOddModes) {
  // U(kx, ky) = f(kx) f(ky), f vanishing on odd modes and peaked at 2 and 8 (the seed's shape).
  auto f = [](int k) {
    return k % 2 ? 0.0 : 1.0 / (1 + (k - 2) * (k - 2)) + 0.3 / (1 + (k - 8) * (k - 8));
  };
  const int n = 12, extent[3] = {n, n, 1};
  std::vector<double> box(n * n);
  for (int ky = 1; ky <= n; ++ky)
    for (int kx = 1; kx <= n; ++kx) box[(ky - 1) * n + kx - 1] = f(kx) * f(ky);
  // Without stepping over the zeros every even-even mode would be a local maximum.
  EXPECT_EQ(find_peaks_nd(box, 2, extent, 4), (Modes{{2, 2, 0}, {8, 2, 0}, {2, 8, 0}, {8, 8, 0}}));
}

TEST(SpectralPeaksNd, ThreeDimensionsAndOneDimensionAgreeWithTheirDefinitions) {
  const int e3[3] = {3, 3, 3};
  std::vector<double> box(27, 1.0);
  box[13] = 4.0;  // the centre (2,2,2)
  box[0] = 2.0;   // a corner (1,1,1): its neighbours are 1s
  EXPECT_EQ(find_peaks_nd(box, 3, e3, 2), (Modes{{1, 1, 1}, {2, 2, 2}}));
  // In 1D the rules are the 1D ones (peaks.hpp): maxima 2 and 4, then the shoulder 5.
  const std::vector<double> line = {1, 3, 2, 5, 4, 0.5, 2, 1};
  const int e1[3] = {8, 1, 1};
  EXPECT_EQ(find_peaks_nd(line, 1, e1, 4), (Modes{{2, 0, 0}, {4, 0, 0}, {5, 0, 0}, {7, 0, 0}}));
  const int e4[3] = {4, 1, 1};
  EXPECT_TRUE(find_peaks_nd(std::vector<double>(4, 0.0), 1, e4, 2).empty());
}

}  // namespace
}  // namespace fpsolve::spectral
