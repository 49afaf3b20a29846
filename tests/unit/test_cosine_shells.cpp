// The image fit's cosine shell spectrum: the FFTW transform against the direct formula, the shell
// partition, and relative errors that see which scale an approximation misses.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "fpsolve/spectral/cosine_shells.hpp"

using fpsolve::spectral::CosineShells;

TEST(CosineShells, TransformMatchesTheDirectFormula) {
  const int nx = 7, ny = 5;
  std::vector<double> f(nx * ny), fast(nx * ny), ref(nx * ny);
  for (int i = 0; i < nx * ny; ++i) f[i] = std::sin(1.3 * i) + 0.1 * i;
  CosineShells shells(nx, ny, 0, f);
  shells.Transform(f.data(), fast.data());
  CosineShells::TransformRef(nx, ny, f.data(), ref.data());
  for (int i = 0; i < nx * ny; ++i) EXPECT_NEAR(fast[i], ref[i], 1e-11) << i;
}

TEST(CosineShells, ShellsPartitionTheModes) {
  std::vector<double> t(16 * 12, 1.0);
  CosineShells shells(16, 12, 5, t);
  ASSERT_EQ(shells.count(), 5);
  EXPECT_EQ(shells.edges().front(), 0.0);
  EXPECT_NEAR(shells.edges().back(), std::hypot(15, 11), 1e-12);
  EXPECT_EQ(shells.ShellOf(0, 0), 0);
  EXPECT_EQ(shells.ShellOf(15, 11), 4);  // the last shell is closed
  // A constant image has only the k = 0 coefficient: all energy in shell 0.
  EXPECT_GT(shells.target_energy()[0], 0.0);
  for (int s = 1; s < 5; ++s) EXPECT_NEAR(shells.target_energy()[s], 0.0, 1e-18);
  CosineShells automatic(64, 64, 0, std::vector<double>(64 * 64, 0.5));
  EXPECT_EQ(automatic.count(), 32);
}

TEST(CosineShells, RelativeErrorsSeeTheMissingScale) {
  const int nx = 32, ny = 24;
  std::vector<double> target(nx * ny), coarse(nx * ny);
  for (int jy = 0; jy < ny; ++jy)
    for (int jx = 0; jx < nx; ++jx) {
      const double low = std::cos(M_PI * (jx + 0.5) * 1 / nx);  // kx = 1: shell 0
      const double high =
          std::cos(M_PI * (jx + 0.5) * 28 / nx) * std::cos(M_PI * (jy + 0.5) * 20 / ny);
      target[jy * nx + jx] = 0.5 + low + 0.3 * high;
      coarse[jy * nx + jx] = 0.5 + low;  // misses the high mode entirely
    }
  CosineShells shells(nx, ny, 8, target);
  const auto exact = shells.RelativeErrors(target);
  const auto rel = shells.RelativeErrors(coarse);
  const int low_shell = shells.ShellOf(1, 0), high_shell = shells.ShellOf(28, 20);
  ASSERT_NE(low_shell, high_shell);
  // Shells without target energy hold only rounding noise: only the two with content count.
  EXPECT_NEAR(exact[low_shell], 0.0, 1e-12);
  EXPECT_NEAR(exact[high_shell], 0.0, 1e-12);
  EXPECT_NEAR(rel[low_shell], 0.0, 1e-9);
  EXPECT_NEAR(rel[high_shell], 1.0, 1e-9);  // all of that shell's energy is missing
}
