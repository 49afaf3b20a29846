// The solver side in 2D and 3D: second-order accuracy, a symmetric operator, the baseline
// KSP/PCs by options alone, and classical Jacobi iterates equal to a hand-written sweep on
// every process grid.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>

#include "fpsolve/problem/grid.hpp"
#include "fpsolve/solve/finisher.hpp"
#include "fpsolve/solve/fused_jacobi.hpp"
#include "fpsolve/solve/fused_jacobi_nd_kernel.hpp"
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
      // Accuracy, not parallelism: one rank (every rank solves the same), which keeps the
      // test fast; rank-count invariance is the sweep tests' job.
      auto s = testing::SolveOnce(PETSC_COMM_SELF, *p,
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
    const std::string grid = dim == 2 ? "-da_grid_x 33" : "-da_grid_x 9";
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

// Jacobi from zero by hand, natural order: boundary rows take u_b at once, interior rows the
// eliminated stencil (boundary neighbours' values are in the rhs). omega != 1: damped, every
// row moves the fraction omega from its value to that update.
std::vector<double> HandWrittenJacobi(const Problem &p, int dim, const PetscInt n[3], int sweeps,
                                      double omega = 1) {
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
        next[q] = omega == 1 ? f[q] : (1 - omega) * u[q] + omega * f[q];
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
      next[q] = omega == 1 ? v : (1 - omega) * u[q] + omega * v;
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

// The default for classical Jacobi in 2D/3D is the fused matrix-free PC: its iterates equal the
// assembled Richardson + PCJACOBI ones and the hand-written sweep, on every process grid, with
// records and checks in between (they must not disturb the iterate) and nonzero boundary data.
// Damped (weight omega, Finisher::SetRichardsonScale): the fused PC against PETSc's Richardson
// scale omega + PCJACOBI, boundary rows included.
TEST(SolveND, FusedJacobiIsTheAssembledAndTheHandWrittenSweep) {
  for (double omega : {1.0, 0.6}) {
    for (int dim : {2, 3}) {
      auto p = Manufactured(dim);
      const PetscInt n[3] = {13, 10, dim == 3 ? 9 : 1};
      const int sweeps = 23;
      const auto ref = HandWrittenJacobi(*p, dim, n, sweeps, omega);
      std::string grid =
          "-da_grid_x 13 -da_grid_y 10" + std::string(dim == 3 ? " -da_grid_z 9" : "");
      grid += " -ksp_max_it " + std::to_string(sweeps) + " -jacobi_record_stride 5";
      const auto weight = [omega](Finisher &fin) { EXPECT_EQ(fin.SetRichardsonScale(omega), 0); };
      for (const std::string &procs : ProcessGrids(dim)) {
        const std::string what =
            std::to_string(dim) + "D " + procs + " omega " + std::to_string(omega);
        bool fused = false;
        PetscInt calls = 0;
        auto f = testing::SolveOnce(
            PETSC_COMM_WORLD, *p, grid + " -jacobi_check_stride 3 " + procs, {},
            [&](Finisher &fin) {
              fused = fin.fused();
              PC pc;
              KSPGetPC(fin.ksp(), &pc);
              if (fused) PCFusedJacobiGetStats(pc, &calls, nullptr, nullptr);
            },
            weight);
        auto a = testing::SolveOnce(PETSC_COMM_WORLD, *p,
                                    grid + " -fpsolve_jacobi assembled " + procs, {}, {}, weight);
        EXPECT_TRUE(fused) << what;
        EXPECT_EQ(calls, 1) << what << ": the whole-iteration path did not run";
        ExpectClose(f.u, ref, 1e-13, what + " fused vs hand-written");
        ExpectClose(f.u, a.u, 1e-13, what + " fused vs assembled");
        EXPECT_EQ(f.result.iterations, a.result.iterations) << what;
        EXPECT_EQ(f.result.reason, a.result.reason) << what;
        ASSERT_EQ(f.history.size(), a.history.size()) << what;
        for (size_t k = 0; k < f.history.size(); ++k) {
          EXPECT_EQ(f.history[k].iteration, a.history[k].iteration) << what;
          EXPECT_NEAR(f.history[k].residual, a.history[k].residual,
                      1e-9 * std::max(1.0, a.history[k].residual))
              << what << " record " << k;
          EXPECT_NEAR(f.history[k].max_error, a.history[k].max_error, 1e-13) << what;
        }
      }
    }
  }
}

// Damped Jacobi stopped by -ksp_rtol (tested every iteration): the fused PC stops where PETSc's
// damped Richardson does, with the same reason and iterate, in 2D and 3D.
TEST(SolveND, DampedFusedJacobiStopsAtTheRelativeToleranceWherePetscDoes) {
  for (int dim : {2, 3}) {
    auto p = Manufactured(dim);
    const std::string opts = "-da_grid_x 11 -da_grid_y 9" +
                             std::string(dim == 3 ? " -da_grid_z 7" : "") +
                             " -ksp_rtol 1e-2 -jacobi_check_stride 1 -jacobi_record_stride 50";
    const auto weight = [](Finisher &fin) { EXPECT_EQ(fin.SetRichardsonScale(0.7), 0); };
    auto f = testing::SolveOnce(PETSC_COMM_WORLD, *p, opts, {}, {}, weight);
    auto a = testing::SolveOnce(PETSC_COMM_WORLD, *p, opts + " -fpsolve_jacobi assembled", {}, {},
                                weight);
    EXPECT_EQ(f.result.reason, KSP_CONVERGED_RTOL) << dim << "D";
    EXPECT_EQ(a.result.reason, KSP_CONVERGED_RTOL) << dim << "D";
    EXPECT_EQ(f.result.iterations, a.result.iterations) << dim << "D";
    EXPECT_GT(f.result.iterations, 20) << dim << "D";
    ExpectClose(f.u, a.u, 1e-12, std::to_string(dim) + "D damped, rtol");
  }
}

// The fused loop from a nonzero guess (the hybrid's and the cycle's case): its first residual
// and max error are the guess's, boundary rows included; damped, the boundary rows move from the
// guess's values towards u_b by (1 - omega)^m, as PETSc's do.
TEST(SolveND, FusedJacobiFromAGuessMatchesTheAssembledPath) {
  auto p = Manufactured(2);
  const std::string opts = "-da_grid_x 17 -da_grid_y 12 -ksp_max_it 40 -jacobi_record_stride 10";
  for (double omega : {1.0, 0.6}) {
    std::vector<testing::SolvedRun> runs;
    for (const char *mode : {"fused", "assembled"}) {
      ScopedOptions scoped(opts + " -fpsolve_jacobi " + mode);
      Grid grid;
      ASSERT_EQ(GridCreate(PETSC_COMM_WORLD, p->domain(), &grid), 0);
      FinishOptions fo;
      fo.record_stride = 10;
      Finisher *f = nullptr;
      ASSERT_EQ(Finisher::Create(grid, *p, fo, &f), 0);
      ASSERT_EQ(f->SetRichardsonScale(omega), 0);
      testing::SolvedRun out;
      f->set_observer([&](const SolveRecord &r, Vec) -> PetscErrorCode {
        out.history.push_back(r);
        return 0;
      });
      Vec guess, u;
      DMCreateGlobalVector(grid.da, &guess);
      VecDuplicate(guess, &u);
      GridFill(
          grid, [](const double *x) { return std::cos(3 * x[0]) * x[1]; }, guess);
      ASSERT_EQ(f->Solve(guess, u, &out.result), 0);
      out.u = testing::GatherNatural(grid.da, u);
      runs.push_back(out);
      VecDestroy(&u), VecDestroy(&guess);
      Finisher::Destroy(&f);
      GridDestroy(&grid);
    }
    const std::string what = "fused vs assembled from a guess, omega " + std::to_string(omega);
    ExpectClose(runs[0].u, runs[1].u, 1e-13, what);
    ASSERT_EQ(runs[0].history.size(), runs[1].history.size()) << what;
    for (size_t k = 0; k < runs[0].history.size(); ++k) {
      EXPECT_NEAR(runs[0].history[k].residual, runs[1].history[k].residual,
                  1e-9 * std::max(1.0, runs[1].history[k].residual))
          << what;
      EXPECT_NEAR(runs[0].history[k].max_error, runs[1].history[k].max_error, 1e-13) << what;
    }
  }
}

// Jacobi to a tight tolerance gives the direct solve's accuracy: order 2 as well.
TEST(SolveND, FusedJacobiToATightToleranceIsSecondOrder) {
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

// The optimised sweep against its plain _ref twin, bit for bit, on a box with ghosts on some
// sides and the domain boundary on others, classical and damped.
TEST(SolveND, SweepKernelIsItsReference) {
  std::vector<double> classical;
  for (double omega : {1.0, 0.7})
    for (int dim : {2, 3}) {
      fused::Box B;
      B.dim = dim;
      const PetscInt n[3] = {20, 15, dim == 3 ? 11 : 1};
      for (int d = 0; d < 3; ++d) B.n[d] = n[d];
      // owned: x 5..13 (ghosts both sides), y 0..6 (domain boundary below), z 4..10 (top)
      const PetscInt s[3] = {5, 0, dim == 3 ? 4 : 0}, m[3] = {9, 7, dim == 3 ? 7 : 1};
      for (int d = 0; d < 3; ++d) {
        B.s[d] = s[d], B.m[d] = m[d];
        const bool used = d < dim;
        B.gs[d] = used ? std::max<PetscInt>(0, s[d] - 1) : 0;
        B.gm[d] = used ? std::min(n[d], s[d] + m[d] + 1) - B.gs[d] : 1;
      }
      B.SetInterior();
      fused::Weights W{0.1, {0.3, 0.15, 0.05}};
      W.SetOmega(omega);
      std::mt19937 gen(7);
      std::uniform_real_distribution<double> U(-1, 1);
      std::vector<double> u(B.gm[0] * B.gm[1] * B.gm[2]), b(m[0] * m[1] * m[2]);
      for (double &v : u) v = U(gen);
      for (double &v : b) v = U(gen);
      std::vector<double> fast(u.size(), -7.0), ref(u.size(), -7.0);
      if (dim == 2)
        fused::SweepInterior<2>(B, W, u.data(), fast.data(), b.data());
      else
        fused::SweepInterior<3>(B, W, u.data(), fast.data(), b.data());
      fused::SweepInterior_ref(B, W, u.data(), ref.data(), b.data());
      EXPECT_EQ(fast, ref) << dim << "D omega " << omega;
      EXPECT_NE(fast, std::vector<double>(u.size(), -7.0)) << dim << "D: nothing swept";
      if (dim == 2 && omega == 1) classical = fast;
      if (dim == 2 && omega != 1) EXPECT_NE(fast, classical) << "the weight changed nothing";
    }
}

// The matrix-free operator (what classical Jacobi uses for residuals) is the assembled one.
TEST(SolveND, MatrixFreeOperatorIsTheAssembledOne) {
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
