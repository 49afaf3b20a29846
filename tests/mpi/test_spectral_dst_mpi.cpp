// DST via FFTW-MPI on the ranks ctest gives (1, 2, 4): against a direct O(n^2) sum, the layout
// scatter round trip, the projection path, the error spectrum, and the seed's peaks.
#include <gtest/gtest.h>
#include <petscdmda.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include "direct_dst.hpp"
#include "fpsolve/spectral/dst.hpp"
#include "fpsolve/spectral/mode_projector.hpp"
#include "fpsolve/spectral/peaks.hpp"

namespace fpsolve::spectral {
namespace {

#define FPS_OK(expr) ASSERT_EQ(0, (expr))

using Layout = DstOptions::Layout;

// Test data by natural index, so every rank count sees the same grid function.
double Wiggly(PetscInt j) {
  return std::sin(0.37 * j * j + 1.1 * j) + 0.25 * std::cos(3.0 * j);
}

double SeedExact(double x) {
  auto g0 = [](double t) {
    return std::sin(t) + std::sin(4 * t) / 4 - std::sin(8 * t) / 8 + std::sin(24 * t) / 36;
  };
  const double c1 = (g0(-1) - g0(1)) / 2, c0 = -(g0(-1) + g0(1)) / 2;
  return g0(x) + c1 * x + c0;
}

// lx (optional): an uneven DMDA split, to make sure nothing assumes PETSc's default one.
PetscErrorCode MakeGrid(PetscInt N, DM *da, const PetscInt *lx = nullptr) {
  PetscFunctionBegin;
  PetscCall(DMDACreate1d(PETSC_COMM_WORLD, DM_BOUNDARY_NONE, N, 1, 1, lx, da));
  PetscCall(DMSetUp(*da));
  PetscFunctionReturn(0);
}

template <class F>
PetscErrorCode Fill(DM da, F f, Vec u) {
  PetscInt xs, xm;
  PetscScalar *a;
  PetscFunctionBegin;
  PetscCall(DMDAGetCorners(da, &xs, nullptr, nullptr, &xm, nullptr, nullptr));
  PetscCall(DMDAVecGetArray(da, u, &a));
  for (PetscInt j = xs; j < xs + xm; ++j) a[j] = f(j);
  PetscCall(DMDAVecRestoreArray(da, u, &a));
  PetscFunctionReturn(0);
}

PetscErrorCode GatherAll(Vec v, std::vector<double> &all) {
  VecScatter sc;
  Vec seq;
  const PetscScalar *a;
  PetscInt n;
  PetscFunctionBegin;
  PetscCall(VecScatterCreateToAll(v, &sc, &seq));
  PetscCall(VecScatterBegin(sc, v, seq, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecScatterEnd(sc, v, seq, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecGetSize(seq, &n));
  PetscCall(VecGetArrayRead(seq, &a));
  all.assign(a, a + n);
  PetscCall(VecRestoreArrayRead(seq, &a));
  PetscCall(VecScatterDestroy(&sc));
  PetscCall(VecDestroy(&seq));
  PetscFunctionReturn(0);
}

using fpsolve::testing::DirectDst;

double MaxRelDiff(const std::vector<double> &a, const std::vector<double> &b) {
  double diff = 0, scale = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff = std::max(diff, std::fabs(a[i] - b[i]));
    scale = std::max(scale, std::fabs(b[i]));
  }
  return diff / scale;
}

int Size() {
  int size;
  MPI_Comm_size(PETSC_COMM_WORLD, &size);
  return size;
}

TEST(SpectralDstMpi, MatchesDirectSum) {
  for (Layout layout : {Layout::kDistributed, Layout::kRoot}) {
    for (PetscInt n : {1, 2, 3, 7, 8, 100, 999}) {
      if (n + 2 < Size()) continue;  // a DMDA needs a point per rank
      SCOPED_TRACE("n = " + std::to_string(n) +
                   (layout == Layout::kRoot ? " (root)" : " (distributed)"));
      DM da;
      Vec u, coeffs;
      std::unique_ptr<Dst> dst;
      FPS_OK(MakeGrid(n + 2, &da));
      FPS_OK(DMCreateGlobalVector(da, &u));
      FPS_OK(Fill(da, Wiggly, u));
      DstOptions opt;
      opt.layout = layout;
      FPS_OK(Dst::Create(da, &dst, opt));
      EXPECT_EQ(dst->layout(), layout);
      std::vector<double> uall, U, Uroot;
      FPS_OK(GatherAll(u, uall));
      FPS_OK(dst->Apply(u, U));
      ASSERT_EQ(U.size(), static_cast<std::size_t>(n));
      const std::vector<double> ref = DirectDst(uall);
      EXPECT_LT(MaxRelDiff(U, ref), 1e-12);
      // Distributed result + gather to rank 0 gives the same numbers.
      FPS_OK(dst->CreateCoeffVec(&coeffs));
      FPS_OK(dst->Apply(u, coeffs));
      FPS_OK(dst->Gather(coeffs, Uroot, 0));
      int rank;
      MPI_Comm_rank(PETSC_COMM_WORLD, &rank);
      if (rank == 0) {
        EXPECT_EQ(Uroot, U);
      } else {
        EXPECT_TRUE(Uroot.empty());
      }
      FPS_OK(VecDestroy(&coeffs));
      FPS_OK(VecDestroy(&u));
      dst.reset();
      FPS_OK(DMDestroy(&da));
    }
  }
}

TEST(SpectralDstMpi, MeasuredPlanGivesTheSameTransform) {
  const PetscInt n = 99;  // M = 200
  DM da;
  Vec u;
  std::unique_ptr<Dst> dst;
  FPS_OK(MakeGrid(n + 2, &da));
  FPS_OK(DMCreateGlobalVector(da, &u));
  FPS_OK(Fill(da, Wiggly, u));
  DstOptions opt;
  opt.measure = true;  // FFTW_MEASURE scribbles on the buffers while planning
  FPS_OK(Dst::Create(da, &dst, opt));
  std::vector<double> uall, U;
  FPS_OK(GatherAll(u, uall));
  FPS_OK(dst->Apply(u, U));
  EXPECT_LT(MaxRelDiff(U, DirectDst(uall)), 1e-12);
  FPS_OK(VecDestroy(&u));
  dst.reset();
  FPS_OK(DMDestroy(&da));
}

TEST(SpectralDstMpi, UnevenDmdaSplit) {
  const int size = Size();
  std::vector<PetscInt> lx(size, 1);
  lx[size - 1] = 101 - (size - 1);  // ranks 0..P-2 own one point each
  DM da;
  Vec u;
  std::unique_ptr<Dst> dst;
  FPS_OK(MakeGrid(101, &da, lx.data()));
  FPS_OK(DMCreateGlobalVector(da, &u));
  FPS_OK(Fill(da, Wiggly, u));
  FPS_OK(Dst::Create(da, &dst));
  std::vector<double> uall, U;
  FPS_OK(GatherAll(u, uall));
  FPS_OK(dst->Apply(u, U));
  EXPECT_LT(MaxRelDiff(U, DirectDst(uall)), 1e-12);
  FPS_OK(VecDestroy(&u));
  dst.reset();
  FPS_OK(DMDestroy(&da));
}

TEST(SpectralDstMpi, LayoutScatterRoundTripIsIdentity) {
  for (Layout layout : {Layout::kDistributed, Layout::kRoot}) {
    for (PetscInt n : {3, 7, 100, 999}) {
      SCOPED_TRACE("n = " + std::to_string(n));
      DM da;
      Vec u, back, w;
      std::unique_ptr<Dst> dst;
      FPS_OK(MakeGrid(n + 2, &da));
      FPS_OK(DMCreateGlobalVector(da, &u));
      FPS_OK(VecDuplicate(u, &back));
      FPS_OK(Fill(da, Wiggly, u));
      DstOptions opt;
      opt.layout = layout;
      FPS_OK(Dst::Create(da, &dst, opt));
      FPS_OK(dst->CreateFftwLayoutVec(&w));
      FPS_OK(dst->ToFftwLayout(u, w));
      // The FFTW-layout vector is the unsigned odd extension of the interior.
      std::vector<double> uall, wall;
      FPS_OK(GatherAll(u, uall));
      FPS_OK(GatherAll(w, wall));
      const PetscInt M = 2 * (n + 1);
      ASSERT_EQ(wall.size(), static_cast<std::size_t>(M));
      EXPECT_EQ(wall[0], 0.0);
      EXPECT_EQ(wall[n + 1], 0.0);
      for (PetscInt j = 1; j <= n; ++j) {
        EXPECT_EQ(wall[j], uall[j]);
        EXPECT_EQ(wall[M - j], uall[j]);
      }
      // And back: the interior is restored bit for bit, the boundary is not touched.
      FPS_OK(VecSet(back, -7.0));
      FPS_OK(dst->FromFftwLayout(w, back));
      std::vector<double> ball;
      FPS_OK(GatherAll(back, ball));
      EXPECT_EQ(ball.front(), -7.0);
      EXPECT_EQ(ball.back(), -7.0);
      for (PetscInt j = 1; j <= n; ++j) EXPECT_EQ(ball[j], uall[j]);
      FPS_OK(VecDestroy(&w));
      FPS_OK(VecDestroy(&back));
      FPS_OK(VecDestroy(&u));
      dst.reset();
      FPS_OK(DMDestroy(&da));
    }
  }
}

TEST(SpectralDstMpi, ProjectorAndErrorSpectrumAgreeWithDst) {
  const PetscInt n = 999;
  DM da;
  Vec u, uref, refc;
  std::unique_ptr<Dst> dst;
  std::unique_ptr<ModeProjector> proj;
  FPS_OK(MakeGrid(n + 2, &da));
  FPS_OK(DMCreateGlobalVector(da, &u));
  FPS_OK(VecDuplicate(u, &uref));
  FPS_OK(Fill(da, Wiggly, u));
  // A reference that differs from u at every mode by O(|U|), so relative errors are O(1).
  FPS_OK(Fill(
      da, [](PetscInt j) { return 0.7 * Wiggly(j) + 0.3 * std::cos(0.5 * j); }, uref));
  FPS_OK(Dst::Create(da, &dst));
  const std::vector<int> modes = {1, 2, 5, 500, 998, 999};
  FPS_OK(ModeProjector::Create(da, modes, &proj));

  std::vector<double> U, Uref, tracked, errors;
  FPS_OK(dst->Apply(u, U));
  FPS_OK(dst->Apply(uref, Uref));
  FPS_OK(proj->Apply(u, tracked));
  double scale = 0;
  for (double v : U) scale = std::max(scale, std::fabs(v));
  for (std::size_t i = 0; i < modes.size(); ++i)
    EXPECT_NEAR(tracked[i], U[modes[i] - 1], 1e-12 * scale) << "mode " << modes[i];

  FPS_OK(proj->SetReference(uref));
  FPS_OK(proj->Errors(u, errors));
  const std::vector<double> expect = mode_errors(U, Uref, modes);
  for (std::size_t i = 0; i < modes.size(); ++i)
    EXPECT_NEAR(errors[i], expect[i], 1e-10 * (1 + expect[i])) << "mode " << modes[i];

  // |DST(u - uref)| from the distributed reference spectrum, and selected modes of it.
  std::vector<double> abs_err, picked;
  FPS_OK(dst->CreateCoeffVec(&refc));
  FPS_OK(dst->Apply(uref, refc));
  FPS_OK(dst->ErrorSpectrum(u, refc, abs_err));
  ASSERT_EQ(abs_err.size(), U.size());
  for (PetscInt k = 0; k < n; ++k)
    EXPECT_NEAR(abs_err[k], std::fabs(U[k] - Uref[k]), 1e-12 * scale);
  FPS_OK(dst->GatherModes(refc, modes, picked));
  for (std::size_t i = 0; i < modes.size(); ++i) EXPECT_EQ(picked[i], Uref[modes[i] - 1]);

  FPS_OK(VecDestroy(&refc));
  FPS_OK(VecDestroy(&uref));
  FPS_OK(VecDestroy(&u));
  dst.reset();
  proj.reset();
  FPS_OK(DMDestroy(&da));
}

TEST(SpectralDstMpi, SeedPeaksAt1001Points) {
  const PetscInt N = 1001;
  DM da;
  Vec u;
  std::unique_ptr<Dst> dst;
  FPS_OK(MakeGrid(N, &da));
  FPS_OK(DMCreateGlobalVector(da, &u));
  FPS_OK(Fill(
      da, [](PetscInt j) { return SeedExact(-1.0 + 2.0 * j / (N - 1)); }, u));
  FPS_OK(Dst::Create(da, &dst));
  std::vector<double> U;
  FPS_OK(dst->Apply(u, U));
  EXPECT_EQ(find_peaks(U, 4), (std::vector<int>{2, 4, 6, 16}));
  FPS_OK(VecDestroy(&u));
  dst.reset();
  FPS_OK(DMDestroy(&da));
}

}  // namespace
}  // namespace fpsolve::spectral
