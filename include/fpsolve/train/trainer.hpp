#pragma once
// The data-parallel trainer: every rank holds the whole net (identical initial weights from the
// seed), evaluates its share of the step's global batch, and ONE MPI_Allreduce per step sums the
// flattened [gradient..., loss] buffer (each rank's share already scaled so the sum is the global
// mean); Adam then runs identically on every rank. Type-erased over the net's precision.
//
//   auto tr = Trainer::create(comm, net_cfg, train_cfg, problem);
//   for (int s = 0; s < train_cfg.steps; ++s) loss = tr->step();
//   tr->evaluate(x, n, u);       // the net on local points, no communication
//   tr->verify_replicated();     // collective checksum of the parameters
#include <mpi.h>

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "fpsolve/nn/net_config.hpp"
#include "fpsolve/problem/problem.hpp"
#include "fpsolve/train/train_config.hpp"

namespace fpsolve::train {

using TargetFn = std::function<double(const double *x)>;  // mse fit target f(x), x: dim coords

// Wall-clock seconds of the phases of the last step (this rank).
struct StepTimes {
  double sample = 0, forward = 0, loss = 0, backward = 0, allreduce = 0, update = 0;
};

class Trainer {
 public:
  // Validates the configuration (throws fpsolve::InputError, one line naming the option:
  // -dnn_widths, -dnn_init, -train_batch, -train_lr, -train_beta, -train_steps, -train_loss,
  // -train_sampling, -train_lr_decay). Collective over comm only in that it reads its size/rank;
  // no communication. `problem` must outlive the trainer. For mse the target defaults to the
  // problem's exact solution.
  static std::unique_ptr<Trainer> create(MPI_Comm comm, const nn::NetConfig &net,
                                         const TrainConfig &cfg, const Problem &problem,
                                         TargetFn fit_target = {});
  virtual ~Trainer();

  // One step (collective). Returns the global loss, identical on all ranks. Throws
  // fpsolve::NumericalError("non-finite loss at step N") / ("non-finite gradient at step N")
  // (N = the 0-based step) on NaN/Inf, on every rank alike; the parameters are then untouched.
  virtual double step() = 0;
  virtual int steps_done() const = 0;
  // The net's value at n local points (x: n*dim, point-major). No communication.
  virtual void evaluate(const double *x, int n, double *u) = 0;
  // Collective: checksum of the parameters; throws std::runtime_error naming the ranks whose
  // parameters differ from rank 0's.
  virtual void verify_replicated() = 0;
  virtual std::size_t num_params() const = 0;
  virtual nn::Precision precision() const = 0;
  virtual double learning_rate() const = 0;  // the rate the next step will use
  virtual StepTimes last_step_times() const = 0;
  // One line for logs and run-file attributes, e.g.
  // "net 1-4000-500-400-1 tanh single (2203801 params), ritz, batch 1000 over 2 ranks".
  virtual std::string describe() const = 0;
  // Checkpoints: the full state (params, Adam m and v, step count; the lr schedule position
  // follows from the step count) as bytes, and restore. load_state throws fpsolve::InputError on
  // a different net shape, activation or precision, or a truncated buffer.
  virtual std::vector<unsigned char> save_state() const = 0;
  virtual void load_state(const std::vector<unsigned char> &bytes) = 0;
};

}  // namespace fpsolve::train
