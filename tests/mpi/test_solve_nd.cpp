// The solver side in 2D and 3D: second-order accuracy, a symmetric operator, the baseline
// KSP/PCs by options alone, and classical Jacobi iterates equal to a hand-written sweep on
// every process grid.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "fpsolve/problem/grid.hpp"
#include "fpsolve/solve/finisher.hpp"
#include "fpsolve/solve/laplacian.hpp"
#include "fpsolve/solve/stencil.hpp"
#include "petsc_test_util.hpp"
#include "solve_util.hpp"

namespace fpsolve {
namespace {

using testing::ScopedOptions;

// Manufactured solutions with nonzero Dirichlet data on non-square boxes.
std::unique_ptr<Problem> Manufactured(int dim) {
  ExprProblemSpec spec;
  spec.domain.dim = dim;
  if (dim == 2) {
    spec.domain.lo = {0, 0, 0}, spec.domain.hi = {1, 2, 0};
    spec.exact = "sin(pi*x)*cos(0.5*pi*y) + x*x*y + 1";
    spec.rhs = "1.25*pi^2*sin(pi*x)*cos(0.5*pi*y) - 2*y";
  } else {
    spec.domain.lo = {0, 0, -1}, spec.domain.hi = {1, 1, 1};
    spec.exact = "sin(pi*x)*sin(pi*y)*cos(0.5*pi*z) + x*y*z + 2";
    spec.rhs = "2.25*pi^2*sin(pi*x)*sin(pi*y)*cos(0.5*pi*z)";
  }
  return make_expr_problem(spec);
}

// Grid options with the same h on every axis of Manufactured(dim) (h = 1/(n-1)).
std::string GridOptions(int dim, int n) {
  const std::string m = std::to_string(n), m2 = std::to_string(2 * (n - 1) + 1);
  if (dim == 2) return "-da_grid_x " + m + " -da_grid_y " + m2;
  return "-da_grid_x " + m + " -da_grid_y " + m + " -da_grid_z " + m2;
}

void ExpectSecondOrder(const std::vector<double> &errors, const std::string &what) {
  for (size_t i = 1; i < errors.size(); ++i) {
    const double order = std::log2(errors[i - 1] / errors[i]);
    EXPECT_GE(order, 1.9) << what << " grid " << i;
    EXPECT_LE(order, 2.1) << what << " grid " << i;
  }
}

TEST(SolveND, DirectSolveIsSecondOrder) {
  for (int dim : {2, 3}) {
    auto p = Manufactured(dim);
    std::vector<double> errors;
    const std::vector<int> sizes =
        dim == 2 ? std::vector<int>{17, 33, 65} : std::vector<int>{9, 17};
    for (int n : sizes) {
      auto s = testing::SolveOnce(PETSC_COMM_WORLD, *p,
                                  "-ksp_type preonly -pc_type lu " + GridOptions(dim, n));
      errors.push_back(s.result.last.max_error);
    }
    ExpectSecondOrder(errors, std::to_string(dim) + "D");
  }
}

// HPCG's check: x'Ay = y'Ax for random x, y, to rounding.
TEST(SolveND, AssembledOperatorIsSymmetric) {
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

TEST(SolveND, BaselineSolversByOptionsAlone) {
  for (int dim : {2, 3}) {
    auto p = make_seed_problem(dim);
    const std::string grid = dim == 2 ? "-da_grid_x 65" : "-da_grid_x 17";
    auto lu = testing::SolveOnce(PETSC_COMM_WORLD, *p, "-ksp_type preonly -pc_type lu " + grid);
    for (const char *opts : {"-ksp_type cg -pc_type mg", "-ksp_type cg -pc_type gamg",
                             "-ksp_type cg -pc_type hypre", "-ksp_type cg -pc_type jacobi"}) {
      auto s =
          testing::SolveOnce(PETSC_COMM_WORLD, *p, std::string(opts) + " -ksp_rtol 1e-12 " + grid);
      EXPECT_GT(s.result.reason, 0) << dim << "D " << opts;
      ASSERT_EQ(s.u.size(), lu.u.size());
      double diff = 0;
      for (size_t i = 0; i < s.u.size(); ++i) diff = std::max(diff, std::abs(s.u[i] - lu.u[i]));
      EXPECT_LT(diff, 1e-8) << dim << "D " << opts;  // the same discrete solution as LU
    }
  }
}

// Classical Jacobi from zero by hand, natural order: boundary rows take u_b at once, interior
// rows the eliminated stencil (boundary neighbours' values are in the rhs).
std::vector<double> HandWrittenJacobi(const Problem &p, int dim, const PetscInt n[3], int sweeps) {
  const Domain &box = p.domain();
  double h[3] = {0, 0, 0}, w[3] = {0, 0, 0}, diag = 0;
  for (int d = 0; d < dim; ++d) {
    h[d] = (box.hi[d] - box.lo[d]) / (n[d] - 1);
    diag += 2 / (h[d] * h[d]);
  }
  for (int d = 0; d < dim; ++d) w[d] = 1 / (h[d] * h[d]) / diag;
  const PetscInt N = n[0] * n[1] * n[2], stride[3] = {1, n[0], n[0] * n[1]};
  std::vector<double> u(N, 0.0), next(N, 0.0), f(N);
  auto coords = [&](PetscInt p0, PetscInt *idx, double *x) {
    for (int d = 0; d < 3; ++d) {
      idx[d] = (p0 / stride[d]) % n[d];
      x[d] = d < dim ? (idx[d] == n[d] - 1 ? box.hi[d] : box.lo[d] + idx[d] * h[d]) : 0;
    }
  };
  auto boundary = [&](const PetscInt *idx) {
    for (int d = 0; d < dim; ++d)
      if (idx[d] == 0 || idx[d] == n[d] - 1) return true;
    return false;
  };
  for (PetscInt q = 0; q < N; ++q) {
    PetscInt idx[3];
    double x[3];
    coords(q, idx, x);
    f[q] = boundary(idx) ? p.boundary(x) : p.rhs(x) / diag;
  }
  for (int s = 0; s < sweeps; ++s) {
    for (PetscInt q = 0; q < N; ++q) {
      PetscInt idx[3];
      double x[3];
      coords(q, idx, x);
      if (boundary(idx)) {
        next[q] = f[q];
        continue;
      }
      double v = f[q];
      for (int d = 0; d < dim; ++d) {
        for (int side : {-1, 1}) {
          PetscInt j[3] = {idx[0], idx[1], idx[2]};
          j[d] += side;
          double y[3];
          PetscInt tmp[3];
          coords(q + side * stride[d], tmp, y);
          // a boundary neighbour contributes its known value u_b (the rhs elimination)
          v += w[d] * (boundary(j) ? p.boundary(y) : u[q + side * stride[d]]);
        }
      }
      next[q] = v;
    }
    u.swap(next);
  }
  return u;
}

// Process grids valid on this rank count: (px, py[, pz]) options strings.
std::vector<std::string> ProcessGrids(int dim) {
  PetscMPIInt size;
  MPI_Comm_size(PETSC_COMM_WORLD, &size);
  std::vector<std::string> out = {""};  // PETSc's own split
  for (int px = 1; px <= size; ++px) {
    if (size % px) continue;
    const std::string x = "-da_processors_x " + std::to_string(px);
    if (dim == 2) out.push_back(x + " -da_processors_y " + std::to_string(size / px));
    if (dim == 3)
      out.push_back(x + " -da_processors_y 1 -da_processors_z " + std::to_string(size / px));
  }
  return out;
}

void ExpectClose(const std::vector<double> &a, const std::vector<double> &b, double tol,
                 const std::string &what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  double diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff = std::max(diff, std::abs(a[i] - b[i]));
  EXPECT_LE(diff, tol) << what;
}

TEST(SolveND, AssembledJacobiIsTheHandWrittenSweep) {
  for (int dim : {2, 3}) {
    auto p = Manufactured(dim);
    const PetscInt n[3] = {11, 9, dim == 3 ? 7 : 1};
    const int sweeps = 13;
    const auto ref = HandWrittenJacobi(*p, dim, n, sweeps);
    std::string grid = "-da_grid_x 11 -da_grid_y 9" + std::string(dim == 3 ? " -da_grid_z 7" : "");
    for (const std::string &procs : ProcessGrids(dim)) {
      auto s = testing::SolveOnce(PETSC_COMM_WORLD, *p,
                                  grid + " -fpsolve_jacobi assembled -ksp_norm_type none " +
                                      "-ksp_max_it " + std::to_string(sweeps) + " " + procs);
      ExpectClose(s.u, ref, 1e-13, std::to_string(dim) + "D " + procs);
    }
  }
}

TEST(SolveND, StencilEigenvaluesAreTheOperators) {
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

}  // namespace
}  // namespace fpsolve
