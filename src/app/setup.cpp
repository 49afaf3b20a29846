// Objects a mode needs beyond the grid and the KSP, created before the run file exists so
// that every input error surfaces before expensive work.
#include <cmath>

#include "fpsolve/app/run.hpp"
#include "fpsolve/base/error.hpp"
#include "fpsolve/solve/reference_solve.hpp"

namespace fpsolve {

PetscErrorCode SetupTrainer(Run &run) {
  AppConfig &cfg = run.cfg;
  PetscFunctionBeginUser;
  if (cfg.mode == Mode::Jacobi) PetscFunctionReturn(0);
  const bool loss_set = cfg.train_loss_set;
  if (cfg.mode == Mode::Fit) {
    PetscCheck(!loss_set || cfg.train.loss == train::LossKind::Mse, run.comm, kErrBadInput,
               "-mode fit fits by least squares: use -train_loss mse (or leave it unset)");
    cfg.train.loss = train::LossKind::Mse;
  } else {
    PetscCheck(cfg.train.loss != train::LossKind::Mse, run.comm, kErrBadInput,
               "-train_loss mse is for -mode fit; solving modes use ritz or pinn");
    PetscCheck(cfg.fit_target.empty(), run.comm, kErrBadInput, "-fit_target needs -mode fit");
  }
  train::TargetFn target;
  if (cfg.mode == Mode::Fit && !cfg.fit_target.empty()) {
    FpCallCXX(run.comm, target = make_expression("-fit_target", cfg.fit_target, run.grid.dim));
  }
  if (run.image) target = ImageFitTarget(run);
  PetscCheck(cfg.mode != Mode::Fit || target || run.problem->has_exact(), run.comm, kErrBadInput,
             "-mode fit needs -fit_target or a problem with an exact solution");
  PetscCheck(cfg.mode != Mode::Sweep || !cfg.sweep_steps.empty(), run.comm, kErrBadInput,
             "-mode sweep needs -sweep_switch_steps n1,n2,...");
  PetscCheck(cfg.mode != Mode::Sweep || cfg.sweep_steps.back() <= cfg.train.steps, run.comm,
             kErrBadInput, "-sweep_switch_steps: last step %d exceeds -train_steps %d",
             cfg.sweep_steps.back(), cfg.train.steps);
  // Cycle mode trains on the residual equation (its data is set before each correction).
  const Problem *learned = run.problem.get();
  if (cfg.mode == Mode::Cycle) {
    run.correction = std::make_unique<hybrid::ResidualProblem>(run.grid);
    learned = run.correction.get();
  }
  FpCallCXX(run.comm,
            run.trainer = train::Trainer::create(run.comm, cfg.net, cfg.train, *learned, target));
  if (target) {
    PetscCall(VecDuplicate(run.u, &run.reference));
    PetscCall(GridFill(run.grid, target, run.reference));
    PetscReal sum;  // a NaN or Inf anywhere makes the 1-norm non-finite
    PetscCall(VecNorm(run.reference, NORM_1, &sum));
    PetscCheck(std::isfinite(sum), run.comm, kErrBadInput,
               "-fit_target %s: not finite on the grid (bad input, not a numerical failure)",
               cfg.fit_target.c_str());
  }
  PetscFunctionReturn(0);
}

PetscErrorCode SetupReference(Run &run) {
  PetscFunctionBeginUser;
  PetscCall(spectral::DstNd::Create(run.grid.da, &run.dst));
  if (run.reference) PetscFunctionReturn(0);  // the fit target
  PetscCall(VecDuplicate(run.u, &run.reference));
  if (run.cfg.mode == Mode::Fit || run.cfg.spectrum.reference_exact) {
    PetscCheck(run.finisher->exact(), run.comm, kErrBadInput,
               "-spectrum_reference exact needs an exact solution (-problem_exact)");
    PetscCall(VecCopy(run.finisher->exact(), run.reference));
  } else {
    PetscCall(SolveDiscreteReferenceByDst(run.grid, *run.dst, run.finisher->rhs(), run.reference));
  }
  PetscFunctionReturn(0);
}

}  // namespace fpsolve
