#pragma once
// Jacobi sweeps predicted from a spectrum: the one model the hybrid auto switch
// (auto_switch.hpp) and the correction cycles (residual_spectrum.hpp) share.
//
// The interior operator is diagonal in the DST basis (1D, 2D, 3D: products of sines), and
// Jacobi of weight w multiplies the error's mode k by rho_k = 1 - w lambda_k / diagonal each
// sweep (solve/stencil.hpp). So a non-negative per-mode quantity a_k after j sweeps is
//     S(j) = sum_k a_k |rho_k|^(p j)
// (a_k = |E_k|, p = 1: the inverse DST's bound of max|e|, up to its normalisation;
// a_k = R_k^2, p = 2: the residual's squared 2-norm, by Parseval). To keep this cheap on large
// nD grids and parallel, the modes are binned by their decay rate mu_k = -ln|rho_k|: kBins
// bins equal in ln mu, each taking its slowest rate, so S stays an upper bound and the
// predicted sweeps move by < 1 %. One Allreduce of the bins per sum; everything after it runs
// on replicated data, so every rank predicts the same number.
#include <petscsys.h>

#include <cstdint>
#include <functional>
#include <vector>

#include "fpsolve/problem/grid.hpp"
#include "fpsolve/spectral/dst_nd.hpp"

namespace fpsolve::hybrid {

// The smallest j in [0, 1e15] with done(j) true (done must be monotone in j), by doubling then
// bisection to one sweep.
double SmallestSweeps(const std::function<bool(double)> &done);

class DecayBins {
 public:
  static constexpr int kBins = 4096;
  // Per-bin sums: kBins entries, then one for the modes a single sweep removes (rho_k = 0).
  using Sums = std::vector<double>;

  // The owned modes of dst (in its owned order) for Jacobi of weight w on grid. Collective
  // over the grid's communicator (one Allreduce of the rate range).
  static PetscErrorCode ForJacobi(const Grid &grid, const spectral::DstNd &dst, double w,
                                  DecayBins *out);
  // From the decay rates of the owned modes (+inf: removed by one sweep). Collective.
  static PetscErrorCode Create(MPI_Comm comm, const std::vector<double> &mu, DecayBins *out);

  // Sums a[l] (one per owned mode, in owned order) into the bins, replicated on every rank:
  // one Allreduce. Collective.
  PetscErrorCode Sum(const double *a, Sums *sums) const;
  // The local part of Sum: adds a[l] into sums[0 .. kBins] (for callers that reduce several
  // things in one Allreduce). Not collective.
  void Accumulate(const double *a, double *sums) const;
  // S(j) = sum_b sums[b] exp(-p mu_b j). Not collective.
  double Decayed(const Sums &sums, double sweeps, double p = 1) const;
  // The smallest j with Decayed(sums, j, p) <= target. Not collective.
  double SweepsTo(const Sums &sums, double target, double p = 1) const;
  // The decay rate of owned mode l (as given; +inf for rho = 0).
  double rate(PetscInt l) const { return mu_[l]; }
  PetscInt owned() const { return (PetscInt)bin_.size(); }

 private:
  MPI_Comm comm_ = MPI_COMM_NULL;
  std::vector<double> mu_;          // rate of each owned mode
  std::vector<std::uint16_t> bin_;  // its bin (kBins: rho_k = 0)
  std::vector<double> bin_mu_;      // the slowest rate of each bin
};

}  // namespace fpsolve::hybrid
