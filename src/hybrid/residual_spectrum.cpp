#include "fpsolve/hybrid/residual_spectrum.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

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

PetscErrorCode ResidualSpectrum::Create(const Grid &grid, Mat A, Vec b,
                                        std::unique_ptr<ResidualSpectrum> *out) {
  PetscFunctionBeginUser;
  PetscCheck(grid.dim == 1, PETSC_COMM_SELF, PETSC_ERR_SUP,
             "the residual spectrum model is 1D for now");
  std::unique_ptr<ResidualSpectrum> s(new ResidualSpectrum());
  s->A_ = A, s->b_ = b, s->h_ = grid.h[0];
  PetscCall(VecDuplicate(b, &s->r_));
  PetscCall(spectral::Dst::Create(grid.da, &s->dst_));
  const Stencil st = Stencil::FromGrid(grid);  // the one place that spells the operator
  const PetscInt n = grid.n[0] - 2;
  s->lambda_.resize(n), s->rho_.resize(n);
  for (int k = 1; k <= n; ++k) {
    s->lambda_[k - 1] = st.Eigenvalue(&k);
    s->rho_[k - 1] = std::fabs(st.JacobiFactor(&k));
  }
  s->scale_ = 2.0 / (n + 1.0);  // inverse DST normalisation (see dst.hpp)
  *out = std::move(s);
  PetscFunctionReturn(0);
}

ResidualSpectrum::~ResidualSpectrum() {
  VecDestroy(&r_);
}

PetscErrorCode ResidualSpectrum::Analyse(Vec u) {
  PetscFunctionBeginUser;
  PetscCall(MatMult(A_, u, r_));
  PetscCall(VecAYPX(r_, -1.0, b_));  // r = b - A u
  PetscCall(VecNorm(r_, NORM_2, &rnorm_));
  PetscCall(dst_->Apply(r_, R_));  // replicated on every rank: every prediction is too
  E_.resize(R_.size());
  for (size_t k = 0; k < R_.size(); ++k) E_[k] = R_[k] / lambda_[k];
  PetscFunctionReturn(0);
}

double ResidualSpectrum::energy() const {
  double s = 0;
  for (size_t k = 0; k < R_.size(); ++k) s += R_[k] * E_[k];
  return h_ * scale_ * s;
}

double ResidualSpectrum::amplitude() const {
  double s = 0;
  for (double e : E_) s += e * e;
  return E_.empty() ? 0.0 : std::sqrt(2 * scale_ * s / (double)E_.size());
}

double ResidualSpectrum::damped_factor(PetscInt k, double w) const {
  // rho_ holds |1 - lambda_k / diagonal|, the classical factor: its sign is that of cos theta_k,
  // positive for k <= (n+1)/2 and negative above.
  const double classical = 2 * k <= modes() + 1 ? rho_[k - 1] : -rho_[k - 1];
  return w == 1 ? rho_[k - 1] : std::fabs(1 - w * (1 - classical));
}

double ResidualSpectrum::error_bound(double sweeps, PetscInt first, PetscInt last, double w) const {
  const PetscInt n = (PetscInt)E_.size();
  if (last <= 0 || last > n) last = n;
  double s = 0;
  for (PetscInt k = std::max<PetscInt>(first, 1); k <= last; ++k)
    s += std::fabs(E_[k - 1]) * (sweeps > 0 ? std::pow(damped_factor(k, w), sweeps) : 1.0);
  return scale_ * s;
}

double ResidualSpectrum::SweepsTo(double target) const {
  return SmallestSweeps([&](double j) { return error_bound(j) <= target; });
}

double ResidualSpectrum::SweepsToResidual(double target) const {
  return SmallestSweeps([&](double j) {
    double s = 0;
    for (size_t k = 0; k < R_.size(); ++k) {
      const double rk = R_[k] * (j > 0 ? std::pow(rho_[k], j) : 1.0);
      s += rk * rk;
    }
    return std::sqrt(scale_ * s) <= target;
  });
}

double ResidualSpectrum::SweepsToSmooth(PetscInt cutoff, double ratio, bool damp_noise,
                                        double w) const {
  const PetscInt c = std::min<PetscInt>(std::max<PetscInt>(cutoff, 1), modes());
  if (c >= modes()) return 0;
  // What the net cannot learn quickly must be gone: every mode above the cut-off damped by
  // 1/ratio since the last correction (which may have put error there) ...
  double slowest = 0;
  for (PetscInt k = c + 1; k <= modes(); ++k) slowest = std::max(slowest, damped_factor(k, w));
  const double damp =
      damp_noise && slowest < 1 ? std::log(ratio) / std::log(std::max(slowest, 1e-300)) : 0.0;
  // ... and the error above the cut-off small against the error below it.
  const double smooth = SmallestSweeps(
      [&](double j) { return error_bound(j, c + 1, 0, w) <= ratio * error_bound(j, 1, c, w); });
  return std::max(damp, smooth);
}

}  // namespace fpsolve::hybrid
