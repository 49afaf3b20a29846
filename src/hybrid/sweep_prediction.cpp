#include "fpsolve/hybrid/sweep_prediction.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "fpsolve/solve/stencil.hpp"

namespace fpsolve::hybrid {

double SmallestSweeps(const std::function<bool(double)> &done) {
  if (done(0)) return 0;
  double lo = 0, hi = 1;
  while (!done(hi) && hi < 1e15) lo = hi, hi *= 2;
  for (int i = 0; i < 80 && hi - lo > 1; ++i) {
    const double mid = 0.5 * (lo + hi);
    (done(mid) ? hi : lo) = mid;
  }
  return hi;
}

PetscErrorCode DecayBins::ForJacobi(const Grid &grid, const spectral::DstNd &dst, double w,
                                    DecayBins *out) {
  const Stencil st = Stencil::FromGrid(grid);
  const EigenvalueTable eigenvalue(st);
  std::vector<double> mu(dst.owned_end() - dst.owned_begin());
  PetscFunctionBeginUser;
  for (PetscInt l = dst.owned_begin(); l < dst.owned_end(); ++l) {
    const spectral::Mode k = dst.ModeOf(l);
    const double rho = std::fabs(1.0 - w * eigenvalue(k.data()) * st.inv_diagonal);
    mu[l - dst.owned_begin()] = rho > 0 ? -std::log(rho) : std::numeric_limits<double>::infinity();
  }
  PetscCall(Create(PetscObjectComm((PetscObject)grid.da), mu, out));
  PetscFunctionReturn(0);
}

PetscErrorCode DecayBins::Create(MPI_Comm comm, const std::vector<double> &mu, DecayBins *out) {
  double range[2] = {std::numeric_limits<double>::infinity(), 0};  // min mu, -max mu
  PetscFunctionBeginUser;
  for (double m : mu)
    if (std::isfinite(m)) range[0] = std::min(range[0], m), range[1] = std::min(range[1], -m);
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, range, 2, MPI_DOUBLE, MPI_MIN, comm));
  const double lo = std::log(range[0]), hi = std::log(std::max(-range[1], range[0]));
  const double width = hi > lo ? (hi - lo) / kBins : 1.0;
  out->comm_ = comm;
  out->mu_ = mu;
  out->bin_mu_.resize(kBins);
  for (int b = 0; b < kBins; ++b) out->bin_mu_[b] = std::exp(lo + b * width);  // slowest in bin
  out->bin_.resize(mu.size());
  for (size_t i = 0; i < mu.size(); ++i)
    out->bin_[i] = std::isfinite(mu[i]) ? (std::uint16_t)std::clamp(
                                              (int)((std::log(mu[i]) - lo) / width), 0, kBins - 1)
                                        : (std::uint16_t)kBins;
  PetscFunctionReturn(0);
}

void DecayBins::Accumulate(const double *a, double *sums) const {
  for (size_t l = 0; l < bin_.size(); ++l) sums[bin_[l]] += a[l];
}

PetscErrorCode DecayBins::Sum(const double *a, Sums *sums) const {
  PetscFunctionBeginUser;
  sums->assign(kBins + 1, 0.0);
  Accumulate(a, sums->data());
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, sums->data(), kBins + 1, MPI_DOUBLE, MPI_SUM, comm_));
  PetscFunctionReturn(0);
}

double DecayBins::Decayed(const Sums &sums, double sweeps, double p) const {
  double s = sweeps == 0 ? sums[kBins] : 0.0;  // modes one sweep removes
  for (int b = 0; b < kBins; ++b)
    if (sums[b] > 0) s += sums[b] * (sweeps > 0 ? std::exp(-p * bin_mu_[b] * sweeps) : 1.0);
  return s;
}

double DecayBins::SweepsTo(const Sums &sums, double target, double p) const {
  return SmallestSweeps([&](double j) { return Decayed(sums, j, p) <= target; });
}

}  // namespace fpsolve::hybrid
