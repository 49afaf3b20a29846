// The discrete operator in 1D, 2D and 3D: the assembled matrix is symmetric, the matrix-free
// one (what Jacobi's residuals use) equals it, and the stencil's eigenvalues are the
// operator's on its sine modes.
#include <gtest/gtest.h>

#include <cmath>

#include "fpsolve/problem/grid.hpp"
#include "fpsolve/solve/laplacian.hpp"
#include "fpsolve/solve/stencil.hpp"
#include "petsc_test_util.hpp"

namespace fpsolve {
namespace {

using testing::ScopedOptions;

// HPCG's check: x'Ay = y'Ax for random x, y, to rounding.
TEST(SolveNDOperator, AssembledOperatorIsSymmetric) {
  for (int dim : {1, 2, 3}) {
    ScopedOptions scoped("-da_grid_x 9 -da_grid_y 7 -da_grid_z 6");
    if (dim < 3) PetscOptionsClearValue(nullptr, "-da_grid_z");
    if (dim < 2) PetscOptionsClearValue(nullptr, "-da_grid_y");
    Domain box;
    box.dim = dim;
    box.hi = {1, 3, 0.5};
    Grid grid;
    ASSERT_EQ(GridCreate(PETSC_COMM_WORLD, box, &grid), 0);
    Mat A;
    Vec x, y, t;
    PetscRandom rnd;
    DMCreateMatrix(grid.da, &A);
    ASSERT_EQ(LaplacianAssemble(grid.da, grid.domain, A), 0);
    DMCreateGlobalVector(grid.da, &x);
    VecDuplicate(x, &y);
    VecDuplicate(x, &t);
    PetscRandomCreate(PETSC_COMM_WORLD, &rnd);
    VecSetRandom(x, rnd);
    VecSetRandom(y, rnd);
    PetscScalar xay, yax;
    PetscReal nx, ny, na;
    MatMult(A, y, t);
    VecDot(x, t, &xay);
    MatMult(A, x, t);
    VecDot(y, t, &yax);
    VecNorm(x, NORM_2, &nx);
    VecNorm(y, NORM_2, &ny);
    MatNorm(A, NORM_INFINITY, &na);
    EXPECT_LE(std::abs(xay - yax), 1e-14 * nx * ny * na) << dim << "D";
    EXPECT_GT(std::abs(xay), 1e-3 * nx * ny) << dim << "D: a trivial product";
    PetscRandomDestroy(&rnd);
    VecDestroy(&x), VecDestroy(&y), VecDestroy(&t);
    MatDestroy(&A);
    GridDestroy(&grid);
  }
}

// The matrix-free operator (what classical Jacobi uses for residuals) is the assembled one.
TEST(SolveNDOperator, MatrixFreeOperatorIsTheAssembledOne) {
  for (int dim : {1, 2, 3}) {
    ScopedOptions scoped(dim == 1 ? "-da_grid_x 17" : "-da_grid_x 9 -da_grid_y 8 -da_grid_z 6");
    if (dim == 2) PetscOptionsClearValue(nullptr, "-da_grid_z");
    Domain box;
    box.dim = dim;
    box.hi = {1, 2, 0.5};
    Grid grid;
    ASSERT_EQ(GridCreate(PETSC_COMM_WORLD, box, &grid), 0);
    Mat A, S;
    Vec x, y1, y2, d;
    PetscRandom rnd;
    DMCreateMatrix(grid.da, &A);
    ASSERT_EQ(LaplacianAssemble(grid.da, grid.domain, A), 0);
    ASSERT_EQ(LaplacianCreateMatrixFree(grid, &S), 0);
    DMCreateGlobalVector(grid.da, &x);
    VecDuplicate(x, &y1), VecDuplicate(x, &y2), VecDuplicate(x, &d);
    PetscRandomCreate(PETSC_COMM_WORLD, &rnd);
    VecSetRandom(x, rnd);
    MatMult(A, x, y1);
    MatMult(S, x, y2);
    VecAXPY(y2, -1.0, y1);
    PetscReal diff, scale;
    VecNorm(y2, NORM_INFINITY, &diff);
    VecNorm(y1, NORM_INFINITY, &scale);
    EXPECT_LE(diff, 1e-14 * scale) << dim << "D";
    MatGetDiagonal(A, y1);
    MatGetDiagonal(S, d);
    VecAXPY(d, -1.0, y1);
    VecNorm(d, NORM_INFINITY, &diff);
    EXPECT_EQ(diff, 0.0) << dim << "D diagonal";
    PetscRandomDestroy(&rnd);
    VecDestroy(&x), VecDestroy(&y1), VecDestroy(&y2), VecDestroy(&d);
    MatDestroy(&A), MatDestroy(&S);
    GridDestroy(&grid);
  }
}

TEST(SolveNDOperator, StencilEigenvaluesAreTheOperators) {
  // A sin(pi k_x i / (nx-1)) sin(pi k_y j / (ny-1)) = lambda_k (same) on the interior rows.
  const PetscInt n[3] = {9, 6, 1};
  const PetscReal h[3] = {0.25, 0.4, 0};
  const Stencil st = Stencil::Make(2, n, h);
  const int k[2] = {3, 2};
  auto mode = [&](int i, int j) {
    if (i <= 0 || j <= 0 || i >= n[0] - 1 || j >= n[1] - 1) return 0.0;  // eliminated
    return std::sin(M_PI * k[0] * i / (n[0] - 1)) * std::sin(M_PI * k[1] * j / (n[1] - 1));
  };
  for (int i = 1; i < n[0] - 1; ++i)
    for (int j = 1; j < n[1] - 1; ++j) {
      const double Av = st.diagonal * mode(i, j) -
                        st.inv_h2[0] * (mode(i - 1, j) + mode(i + 1, j)) -
                        st.inv_h2[1] * (mode(i, j - 1) + mode(i, j + 1));
      EXPECT_NEAR(Av, st.Eigenvalue(k) * mode(i, j), 1e-12 * st.diagonal);
    }
  EXPECT_NEAR(st.JacobiFactor(k), 1 - st.Eigenvalue(k) / st.diagonal, 1e-15);
  EXPECT_DOUBLE_EQ(st.diagonal, 2 / (0.25 * 0.25) + 2 / (0.4 * 0.4));
}

// The per-axis table sums the same terms in the same order: equal to Eigenvalue bit for bit, for
// every mode of 1D, 2D and 3D grids with unequal spacings.
TEST(SolveNDOperator, EigenvalueTableIsEigenvalueBitForBit) {
  const PetscInt n[3] = {37, 21, 13};
  const PetscReal h[3] = {1.0 / 36, 0.3 / 20, 2.5 / 12};
  for (int dim = 1; dim <= 3; ++dim) {
    const Stencil st = Stencil::Make(dim, n, h);
    const EigenvalueTable table(st);
    int k[3] = {1, 1, 1}, mismatches = 0;
    for (k[2] = 1; k[2] <= (dim > 2 ? n[2] - 2 : 1); ++k[2])
      for (k[1] = 1; k[1] <= (dim > 1 ? n[1] - 2 : 1); ++k[1])
        for (k[0] = 1; k[0] <= n[0] - 2; ++k[0]) mismatches += table(k) != st.Eigenvalue(k);
    EXPECT_EQ(mismatches, 0) << dim << "D";
  }
}

}  // namespace
}  // namespace fpsolve
