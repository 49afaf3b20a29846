// Peak detection and per-mode relative errors against hand-worked values.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "fpsolve/spectral/peaks.hpp"

namespace fpsolve::spectral {
namespace {

using V = std::vector<double>;
using I = std::vector<int>;

TEST(SpectralPeaks, LocalMaximaByMagnitudeSortedByMode) {
  //            mode: 1  2  3  4  5  6    7  8
  const V spectrum = {1, 3, 2, 5, 4, 0.5, 2, 1};
  EXPECT_EQ(find_peaks(spectrum, 1), (I{4}));
  EXPECT_EQ(find_peaks(spectrum, 2), (I{2, 4}));
  EXPECT_EQ(find_peaks(spectrum, 3), (I{2, 4, 7}));
  // Only three local maxima: the fourth is the largest remaining mode (5, a shoulder).
  EXPECT_EQ(find_peaks(spectrum, 4), (I{2, 4, 5, 7}));
}

TEST(SpectralPeaks, SignedInputAndEnds) {
  // Ends count as maxima; the sign of a coefficient does not matter.
  EXPECT_EQ(find_peaks(V{-9, 1, 2, 3}, 2), (I{1, 4}));
  EXPECT_EQ(find_peaks(V{5}, 3), (I{1}));
  EXPECT_TRUE(find_peaks(V{}, 3).empty());
  EXPECT_TRUE(find_peaks(V{0, 0, 0}, 2).empty());
}

TEST(SpectralPeaks, AbsentModesAreSkippedAsNeighbours) {
  // Odd modes absent (parity): judged on the even modes 2, 4, 6, 8 = 1, 0.5, 0.8, 0.1, the
  // peaks are 2 and 6, although every even mode is a maximum of the raw sequence.
  const V spectrum = {1e-17, 1, 0, 0.5, -1e-16, 0.8, 0, 0.1};
  EXPECT_EQ(find_peaks(spectrum, 2), (I{2, 6}));
  EXPECT_EQ(find_peaks(spectrum, 3), (I{2, 4, 6}));
  EXPECT_EQ(find_peaks(spectrum, 10), (I{2, 4, 6, 8}));  // absent modes are never chosen
}

TEST(SpectralPeaks, PlateauCountsOnceAndInsignificantMaximaRankLast) {
  EXPECT_EQ(find_peaks(V{1, 4, 4, 1}, 1), (I{2}));
  // Mode 5 is a local maximum but below 1e-3 of the maximum: the shoulder mode 2 wins.
  const V tail = {1, 0.5, 1e-5, 1e-6, 2e-6, 1e-7};
  EXPECT_EQ(find_peaks(tail, 2), (I{1, 2}));
  PeakOptions loose;
  loose.significant = 0;
  EXPECT_EQ(find_peaks(tail, 2, loose), (I{1, 5}));
}

TEST(SpectralPeaks, SeedLikeSpectrum) {
  // |U|/max of the seed's exact solution at N = 1001, modes 1..18 (odd modes absent).
  const V seed = {0,       1, 0,       .159576, 0,       .140723, 0,       .021562, 0,
                  .002367, 0, .006999, 0,       .025028, 0,       .045673, 0,       .011457};
  EXPECT_EQ(find_peaks(seed, 4), (I{2, 4, 6, 16}));
  EXPECT_EQ(find_peaks(seed, 2), (I{2, 16}));  // the only true local maxima
}

TEST(SpectralModeErrors, HandValues) {
  const V U = {1.5, -2, 0.25, 7};
  const V Uref = {1, -4, 0.5, 7};
  const V e = mode_errors(U, Uref, I{1, 2, 3, 4});
  ASSERT_EQ(e.size(), 4u);
  EXPECT_DOUBLE_EQ(e[0], 0.5);  // |1.5-1|/1
  EXPECT_DOUBLE_EQ(e[1], 0.5);  // |-2+4|/4
  EXPECT_DOUBLE_EQ(e[2], 0.5);  // |0.25-0.5|/0.5
  EXPECT_DOUBLE_EQ(e[3], 0.0);
  EXPECT_EQ(mode_errors(U, Uref, I{4, 2}), (V{0.0, 0.5}));  // order of the mode list kept
  // Sign flip of a mode: error 2.
  EXPECT_DOUBLE_EQ(mode_errors(V{-3}, V{3}, I{1})[0], 2.0);
}

TEST(SpectralModeErrors, ZeroReferenceAndBadModes) {
  double e[2];
  const double U[2] = {0, 1}, Uref[2] = {0, 0};
  relative_errors(U, Uref, 2, e);
  EXPECT_EQ(e[0], 0.0);
  EXPECT_EQ(e[1], std::numeric_limits<double>::infinity());
  EXPECT_THROW(mode_errors(V{1, 2}, V{1, 2}, I{0}), std::out_of_range);
  EXPECT_THROW(mode_errors(V{1, 2}, V{1, 2}, I{3}), std::out_of_range);
  EXPECT_THROW(mode_errors(V{1, 2}, V{1}, I{1}), std::out_of_range);
}

}  // namespace
}  // namespace fpsolve::spectral
