// The solver side in 2D and 3D, accuracy: the direct solve and Jacobi to a tight tolerance are
// second order on manufactured solutions, and the baseline KSP/PCs (cg with mg, gamg, hypre,
// jacobi) reach the direct solve's discrete solution by options alone.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "fpsolve/problem/problem.hpp"
#include "nd_solve_util.hpp"
#include "solve_util.hpp"

namespace fpsolve {
namespace {

using testing::ExpectSecondOrder;
using testing::GridOptions;
using testing::Manufactured;

TEST(SolveNDAccuracy, DirectSolveIsSecondOrder) {
  for (int dim : {2, 3}) {
    auto p = Manufactured(dim);
    std::vector<double> errors;
    const std::vector<int> sizes =
        dim == 2 ? std::vector<int>{17, 33, 65} : std::vector<int>{9, 17};
    for (int n : sizes) {
      // Accuracy, not parallelism: one rank (every rank solves the same), which keeps the
      // test fast; rank-count invariance is the sweep tests' job.
      auto s = testing::SolveOnce(PETSC_COMM_SELF, *p,
                                  "-ksp_type preonly -pc_type lu " + GridOptions(dim, n));
      errors.push_back(s.result.last.max_error);
    }
    ExpectSecondOrder(errors, std::to_string(dim) + "D");
  }
}

// Jacobi to a tight tolerance gives the direct solve's accuracy: order 2 as well.
TEST(SolveNDAccuracy, FusedJacobiToATightToleranceIsSecondOrder) {
  for (int dim : {2, 3}) {
    auto p = Manufactured(dim);
    std::vector<double> errors;
    for (int n : {9, 17, 33}) {
      if (dim == 3 && n == 33) continue;  // 17 -> 33 in 3D: ~1e5 points x 1e4 sweeps
      auto s = testing::SolveOnce(PETSC_COMM_SELF, *p,
                                  "-ksp_rtol 1e-11 -jacobi_check_stride 50 " + GridOptions(dim, n));
      EXPECT_EQ(s.result.reason, KSP_CONVERGED_RTOL) << dim << "D n=" << n;
      errors.push_back(s.result.last.max_error);
    }
    ExpectSecondOrder(errors, std::to_string(dim) + "D Jacobi");
  }
}

TEST(SolveNDAccuracy, BaselineSolversByOptionsAlone) {
  for (int dim : {2, 3}) {
    auto p = make_seed_problem(dim);
    const std::string grid = dim == 2 ? "-da_grid_x 33" : "-da_grid_x 9";
    auto lu = testing::SolveOnce(PETSC_COMM_WORLD, *p, "-ksp_type preonly -pc_type lu " + grid);
    for (const char *opts : {"-ksp_type cg -pc_type mg", "-ksp_type cg -pc_type gamg",
                             "-ksp_type cg -pc_type hypre", "-ksp_type cg -pc_type jacobi"}) {
      auto s =
          testing::SolveOnce(PETSC_COMM_WORLD, *p, std::string(opts) + " -ksp_rtol 1e-12 " + grid);
      EXPECT_GT(s.result.reason, 0) << dim << "D " << opts;
      testing::ExpectClose(s.u, lu.u, 1e-8, std::to_string(dim) + "D " + opts);
    }
  }
}

}  // namespace
}  // namespace fpsolve
