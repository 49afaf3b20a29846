#pragma once
// The discrete operator described once: the second-order finite-difference Laplacian of a
// DMDA box grid (3-point in 1D, 5-point in 2D, 7-point in 3D) with Dirichlet data.
//
// Interior rows: diagonal u_p - sum_d inv_h2[d] (u_{p-e_d} + u_{p+e_d}) = g_p, where
// inv_h2[d] = 1/h_d^2 and diagonal = sum_d 2/h_d^2; neighbours on the boundary are eliminated
// (their known values go to the right-hand side) so the matrix is symmetric. Boundary rows:
// diagonal u_p = diagonal u_b(p), so Jacobi with Richardson scale 1 is exactly the classical
// sweep and the boundary rows are exact at once.
//
// This is the only place that spells 2/h^2: the assembled matrix, the right-hand side's
// boundary elimination, the matrix-free operator, the fused Jacobi kernel and the spectral
// side (eigenvalues, Jacobi factors) all read it from here.
#include <petscdm.h>

#include <cmath>
#include <vector>

#include "fpsolve/problem/grid.hpp"
#include "fpsolve/problem/problem.hpp"

namespace fpsolve {

struct Stencil {
  int dim = 1;
  PetscInt n[3] = {1, 1, 1};        // points per axis, boundary included
  PetscReal inv_h2[3] = {0, 0, 0};  // 1/h_d^2 (0 on unused axes)
  PetscReal diagonal = 0;           // sum_d 2/h_d^2: every row's diagonal entry
  PetscReal inv_diagonal = 0;       // 1/diagonal, as PCJACOBI computes it

  static Stencil FromGrid(const Grid &grid) { return Make(grid.dim, grid.n, grid.h); }
  // For any DMDA of a hierarchy on the box (PCMG assembles coarse levels through this).
  static PetscErrorCode FromDM(DM da, const Domain &domain, Stencil *s);
  static Stencil Make(int dim, const PetscInt n[], const PetscReal h[]) {
    Stencil s;
    s.dim = dim;
    for (int d = 0; d < dim; ++d) {
      s.n[d] = n[d];
      s.inv_h2[d] = 1.0 / (h[d] * h[d]);
      s.diagonal += 2.0 * s.inv_h2[d];
    }
    s.inv_diagonal = 1.0 / s.diagonal;
    return s;
  }

  // The Jacobi sweep's neighbour weight along axis d: inv_h2[d] / diagonal.
  PetscReal NeighbourWeight(int d) const { return inv_h2[d] * inv_diagonal; }

  // lambda_k of the interior operator for the 1-based multi-index k (1 <= k[d] <= n[d] - 2):
  // sum_d (2 - 2 cos(pi k_d / (n_d - 1))) / h_d^2. Its eigenvectors are products of
  // sin(pi k_d i_d / (n_d - 1)) (the DST-I modes).
  double Eigenvalue(const int k[]) const {
    double lambda = 0;
    for (int d = 0; d < dim; ++d)
      lambda += (2.0 - 2.0 * std::cos(M_PI * k[d] / (double)(n[d] - 1))) * inv_h2[d];
    return lambda;
  }
  // rho_k = 1 - lambda_k / diagonal: the factor one classical Jacobi sweep multiplies the
  // error's mode k by (signed; |rho_k| is the decay rate).
  double JacobiFactor(const int k[]) const { return 1.0 - Eigenvalue(k) / diagonal; }
};

// Eigenvalue() of every mode from per-axis tables of its terms: one cosine per axis index, not
// dim per mode (263169 modes of a 513^2 grid cost ~4 ms a rank that way, and the cycle and the
// spectra take them several times). The same terms summed in the same order: bit-identical.
class EigenvalueTable {
 public:
  explicit EigenvalueTable(const Stencil &s) : dim_(s.dim) {
    for (int d = 0; d < dim_; ++d) {
      term_[d].resize((std::size_t)s.n[d]);
      for (PetscInt k = 0; k < s.n[d]; ++k)
        term_[d][(std::size_t)k] =
            (2.0 - 2.0 * std::cos(M_PI * (int)k / (double)(s.n[d] - 1))) * s.inv_h2[d];
    }
  }
  double operator()(const int k[]) const {
    double lambda = 0;
    for (int d = 0; d < dim_; ++d) lambda += term_[d][(std::size_t)k[d]];
    return lambda;
  }

 private:
  int dim_;
  std::vector<double> term_[3];
};

}  // namespace fpsolve
