// -mode cycle's smoothing (docs/cycles.md): the Jacobi sweeps (damped before a correction,
// classical to finish), recorded in /solve/history with checkpoints, and the stop tests.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "cycle_run.hpp"
#include "fpsolve/base/error.hpp"

namespace fpsolve {

PetscErrorCode MaxError(CycleRun &c, Vec u, double *error) {
  PetscFunctionBeginUser;
  *error = std::numeric_limits<double>::quiet_NaN();
  if (Vec exact = c.run.finisher->exact()) {
    PetscCall(VecWAXPY(c.err, -1.0, exact, u));
    PetscCall(VecNorm(c.err, NORM_INFINITY, error));
  }
  PetscFunctionReturn(0);
}

// The stop tests on the TRUE state of u (spectrum analysed at u): the relative residual
// -ksp_rtol, the target max error -jacobi_target_error, the sweep budget -ksp_max_it.
PetscErrorCode Converged(CycleRun &c, bool *done) {
  double error;
  PetscFunctionBeginUser;
  PetscCall(MaxError(c, c.u, &error));
  const double target = c.run.cfg.finish.target_error;
  *done = true;
  if (c.spectrum->residual_norm() <= std::max<double>(c.rtol * c.bnorm, c.abstol))
    c.stop_reason = "rtol";
  else if (target > 0 && error <= target)
    c.stop_reason = "target_error";
  else if (c.sweeps >= c.maxit)
    c.stop_reason = "ksp_max_it";
  else
    *done = false;
  PetscFunctionReturn(0);
}

// Up to n Jacobi sweeps of weight w (1 classical, otherwise damped; both fused when the
// fused PC is installed) on u in place, recorded in /solve/history with iterations counted
// over the whole run. Stops early at the target error or the relative residual -ksp_rtol.
// Restarted inside a call, continues that call (n is then ignored).
PetscErrorCode Sweep(CycleRun &c, PetscInt n, double w) {
  Run &run = c.run;
  KSP ksp = run.finisher->ksp();
  SolveResult result;
  PetscFunctionBeginUser;
  if (c.resuming)
    c.resuming = false;
  else
    c.call_start = c.sweeps, c.call_sweeps = n;
  n = std::min(c.call_sweeps - (c.sweeps - c.call_start), c.maxit - c.sweeps);
  if (n <= 0) PetscFunctionReturn(0);
  // The fused PC tests rtol against the residual where its call began, PETSc's KSPs against
  // ||b|| (finisher.cpp): either way the stop is ||b - A u|| <= rtol ||b||. Damped sweeps
  // (w != 1) run fused too (the weight is the PC's): the PC's test.
  PetscReal rtol = c.rtol;
  if (run.finisher->fused() && c.spectrum->residual_norm() > 0)
    rtol = c.rtol * c.bnorm / c.spectrum->residual_norm();
  PetscCall(KSPSetTolerances(ksp, rtol, c.abstol, c.dtol, n));
  const PetscInt offset = c.sweeps;
  run.finisher->set_observer([&](const SolveRecord &local, Vec u) -> PetscErrorCode {
    PetscFunctionBeginUser;
    SolveRecord r = local;
    r.iteration += offset;
    PetscCheck(std::isfinite(r.residual), run.comm, kErrNumerical,
               "cycle: non-finite residual at sweep %" PetscInt_FMT, r.iteration);
    // Checkpoints where an uninterrupted call also records and tests (before its end: a
    // restart continues the call).
    const PetscInt in_call = r.iteration - c.call_start;
    if (in_call < c.call_sweeps && in_call % run.ckpt.check_stride == 0 &&
        in_call % run.cfg.finish.record_stride == 0) {
      c.sweeps = r.iteration;
      PetscCall(CycleCheckpointPoint(run, c, c.schedule.state(), u, nullptr));
    }
    if (r.iteration == c.last_recorded) PetscFunctionReturn(0);  // a phase starts where one ended
    c.last_recorded = r.iteration;
    io::RunFile &f = *run.file;
    PetscCall(f.Append("/solve/history/iteration", (double)r.iteration, io::SeriesType::Int64));
    PetscCall(f.Append("/solve/history/time", r.time));
    PetscCall(f.Append("/solve/history/residual", r.residual));
    PetscCall(f.Append("/solve/history/max_error", r.max_error));
    PetscCall(run.tracker->Record("/spectrum/solve", r.iteration, u,
                                  c.solve_records % run.cfg.spectrum.full_every == 0));
    ++c.solve_records;
    if (run.progress->due()) {
      char line[200];
      std::snprintf(line, sizeof line, "cycle  sweep %9" PetscInt_FMT "  residual %.3e  error %.3e",
                    r.iteration, r.residual, r.max_error);
      run.progress->print(line);
    }
    PetscFunctionReturn(0);
  });
  PetscCall(run.finisher->SetRichardsonScale(w));
  PetscCall(PetscLogStagePush(run.stages.solve));
  PetscCall(run.finisher->Solve(c.u, c.u, &result));
  PetscCall(PetscLogStagePop());
  PetscCall(run.finisher->SetRichardsonScale(run.finisher->options_richardson_scale()));
  run.finisher->set_observer(nullptr);
  PetscCall(KSPSetTolerances(ksp, c.rtol, c.abstol, c.dtol, c.maxit));
  c.sweeps = offset + result.iterations;
  PetscCheck(result.reason != KSP_DIVERGED_NANORINF && result.reason != KSP_DIVERGED_DTOL &&
                 std::isfinite(result.last.residual),
             run.comm, kErrNumerical, "cycle: the sweeps diverged at sweep %" PetscInt_FMT " (%s)",
             c.sweeps, KSPConvergedReasons[result.reason]);
  PetscCall(c.spectrum->Analyse(c.u));
  PetscFunctionReturn(0);
}

}  // namespace fpsolve
