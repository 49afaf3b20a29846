#include "fpsolve/hybrid/auto_switch.hpp"

#include <cmath>
#include <limits>

namespace fpsolve::hybrid {

PetscErrorCode AutoSwitch::Create(const Grid &grid, Mat A, Vec b, double target,
                                  double seconds_per_iteration, int patience,
                                  std::unique_ptr<AutoSwitch> *out) {
  PetscFunctionBeginUser;
  std::unique_ptr<AutoSwitch> s(new AutoSwitch());
  s->target_ = target, s->t_it_ = seconds_per_iteration;
  s->patience_ = patience;
  PetscCall(VecDuplicate(b, &s->best_));
  PetscCall(ResidualSpectrum::Create(grid, A, b, &s->spectrum_));
  // The first candidate is Jacobi's own start, the zero guess with the boundary values the
  // boundary rows impose (b_i / A_ii there): training must beat it to be chosen at all.
  Vec zero, diag;
  PetscInt xs, xm;
  PetscScalar *z;
  const PetscScalar *bb, *dd;
  PetscCall(VecDuplicate(b, &zero));
  PetscCall(VecDuplicate(b, &diag));
  PetscCall(MatGetDiagonal(A, diag));
  PetscCall(DMDAGetCorners(grid.da, &xs, nullptr, nullptr, &xm, nullptr, nullptr));
  PetscCall(VecGetArray(zero, &z));
  PetscCall(VecGetArrayRead(b, &bb));
  PetscCall(VecGetArrayRead(diag, &dd));
  for (PetscInt i = xs; i < xs + xm; ++i)
    z[i - xs] = (i == 0 || i == grid.n[0] - 1) ? bb[i - xs] / dd[i - xs] : 0.0;
  PetscCall(VecRestoreArrayRead(diag, &dd));
  PetscCall(VecRestoreArrayRead(b, &bb));
  PetscCall(VecRestoreArray(zero, &z));
  PetscBool stop;
  PetscCall(s->Consider(zero, -1, 0.0, &stop));
  PetscCall(VecDestroy(&zero));
  PetscCall(VecDestroy(&diag));
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
