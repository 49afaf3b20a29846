// The modes that train: dnn and fit (train only), hybrid (train, switch, finish), sweep (train
// once, finish from several snapshots).
#include <algorithm>
#include <cstdio>

#include "fpsolve/app/run.hpp"
#include "fpsolve/base/clock.hpp"
#include "fpsolve/base/error.hpp"
#include "fpsolve/hybrid/auto_switch.hpp"

namespace fpsolve {

PetscErrorCode RunDnnMode(Run &run) {
  hybrid::NetOnGrid net;
  TrainRecordHook image_records;  // the image fit's snapshots and shell errors
  if (run.image_record)
    image_records = [&run](int step, Vec unet, double, PetscBool *) {
      return run.image_record->Record(step, unet);
    };
  PetscFunctionBeginUser;
  PetscCall(TrainWithRecords(run, run.cfg.train.steps, image_records));
  PetscCall(hybrid::NetOnGrid::Create(run.grid, &net));
  PetscCall(net.Evaluate(*run.trainer, run.u));
  PetscFunctionReturn(0);
}

PetscErrorCode TrainHybridGuess(Run &run, Vec guess) {
  const SwitchPolicy &sw = run.cfg.hybrid_switch;
  using Kind = SwitchPolicy::Kind;
  Checkpoints &ck = run.ckpt;
  const CheckpointState &from = ck.from;
  std::unique_ptr<hybrid::AutoSwitch> autosw;
  Vec candidate;
  PetscFunctionBeginUser;
  const bool resumed = ck.restored;  // from a training checkpoint
  PetscCall(VecDuplicate(run.u, &candidate));
  int max_steps = run.cfg.train.steps;
  if (sw.kind == Kind::Step) max_steps = std::min<int>(max_steps, (int)sw.value);
  if (sw.kind == Kind::Auto) {
    double target = sw.auto_target > 0 ? sw.auto_target : run.cfg.finish.target_error;
    if (!(target > 0)) target = 1e-2;
    double t_it = 0;
    // A restart keeps the measured cost (its attributes are already in the run file).
    if (resumed)
      t_it = from.auto_seconds_per_iteration;
    else
      PetscCall(MeasureSecondsPerIteration(run, &t_it));
    Mat A;
    PetscCall(KSPGetOperators(run.finisher->ksp(), &A, nullptr));
    PetscCall(hybrid::AutoSwitch::Create(run.grid, *run.dst, A, run.finisher->rhs(), target, t_it,
                                         (int)sw.auto_patience, &autosw));
    if (resumed) {
      PetscCheck(ck.has_best, run.comm, kErrBadInput,
                 "-restart: the checkpoint lacks the auto switch's best guess /hybrid/best");
      PetscCall(VecCopy(ck.best, autosw->best_guess()));
      double best_its;
      PetscCall(autosw->PredictIterations(autosw->best_guess(), &best_its));
      autosw->restore((int)from.auto_best_step, from.auto_best_total, (int)from.auto_stale,
                      best_its);
    }
    if (!resumed) {
      // The first candidate, the zero guess, as row "step -1" of the predictions.
      PetscCall(run.file->Append("/hybrid/auto/step", -1.0, io::SeriesType::Int64));
      PetscCall(run.file->Append("/hybrid/auto/predicted_iterations", autosw->last_iterations()));
      PetscCall(run.file->Append("/hybrid/auto/predicted_total_time", autosw->last_prediction()));
      PetscCall(run.file->SetAttribute("/hybrid", "auto_target", target));
      PetscCall(run.file->SetAttribute("/hybrid", "auto_seconds_per_iteration", t_it));
    }
    ck.autosw = autosw.get();
    ck.auto_seconds_per_iteration = t_it;
  }
  // time:S decides on the slowest rank's clock, so every rank records and stops at the same
  // step (each rank's own clock straddling S deadlocks the next collective). One extra
  // Allreduce of a double a step, with this policy only.
  auto AgreedSeconds = [&](double t) {
    (void)MPI_Allreduce(MPI_IN_PLACE, &t, 1, MPI_DOUBLE, MPI_MAX, run.comm);
    return t;
  };
  auto hook = [&](int s, Vec unet, double t, PetscBool *stop) -> PetscErrorCode {
    PetscFunctionBeginUser;
    PetscCall(VecCopy(unet, candidate));
    PetscCall(hybrid::ImposeBoundaryValues(run.grid, *run.problem, candidate));
    if (autosw) {
      PetscCall(autosw->Consider(candidate, s, t, stop));
      if (autosw->best_step() == s) ck.switch_step = s, ck.switch_time = t;
      PetscCall(run.file->Append("/hybrid/auto/step", s, io::SeriesType::Int64));
      PetscCall(run.file->Append("/hybrid/auto/predicted_iterations", autosw->last_iterations()));
      PetscCall(run.file->Append("/hybrid/auto/predicted_total_time", autosw->last_prediction()));
    } else {
      PetscCall(VecCopy(candidate, guess));
      ck.switch_step = s, ck.switch_time = t;
      *stop = sw.kind == Kind::Time && AgreedSeconds(t) >= sw.value ? PETSC_TRUE : PETSC_FALSE;
    }
    PetscFunctionReturn(0);
  };
  auto force = [&](int, double t) { return sw.kind == Kind::Time && AgreedSeconds(t) >= sw.value; };
  PetscCall(TrainWithRecords(run, max_steps, hook, force));
  ck.autosw = nullptr;
  if (autosw) {
    PetscCall(VecCopy(autosw->best_guess(), guess));
    PetscCall(run.file->SetAttribute("/hybrid", "auto_stop_reason",
                                     std::string(autosw->stop_reason_name())));
  }
  const char *policy[] = {"step", "time", "auto"};
  PetscCall(run.file->SetAttribute("/hybrid", "switch_policy", std::string(policy[(int)sw.kind])));
  PetscCall(run.file->SetAttribute("/hybrid", "switch_step", ck.switch_step));
  PetscCall(run.file->SetAttribute("/hybrid", "switch_time", ck.switch_time));
  char line[160];
  if (ck.switch_step < 0)  // auto: no net beat the zero guess (Jacobi alone is faster here)
    std::snprintf(line, sizeof line,
                  "switch to the KSP from the zero guess: no net was predicted to pay for itself");
  else
    std::snprintf(line, sizeof line,
                  "switch to the KSP with the net of step %lld (%.2f s of training)",
                  ck.switch_step, ck.switch_time);
  run.progress->print(line);
  PetscCall(VecDestroy(&candidate));
  PetscFunctionReturn(0);
}

PetscErrorCode RunHybridMode(Run &run) {
  Checkpoints &ck = run.ckpt;
  const CheckpointState &from = ck.from;
  Vec guess;
  PetscFunctionBeginUser;
  if (ck.restored && from.stage == "solve") {
    // Restarted inside the KSP: training, the switch and its attributes are in the run file.
    SolveRecording where;
    where.checkpoints = true;
    where.start_iteration = (PetscInt)from.iteration;
    where.start_records = (PetscInt)from.records;
    SolveResult result;
    PetscCall(FinishSolve(run, ck.iterate, where, &result));
    PetscFunctionReturn(0);
  }
  PetscCall(VecDuplicate(run.u, &guess));
  PetscCall(TrainHybridGuess(run, guess));
  SolveResult result;
  SolveRecording where;
  where.checkpoints = true;
  PetscCall(FinishSolve(run, guess, where, &result));
  PetscCall(VecDestroy(&guess));
  PetscFunctionReturn(0);
}

PetscErrorCode RunSweepMode(Run &run) {
  const std::vector<int> &steps = run.cfg.sweep_steps;
  std::vector<Vec> snapshots;
  std::vector<double> times;
  PetscFunctionBeginUser;
  auto is_switch = [&](int s) { return std::find(steps.begin(), steps.end(), s) != steps.end(); };
  auto hook = [&](int s, Vec unet, double t, PetscBool *) -> PetscErrorCode {
    PetscFunctionBeginUser;
    if (!is_switch(s)) PetscFunctionReturn(0);
    Vec snap;
    PetscCall(VecDuplicate(unet, &snap));
    PetscCall(VecCopy(unet, snap));
    PetscCall(hybrid::ImposeBoundaryValues(run.grid, *run.problem, snap));
    snapshots.push_back(snap);
    times.push_back(t);
    PetscFunctionReturn(0);
  };
  PetscCall(TrainWithRecords(run, steps.back(), hook, [&](int s, double) { return is_switch(s); }));
  // One clock for every curve (docs/postprocessing.md): run-clock seconds, t = 0 of the figure
  // at /train start_time. A member's history reads as if its KSP had started right at its
  // snapshot (switch_time on the clock of /train/record/time, + seconds of its own solve).
  for (size_t i = 0; i < snapshots.size(); ++i) {
    char prefix[32];
    std::snprintf(prefix, sizeof prefix, "/sweep/%03zu", i);
    const double switch_time = run.train_start + times[i];
    PetscCall(run.file->SetAttribute(prefix, "switch_step", (long long)steps[i]));
    PetscCall(run.file->SetAttribute(prefix, "switch_time", switch_time));
    PetscCall(run.file->SetAttribute(prefix, "switch_train_seconds", times[i]));
    SolveResult result;
    const SolveRecording where{prefix, switch_time - RunClock::now()};
    PetscCall(FinishSolve(run, snapshots[i], where, &result));
    PetscCall(VecDestroy(&snapshots[i]));
  }
  if (run.cfg.sweep_jacobi) {
    // Jacobi alone, in the same run: the KSP from the zero guess into /solve and
    // /spectrum/solve, its clock starting where training started.
    SolveResult result;
    SolveRecording where;
    where.time_offset = run.train_start - RunClock::now();
    PetscCall(run.file->SetAttribute("/solve", "guess", std::string("zero")));
    PetscCall(FinishSolve(run, nullptr, where, &result));
  }
  PetscFunctionReturn(0);
}

}  // namespace fpsolve
