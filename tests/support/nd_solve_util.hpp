#pragma once
// What the 2D/3D solve tests share: manufactured problems with nonzero Dirichlet data on
// non-square boxes, grid and process-grid options, Jacobi from zero written out by hand, and
// the comparisons of two solves.
#include <gtest/gtest.h>
#include <mpi.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "fpsolve/problem/problem.hpp"
#include "solve_util.hpp"

namespace fpsolve::testing {

// Manufactured solutions with nonzero Dirichlet data on non-square boxes (dim 2 or 3).
inline std::unique_ptr<Problem> Manufactured(int dim) {
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
inline std::string GridOptions(int dim, int n) {
  const std::string m = std::to_string(n), m2 = std::to_string(2 * (n - 1) + 1);
  if (dim == 2) return "-da_grid_x " + m + " -da_grid_y " + m2;
  return "-da_grid_x " + m + " -da_grid_y " + m + " -da_grid_z " + m2;
}

inline void ExpectSecondOrder(const std::vector<double> &errors, const std::string &what) {
  for (size_t i = 1; i < errors.size(); ++i) {
    const double order = std::log2(errors[i - 1] / errors[i]);
    EXPECT_GE(order, 1.9) << what << " grid " << i;
    EXPECT_LE(order, 2.1) << what << " grid " << i;
  }
}

// Jacobi from zero by hand, natural order: boundary rows take u_b at once, interior rows the
// eliminated stencil (boundary neighbours' values are in the rhs). omega != 1: damped, every
// row moves the fraction omega from its value to that update.
inline std::vector<double> HandWrittenJacobi(const Problem &p, int dim, const PetscInt n[3],
                                             int sweeps, double omega = 1) {
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
inline std::vector<std::string> ProcessGrids(int dim) {
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

inline void ExpectClose(const std::vector<double> &a, const std::vector<double> &b, double tol,
                        const std::string &what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  double diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff = std::max(diff, std::abs(a[i] - b[i]));
  EXPECT_LE(diff, tol) << what;
}

// Two solves of the same iteration: iterates within tol, the same iteration count, reason and
// record points, residuals to rounding (b - A u cancels: ~ eps ||A|| ||u||), errors within tol.
inline void ExpectSameSolve(const SolvedRun &a, const SolvedRun &b, double tol,
                            const std::string &what) {
  ExpectClose(a.u, b.u, tol, what);
  EXPECT_EQ(a.result.iterations, b.result.iterations) << what;
  EXPECT_EQ(a.result.reason, b.result.reason) << what;
  ASSERT_EQ(a.history.size(), b.history.size()) << what;
  for (size_t k = 0; k < a.history.size(); ++k) {
    EXPECT_EQ(a.history[k].iteration, b.history[k].iteration) << what;
    EXPECT_NEAR(a.history[k].residual, b.history[k].residual,
                1e-9 * std::max(1.0, b.history[k].residual))
        << what << " record " << k;
    EXPECT_NEAR(a.history[k].max_error, b.history[k].max_error, tol) << what << " record " << k;
  }
}

}  // namespace fpsolve::testing
