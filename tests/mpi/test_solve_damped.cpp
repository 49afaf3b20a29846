// Damped Jacobi (PETSc's -ksp_richardson_scale omega + PCJACOBI), 1D to 3D: run by the fused PC
// whether the weight comes from the options or from Finisher::SetRichardsonScale (the cycle's
// smoother), with PETSc's iterates, records, reasons and stops; the explicit fused path refused
// where it does not apply.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "fpsolve/base/error.hpp"
#include "fpsolve/problem/grid.hpp"
#include "fpsolve/solve/finisher.hpp"
#include "fpsolve/solve/fused_jacobi.hpp"
#include "nd_solve_util.hpp"
#include "petsc_test_util.hpp"
#include "solve_util.hpp"

namespace fpsolve {
namespace {

using testing::ExpectClose;
using testing::ExpectSameSolve;
using testing::Manufactured;
using testing::ScopedOptions;

// Nonzero boundary values in every dimension, so the damped boundary rows show.
std::unique_ptr<Problem> DampedProblem(int dim) {
  if (dim > 1) return Manufactured(dim);
  ExprProblemSpec spec;
  spec.exact = "sin(2*x) + x + 2";
  spec.rhs = "4*sin(2*x)";
  return make_expr_problem(spec);
}

std::string SmallGrid(int dim) {
  if (dim == 1) return "-da_grid_x 203";
  return "-da_grid_x 13 -da_grid_y 10" + std::string(dim == 3 ? " -da_grid_z 9" : "");
}

struct Inspected {
  bool fused = false;
  PetscInt calls = 0;  // PCApplyRichardson calls: the whole-iteration path ran
  PetscReal options_scale = 0;
};

testing::SolvedRun Solve(const Problem &p, const std::string &opts, Inspected *seen = nullptr,
                         const std::function<void(Finisher &)> &prepare = {}) {
  return testing::SolveOnce(
      PETSC_COMM_WORLD, p, opts, {},
      [seen](Finisher &fin) {
        if (!seen) return;
        seen->fused = fin.fused();
        seen->options_scale = fin.options_richardson_scale();
        PC pc;
        KSPGetPC(fin.ksp(), &pc);
        if (seen->fused) PCFusedJacobiGetStats(pc, &seen->calls, nullptr, nullptr);
      },
      prepare);
}

// A user's -ksp_richardson_scale with the default richardson + jacobi runs fused (the scale
// becomes the PC's weight) and gives what PETSc's assembled KSPRICHARDSON(scale) + PCJACOBI
// gives, stopped by -ksp_max_it or by -ksp_rtol, on this rank count's default split; with a KSP
// monitor (KSPRICHARDSON's own loop over the PC's apply) too.
TEST(SolveDamped, UserRichardsonScaleRunsFusedAndIsPetscs) {
  for (int dim : {1, 2, 3}) {
    auto p = DampedProblem(dim);
    for (const char *stop : {"-ksp_max_it 37", "-ksp_rtol 1e-2 -jacobi_check_stride 1"}) {
      const std::string opts =
          SmallGrid(dim) + " " + stop + " -jacobi_record_stride 5 -ksp_richardson_scale 0.7";
      const std::string what = std::to_string(dim) + "D " + stop;
      Inspected fast, assembled, monitored;
      auto f = Solve(*p, opts, &fast);
      auto a = Solve(*p, opts + " -fpsolve_jacobi assembled", &assembled);
      auto m = Solve(*p, opts + " -ksp_monitor ascii:/dev/null", &monitored);
      EXPECT_TRUE(fast.fused) << what;
      EXPECT_EQ(fast.calls, 1) << what << ": the whole-iteration path did not run";
      EXPECT_EQ(fast.options_scale, 0.7) << what;
      EXPECT_FALSE(assembled.fused) << what;
      EXPECT_TRUE(monitored.fused) << what;
      EXPECT_EQ(monitored.calls, 0) << what;
      ExpectSameSolve(f, a, 1e-12, what + " fused vs assembled");
      ExpectSameSolve(m, a, 1e-12, what + " monitored vs assembled");
      const bool rtol = std::string(stop).find("rtol") != std::string::npos;
      EXPECT_EQ(f.result.reason, rtol ? KSP_CONVERGED_RTOL : KSP_DIVERGED_ITS) << what;
      if (rtol) EXPECT_GT(f.result.iterations, 10) << what;
      if (dim > 1 && !rtol) {
        const PetscInt n[3] = {13, 10, dim == 3 ? 9 : 1};
        ExpectClose(f.u, testing::HandWrittenJacobi(*p, dim, n, 37, 0.7), 1e-13,
                    what + " fused vs hand-written");
      }
    }
  }
}

// The cycle changes the weight for its smoothing and restores the options' scale after it:
// the next solve is the user's damped Jacobi again, not the classical one.
TEST(SolveDamped, RestoringTheOptionsScaleGivesTheUsersJacobi) {
  auto p = DampedProblem(2);
  const std::string opts = SmallGrid(2) + " -ksp_max_it 29 -ksp_richardson_scale 0.8";
  auto user = Solve(*p, opts);
  auto restored = Solve(*p, opts, nullptr, [](Finisher &fin) {
    Vec v;
    SolveResult r;
    DMCreateGlobalVector(fin.grid().da, &v);
    EXPECT_EQ(fin.SetRichardsonScale(0.5), 0);
    EXPECT_EQ(fin.Solve(nullptr, v, &r), 0);
    EXPECT_EQ(fin.SetRichardsonScale(fin.options_richardson_scale()), 0);
    VecDestroy(&v);
  });
  auto classical = Solve(*p, SmallGrid(2) + " -ksp_max_it 29");
  EXPECT_EQ(restored.u, user.u);
  EXPECT_NE(restored.u, classical.u) << "the options' scale was lost";
}

// Damped Jacobi stopped by -ksp_rtol (tested every iteration) with the weight set by
// SetRichardsonScale: the fused PC stops where PETSc's damped Richardson does, with the same
// reason and iterate, in 2D and 3D.
TEST(SolveDamped, SetWeightStopsAtTheRelativeToleranceWherePetscDoes) {
  for (int dim : {2, 3}) {
    auto p = Manufactured(dim);
    const std::string opts =
        SmallGrid(dim) + " -ksp_rtol 1e-2 -jacobi_check_stride 1 -jacobi_record_stride 50";
    const auto weight = [](Finisher &fin) { EXPECT_EQ(fin.SetRichardsonScale(0.7), 0); };
    auto f = Solve(*p, opts, nullptr, weight);
    auto a = Solve(*p, opts + " -fpsolve_jacobi assembled", nullptr, weight);
    EXPECT_EQ(f.result.reason, KSP_CONVERGED_RTOL) << dim << "D";
    EXPECT_EQ(a.result.reason, KSP_CONVERGED_RTOL) << dim << "D";
    EXPECT_EQ(f.result.iterations, a.result.iterations) << dim << "D";
    EXPECT_GT(f.result.iterations, 20) << dim << "D";
    ExpectClose(f.u, a.u, 1e-12, std::to_string(dim) + "D damped, rtol");
  }
}

// Modified Jacobi (self-scale, a non-positive scale, abs) and other KSPs keep PETSc's own
// objects; asking for -fpsolve_jacobi fused there is an input error, not a change of method.
TEST(SolveDamped, ModifiedJacobiKeepsPetscsPcAndExplicitFusedIsRefused) {
  auto p = DampedProblem(1);
  for (const char *modified : {"-ksp_richardson_self_scale", "-ksp_richardson_scale -0.5",
                               "-pc_jacobi_abs", "-ksp_type cg"}) {
    Inspected seen;
    Solve(*p, std::string("-da_grid_x 51 -ksp_max_it 20 ") + modified, &seen);
    EXPECT_FALSE(seen.fused) << modified;
    if (std::string(modified) == "-ksp_type cg") continue;  // -fpsolve_jacobi only reads richardson
    ScopedOptions scoped(std::string("-da_grid_x 51 -fpsolve_jacobi fused ") + modified);
    Grid grid;
    ASSERT_EQ(GridCreate(PETSC_COMM_WORLD, p->domain(), &grid), 0);
    Finisher *f = nullptr;
    PetscPushErrorHandler(PetscReturnErrorHandler, nullptr);
    const PetscErrorCode ierr = Finisher::Create(grid, *p, FinishOptions{}, &f);
    PetscPopErrorHandler();
    EXPECT_EQ(ierr, kErrBadInput) << modified;
    Finisher::Destroy(&f);
    GridDestroy(&grid);
  }
}

}  // namespace
}  // namespace fpsolve
