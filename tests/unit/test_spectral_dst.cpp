// The DST on one rank (PETSC_COMM_SELF): against a direct O(n^2) sum for small and odd/even n,
// in both layouts; the projection path; input validation.
#include <gtest/gtest.h>
#include <petscdmda.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include "direct_dst.hpp"
#include "fpsolve/spectral/dst.hpp"
#include "fpsolve/spectral/mode_projector.hpp"

namespace fpsolve::spectral {
namespace {

#define FPS_OK(expr) ASSERT_EQ(0, (expr))

PetscErrorCode MakeGridAndData(PetscInt N, DM *da, Vec *u, std::vector<double> &values) {
  PetscScalar *a;
  PetscFunctionBegin;
  PetscCall(DMDACreate1d(PETSC_COMM_SELF, DM_BOUNDARY_NONE, N, 1, 1, nullptr, da));
  PetscCall(DMSetUp(*da));
  PetscCall(DMCreateGlobalVector(*da, u));
  values.resize(N);
  PetscCall(VecGetArray(*u, &a));
  for (PetscInt j = 0; j < N; ++j) a[j] = values[j] = std::cos(1.7 * j * j) + 0.1 * j;
  PetscCall(VecRestoreArray(*u, &a));
  PetscFunctionReturn(0);
}

using fpsolve::testing::DirectDst;

TEST(SpectralDst, MatchesDirectSumSerial) {
  for (auto layout : {DstOptions::Layout::kDistributed, DstOptions::Layout::kRoot}) {
    for (PetscInt n : {1, 2, 3, 7, 100, 999}) {
      SCOPED_TRACE("n = " + std::to_string(n));
      DM da;
      Vec u;
      std::vector<double> values, U;
      std::unique_ptr<Dst> dst;
      FPS_OK(MakeGridAndData(n + 2, &da, &u, values));
      DstOptions opt;
      opt.layout = layout;
      FPS_OK(Dst::Create(da, &dst, opt));
      EXPECT_EQ(dst->n(), n);
      FPS_OK(dst->Apply(u, U));
      const std::vector<double> ref = DirectDst(values);
      double diff = 0, scale = 0;
      for (PetscInt k = 0; k < n; ++k) {
        diff = std::max(diff, std::fabs(U[k] - ref[k]));
        scale = std::max(scale, std::fabs(ref[k]));
      }
      EXPECT_LT(diff, 1e-12 * scale);
      // Boundary values do not enter: changing them leaves U unchanged.
      FPS_OK(VecSetValue(u, 0, 123.0, INSERT_VALUES));
      FPS_OK(VecSetValue(u, n + 1, -55.0, INSERT_VALUES));
      FPS_OK(VecAssemblyBegin(u));
      FPS_OK(VecAssemblyEnd(u));
      std::vector<double> U2;
      FPS_OK(dst->Apply(u, U2));
      EXPECT_EQ(U2, U);
      FPS_OK(VecDestroy(&u));
      dst.reset();
      FPS_OK(DMDestroy(&da));
    }
  }
}

TEST(SpectralDst, SingleModeIsAKroneckerDelta) {
  // u_j = sin(pi j m/(n+1)) has U_k = (n+1)/2 delta_km: fixes the normalisation.
  const PetscInt n = 63, m = 5;
  DM da;
  Vec u;
  std::vector<double> values, U, tracked;
  std::unique_ptr<Dst> dst;
  std::unique_ptr<ModeProjector> proj;
  FPS_OK(MakeGridAndData(n + 2, &da, &u, values));
  PetscScalar *a;
  FPS_OK(VecGetArray(u, &a));
  for (PetscInt j = 0; j < n + 2; ++j) a[j] = std::sin(PETSC_PI * j * m / (n + 1));
  FPS_OK(VecRestoreArray(u, &a));
  FPS_OK(Dst::Create(da, &dst));
  FPS_OK(dst->Apply(u, U));
  for (PetscInt k = 1; k <= n; ++k) EXPECT_NEAR(U[k - 1], k == m ? (n + 1) / 2.0 : 0.0, 1e-12);
  FPS_OK(ModeProjector::Create(da, {m, m + 1}, &proj));
  FPS_OK(proj->Apply(u, tracked));
  EXPECT_NEAR(tracked[0], (n + 1) / 2.0, 1e-12);
  EXPECT_NEAR(tracked[1], 0.0, 1e-12);
  FPS_OK(VecDestroy(&u));
  dst.reset();
  proj.reset();
  FPS_OK(DMDestroy(&da));
}

TEST(SpectralDst, RejectsBadInput) {
  DM da2;
  std::unique_ptr<Dst> dst;
  std::unique_ptr<ModeProjector> proj;
  FPS_OK(DMDACreate2d(PETSC_COMM_SELF, DM_BOUNDARY_NONE, DM_BOUNDARY_NONE, DMDA_STENCIL_STAR, 5, 5,
                      1, 1, 1, 1, nullptr, nullptr, &da2));
  FPS_OK(DMSetUp(da2));
  FPS_OK(PetscPushErrorHandler(PetscReturnErrorHandler, nullptr));
  EXPECT_NE(0, Dst::Create(da2, &dst));
  FPS_OK(PetscPopErrorHandler());
  FPS_OK(DMDestroy(&da2));

  DM da;
  Vec u;
  std::vector<double> values;
  FPS_OK(MakeGridAndData(10, &da, &u, values));
  FPS_OK(PetscPushErrorHandler(PetscReturnErrorHandler, nullptr));
  EXPECT_NE(0, ModeProjector::Create(da, {0}, &proj));
  EXPECT_NE(0, ModeProjector::Create(da, {9}, &proj));  // n = 8
  FPS_OK(PetscPopErrorHandler());
  FPS_OK(ModeProjector::Create(da, {8}, &proj));
  std::vector<double> e;
  FPS_OK(PetscPushErrorHandler(PetscReturnErrorHandler, nullptr));
  EXPECT_NE(0, proj->Errors(u, e));  // no reference yet
  FPS_OK(PetscPopErrorHandler());
  FPS_OK(VecDestroy(&u));
  proj.reset();
  FPS_OK(DMDestroy(&da));
}

}  // namespace
}  // namespace fpsolve::spectral
