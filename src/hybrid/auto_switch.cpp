#include "fpsolve/hybrid/auto_switch.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "fpsolve/solve/stencil.hpp"

namespace fpsolve::hybrid {

PetscErrorCode AutoSwitch::BinModes(const Grid &grid) {
  const Stencil st = Stencil::FromGrid(grid);
  const PetscInt owned = dst_->owned_end() - dst_->owned_begin();
  std::vector<double> mu(owned);
  double range[2] = {std::numeric_limits<double>::infinity(), 0};  // min mu, -max mu
  PetscFunctionBeginUser;
  inv_lambda_.resize(owned);
  PetscInt l = 0;
  PetscCall(dst_->ForEachOwned(R_, [&](const spectral::Mode &k, PetscScalar &) {
    inv_lambda_[l] = 1.0 / st.Eigenvalue(k.data());
    const double rho = std::fabs(st.JacobiFactor(k.data()));
    mu[l] = rho > 0 ? -std::log(rho) : std::numeric_limits<double>::infinity();
    if (std::isfinite(mu[l]))
      range[0] = std::min(range[0], mu[l]), range[1] = std::min(range[1], -mu[l]);
    ++l;
  }));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, range, 2, MPI_DOUBLE, MPI_MIN,
                             PetscObjectComm((PetscObject)grid.da)));
  const double lo = std::log(range[0]), hi = std::log(std::max(-range[1], range[0]));
  const double width = hi > lo ? (hi - lo) / kBins : 1.0;
  bin_mu_.resize(kBins);
  for (int b = 0; b < kBins; ++b) bin_mu_[b] = std::exp(lo + b * width);  // slowest in the bin
  bin_.resize(owned);
  for (PetscInt i = 0; i < owned; ++i)
    bin_[i] = std::isfinite(mu[i])
                  ? (std::uint16_t)std::clamp((int)((std::log(mu[i]) - lo) / width), 0, kBins - 1)
                  : (std::uint16_t)kBins;
  sum_.resize(kBins + 1);
  PetscFunctionReturn(0);
}

PetscErrorCode AutoSwitch::Create(const Grid &grid, spectral::DstNd &dst, Mat A, Vec b,
                                  double target, double seconds_per_iteration, int patience,
                                  std::unique_ptr<AutoSwitch> *out) {
  PetscFunctionBeginUser;
  std::unique_ptr<AutoSwitch> s(new AutoSwitch());
  s->A_ = A, s->b_ = b, s->target_ = target, s->t_it_ = seconds_per_iteration;
  s->patience_ = patience;
  s->dst_ = &dst;
  PetscCall(VecDuplicate(b, &s->r_));
  PetscCall(VecDuplicate(b, &s->best_));
  PetscCall(dst.CreateCoeffVec(&s->R_));
  PetscCall(s->BinModes(grid));
  s->scale_ = 1.0;  // the inverse DST's normalisation (see dst_nd.hpp)
  for (int a = 0; a < grid.dim; ++a) s->scale_ *= 2.0 / (dst.modes(a) + 1.0);
  // The first candidate is Jacobi's own start, the zero guess with the boundary values the
  // boundary rows impose (b / diagonal there): training must beat it to be chosen at all.
  const Stencil st = Stencil::FromGrid(grid);
  Vec zero;
  PetscScalar *z;
  const PetscScalar *bb;
  PetscCall(VecDuplicate(b, &zero));
  PetscCall(VecGetArray(zero, &z));
  PetscCall(VecGetArrayRead(b, &bb));
  PetscCall(GridForEachOwned(grid, [&](PetscInt k, const PetscInt *, const double *, bool bnd) {
    z[k] = bnd ? bb[k] * st.inv_diagonal : 0.0;
  }));
  PetscCall(VecRestoreArrayRead(b, &bb));
  PetscCall(VecRestoreArray(zero, &z));
  PetscBool stop;
  PetscCall(s->Consider(zero, -1, 0.0, &stop));
  PetscCall(VecDestroy(&zero));
  *out = std::move(s);
  PetscFunctionReturn(0);
}

AutoSwitch::~AutoSwitch() {
  VecDestroy(&r_);
  VecDestroy(&best_);
  VecDestroy(&R_);
}

PetscErrorCode AutoSwitch::PredictIterations(Vec u, double *iterations) {
  PetscFunctionBeginUser;
  PetscCall(MatMult(A_, u, r_));
  PetscCall(VecAYPX(r_, -1.0, b_));  // r = b - A u
  PetscCall(dst_->Forward(r_, R_));
  std::fill(sum_.begin(), sum_.end(), 0.0);
  PetscInt l = 0;
  PetscCall(dst_->ForEachOwned(R_, [&](const spectral::Mode &, PetscScalar &c) {
    sum_[bin_[l]] += std::fabs(c) * inv_lambda_[l];  // |E_k| = |R_k| / lambda_k
    ++l;
  }));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, sum_.data(), (int)sum_.size(), MPI_DOUBLE, MPI_SUM,
                             PetscObjectComm((PetscObject)u)));
  // Replicated from here on: every rank computes the same prediction.
  auto bound = [&](double j) {
    double s = j == 0 ? sum_[kBins] : 0.0;  // modes Jacobi removes in one sweep
    for (int b = 0; b < kBins; ++b)
      if (sum_[b] > 0) s += sum_[b] * std::exp(-bin_mu_[b] * j);
    return scale_ * s;
  };
  if (bound(0) <= target_) {
    *iterations = 0;
    PetscFunctionReturn(0);
  }
  // bound(j) decreases monotonically: bracket by doubling, then bisect.
  double lo = 0, hi = 1;
  while (bound(hi) > target_ && hi < 1e12) lo = hi, hi *= 2;
  for (int i = 0; i < 60 && hi - lo > 1; ++i) {
    const double mid = 0.5 * (lo + hi);
    (bound(mid) > target_ ? lo : hi) = mid;
  }
  *iterations = hi;
  PetscFunctionReturn(0);
}

PetscErrorCode AutoSwitch::Consider(Vec u, int step, double train_seconds, PetscBool *stop) {
  PetscFunctionBeginUser;
  PetscCall(PredictIterations(u, &last_its_));
  last_total_ = train_seconds + last_its_ * t_it_;
  if (!has_best_ || last_total_ < best_total_) {
    has_best_ = true;
    best_total_ = last_total_, best_step_ = step, stale_ = 0;
    PetscCall(VecCopy(u, best_));
  } else {
    ++stale_;
  }
  *stop = stale_ >= patience_ ? PETSC_TRUE : PETSC_FALSE;
  PetscFunctionReturn(0);
}

}  // namespace fpsolve::hybrid
