// The correction cycles' residual spectrum in 1D, 2D and 3D (hybrid/residual_spectrum.hpp)
// against direct formulas: its error energy h^d r^T A^-1 r against a direct (CG) solve, its
// amplitude, shells and sweep prediction on a single sine mode; and the residual equation's
// interpolation of r (hybrid/residual_problem.hpp), which must see the grid in natural order
// on every rank count.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "fpsolve/hybrid/residual_problem.hpp"
#include "fpsolve/hybrid/residual_spectrum.hpp"
#include "fpsolve/solve/laplacian.hpp"
#include "fpsolve/solve/stencil.hpp"
#include "fpsolve/spectral/dst_nd.hpp"
#include "petsc_test_util.hpp"

namespace fpsolve {
namespace {

// A box grid of dim dimensions under grid_opts, its assembled operator and transform.
struct Box {
  Grid grid;
  Mat A = nullptr;
  Vec u = nullptr, b = nullptr;
  std::unique_ptr<spectral::DstNd> dst;
  Box(int dim, const char *grid_opts) {
    testing::ScopedOptions opts(grid_opts);
    Domain domain;
    domain.dim = dim;
    domain.hi = {1.0, 2.0, 0.5};  // unequal spacings
    EXPECT_EQ(GridCreate(PETSC_COMM_WORLD, domain, &grid), 0);
    EXPECT_EQ(spectral::DstNd::Create(grid.da, &dst), 0);
    DMCreateMatrix(grid.da, &A);
    LaplacianAssemble(grid.da, grid.domain, A);
    DMCreateGlobalVector(grid.da, &u);
    VecDuplicate(u, &b);
  }
  ~Box() {
    dst.reset();
    VecDestroy(&u);
    VecDestroy(&b);
    MatDestroy(&A);
    GridDestroy(&grid);
  }
  double hd() const {
    double h = 1;
    for (int a = 0; a < grid.dim; ++a) h *= grid.h[a];
    return h;
  }
};

// h^d r^T A^-1 r with r = b - A u, by CG to round-off: independent of the DST.
double DirectEnergy(Box &s) {
  Vec r, e;
  KSP ksp;
  PC pc;
  PetscScalar dot;
  VecDuplicate(s.u, &r);
  VecDuplicate(s.u, &e);
  MatMult(s.A, s.u, r);
  VecAYPX(r, -1.0, s.b);
  KSPCreate(PETSC_COMM_WORLD, &ksp);
  KSPSetOperators(ksp, s.A, s.A);
  KSPSetType(ksp, KSPCG);
  KSPGetPC(ksp, &pc);
  PCSetType(pc, PCJACOBI);
  KSPSetTolerances(ksp, 1e-14, 1e-300, 1e10, 100000);
  EXPECT_EQ(KSPSolve(ksp, r, e), 0);
  VecDot(r, e, &dot);
  KSPDestroy(&ksp);
  VecDestroy(&r);
  VecDestroy(&e);
  return s.hd() * dot;
}

// A guess with smooth and rough error, zero on the boundary; b a nonzero right-hand side with
// zero boundary rows.
void FillGuessAndRhs(Box &s) {
  const Domain &d = s.grid.domain;
  auto bubble = [&](const double *x) {
    double v = 1;
    for (int a = 0; a < d.dim; ++a) v *= (x[a] - d.lo[a]) * (d.hi[a] - x[a]);
    return v;
  };
  GridFill(
      s.grid, [&](const double *x) { return bubble(x) * (0.7 + 0.2 * std::sin(40 * x[0])); }, s.u);
  GridFill(
      s.grid, [&](const double *x) { return bubble(x) > 0 ? 3.0 + x[0] : 0.0; }, s.b);
}

const char *const kGrids[] = {"-da_grid_x 101", "-da_grid_x 33 -da_grid_y 21",
                              "-da_grid_x 11 -da_grid_y 9 -da_grid_z 13"};

TEST(ResidualSpectrum, EnergyAndItsFrequencyFromADirectSolve) {
  for (int dim = 1; dim <= 3; ++dim) {
    Box s(dim, kGrids[dim - 1]);
    FillGuessAndRhs(s);
    std::unique_ptr<hybrid::ResidualSpectrum> spec;
    ASSERT_EQ(hybrid::ResidualSpectrum::Create(s.grid, *s.dst, s.A, s.b, &spec), 0);
    ASSERT_EQ(spec->Analyse(s.u), 0);
    const double direct = DirectEnergy(s);
    EXPECT_GT(direct, 0);
    EXPECT_NEAR(spec->energy(), direct, 1e-9 * direct) << dim << "D";
    PetscReal rnorm;
    Vec r;
    VecDuplicate(s.u, &r);
    MatMult(s.A, s.u, r);
    VecAYPX(r, -1.0, s.b);
    VecNorm(r, NORM_2, &rnorm);
    EXPECT_NEAR(spec->residual_norm(), rnorm, 1e-12 * rnorm);
    VecDestroy(&r);
    // The energy-weighted frequency over every mode: sqrt(h^d ||r||^2 / ||e||_A^2) / (2 pi).
    double f = 0;
    ASSERT_EQ(spec->EnergyFrequency(1e9, &f), 0);
    EXPECT_NEAR(f, std::sqrt(s.hd() * rnorm * rnorm / direct) / (2 * M_PI), 1e-8 * f) << dim << "D";
  }
}

// b = 0, u = a prod_a sin(pi k_a i_a / (n_a + 1)): the error is -u, one mode.
TEST(ResidualSpectrum, OneModeGivesItsAmplitudeShellAndJacobiSweeps) {
  const int k[3] = {3, 2, 4};
  const double a = 0.25;
  for (int dim = 1; dim <= 3; ++dim) {
    Box s(dim, kGrids[dim - 1]);
    VecZeroEntries(s.b);
    PetscScalar *u;
    VecGetArray(s.u, &u);
    GridForEachOwned(s.grid, [&](PetscInt l, const PetscInt *idx, const double *, bool) {
      u[l] = a;
      for (int ax = 0; ax < dim; ++ax)
        u[l] *= std::sin(M_PI * k[ax] * idx[ax] / (double)(s.grid.n[ax] - 1));
    });
    VecRestoreArray(s.u, &u);
    std::unique_ptr<hybrid::ResidualSpectrum> spec;
    ASSERT_EQ(hybrid::ResidualSpectrum::Create(s.grid, *s.dst, s.A, s.b, &spec), 0);
    ASSERT_EQ(spec->Analyse(s.u), 0);
    EXPECT_NEAR(spec->amplitude(), a, 1e-12) << dim << "D";
    // |E_k| = a prod_a (n_a + 1)/2 (the forward DST's scale), all in shell round(|k|).
    double coefficient = a, k2 = 0;
    for (int ax = 0; ax < dim; ++ax) coefficient *= (s.grid.n[ax] - 1) / 2.0, k2 += k[ax] * k[ax];
    const size_t shell = (size_t)std::lround(std::sqrt(k2));
    const std::vector<double> &shells = spec->shell_errors();
    for (size_t i = 0; i < shells.size(); ++i)
      EXPECT_NEAR(shells[i], i + 1 == shell ? coefficient : 0.0, 1e-9 * coefficient)
          << dim << "D shell " << i + 1;
    // max|e| <= a |rho_k|^j: the sweeps to a/100 (the bins' slowest rate: within 1 %).
    const Stencil st = Stencil::FromGrid(s.grid);
    const double exact = std::log(100.0) / -std::log(std::fabs(st.JacobiFactor(k)));
    EXPECT_NEAR(spec->error_bound(0), a, 1e-12);
    EXPECT_GE(spec->SweepsTo(a / 100), exact - 1) << dim << "D";
    EXPECT_LE(spec->SweepsTo(a / 100), 1.01 * exact + 1) << dim << "D";
    // The residual's 2-norm decays by the same factor: to 1/100 of ||r|| in as many sweeps.
    EXPECT_GE(spec->SweepsToResidual(spec->residual_norm() / 100), exact - 1) << dim << "D";
    EXPECT_LE(spec->SweepsToResidual(spec->residual_norm() / 100), 1.01 * exact + 1) << dim << "D";
  }
}

// Analyse skips a u equal to the last one (the cycle's accepted candidate copied into the
// iterate): the results must stay those of a fresh analysis after a change of u in one entry,
// after a copy back, and after SetSmoothing (which changes the split above/below the cut-off).
TEST(ResidualSpectrum, ReanalysesAChangedIterateAndANewCutoff) {
  Box s(2, kGrids[1]);
  FillGuessAndRhs(s);
  std::unique_ptr<hybrid::ResidualSpectrum> spec, fresh;
  ASSERT_EQ(hybrid::ResidualSpectrum::Create(s.grid, *s.dst, s.A, s.b, &spec), 0);
  ASSERT_EQ(spec->SetSmoothing(4, 0.8), 0);
  ASSERT_EQ(spec->Analyse(s.u), 0);
  const double energy0 = spec->energy(), smooth0 = spec->SweepsToSmooth(0.1, false);
  Vec v;
  VecDuplicate(s.u, &v);
  VecCopy(s.u, v);
  PetscInt owned_begin;
  VecGetOwnershipRange(v, &owned_begin, nullptr);
  if (owned_begin == 0) VecSetValue(v, 40, 0.125, ADD_VALUES);  // one interior point
  VecAssemblyBegin(v);
  VecAssemblyEnd(v);
  auto expect_fresh = [&](Vec w, double cutoff, const char *what) {
    ASSERT_EQ(hybrid::ResidualSpectrum::Create(s.grid, *s.dst, s.A, s.b, &fresh), 0);
    ASSERT_EQ(fresh->SetSmoothing(cutoff, 0.8), 0);
    ASSERT_EQ(fresh->Analyse(w), 0);
    EXPECT_EQ(spec->energy(), fresh->energy()) << what;
    EXPECT_EQ(spec->residual_norm(), fresh->residual_norm()) << what;
    EXPECT_EQ(spec->SweepsToSmooth(0.1, false), fresh->SweepsToSmooth(0.1, false)) << what;
  };
  ASSERT_EQ(spec->Analyse(v), 0);
  EXPECT_NE(spec->energy(), energy0);
  expect_fresh(v, 4, "u changed in one entry");
  ASSERT_EQ(spec->Analyse(s.u), 0);  // a different Vec equal to the first u
  EXPECT_EQ(spec->energy(), energy0);
  EXPECT_EQ(spec->SweepsToSmooth(0.1, false), smooth0);
  ASSERT_EQ(spec->SetSmoothing(12, 0.8), 0);
  ASSERT_EQ(spec->Analyse(s.u), 0);  // the same u, a new cut-off
  EXPECT_NE(spec->SweepsToSmooth(0.1, false), smooth0);
  expect_fresh(s.u, 12, "a new cut-off");
  VecDestroy(&v);
}

// The error's energy-weighted frequency (the cycle's default Fourier sigma comes from it) on two
// modes, r = a s_k1 + c s_k2 (u = 0, b = r): the cut-off keeps the one below it (its
// sqrt(lambda) / (2 pi)), both, or none.
TEST(ResidualSpectrum, EnergyFrequencyWeighsTheModesBelowTheCutoff) {
  for (int dim = 1; dim <= 3; ++dim) {
    Box s(dim, kGrids[dim - 1]);
    const int k1[3] = {1, 2, 1}, k2[3] = {5, 3, 2};  // |k1| below the cut-off 3, |k2| above
    const double a = 2.0, c = 0.5;
    const Domain &d = s.grid.domain;
    auto mode = [&](const int *k, const double *x) {
      double v = 1;
      for (int ax = 0; ax < dim; ++ax)
        v *= std::sin(M_PI * k[ax] * (x[ax] - d.lo[ax]) / (d.hi[ax] - d.lo[ax]));
      return v;
    };
    GridFill(
        s.grid, [&](const double *x) { return a * mode(k1, x) + c * mode(k2, x); }, s.b);
    VecZeroEntries(s.u);
    std::unique_ptr<hybrid::ResidualSpectrum> spec;
    ASSERT_EQ(hybrid::ResidualSpectrum::Create(s.grid, *s.dst, s.A, s.b, &spec), 0);
    ASSERT_EQ(spec->Analyse(s.u), 0);
    const Stencil st = Stencil::FromGrid(s.grid);
    const double l1 = st.Eigenvalue(k1), l2 = st.Eigenvalue(k2);
    double below = 0, both = 0, none = 1;
    ASSERT_EQ(spec->EnergyFrequency(3.0, &below), 0);
    ASSERT_EQ(spec->EnergyFrequency(1e9, &both), 0);
    ASSERT_EQ(spec->EnergyFrequency(0.5, &none), 0);
    EXPECT_NEAR(below, std::sqrt(l1) / (2 * M_PI), 1e-9 * below) << dim << "D";
    const double want = std::sqrt((a * a + c * c) / (a * a / l1 + c * c / l2)) / (2 * M_PI);
    EXPECT_NEAR(both, want, 1e-9 * want) << dim << "D";
    EXPECT_GT(both, below * 1.01) << dim << "D: the mode above the cut-off did not count";
    EXPECT_EQ(none, 0.0) << dim << "D";
  }
}

// Multilinear data is reproduced exactly inside the interior cells; outside them (next to the
// boundary) r takes the nearest interior value.
TEST(ResidualProblem, InterpolatesMultilinearDataInNaturalOrder) {
  auto f = [](const double *x, int dim) {
    double v = 1.5 + x[0];
    if (dim > 1) v += 2 * x[1] - 0.5 * x[0] * x[1];
    if (dim > 2) v += x[2] * (1 - x[0] * x[1]);
    return v;
  };
  for (int dim = 1; dim <= 3; ++dim) {
    Box s(dim, kGrids[dim - 1]);
    GridFill(
        s.grid, [&](const double *x) { return f(x, dim); }, s.u);
    hybrid::ResidualProblem problem(s.grid);
    ASSERT_EQ(problem.Set(s.u, 2.0), 0);
    const Domain &d = s.grid.domain;
    for (int i = 0; i < 50; ++i) {
      double x[3], inner[3];
      for (int a = 0; a < dim; ++a) {
        const double t = std::fmod(0.37 * (i + 1) * (a + 1.3), 1.0);
        x[a] = d.lo[a] + t * (d.hi[a] - d.lo[a]);
        // The interior cells span [lo + h, hi - h]: outside, the nearest interior value.
        inner[a] = std::clamp(x[a], d.lo[a] + s.grid.h[a], d.hi[a] - s.grid.h[a]);
      }
      EXPECT_NEAR(problem.rhs(x), 2 * f(inner, dim), 1e-11) << dim << "D sample " << i;
    }
    // The trainer's batched call (corner reads prefetched) gives rhs() bit for bit, also for
    // points on and beyond the box's faces and more points than one prefetch block.
    const long n = 77;
    std::vector<double> pts(n * dim), g(n);
    for (long i = 0; i < n; ++i)
      for (int a = 0; a < dim; ++a)
        pts[i * dim + a] =
            d.lo[a] + (std::fmod(0.61 * (i + 1) * (a + 1.7), 1.2) - 0.1) * (d.hi[a] - d.lo[a]);
    problem.rhs_batch(pts.data(), n, g.data());
    for (long i = 0; i < n; ++i) EXPECT_EQ(g[i], problem.rhs(&pts[i * dim])) << dim << "D " << i;
  }
}

}  // namespace
}  // namespace fpsolve
