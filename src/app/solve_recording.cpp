// The KSP finish as a stage of a run: records into the run file, spectra, progress line.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "fpsolve/app/run.hpp"
#include "fpsolve/base/clock.hpp"
#include "fpsolve/base/error.hpp"
#include "fpsolve/base/log_event.hpp"

namespace fpsolve {
namespace {

void PrintSolveProgress(Run &run, const SolveRecord &r, double t0, PetscInt it0, double logerr0) {
  const double dt = r.time - t0;
  const double its_per_s = dt > 0 ? (r.iteration - it0) / dt : 0;
  std::string eta;
  const double target = run.cfg.finish.target_error;
  if (target > 0 && std::isfinite(r.max_error) && dt > 0) {
    const double decay = (logerr0 - std::log(r.max_error)) / dt;  // log-error per second
    eta = Progress::eta(std::log(r.max_error) - std::log(target), decay);
  }
  char line[256];
  std::snprintf(line, sizeof line,
                "solve  it %9" PetscInt_FMT "  residual %.3e  error %.3e  %.0f it/s%s", r.iteration,
                r.residual, r.max_error, its_per_s, eta.c_str());
  run.progress->print(line);
}

}  // namespace

PetscErrorCode FinishSolve(Run &run, Vec guess, const SolveRecording &where, SolveResult *result) {
  PetscFunctionBeginUser;
  const std::string history = where.prefix + "/solve/history/";
  const std::string spectrum = where.prefix + "/spectrum/solve";
  const PetscInt full_every = run.cfg.spectrum.full_every, start = where.start_iteration;
  PetscInt records = where.start_records, it0 = 0;
  FieldSnapshots snapshots;  // the iterate at a few records (app/snapshots.hpp)
  PetscCall(FieldSnapshots::Open(run, where.prefix + "/snapshots/solve", &snapshots));
  double t0 = -1, logerr0 = 0;
  // A restart continues at iteration `start`: the KSP counts from 0 again, so its iteration
  // numbers are shifted and its budget shortened by start.
  KSP ksp = run.finisher->ksp();
  PetscReal rtol, abstol, dtol;
  PetscInt maxit;
  PetscCall(KSPGetTolerances(ksp, &rtol, &abstol, &dtol, &maxit));
  PetscCheck(start <= maxit, run.comm, kErrBadInput,
             "-restart: the checkpoint is at KSP iteration %" PetscInt_FMT
             ", beyond -ksp_max_it %" PetscInt_FMT,
             start, maxit);
  if (start > 0) {
    // The fused Jacobi PC tests rtol and divtol against the residual where its call began
    // (PCApplyRichardson's convention), PETSc's default test against ||b||: rescale so that a
    // restarted fused solve stops where the uninterrupted one would.
    PetscReal scale = 1;
    if (run.finisher->fused() && guess && run.ckpt.solve_residual0 > 0) {
      Mat A;
      Vec r;
      PetscReal rnorm;
      PetscCall(KSPGetOperators(ksp, &A, nullptr));
      PetscCall(VecDuplicate(guess, &r));
      PetscCall(MatMult(A, guess, r));
      PetscCall(VecAYPX(r, -1.0, run.finisher->rhs()));
      PetscCall(VecNorm(r, NORM_2, &rnorm));
      PetscCall(VecDestroy(&r));
      if (rnorm > 0) scale = run.ckpt.solve_residual0 / rnorm;
    }
    PetscCall(KSPSetTolerances(ksp, rtol * scale, abstol, dtol * scale, maxit - start));
  }
  run.finisher->set_observer([&](const SolveRecord &local, Vec u) -> PetscErrorCode {
    PetscFunctionBeginUser;
    SolveRecord r = local;
    r.iteration += start;
    if (r.iteration == 0) run.ckpt.solve_residual0 = r.residual;
    // Stop at the first non-finite residual, before it reaches a checkpoint (a NaN guess or a
    // diverging method would otherwise run to -ksp_max_it).
    PetscCheck(std::isfinite(r.residual), run.comm, kErrNumerical,
               "solve%s: non-finite residual at KSP iteration %" PetscInt_FMT "; %s",
               where.prefix.c_str(), r.iteration, LastCheckpointNote(run).c_str());
    PetscCall(SolveCheckpointPoint(run, where, r.iteration, records, u));
    io::RunFile &f = *run.file;
    PetscCall(f.Append(history + "iteration", (double)r.iteration, io::SeriesType::Int64));
    PetscCall(f.Append(history + "time", r.time + where.time_offset));
    PetscCall(f.Append(history + "residual", r.residual));
    PetscCall(f.Append(history + "max_error", r.max_error));
    if (run.tracker)
      PetscCall(run.tracker->Record(spectrum, r.iteration, u, records % full_every == 0));
    PetscCall(snapshots.Record(records, r.iteration, r.time + where.time_offset, u));
    ++records;
    if (t0 < 0) t0 = r.time, it0 = r.iteration, logerr0 = std::log(r.max_error);
    if (run.progress->due()) PrintSolveProgress(run, r, t0, it0, logerr0);
    PetscFunctionReturn(0);
  });
  PetscCall(PetscLogStagePush(run.stages.solve));
  PetscCall(run.finisher->Solve(guess, run.u, result));
  PetscCall(PetscLogStagePop());
  run.finisher->set_observer(nullptr);
  if (start > 0) PetscCall(KSPSetTolerances(ksp, rtol, abstol, dtol, maxit));
  result->iterations += start;
  result->last.iteration += start;
  // The final iterate (always the last record) closes the stage's snapshots (logged as Solve).
  PetscCall(PetscLogStagePush(run.stages.solve));
  PetscCall(snapshots.Finish(result->last.iteration, result->last.time + where.time_offset, run.u));
  PetscCall(PetscLogStagePop());
  const std::string group = where.prefix + "/solve";
  PetscCall(run.file->SetAttribute(group, "iterations", (long long)result->iterations));
  PetscCall(run.file->SetAttribute(group, "stop_reason", result->stop_reason));
  PetscCall(run.file->SetAttribute(group, "final_max_error", result->last.max_error));
  PetscCall(run.file->SetAttribute(group, "final_residual", result->last.residual));
  PetscCall(run.file->SetAttribute(group, "seconds", result->last.time - t0));
  char line[256];
  std::snprintf(line, sizeof line,
                "solve  %s: %" PetscInt_FMT " iterations (%s), residual %.3e, error %.3e",
                where.prefix.empty() ? "done" : where.prefix.c_str(), result->iterations,
                result->stop_reason.c_str(), result->last.residual, result->last.max_error);
  run.progress->print(line);
  PetscCheck(result->reason != KSP_DIVERGED_NANORINF && result->reason != KSP_DIVERGED_DTOL &&
                 result->reason != KSP_DIVERGED_BREAKDOWN && std::isfinite(result->last.residual),
             run.comm, kErrNumerical,
             "solve diverged at KSP iteration %" PetscInt_FMT " (%s, residual %g); %s",
             result->iterations, KSPConvergedReasons[result->reason], result->last.residual,
             LastCheckpointNote(run).c_str());
  PetscFunctionReturn(0);
}

// Seconds per iteration of the configured KSP, measured on this machine (the auto switch
// trades training seconds against predicted iterations). Solves of 10 and 50 iterations (the
// first sets the KSP and PC up) predict, from their difference, the count of the ladder 50, 100,
// 200, ... whose solve takes >= 20 ms; the count still doubles until one does; then the fastest
// of two solves of that count is taken: a fixed count was either dominated by the solve's
// start-up (200 sweeps of 257^2 take 4 ms; measured 1.5x the finish's per-sweep cost) or long
// under load, and one timing caught a neighbour's burst (12x at 385^2 on the shared 2-core
// machine). The prediction skips the ladder's short rungs and the second repeat (the fastest of
// three before): at 513^2 on 2 ranks 860 sweeps instead of 1560 (-log_view, FpCostSweep).
PetscErrorCode MeasureSecondsPerIteration(Run &run, double *seconds) {
  PetscReal rtol, abstol, dtol;
  PetscInt maxit;
  SolveResult r;
  PetscFunctionBeginUser;
  KSP ksp = run.finisher->ksp();
  PetscCall(KSPGetTolerances(ksp, &rtol, &abstol, &dtol, &maxit));
  // The slowest rank's seconds for `its` iterations, the same on every rank (the loop and the
  // decisions taken from the result must agree). The first solve sets the KSP and PC up.
  const auto timed = [&](PetscInt its, double *per_iteration) -> PetscErrorCode {
    PetscFunctionBeginUser;
    PetscCall(KSPSetTolerances(ksp, 0, 0, dtol, its));
    double elapsed = MPI_Wtime();
    PetscCall(run.finisher->Solve(nullptr, run.u, &r));
    elapsed = MPI_Wtime() - elapsed;
    PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &elapsed, 1, MPI_DOUBLE, MPI_MAX, run.comm));
    *per_iteration = elapsed / std::max<PetscInt>(1, r.iterations);
    PetscFunctionReturn(0);
  };
  static LogEvent event("FpCostSweep");
  PetscCall(event.Begin());
  constexpr double kLongEnough = 0.02;  // seconds a timed solve lasts at least
  double t10 = 0, t = 0;
  PetscCall(timed(10, &t10));
  const bool full10 = r.iterations == 10;
  PetscInt its = 50;
  PetscCall(timed(its, &t));
  // The per-iteration slope without the start-up (timings are the slowest rank's: every rank
  // predicts the same count).
  const double slope = (t * 50 - t10 * 10) / 40;
  if (full10 && r.iterations == its && t * its < kLongEnough && slope > 0)
    while (its < ((PetscInt)1 << 27) && slope * its < kLongEnough) its *= 2;
  for (;; its *= 2) {
    if (its > 50) PetscCall(timed(its, &t));
    // Stopped early (the zero guess already meets the target), or long enough.
    if (r.iterations < its || t * its >= kLongEnough || its >= (PetscInt)1 << 28) break;
  }
  *seconds = t;
  if (r.iterations == its) {
    PetscCall(timed(its, &t));
    *seconds = std::min(*seconds, t);
  }
  PetscCall(KSPSetTolerances(ksp, rtol, abstol, dtol, maxit));
  PetscCall(event.End());
  PetscFunctionReturn(0);
}

PetscErrorCode RunJacobiMode(Run &run) {
  SolveResult result;
  PetscFunctionBeginUser;
  SolveRecording where;
  where.checkpoints = true;
  Vec guess = nullptr;
  if (run.ckpt.restored) {
    where.start_iteration = (PetscInt)run.ckpt.from.iteration;
    where.start_records = (PetscInt)run.ckpt.from.records;
    guess = run.ckpt.iterate;
  }
  PetscCall(FinishSolve(run, guess, where, &result));
  PetscFunctionReturn(0);
}

}  // namespace fpsolve
