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
  s->target_ = target, s->t_it_ = seconds_per_iteration;
  s->patience_ = patience;
  PetscCall(VecDuplicate(b, &s->best_));
  // The residual spectrum (a 1D mode sum) needs the nD transform of the spectral side for
  // dim > 1.
  PetscCheck(grid.dim == 1, PetscObjectComm((PetscObject)grid.da), kErrBadInput,
             "-hybrid_switch auto: 1D only so far; use step:N or time:SECONDS in 2D/3D");
  PetscCall(ResidualSpectrum::Create(grid, A, b, &s->spectrum_));
  const Stencil st = Stencil::FromGrid(grid);
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
  VecDestroy(&best_);
}

PetscErrorCode AutoSwitch::PredictIterations(Vec u, double *iterations) {
  PetscFunctionBeginUser;
  PetscCall(spectrum_->Analyse(u));
  *iterations = spectrum_->SweepsTo(target_);
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
