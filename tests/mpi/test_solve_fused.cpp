// The fused Jacobi PC: same iterates, histories and stops as PETSc's assembled
// Richardson + PCJACOBI, on any rank count; PETSc's monitors and option semantics preserved.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "fpsolve/base/error.hpp"
#include "fpsolve/problem/grid.hpp"
#include "fpsolve/problem/problem.hpp"
#include "fpsolve/solve/finisher.hpp"
#include "fpsolve/solve/fused_jacobi.hpp"
#include "petsc_test_util.hpp"
#include "solve_util.hpp"

namespace fpsolve {
namespace {

using testing::Gather;
using testing::ScopedOptions;

struct Run : testing::SolvedRun {
  bool fused = false;
  PetscInt fused_calls = 0;  // PCApplyRichardson calls: the whole-iteration path ran
  PetscInt halo_depth = 0;
};

// weight != 1: damped Jacobi through Finisher::SetRichardsonScale (what -mode cycle does).
Run SolveWith(const Problem &problem, const std::string &opts, FinishOptions fo = {},
              double weight = 1) {
  Run out;
  testing::SolvedRun solved = testing::SolveOnce(
      PETSC_COMM_WORLD, problem, opts, fo,
      [&](Finisher &f) {
        out.fused = f.fused();
        if (!out.fused) return;
        PC pc;
        KSPGetPC(f.ksp(), &pc);
        PCFusedJacobiGetStats(pc, &out.fused_calls, nullptr, &out.halo_depth);
      },
      [&](Finisher &f) {
        if (weight != 1) EXPECT_EQ(f.SetRichardsonScale(weight), 0);
      });
  static_cast<testing::SolvedRun &>(out) = std::move(solved);
  return out;
}

// The two runs agree: iterates to rounding, the same records, the same stop.
void ExpectSameRun(const Run &a, const Run &b) {
  ASSERT_EQ(a.u.size(), b.u.size());
  for (size_t i = 0; i < a.u.size(); ++i) EXPECT_NEAR(a.u[i], b.u[i], 1e-12) << "i=" << i;
  EXPECT_EQ(a.result.iterations, b.result.iterations);
  EXPECT_EQ(a.result.reason, b.result.reason);
  EXPECT_EQ(a.result.reached_target, b.result.reached_target);
  ASSERT_EQ(a.history.size(), b.history.size());
  for (size_t k = 0; k < a.history.size(); ++k) {
    EXPECT_EQ(a.history[k].iteration, b.history[k].iteration);
    // b - A u cancels: absolute rounding ~ eps * ||A|| ||u|| (A ~ 2/h^2 = 2e4 here).
    EXPECT_NEAR(a.history[k].residual, b.history[k].residual,
                1e-9 * std::max(1.0, b.history[k].residual))
        << "record " << k;
    EXPECT_NEAR(a.history[k].max_error, b.history[k].max_error, 1e-12) << "record " << k;
  }
}

TEST(SolveFused, IsTheDefaultAndMatchesTheAssembledPath) {
  auto p = make_seed_problem();
  const std::string opts = "-da_grid_x 203 -ksp_max_it 1234 -jacobi_record_stride 100";
  auto fused = SolveWith(*p, opts);
  auto assembled = SolveWith(*p, opts + " -fpsolve_jacobi assembled");
  EXPECT_TRUE(fused.fused);
  EXPECT_EQ(fused.fused_calls, 1);
  EXPECT_FALSE(assembled.fused);
  ExpectSameRun(fused, assembled);
  ASSERT_EQ(fused.history.size(), 14u);  // 0, 100, ..., 1200 and the final state 1234
  EXPECT_EQ(fused.history.back().iteration, 1234);
}

// One exchange every s iterations, the halo rows recomputed redundantly: the same iterates as
// an exchange per iteration (the depth is capped by the smallest piece: 1001/4 here).
TEST(SolveFused, DeepHaloGivesTheSameIteratesAsDepthOne) {
  auto p = make_seed_problem();
  const std::string opts =
      "-da_grid_x 1001 -ksp_max_it 777 -jacobi_record_stride 100 -jacobi_check_stride 33";
  auto one = SolveWith(*p, opts + " -fpsolve_jacobi_halo_depth 1");
  EXPECT_EQ(one.halo_depth, 1);
  for (int depth : {3, 8, 100000}) {
    auto deep = SolveWith(*p, opts + " -fpsolve_jacobi_halo_depth " + std::to_string(depth));
    PetscMPIInt size;
    MPI_Comm_size(PETSC_COMM_WORLD, &size);
    if (size > 1) EXPECT_EQ(deep.halo_depth, std::min(depth, 1001 / size)) << depth;
    ASSERT_EQ(deep.u.size(), one.u.size());
    for (size_t i = 0; i < one.u.size(); ++i) EXPECT_NEAR(deep.u[i], one.u[i], 1e-14) << i;
    ExpectSameRun(deep, one);
  }
}

// Rows next to the boundary and single-point pieces on 4 ranks: the hand-written sweep.
TEST(SolveFused, TinyPiecesMatchTheHandWrittenSweep) {
  auto p = make_seed_problem();
  for (int n : {5, 7, 8}) {
    const int sweeps = 9;
    auto s =
        SolveWith(*p, "-ksp_max_it " + std::to_string(sweeps) + " -da_grid_x " + std::to_string(n));
    EXPECT_TRUE(s.fused);
    const double h = 2.0 / (n - 1);
    std::vector<double> u(n, 0.0), next(n, 0.0);
    double x0 = -1, x1 = 1;
    next[0] = u[0] = 0, next[n - 1] = u[n - 1] = 0;
    for (int k = 0; k < sweeps; ++k) {
      for (int i = 1; i < n - 1; ++i) {
        const double x = -1 + i * h;
        next[i] = (u[i - 1] + u[i + 1] + h * h * p->rhs(&x)) / 2;
      }
      next[0] = p->boundary(&x0), next[n - 1] = p->boundary(&x1);
      u.swap(next);
    }
    ASSERT_EQ(s.u.size(), (size_t)n);
    for (int i = 0; i < n; ++i) EXPECT_NEAR(s.u[i], u[i], 1e-13) << "n=" << n << " i=" << i;
  }
}

// A KSP monitor makes KSPRICHARDSON run its own loop over the shell's plain apply (weight
// D^{-1}, scale 1): the same iterates and records, classical or damped, PETSc's monitor output.
TEST(SolveFused, KspMonitorRunsTheKspLoopWithTheSameResult) {
  auto p = make_seed_problem();
  const std::string opts = "-da_grid_x 203 -ksp_max_it 500 -jacobi_record_stride 50";
  for (double weight : {1.0, 0.6}) {
    auto fast = SolveWith(*p, opts, {}, weight);
    auto monitored = SolveWith(*p, opts + " -ksp_monitor ascii:/dev/null", {}, weight);
    EXPECT_TRUE(monitored.fused);
    EXPECT_EQ(monitored.fused_calls, 0);
    EXPECT_EQ(fast.fused_calls, 1);
    ExpectSameRun(fast, monitored);
  }
}

// Nonzero boundary values, so the damped boundary rows (u_b approached as (1 - omega)^m) show.
std::unique_ptr<Problem> NonzeroBoundary() {
  ExprProblemSpec spec;
  spec.exact = "sin(2*x) + x + 2";
  spec.rhs = "4*sin(2*x)";
  return make_expr_problem(spec);
}

// Damped Jacobi (the weight in the fused PC, the KSP's scale 1) is PETSc's Richardson scale
// omega + PCJACOBI on the assembled matrix, run fused: the same iterates (boundary rows
// included), records, iteration counts and reasons, stopped by max_it or by rtol.
TEST(SolveFused, DampedJacobiIsFusedAndIsPetscsDampedRichardson) {
  auto p = NonzeroBoundary();
  const std::string stops[] = {"-da_grid_x 203 -ksp_max_it 7", "-da_grid_x 203 -ksp_max_it 377",
                               "-da_grid_x 41 -ksp_rtol 1e-3 -jacobi_check_stride 1"};
  for (double weight : {0.6, 0.85}) {
    for (const std::string &stop : stops) {
      const std::string opts = stop + " -jacobi_record_stride 50";
      const std::string what = std::to_string(weight) + " " + stop;
      auto fused = SolveWith(*p, opts, {}, weight);
      auto assembled = SolveWith(
          *p, opts + " -fpsolve_jacobi assembled -ksp_richardson_scale " + std::to_string(weight));
      EXPECT_TRUE(fused.fused) << what;
      EXPECT_EQ(fused.fused_calls, 1) << what << ": the whole-iteration path did not run";
      EXPECT_FALSE(assembled.fused) << what;
      ExpectSameRun(fused, assembled);
      const bool rtol = stop.find("rtol") != std::string::npos;
      EXPECT_EQ(fused.result.reason, rtol ? KSP_CONVERGED_RTOL : KSP_DIVERGED_ITS) << what;
      // u(-1) = sin(-2) + 1 from zero: u_b (1 - (1 - omega)^m) after m sweeps.
      const double ub = std::sin(-2.0) + 1, m = (double)fused.result.iterations;
      EXPECT_NEAR(fused.u.front(), ub * (1 - std::pow(1 - weight, m)), 1e-13) << what;
    }
  }
}

// Weight 1 after damped solves is the classical fused path again, bit for bit (1D and 2D).
TEST(SolveFused, WeightOneAfterDampedSolvesIsClassicalBitForBit) {
  for (int dim : {1, 2}) {
    auto p = make_seed_problem(dim);
    const std::string opts = std::string(dim == 2 ? "-da_grid_y 29 " : "") +
                             "-da_grid_x 37 -ksp_max_it 150 -jacobi_record_stride 40 "
                             "-jacobi_check_stride 9";
    auto classical = SolveWith(*p, opts);
    auto damped = SolveWith(*p, opts, {}, 0.6);
    auto again = testing::SolveOnce(PETSC_COMM_WORLD, *p, opts, {}, {}, [](Finisher &f) {
      Vec v;
      SolveResult r;
      DMCreateGlobalVector(f.grid().da, &v);
      EXPECT_EQ(f.SetRichardsonScale(0.6), 0);
      EXPECT_EQ(f.Solve(nullptr, v, &r), 0);
      EXPECT_EQ(f.Solve(v, v, &r), 0);
      EXPECT_EQ(f.SetRichardsonScale(1.0), 0);
      VecDestroy(&v);
    });
    EXPECT_EQ(again.u, classical.u) << dim << "D";
    ASSERT_EQ(again.history.size(), classical.history.size());
    for (size_t k = 0; k < again.history.size(); ++k)
      EXPECT_EQ(again.history[k].residual, classical.history[k].residual) << dim << "D " << k;
    EXPECT_NE(damped.u, classical.u) << dim << "D: the weight changed nothing";
  }
}

TEST(SolveFused, TargetErrorStopsAtTheSameCheckAsTheAssembledPath) {
  auto p = make_seed_problem();
  FinishOptions fo;
  fo.target_error = 0.2;
  const std::string opts = "-da_grid_x 101 -jacobi_record_stride 1000 -jacobi_check_stride 7";
  auto fused = SolveWith(*p, opts, fo);
  auto assembled = SolveWith(*p, opts + " -fpsolve_jacobi assembled", fo);
  EXPECT_TRUE(fused.result.reached_target);
  EXPECT_EQ(fused.result.stop_reason, "target_error");
  EXPECT_EQ(fused.result.iterations % 7, 0);
  EXPECT_LE(fused.result.last.max_error, 0.2);
  EXPECT_EQ(fused.history.back().iteration, fused.result.iterations);  // the stop is recorded
  ExpectSameRun(fused, assembled);
}

// PETSc's relative tolerance, tested by the PC at every check: with a check every iteration
// it stops where KSPConvergedDefault does (Jacobi's D is a multiple of I, so the
// preconditioned and true relative residuals agree).
TEST(SolveFused, RelativeToleranceStopsWhereKspDoes) {
  auto p = make_seed_problem();
  const std::string opts = "-da_grid_x 41 -ksp_rtol 1e-3 -jacobi_check_stride 1";
  auto fused = SolveWith(*p, opts);
  auto assembled = SolveWith(*p, opts + " -fpsolve_jacobi assembled");
  EXPECT_EQ(fused.result.reason, KSP_CONVERGED_RTOL);
  EXPECT_EQ(assembled.result.reason, KSP_CONVERGED_RTOL);
  EXPECT_EQ(fused.result.iterations, assembled.result.iterations);
  for (size_t i = 0; i < fused.u.size(); ++i) EXPECT_NEAR(fused.u[i], assembled.u[i], 1e-12);
}

}  // namespace
}  // namespace fpsolve
