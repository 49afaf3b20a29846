#pragma once
// What a guess's residual says about its error, without knowing the solution.
//
// The interior operator A (3-point Laplacian, boundary neighbours eliminated) is diagonal in the
// DST-I basis: A sin_k = lambda_k sin_k, lambda_k = (2 - 2 cos theta_k)/h^2, theta_k = k pi/(n+1).
// So the residual r = b - A u of a guess u gives its algebraic error e = u* - u mode by mode,
// E_k = R_k / lambda_k, and classical Jacobi multiplies mode k by rho_k = cos theta_k per sweep.
// From one DST of r, this class predicts:
//   - the error energy ||e||_A^2 = h e^T A e = h r^T A^-1 r = h (2/(n+1)) sum R_k^2 / lambda_k
//     (the quantity every stationary or Galerkin correction should lower; the L2 norm of r is
//     not: it weighs mode k by lambda_k^2 and can grow when a good correction adds small
//     high-frequency noise);
//   - a bound of max|e| after j more Jacobi sweeps, (2/(n+1)) sum_k |E_k| |rho_k|^j, and the
//     sweeps j* until it falls to a target (the hybrid auto switch's model);
//   - the sweeps until the error above a cut-off mode is damped and small against the error
//     below it (when Jacobi has done its part and a smooth correction can take over).
// Every method is collective; the results are replicated on every rank.
#include <petscksp.h>

#include <functional>
#include <memory>
#include <vector>

#include "fpsolve/problem/grid.hpp"
#include "fpsolve/spectral/dst.hpp"

namespace fpsolve::hybrid {

class ResidualSpectrum {
 public:
  // A: the operator (assembled or matrix-free); b: its rhs. 1D grids.
  static PetscErrorCode Create(const Grid &grid, Mat A, Vec b,
                               std::unique_ptr<ResidualSpectrum> *out);
  ~ResidualSpectrum();

  // r = b - A u, its DST and the error modes E_k of u.
  PetscErrorCode Analyse(Vec u);

  Vec residual() const { return r_; }                            // r of the last Analyse
  double residual_norm() const { return rnorm_; }                // ||r||_2 (boundary rows included)
  const std::vector<double> &error_modes() const { return E_; }  // E_k, signed, k = 1..n
  double energy() const;                                         // ||e||_A^2 (see above)
  // Amplitude of e: sqrt(2) x its RMS over the grid (Parseval), exact for one sine mode and,
  // unlike the max bound, not inflated by a little noise spread over many modes.
  double amplitude() const;
  // Bound of max|e| after `sweeps` Jacobi sweeps of weight w (Richardson scale: mode k is
  // multiplied by 1 - w (1 - rho_k), w = 1 classical), over modes first..last (1-based,
  // inclusive; last <= 0: up to n).
  double error_bound(double sweeps, PetscInt first = 1, PetscInt last = 0, double w = 1) const;
  // Sweeps until error_bound <= target (0 if already; capped at 1e15).
  double SweepsTo(double target) const;
  // Sweeps until the interior residual's 2-norm is <= target (Parseval over the DST).
  double SweepsToResidual(double target) const;
  // Sweeps until the error above mode `cutoff` is smooth enough to leave the rest to a net:
  // mode cutoff+1 damped by the factor ratio (damp_noise: after a correction, which leaves
  // error of its own there), and the error bound over modes > cutoff at most
  // ratio x the bound over modes <= cutoff (a net learns high frequencies slowly; its own
  // high-frequency error must be gone too, or the residual it is trained on is rough).
  // w: the smoother's Jacobi weight (classical Jacobi, w = 1, does not damp the modes near n:
  // their factor |cos theta_k| is as close to 1 as the lowest modes').
  double SweepsToSmooth(PetscInt cutoff, double ratio, bool damp_noise, double w = 1) const;
  PetscInt modes() const { return (PetscInt)lambda_.size(); }
  // |factor| of mode k (1-based) per Jacobi sweep of weight w.
  double damped_factor(PetscInt k, double w) const;

 private:
  ResidualSpectrum() = default;
  Mat A_ = nullptr;
  Vec b_ = nullptr, r_ = nullptr;
  std::unique_ptr<spectral::Dst> dst_;
  std::vector<double> R_, E_, lambda_, rho_;
  double scale_ = 0, h_ = 0, rnorm_ = 0;
};

// The smallest j in [0, 1e15] with done(j) true (done must be monotone in j), by doubling then
// bisection to one sweep.
double SmallestSweeps(const std::function<bool(double)> &done);

}  // namespace fpsolve::hybrid
