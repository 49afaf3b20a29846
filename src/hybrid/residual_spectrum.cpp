#include "fpsolve/hybrid/residual_spectrum.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "fpsolve/base/log_event.hpp"
#include "fpsolve/solve/stencil.hpp"

namespace fpsolve::hybrid {

PetscErrorCode ResidualSpectrum::Create(const Grid &grid, spectral::DstNd &dst, Mat A, Vec b,
                                        std::unique_ptr<ResidualSpectrum> *out) {
  PetscFunctionBeginUser;
  std::unique_ptr<ResidualSpectrum> s(new ResidualSpectrum());
  s->grid_ = grid, s->dst_ = &dst, s->A_ = A, s->b_ = b;
  PetscCall(VecDuplicate(b, &s->r_));
  PetscCall(VecDuplicate(b, &s->analysed_));
  PetscCall(dst.CreateCoeffVec(&s->R_));
  const Stencil st = Stencil::FromGrid(grid);  // the one place that spells the operator
  const PetscInt owned = dst.owned_end() - dst.owned_begin();
  s->inv_lambda_.resize(owned), s->knorm_.resize(owned), s->shell_.resize(owned);
  PetscInt l = 0;
  PetscCall(dst.ForEachOwned(s->R_, [&](const spectral::Mode &k, PetscScalar &) {
    s->inv_lambda_[l] = 1.0 / st.Eigenvalue(k.data());
    double k2 = 0;
    for (int a = 0; a < grid.dim; ++a) k2 += (double)k[a] * k[a];
    s->knorm_[l] = std::sqrt(k2);
    s->shell_[l] = (int)std::lround(s->knorm_[l]) - 1;
    ++l;
  }));
  double kmax2 = 0;
  s->scale_ = 1.0;  // the inverse DST's normalisation (see dst_nd.hpp)
  for (int a = 0; a < grid.dim; ++a) {
    s->scale_ *= 2.0 / (dst.modes(a) + 1.0);
    s->hd_ *= grid.h[a];
    s->cells_ *= dst.modes(a) + 1.0;
    kmax2 += (double)dst.modes(a) * dst.modes(a);
  }
  s->shells_.assign((size_t)std::lround(std::sqrt(kmax2)), 0.0);
  s->abs_error_.resize(owned), s->r2_.resize(owned), s->high_.resize(owned), s->low_.resize(owned);
  PetscCall(DecayBins::ForJacobi(grid, dst, 1.0, &s->jacobi_));
  PetscCall(s->SetSmoothing(0, 1.0));
  *out = std::move(s);
  PetscFunctionReturn(0);
}

ResidualSpectrum::~ResidualSpectrum() {
  VecDestroy(&r_);
  VecDestroy(&R_);
  VecDestroy(&analysed_);
}

PetscInt ResidualSpectrum::modes() const {
  PetscInt n = 1;
  for (int a = 0; a < dst_->dim(); ++a) n = std::max(n, dst_->modes(a));
  return n;
}

PetscErrorCode ResidualSpectrum::SetSmoothing(double cutoff, double w) {
  PetscFunctionBeginUser;
  cutoff_ = cutoff;
  analysed_valid_ = false;  // the high/low split of the error changes
  if (w == 1.0)
    smoother_ = jacobi_;  // classical Jacobi's rates, already computed
  else
    PetscCall(DecayBins::ForJacobi(grid_, *dst_, w, &smoother_));
  double slowest = std::numeric_limits<double>::infinity();
  for (PetscInt l = 0; l < smoother_.owned(); ++l)
    if (knorm_[l] > cutoff && knorm_[l] <= cutoff + 1)
      slowest = std::min(slowest, smoother_.rate(l));
  PetscCallMPI(MPI_Allreduce(&slowest, &slowest_above_, 1, MPI_DOUBLE, MPI_MIN,
                             PetscObjectComm((PetscObject)grid_.da)));
  PetscFunctionReturn(0);
}

PetscErrorCode ResidualSpectrum::Analyse(Vec u) {
  static LogEvent event("FpResidualSpectrum");
  PetscBool same = PETSC_FALSE;
  PetscFunctionBeginUser;
  if (analysed_valid_) PetscCall(VecEqual(u, analysed_, &same));
  if (same) PetscFunctionReturn(0);
  PetscCall(event.Begin());
  PetscCall(VecCopy(u, analysed_));
  analysed_valid_ = true;
  PetscCall(MatMult(A_, u, r_));
  PetscCall(VecAYPX(r_, -1.0, b_));  // r = b - A u
  PetscCall(VecNorm(r_, NORM_2, &rnorm_));
  PetscCall(dst_->Forward(r_, R_));
  // Everything the queries need, reduced in one Allreduce: four bin sums, then sum R^2/lambda,
  // sum E^2, then the shells' sum E^2.
  constexpr size_t B = DecayBins::kBins + 1;
  std::vector<double> flat(4 * B + 2 + shells_.size(), 0.0);
  double *sums = flat.data() + 4 * B, *shells = sums + 2;
  PetscInt l = 0;
  PetscCall(dst_->ForEachOwned(R_, [&](const spectral::Mode &, PetscScalar &c) {
    const double R = PetscRealPart(c), E = R * inv_lambda_[l];  // E_k = R_k / lambda_k
    abs_error_[l] = std::fabs(E), r2_[l] = R * R;
    const bool above = knorm_[l] > cutoff_;
    high_[l] = above ? abs_error_[l] : 0.0, low_[l] = above ? 0.0 : abs_error_[l];
    sums[0] += R * E, sums[1] += E * E;
    shells[std::min<size_t>(shell_[l], shells_.size() - 1)] += E * E;
    ++l;
  }));
  jacobi_.Accumulate(abs_error_.data(), flat.data());
  jacobi_.Accumulate(r2_.data(), flat.data() + B);
  smoother_.Accumulate(high_.data(), flat.data() + 2 * B);
  smoother_.Accumulate(low_.data(), flat.data() + 3 * B);
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, flat.data(), (int)flat.size(), MPI_DOUBLE, MPI_SUM,
                             PetscObjectComm((PetscObject)u)));
  error_sums_.assign(flat.begin(), flat.begin() + B);
  r2_sums_.assign(flat.begin() + B, flat.begin() + 2 * B);
  high_sums_.assign(flat.begin() + 2 * B, flat.begin() + 3 * B);
  low_sums_.assign(flat.begin() + 3 * B, flat.begin() + 4 * B);
  energy_ = hd_ * scale_ * sums[0];
  amplitude_ = std::sqrt(std::pow(2.0, dim()) * scale_ * sums[1] / cells_);
  for (size_t s = 0; s < shells_.size(); ++s) shells_[s] = std::sqrt(shells[s]);
  PetscCall(event.End());
  PetscFunctionReturn(0);
}

