#pragma once
// What a guess's residual says about its error, without knowing the solution, in 1D, 2D, 3D.
//
// The interior operator A (3/5/7-point Laplacian, boundary neighbours eliminated) is diagonal
// in the DST-I basis (products of sines, spectral/dst_nd.hpp): A s_k = lambda_k s_k for the
// multi-index k, lambda_k = sum_a (2 - 2 cos(pi k_a/(n_a+1)))/h_a^2 (solve/stencil.hpp). So
// the residual r = b - A u of a guess u gives its algebraic error e = u* - u mode by mode,
// E_k = R_k / lambda_k, and Jacobi of weight w multiplies mode k by rho_k = 1 - w lambda_k /
// diagonal per sweep. From one DST of r (the run's shared DstNd), this class predicts:
//   - the error energy ||e||_A^2 = h^d e^T A e = h^d r^T A^-1 r
//     = h^d prod_a (2/(n_a+1)) sum_k R_k^2 / lambda_k, h^d = prod_a h_a
//     (the quantity every stationary or Galerkin correction should lower; the 2-norm of r is
//     not: it weighs mode k by lambda_k^2 and can grow when a good correction adds small
//     high-frequency noise);
//   - the error's amplitude, 2^(d/2) x its RMS (exact for one product of sines);
//   - a bound of max|e| after j Jacobi sweeps, prod_a (2/(n_a+1)) sum_k |E_k| |rho_k|^j, and
//     the sweeps until it falls to a target, or until the residual's 2-norm does (the model
//     the hybrid auto switch uses too: sweep_prediction.hpp);
//   - the sweeps until the error above a cut-off |k| is damped and small against the error
//     below it (when Jacobi has done its part and a smooth correction can take over).
// "Above the cut-off" means |k| = sqrt(sum_a k_a^2) > cutoff (in 1D: k > cutoff).
//
// The coefficients stay distributed (each rank its owned modes); Analyse reduces what the
// predictions need (one Allreduce), so the queries are replicated and not collective, except
// SetSmoothing.
#include <petscksp.h>

#include <memory>
#include <vector>

#include "fpsolve/hybrid/sweep_prediction.hpp"
#include "fpsolve/problem/grid.hpp"
#include "fpsolve/spectral/dst_nd.hpp"

namespace fpsolve::hybrid {

class ResidualSpectrum {
 public:
  // A: the operator (assembled or matrix-free); b: its rhs; dst: the run's transform of
  // grid.da (shared; must outlive this). Collective.
  static PetscErrorCode Create(const Grid &grid, spectral::DstNd &dst, Mat A, Vec b,
                               std::unique_ptr<ResidualSpectrum> *out);
  ~ResidualSpectrum();

  // r = b - A u, its DST and what the queries below need. Collective. A u equal, bit for bit,
  // to the last one analysed (an accepted candidate copied into the iterate) is not analysed
  // again: everything follows from u, and a copy and a comparison cost a fraction of the MatMult
  // and the DST.
  PetscErrorCode Analyse(Vec u);

  Vec residual() const { return r_; }              // r of the last Analyse
  double residual_norm() const { return rnorm_; }  // ||r||_2 (boundary rows included)
  double energy() const { return energy_; }        // ||e||_A^2 (see above)
  // Amplitude of e: 2^(d/2) x its RMS (Parseval; the mean over prod_a (n_a + 1) points, a
  // period's samples), exact for one product of sines and, unlike the max bound, not inflated
  // by a little noise spread over many modes.
  double amplitude() const { return amplitude_; }
  // The error per shell: entry s-1 = sqrt(sum of E_k^2 over the modes with round(|k|) = s),
  // s = 1, 2, ... (in 1D: |E_k| of mode k). Replicated.
  const std::vector<double> &shell_errors() const { return shells_; }
  // Bound of max|e| after `sweeps` classical Jacobi sweeps.
  double error_bound(double sweeps) const;
  // Sweeps until error_bound <= target (0 if already; capped at 1e15).
  double SweepsTo(double target) const;
  // Sweeps until the interior residual's 2-norm is <= target (Parseval over the DST).
  double SweepsToResidual(double target) const;
  // The smoothing the cycle asks about: cut-off |k| and the smoother's Jacobi weight w (1:
  // classical). Collective (the rates' range); takes effect at the next Analyse.
  PetscErrorCode SetSmoothing(double cutoff, double w);
  double cutoff() const { return cutoff_; }
  // Sweeps (weight w of SetSmoothing) until the error above the cut-off is smooth enough to
  // leave the rest to a net: the slowest mode of the shell just above the cut-off (cutoff <
  // |k| <= cutoff + 1) damped by the factor ratio (damp_noise: after a correction, which
  // leaves error of its own there), and the error bound over |k| > cutoff at most ratio x the
  // bound over |k| <= cutoff (a net learns high frequencies slowly; its own high-frequency
  // error must be gone too, or the residual it is trained on is rough). 0 without a cut-off.
  double SweepsToSmooth(double ratio, bool damp_noise) const;
  // The error's frequency (cycles per unit length) weighted by its energy, over the modes
  // |k| <= cutoff of the last Analyse: f with (2 pi f)^2 = sum_k lambda_k^2 E_k^2 / sum_k
  // lambda_k E_k^2 = sum R_k^2 / sum R_k^2 / lambda_k (lambda_k ~ (2 pi |f_k|)^2, f_k the mode's
  // frequency vector, k_a / (2 L_a) per axis). Where the energy the corrections must remove
  // lies, in the units of a Fourier embedding's sigma. 0 without error there. Collective.
  PetscErrorCode EnergyFrequency(double cutoff, double *f) const;
  // The largest per-axis mode count max_a n_a (the 1D "n" of a cut-off fraction).
  PetscInt modes() const;
  int dim() const { return dst_->dim(); }

 private:
  ResidualSpectrum() = default;
  Grid grid_;
  spectral::DstNd *dst_ = nullptr;
  Mat A_ = nullptr;
  Vec b_ = nullptr, r_ = nullptr, R_ = nullptr;
  Vec analysed_ = nullptr;  // a copy of the last u analysed
  bool analysed_valid_ = false;
  std::vector<double> inv_lambda_, knorm_;  // 1/lambda_k and |k| of the owned modes
  std::vector<int> shell_;                  // round(|k|) - 1 of the owned modes
  std::vector<double> abs_error_, r2_;      // |E_k| and R_k^2 of the owned modes
  DecayBins jacobi_, smoother_;             // decay rates: classical Jacobi, the smoother
  // Bin sums, replicated: |E_k| and R_k^2 for classical Jacobi; |E_k| above and below the
  // cut-off for the smoother.
  DecayBins::Sums error_sums_, r2_sums_, high_sums_, low_sums_;
  std::vector<double> high_, low_;  // |E_k| masked to the owned modes above / below the cut-off
  double cutoff_ = 0, slowest_above_ = 0;  // slowest rate of the shell above the cut-off
  std::vector<double> shells_;
  double scale_ = 0, hd_ = 1, rnorm_ = 0, energy_ = 0, amplitude_ = 0;
  double cells_ = 1;  // prod_a (n_a + 1): the mean square of a sine over a period's samples
};

}  // namespace fpsolve::hybrid
