// The finite-difference solve: order of accuracy, exact Jacobi sweeps, rank-count invariance.
#include <gtest/gtest.h>

#include <cmath>

#include "fpsolve/problem/grid.hpp"
#include "fpsolve/solve/finisher.hpp"
#include "petsc_test_util.hpp"
#include "solve_util.hpp"

namespace fpsolve {
namespace {

using testing::Gather;
using testing::ScopedOptions;

using Solved = testing::SolvedRun;

// Solves the given problem on comm with the options in opts.
Solved SolveWith(MPI_Comm comm, const Problem &problem, const std::string &opts) {
  return testing::SolveOnce(comm, problem, opts);
}

std::unique_ptr<Problem> Manufactured() {
  ExprProblemSpec spec;
  spec.domain.lo[0] = 0, spec.domain.hi[0] = 1;
  spec.rhs = "pi^2*sin(pi*x) + 2";
  spec.exact = "sin(pi*x) + x*(1-x) + 0.5*x + 1";  // nonzero Dirichlet data on both ends
  return make_expr_problem(spec);
}

TEST(Solve, SecondOrderOnManufacturedSolution) {
  auto p = Manufactured();
  std::vector<double> errors;
  for (int n : {21, 41, 81, 161}) {
    auto s = SolveWith(PETSC_COMM_WORLD, *p,
                       "-ksp_type preonly -pc_type lu -da_grid_x " + std::to_string(n));
    errors.push_back(s.result.last.max_error);
  }
  for (size_t i = 1; i < errors.size(); ++i) {
    const double order = std::log2(errors[i - 1] / errors[i]);
    EXPECT_GE(order, 1.9) << "grid " << i;
    EXPECT_LE(order, 2.1) << "grid " << i;
  }
}

TEST(Solve, OneRichardsonJacobiIterationIsTheClassicalSweep) {
  auto p = Manufactured();
  const int n = 37;
  auto s = SolveWith(PETSC_COMM_WORLD, *p,
                     "-ksp_max_it 1 -ksp_norm_type none -da_grid_x " + std::to_string(n));
  // The classical sweep from the zero guess, with the boundary values taken as known.
  const double h = 1.0 / (n - 1);
  std::vector<double> x(n), g(n), ref(n, 0.0);
  for (int i = 0; i < n; ++i) {
    x[i] = i * h;
    g[i] = M_PI * M_PI * std::sin(M_PI * x[i]) + 2;
  }
  const double ua = 1.0, ub = 1.5;  // the exact solution at 0 and 1
  ref[0] = ua, ref[n - 1] = ub;
  for (int i = 1; i < n - 1; ++i) {
    const double left = i == 1 ? ua : 0.0, right = i == n - 2 ? ub : 0.0;
    ref[i] = (left + right + h * h * g[i]) / 2;
  }
  ASSERT_EQ(s.u.size(), (size_t)n);
  for (int i = 0; i < n; ++i) EXPECT_NEAR(s.u[i], ref[i], 1e-14) << "i=" << i;
}

TEST(Solve, TwoSweepsMatchTheHandWrittenIteration) {
  auto p = make_seed_problem();
  const int n = 51, sweeps = 7;
  auto s = SolveWith(PETSC_COMM_WORLD, *p,
                     "-ksp_max_it " + std::to_string(sweeps) + " -da_grid_x " + std::to_string(n));
  const double h = 2.0 / (n - 1);
  std::vector<double> u(n, 0.0), next(n, 0.0);
  for (int k = 0; k < sweeps; ++k) {
    for (int i = 1; i < n - 1; ++i) {
      const double x = -1 + i * h;
      next[i] = (u[i - 1] + u[i + 1] + h * h * p->rhs(&x)) / 2;
    }
    u.swap(next);
  }
  for (int i = 0; i < n; ++i) EXPECT_NEAR(s.u[i], u[i], 1e-13) << "i=" << i;
}

TEST(Solve, SolutionAndHistoryAgreeWithTheSerialSolve) {
  auto p = make_seed_problem();
  const std::string opts = "-da_grid_x 201 -ksp_max_it 3000 -jacobi_record_stride 250";
  auto par = SolveWith(PETSC_COMM_WORLD, *p, opts);
  auto ser = SolveWith(PETSC_COMM_SELF, *p, opts);
  ASSERT_EQ(par.u.size(), ser.u.size());
  for (size_t i = 0; i < par.u.size(); ++i) EXPECT_NEAR(par.u[i], ser.u[i], 1e-12);
  ASSERT_EQ(par.history.size(), ser.history.size());
  ASSERT_GE(par.history.size(), 12u);
  for (size_t k = 0; k < par.history.size(); ++k) {
    EXPECT_EQ(par.history[k].iteration, ser.history[k].iteration);
    EXPECT_NEAR(par.history[k].residual, ser.history[k].residual,
                1e-12 * std::max(1.0, ser.history[k].residual));
    EXPECT_NEAR(par.history[k].max_error, ser.history[k].max_error, 1e-12);
  }
}

TEST(Solve, BaselineSolversByOptionsAlone) {
  auto p = make_seed_problem();
  for (const char *opts : {"-ksp_type cg -pc_type jacobi", "-ksp_type cg -pc_type mg",
                           "-ksp_type preonly -pc_type lu"}) {
    auto s =
        SolveWith(PETSC_COMM_WORLD, *p, std::string(opts) + " -da_grid_x 1001 -ksp_rtol 1e-10");
    EXPECT_GT(s.result.reason, 0) << opts;
    EXPECT_LT(s.result.last.max_error, 1e-4) << opts;  // the discretisation error at N=1001
  }
}

TEST(Solve, TargetErrorStopsTheSolve) {
  auto p = make_seed_problem();
  ScopedOptions scoped("-da_grid_x 101");
  Grid grid;
  ASSERT_EQ(GridCreate(PETSC_COMM_WORLD, p->domain(), &grid), 0);
  FinishOptions fo;
  fo.record_stride = 10;
  fo.target_error = 0.05;
  Finisher *f;
  ASSERT_EQ(Finisher::Create(grid, *p, fo, &f), 0);
  Vec u;
  DMCreateGlobalVector(grid.da, &u);
  SolveResult r;
  ASSERT_EQ(f->Solve(nullptr, u, &r), 0);
  EXPECT_TRUE(r.reached_target);
  EXPECT_EQ(r.stop_reason, "target_error");
  EXPECT_LE(r.last.max_error, 0.05);
  EXPECT_EQ(r.iterations % 10, 0);
  VecDestroy(&u);
  Finisher::Destroy(&f);
  GridDestroy(&grid);
}

}  // namespace
}  // namespace fpsolve
