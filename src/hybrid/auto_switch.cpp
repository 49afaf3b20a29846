#include "fpsolve/hybrid/auto_switch.hpp"

#include <cmath>
#include <limits>

#include "fpsolve/base/error.hpp"
#include "fpsolve/solve/stencil.hpp"

namespace fpsolve::hybrid {

PetscErrorCode AutoSwitch::Create(const Grid &grid, Mat A, Vec b, double target,
                                  double seconds_per_iteration, int patience,
                                  std::unique_ptr<AutoSwitch> *out) {
  PetscFunctionBeginUser;
  std::unique_ptr<AutoSwitch> s(new AutoSwitch());
  s->A_ = A, s->b_ = b, s->target_ = target, s->t_it_ = seconds_per_iteration;
  s->patience_ = patience;
  PetscCall(VecDuplicate(b, &s->r_));
  PetscCall(VecDuplicate(b, &s->best_));
  // The DST and this 1D mode sum need the nD transform of the spectral side for dim > 1.
  PetscCheck(grid.dim == 1, PetscObjectComm((PetscObject)grid.da), kErrBadInput,
             "-hybrid_switch auto: 1D only so far; use step:N or time:SECONDS in 2D/3D");
  PetscCall(spectral::Dst::Create(grid.da, &s->dst_));
  const Stencil st = Stencil::FromGrid(grid);
  const PetscInt n = grid.n[0] - 2;
  s->lambda_.resize(n), s->rho_.resize(n);
  for (int k = 1; k <= n; ++k) {
    s->lambda_[k - 1] = st.Eigenvalue(&k);
    s->rho_[k - 1] = std::fabs(st.JacobiFactor(&k));
  }
  s->scale_ = 2.0 / (n + 1.0);  // inverse DST normalisation (see dst.hpp)
  // The first candidate is Jacobi's own start, the zero guess with the boundary values the
  // boundary rows impose (b_i / A_ii there): training must beat it to be chosen at all.
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
}

PetscErrorCode AutoSwitch::PredictIterations(Vec u, double *iterations) {
  PetscFunctionBeginUser;
  PetscCall(MatMult(A_, u, r_));
  PetscCall(VecAYPX(r_, -1.0, b_));  // r = b - A u
  PetscCall(dst_->Apply(r_, R_));    // replicated on every rank: the prediction is too
  for (size_t k = 0; k < R_.size(); ++k) R_[k] = std::fabs(R_[k]) / lambda_[k];  // |E_k|
  auto bound = [&](double j) {
    double s = 0;
    for (size_t k = 0; k < R_.size(); ++k) s += R_[k] * std::pow(rho_[k], j);
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
