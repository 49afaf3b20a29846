// The discrete reference solution by the DST (U_k = B_k / lambda_k, what runs use) equals the
// direct LU/MUMPS solve of the assembled system, in 1D, 2D and 3D, on unequal grids.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "fpsolve/problem/grid.hpp"
#include "fpsolve/problem/problem.hpp"
#include "fpsolve/solve/finisher.hpp"
#include "fpsolve/solve/reference_solve.hpp"
#include "fpsolve/spectral/dst_nd.hpp"
#include "petsc_test_util.hpp"

namespace fpsolve {
namespace {

TEST(ReferenceByDst, EqualsTheDirectSolve) {
  const struct {
    int dim;
    const char *grid;
  } cases[] = {{1, "-da_grid_x 101"},
               {2, "-problem_dim 2 -da_grid_x 33 -da_grid_y 25"},
               {3, "-problem_dim 3 -da_grid_x 11 -da_grid_y 9 -da_grid_z 13"}};
  for (const auto &c : cases) {
    SCOPED_TRACE(c.grid);
    std::unique_ptr<Problem> problem = make_seed_problem(c.dim);
    testing::ScopedOptions opts(c.grid);
    Grid grid;
    Finisher *finisher = nullptr;
    std::unique_ptr<spectral::DstNd> dst;
    Vec lu, fast;
    ASSERT_EQ(GridCreate(PETSC_COMM_WORLD, problem->domain(), &grid), 0);
    ASSERT_EQ(Finisher::Create(grid, *problem, FinishOptions(), &finisher), 0);
    ASSERT_EQ(spectral::DstNd::Create(grid.da, &dst), 0);
    DMCreateGlobalVector(grid.da, &lu);
    VecDuplicate(lu, &fast);
    ASSERT_EQ(SolveDiscreteReference(grid, finisher->rhs(), lu), 0);
    ASSERT_EQ(SolveDiscreteReferenceByDst(grid, *dst, finisher->rhs(), fast), 0);
    PetscReal scale, diff;
    VecNorm(lu, NORM_INFINITY, &scale);
    VecAXPY(fast, -1.0, lu);
    VecNorm(fast, NORM_INFINITY, &diff);
    EXPECT_GT(scale, 0.1);
    EXPECT_LT(diff, 1e-11 * scale);
    VecDestroy(&fast);
    VecDestroy(&lu);
    dst.reset();
    Finisher::Destroy(&finisher);
    GridDestroy(&grid);
  }
}

}  // namespace
}  // namespace fpsolve
