// The net on a coarse grid prolonged to the grid (hybrid/coarse_net_on_grid.hpp), on 1, 2 and 4
// ranks in 1D, 2D and 3D: a "net" whose sine series fits the coarse grid comes out exactly at
// every owned point; any other comes out as the serial computation of the whole grid (the plain
// sum over the coarse points, on this rank alone) says, whatever the split; 0 on the boundary.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "fpsolve/hybrid/coarse_net_on_grid.hpp"
#include "fpsolve/spectral/sine_prolongation.hpp"
#include "petsc_test_util.hpp"

namespace fpsolve::hybrid {
namespace {

const char *const kGrids[] = {"-da_grid_x 61", "-da_grid_x 33 -da_grid_y 25",
                              "-da_grid_x 13 -da_grid_y 11 -da_grid_z 9"};

// Unit coordinate of x on axis a of the box.
double Unit(const Grid &g, int a, double x) {
  return (x - g.domain.lo[a]) / (g.domain.hi[a] - g.domain.lo[a]);
}

// The value at every owned point, against want(idx, x).
template <class F>
void ExpectOwned(const Grid &g, Vec u, double tol, F &&want) {
  const PetscScalar *a;
  ASSERT_EQ(VecGetArrayRead(u, &a), 0);
  ASSERT_EQ(GridForEachOwned(g,
                             [&](PetscInt k, const PetscInt *idx, const double *x, bool bnd) {
                               const double w = bnd ? 0.0 : want(idx, x);
                               EXPECT_NEAR(a[k], w, tol) << "point " << k;
                             }),
            0);
  ASSERT_EQ(VecRestoreArrayRead(u, &a), 0);
}

// A new Vec of g holding the prolonged f (a function of one point's dim coordinates).
template <class F>
Vec Prolonged(const Grid &g, CoarseNetOnGrid &coarse, F &&f) {
  Vec u = nullptr;
  auto net = [&](const double *x, int n, double *out) {
    for (int i = 0; i < n; ++i) out[i] = f(x + std::size_t(i) * g.dim);
  };
  if (DMCreateGlobalVector(g.da, &u) || coarse.Evaluate(net, u)) VecDestroy(&u);
  return u;
}

TEST(CoarseNetOnGrid, BandLimitedNetIsExactOnEveryRankCount) {
  for (int dim = 1; dim <= 3; ++dim) {
    SCOPED_TRACE("dim " + std::to_string(dim));
    testing::ScopedOptions opts(kGrids[dim - 1]);
    Domain domain;
    domain.dim = dim;
    domain.lo = {-1.0, 0.5, 0.0}, domain.hi = {1.0, 2.0, 0.5};  // unequal spacings
    Grid g;
    ASSERT_EQ(GridCreate(PETSC_COMM_WORLD, domain, &g), 0);
    const PetscInt points = 5;  // modes up to 5 per axis
    CoarseNetOnGrid coarse;
    ASSERT_EQ(CoarseNetOnGrid::Create(g, points, &coarse), 0);
    auto series = [&](const double *x) {
      double v =
          std::sin(2 * M_PI * Unit(g, 0, x[0])) + 0.3 * std::sin(5 * M_PI * Unit(g, 0, x[0]));
      for (int a = 1; a < dim; ++a)
        v *= std::sin(M_PI * Unit(g, a, x[a])) - 0.5 * std::sin(4 * M_PI * Unit(g, a, x[a]));
      return v;
    };
    Vec u = Prolonged(g, coarse, series);
    ASSERT_NE(u, nullptr);
    ExpectOwned(g, u, 1e-12, [&](const PetscInt *, const double *x) { return series(x); });
    VecDestroy(&u);
    GridDestroy(&g);
  }
}

TEST(CoarseNetOnGrid, AnyNetEqualsTheSerialSum) {
  for (int dim = 1; dim <= 3; ++dim) {
    SCOPED_TRACE("dim " + std::to_string(dim));
    testing::ScopedOptions opts(kGrids[dim - 1]);
    Domain domain;
    domain.dim = dim;
    Grid g;
    ASSERT_EQ(GridCreate(PETSC_COMM_WORLD, domain, &g), 0);
    const PetscInt points = 7;
    CoarseNetOnGrid coarse;
    ASSERT_EQ(CoarseNetOnGrid::Create(g, points, &coarse), 0);
    auto net = [&](const double *x) { return std::exp(x[0]) * std::cos(3 * x[dim - 1]) + 0.2; };
    Vec u = Prolonged(g, coarse, net);
    ASSERT_NE(u, nullptr);
    // The serial computation: every coarse value and every fine point on this rank.
    std::vector<double> p[3], coarse_values, whole;
    const double *pp[3] = {nullptr, nullptr, nullptr};
    int rows[3] = {1, 1, 1}, m[3] = {1, 1, 1};
    for (int a = 0; a < dim; ++a) {
      m[a] = coarse.points(a), rows[a] = (int)g.n[a];
      ASSERT_EQ(m[a], std::min<int>(points, (int)g.n[a] - 2));
      p[a] = spectral::SineProlongationMatrix((int)g.n[a], 0, rows[a], m[a]);
      pp[a] = p[a].data();
    }
    for (int r = 0; r < m[2]; ++r)
      for (int s = 0; s < m[1]; ++s)
        for (int t = 0; t < m[0]; ++t) {
          const int j[3] = {t, s, r};
          double x[3] = {0, 0, 0};
          for (int a = 0; a < dim; ++a)
            x[a] = g.domain.lo[a] + (g.domain.hi[a] - g.domain.lo[a]) * (j[a] + 1.0) / (m[a] + 1);
          coarse_values.push_back(net(x));
        }
    whole.resize(std::size_t(rows[0]) * rows[1] * rows[2]);
    spectral::ProlongTensor_ref(dim, pp, rows, m, coarse_values.data(), whole.data());
    ExpectOwned(g, u, 1e-12, [&](const PetscInt *idx, const double *) {
      return whole[(std::size_t(idx[2]) * rows[1] + idx[1]) * rows[0] + idx[0]];
    });
    VecDestroy(&u);
    GridDestroy(&g);
  }
}

}  // namespace
}  // namespace fpsolve::hybrid
