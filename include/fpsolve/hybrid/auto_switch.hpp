#pragma once
// The automatic switch from training to Jacobi, using only what a user always has: the
// current guess, its residual, the training clock and the measured cost of one KSP iteration.
//
// Why it works: the interior operator is diagonal in the DST basis (1D, 2D, 3D: products of
// sines), so the residual's spectrum R_k gives the guess's error spectrum exactly,
// E_k = R_k / lambda_k (lambda_k the operator's eigenvalues, solve/stencil.hpp), and Jacobi
// multiplies mode k by rho_k each iteration. The max error after j sweeps is bounded by
// prod_a (2/(n_a+1)) sum_k |E_k| |rho_k|^j (the inverse DST's sup bound), so the iterations
// still needed to reach the target, j*, follow from the guess alone. The prediction is the
// model the correction cycles use too (sweep_prediction.hpp: modes binned by decay rate, one
// Allreduce of the bins a record, then a bisection on replicated data).
// At each training record the policy predicts the total time, training so far + j* x (seconds
// per iteration), and keeps the guess with the smallest prediction, B. The zero guess (plain
// Jacobi) is the first candidate, at step -1 and time 0. It switches at the first of:
//  - training seconds >= B: every later guess's total is at least its training seconds, so
//    none can beat B any more. Waiting is bounded like renting in the ski-rental problem: auto's
//    total is at most ~2 B (+ one record interval of training), and B is the best total of any
//    guess this training would produce (within the model). Where training cannot pay (small
//    grids, where Jacobi is cheap) auto falls back to the zero guess after training ~B seconds.
//  - `patience` records without a better prediction, counted only once a net leads (is the
//    best and its predicted sweeps are below 3/4 of the zero guess's, beyond the prediction's
//    accuracy): a net's early plateau (2D: max error ~0.35 for ~700 steps) costs records but
//    says nothing about what training will reach; once a net pays, its stalling does.
#include <petscksp.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "fpsolve/hybrid/sweep_prediction.hpp"
#include "fpsolve/problem/grid.hpp"
#include "fpsolve/spectral/dst_nd.hpp"

namespace fpsolve::hybrid {

class AutoSwitch {
 public:
  // A: the finisher's operator; b its rhs. target: the max error the finish aims at. dst: the
  // run's transform of grid.da (shared with the spectral tracker; must outlive the switch).
  static PetscErrorCode Create(const Grid &grid, spectral::DstNd &dst, Mat A, Vec b, double target,
                               double seconds_per_iteration, int patience,
                               std::unique_ptr<AutoSwitch> *out);
  ~AutoSwitch();

  // Considers the guess u (boundary values imposed) at training time t. Sets *stop when the
  // policy decides to switch; the best guess so far is then in best_guess(). Collective; the
  // decision uses the largest t over the ranks, so it is the same on every rank.
  PetscErrorCode Consider(Vec u, int step, double train_seconds, PetscBool *stop);
  // Predicted Jacobi iterations from u to the target (exposed for tests and records).
  PetscErrorCode PredictIterations(Vec u, double *iterations);

  // Why the last Consider() stopped: "patience", "cannot_pay" (training seconds >= the best
  // predicted total), or "train_steps" (it did not: training ran out of steps).
  const char *stop_reason_name() const;

  Vec best_guess() const { return best_; }
  int best_step() const { return best_step_; }
  double best_prediction() const { return best_total_; }
  double last_prediction() const { return last_total_; }
  double last_iterations() const { return last_its_; }
  // Checkpoint/restart (app/): the bookkeeping Consider() carries between records; the best
  // guess is restored by copying into best_guess().
  int stale() const { return stale_; }
  // best_iterations: PredictIterations(best_guess()) after the copy.
  void restore(int best_step, double best_total, int stale, double best_iterations) {
    best_step_ = best_step, best_total_ = best_total, stale_ = stale;
    best_its_ = best_iterations;
  }

 private:
  AutoSwitch() = default;
  PetscErrorCode BinModes(const Grid &grid);
  bool NetLeads() const;
  static constexpr double kLeadFraction = 0.75;
  MPI_Comm comm_ = MPI_COMM_NULL;
  Mat A_ = nullptr;
  Vec b_ = nullptr, r_ = nullptr, best_ = nullptr, R_ = nullptr;
  spectral::DstNd *dst_ = nullptr;
  std::vector<double> inv_lambda_;  // 1/lambda_k of the owned modes
  std::vector<double> abs_error_;   // |E_k| of the owned modes (the last prediction's)
  DecayBins bins_;                  // the owned modes' Jacobi decay rates
  double target_ = 1e-2, t_it_ = 0, scale_ = 0;
  int patience_ = 5, stale_ = 0, best_step_ = -1;
  bool has_best_ = false;
  enum class StopReason { None, Patience, CannotPay } stop_reason_ = StopReason::None;
  double best_total_ = 0, last_total_ = 0, last_its_ = 0;
  double zero_its_ = 0, best_its_ = 0;  // predicted sweeps of the zero guess, of the best
};

}  // namespace fpsolve::hybrid
