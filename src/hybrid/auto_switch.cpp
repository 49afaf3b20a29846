#include "fpsolve/hybrid/auto_switch.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "fpsolve/solve/stencil.hpp"

namespace fpsolve::hybrid {

PetscErrorCode AutoSwitch::BinModes(const Grid &grid) {
  const EigenvalueTable eigenvalue(Stencil::FromGrid(grid));
  PetscFunctionBeginUser;
  inv_lambda_.resize(dst_->owned_end() - dst_->owned_begin());
  PetscInt l = 0;
  PetscCall(dst_->ForEachOwned(R_, [&](const spectral::Mode &k, PetscScalar &) {
    inv_lambda_[l++] = 1.0 / eigenvalue(k.data());
  }));
  PetscCall(DecayBins::ForJacobi(grid, *dst_, 1.0, &bins_));
  abs_error_.resize(inv_lambda_.size());
  PetscFunctionReturn(0);
}

PetscErrorCode AutoSwitch::Create(const Grid &grid, spectral::DstNd &dst, Mat A, Vec b,
                                  double target, double seconds_per_iteration, int patience,
                                  std::unique_ptr<AutoSwitch> *out) {
  PetscFunctionBeginUser;
  std::unique_ptr<AutoSwitch> s(new AutoSwitch());
  s->A_ = A, s->b_ = b, s->target_ = target, s->t_it_ = seconds_per_iteration;
  PetscCall(PetscObjectGetComm((PetscObject)b, &s->comm_));
  // The same on every rank (see Consider): the slowest rank's cost is the wall's.
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &s->t_it_, 1, MPI_DOUBLE, MPI_MAX, s->comm_));
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
  PetscInt l = 0;
  PetscCall(dst_->ForEachOwned(R_, [&](const spectral::Mode &, PetscScalar &c) {
    abs_error_[l] = std::fabs(c) * inv_lambda_[l];  // |E_k| = |R_k| / lambda_k
    ++l;
  }));
  // The shared model (sweep_prediction.hpp): replicated from here on, every rank computes the
  // same prediction.
  DecayBins::Sums sums;
  PetscCall(bins_.Sum(abs_error_.data(), &sums));
  *iterations = bins_.SweepsTo(sums, target_ / scale_);
  PetscFunctionReturn(0);
}

PetscErrorCode AutoSwitch::Consider(Vec u, int step, double train_seconds, PetscBool *stop) {
  PetscFunctionBeginUser;
  // Every rank must take the same decision (the best guess is a distributed Vec, and a stop on
  // one rank only deadlocks the next collective), but each rank reads its own clock: decide on
  // the slowest rank's seconds. The prediction itself is replicated (sweep_prediction.hpp).
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &train_seconds, 1, MPI_DOUBLE, MPI_MAX, comm_));
  PetscCall(PredictIterations(u, &last_its_));
  last_total_ = train_seconds + last_its_ * t_it_;
  if (!has_best_) zero_its_ = last_its_;  // the first candidate: the zero guess
  if (!has_best_ || last_total_ < best_total_) {
    has_best_ = true;
    best_total_ = last_total_, best_its_ = last_its_, best_step_ = step, stale_ = 0;
    PetscCall(VecCopy(u, best_));
  } else if (NetLeads()) {
    ++stale_;
  }
  stop_reason_ = StopReason::None;
  if (NetLeads() && stale_ >= patience_)
    stop_reason_ = StopReason::Patience;
  else if (train_seconds >= best_total_)
    // Any later guess's total is at least its training seconds, so none can beat the best any
    // more. This is the ski-rental rule: the training spent waiting for a better guess never
    // exceeds the best total, so auto's total is at most twice the best among the guesses
    // it has seen, and no later guess could have beaten that best.
    stop_reason_ = StopReason::CannotPay;
  *stop = stop_reason_ != StopReason::None ? PETSC_TRUE : PETSC_FALSE;
  PetscFunctionReturn(0);
}

// Patience runs only once a net leads by more than the prediction's accuracy: its predicted
// sweeps (an upper bound) below kLeadFraction of the zero guess's (predicted to within 25 %,
// tests/mpi/test_auto_switch.cpp), so it surely saves sweeps. Before that the net may sit on a
// plateau of its training (2D seed: max error ~0.35 for ~700 steps; a guess 1 % better than
// zero on the plateau once ended auto there), and the cannot-pay bound limits what waiting
// costs.
bool AutoSwitch::NetLeads() const {
  return best_step_ >= 0 && best_its_ < kLeadFraction * zero_its_;
}

const char *AutoSwitch::stop_reason_name() const {
  switch (stop_reason_) {
    case StopReason::Patience:
      return "patience";
    case StopReason::CannotPay:
      return "cannot_pay";
    case StopReason::None:
      break;
  }
  return "train_steps";
}

}  // namespace fpsolve::hybrid