PetscErrorCode ResidualSpectrum::EnergyFrequency(double cutoff, double *f) const {
  PetscFunctionBeginUser;
  double sums[2] = {0, 0};  // sum R^2 = sum lambda^2 E^2, sum R^2 / lambda = sum lambda E^2
  for (size_t l = 0; l < r2_.size(); ++l)
    if (knorm_[l] <= cutoff) sums[0] += r2_[l], sums[1] += r2_[l] * inv_lambda_[l];
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, sums, 2, MPI_DOUBLE, MPI_SUM,
                             PetscObjectComm((PetscObject)grid_.da)));
  *f = sums[1] > 0 ? std::sqrt(sums[0] / sums[1]) / (2 * M_PI) : 0.0;
  PetscFunctionReturn(0);
}

double ResidualSpectrum::error_bound(double sweeps) const {
  return scale_ * jacobi_.Decayed(error_sums_, sweeps);
}

double ResidualSpectrum::SweepsTo(double target) const {
  return jacobi_.SweepsTo(error_sums_, target / scale_);
}

double ResidualSpectrum::SweepsToResidual(double target) const {
  return jacobi_.SweepsTo(r2_sums_, target * target / scale_, 2.0);
}

double ResidualSpectrum::SweepsToSmooth(double ratio, bool damp_noise) const {
  if (!(cutoff_ > 0) || !std::isfinite(slowest_above_)) return 0;  // nothing above the cut-off
  // What the net cannot learn quickly must be gone: the shell above the cut-off damped by
  // 1/ratio since the last correction (which may have put error there) ...
  const double damp = damp_noise ? -std::log(ratio) / slowest_above_ : 0.0;
  // ... and the error above the cut-off small against the error below it.
  const double smooth = SmallestSweeps([&](double j) {
    return smoother_.Decayed(high_sums_, j) <= ratio * smoother_.Decayed(low_sums_, j);
  });
  return std::max(damp, smooth);
}

}  // namespace fpsolve::hybrid
