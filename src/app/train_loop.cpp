// Training as a stage of a run: steps, records, spectra, progress, the replica check.
#include <cmath>
#include <cstdio>

#include "fpsolve/app/run.hpp"
#include "fpsolve/base/clock.hpp"
#include "fpsolve/base/error.hpp"
#include "fpsolve/base/test_fault.hpp"

namespace fpsolve {
namespace {

PetscLogEvent step_event = -1, record_event = -1;

}  // namespace

PetscErrorCode TrainWithRecords(Run &run, int max_steps, const TrainRecordHook &on_record,
                                const std::function<bool(int, double)> &force_record) {
  train::Trainer &trainer = *run.trainer;
  io::RunFile &f = *run.file;
  hybrid::NetOnGrid net;
  Vec unet, diff;
  PetscFunctionBeginUser;
  if (step_event < 0) {
    PetscCall(PetscLogEventRegister("FpTrainStep", DM_CLASSID, &step_event));
    PetscCall(PetscLogEventRegister("FpTrainRecord", DM_CLASSID, &record_event));
  }
  PetscCall(PetscLogStagePush(run.stages.train));
  PetscCall(hybrid::NetOnGrid::Create(run.grid, &net));
  PetscCall(VecDuplicate(run.u, &unet));
  PetscCall(VecDuplicate(run.u, &diff));
  // Errors are against the exact solution (docs/output-format.md), or the target in fit mode.
  Vec truth = run.cfg.mode == Mode::Fit ? run.reference : run.finisher->exact();
  const int stride = run.cfg.train.record_stride;
  // A restart continues from the checkpoint's step, record count and training seconds.
  const bool resumed = run.ckpt.restored && run.ckpt.from.stage == "train";
  const double t_start = RunClock::now() - (resumed ? run.ckpt.from.train_seconds : 0.0);
  run.train_start = t_start;
  double loss = NAN, error = NAN;
  int error_step = -1;  // the step of the record `error` comes from
  PetscInt records = resumed ? (PetscInt)run.ckpt.from.records : 0;
  FieldSnapshots snapshots;  // the net on the grid at a few records (app/snapshots.hpp)
  PetscCall(FieldSnapshots::Open(run, "/snapshots/train", &snapshots));
  int last_step = -1;  // of the last record, the state training ends in
  double last_time = 0;
  const int first = trainer.steps_done();
  const double t_here = RunClock::now();  // for the rate of this process's steps
  for (int s = first;; ++s) {
    PetscCall(TrainCheckpointPoint(run, s, records, RunClock::now() - t_start));
    const double t_train = RunClock::now() - t_start;
    if (s % stride == 0 || s == max_steps || (force_record && force_record(s, t_train))) {
      PetscCall(PetscLogEventBegin(record_event, 0, 0, 0, 0));
      PetscCall(net.Evaluate(trainer, unet));
      if (truth) {
        PetscCall(VecWAXPY(diff, -1.0, truth, unet));
        PetscCall(VecNorm(diff, NORM_INFINITY, &error));
        error_step = s;
      }
      last_step = s, last_time = RunClock::now();
      PetscCall(f.Append("/train/record/step", s, io::SeriesType::Int64));
      PetscCall(f.Append("/train/record/time", last_time));
      PetscCall(f.Append("/train/record/max_error", error));
      const bool full = records % run.cfg.spectrum.full_every == 0 || s == max_steps;
      if (run.tracker) PetscCall(run.tracker->Record("/spectrum/train", s, unet, full));
      PetscCall(snapshots.Record(records, s, last_time, unet));
      ++records;
      PetscCall(PetscLogEventEnd(record_event, 0, 0, 0, 0));
      PetscBool stop = PETSC_FALSE;
      if (on_record) PetscCall(on_record(s, unet, t_train, &stop));
      if (stop) break;
    }
    if (s == max_steps) break;
    PetscCall(PetscLogEventBegin(step_event, 0, 0, 0, 0));
    try {
      TestFault("train_step");
      loss = trainer.step();
    } catch (const NumericalError &e) {  // thrown on every rank alike
      SETERRQ(run.comm, kErrNumerical, "training: %s; %s", e.what(),
              LastCheckpointNote(run).c_str());
    } catch (const std::exception &e) {
      SETERRQ(run.comm, ErrorCodeOf(e), "training step %d: %s", s, MessageOf(e).c_str());
    }
    PetscCall(PetscLogEventEnd(step_event, 0, 0, 0, 0));
    PetscCall(f.Append("/train/history/step", s, io::SeriesType::Int64));
    PetscCall(f.Append("/train/history/time", RunClock::now()));
    PetscCall(f.Append("/train/history/loss", loss));
    if (run.progress->due()) {
      const double rate = (s + 1 - first) / std::max(1e-9, RunClock::now() - t_here);
      char line[256];
      // The error is only known at records: say which one it is from.
      char err[64] = "";
      if (error_step >= 0)
        std::snprintf(err, sizeof err, "  error %.3e (record at step %d)", error, error_step);
      std::snprintf(line, sizeof line, "train  step %7d/%d  loss % .4e%s  %.1f steps/s%s", s + 1,
                    max_steps, loss, err, rate, Progress::eta(max_steps - s - 1, rate).c_str());
      run.progress->print(line);
    }
  }
  // Training always ends at a record (the loop leaves only there): unet is its net.
  if (last_step >= 0) PetscCall(snapshots.Finish(last_step, last_time, unet));
  FpCallCXX(run.comm, trainer.verify_replicated());
  PetscCall(run.file->SetAttribute("/train", "steps", (long long)trainer.steps_done()));
  PetscCall(run.file->SetAttribute("/train", "seconds", RunClock::now() - t_start));
  PetscCall(run.file->SetAttribute("/train", "start_time", t_start));
  PetscCall(run.file->SetAttribute("/train", "num_params", (long long)trainer.num_params()));
  PetscCall(VecDestroy(&diff));
  PetscCall(VecDestroy(&unet));
  PetscCall(PetscLogStagePop());
  PetscFunctionReturn(0);
}

}  // namespace fpsolve
