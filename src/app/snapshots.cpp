// Field snapshots of training and of the KSP (include/fpsolve/app/snapshots.hpp).
#include "fpsolve/app/snapshots.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "fpsolve/app/run.hpp"
#include "fpsolve/base/error.hpp"

namespace fpsolve {

PetscErrorCode ReadSnapshotOptions(MPI_Comm comm, SnapshotConfig *cfg) {
  PetscFunctionBeginUser;
  PetscOptionsBegin(comm, nullptr, "fpsolve: field snapshots (/snapshots/{train,solve})",
                    "fpsolve");
  PetscCall(PetscOptionsBoundedInt(
      "-snapshot_max",
      "Field snapshots per stage (training, each KSP solve), its last record included (0: none)",
      "", cfg->max, &cfg->max, nullptr, 0));
  PetscCall(PetscOptionsReal("-snapshot_ratio",
                             "Snapshot records 0, 1, then each >= this x the last (>= 1; 1: "
                             "every record until -snapshot_max)",
                             "", cfg->ratio, &cfg->ratio, nullptr));
  PetscCall(PetscOptionsReal("-snapshot_max_mb",
                             "MiB all snapshots of the run file may take: fewer per stage (or "
                             "none) on grids too large for -snapshot_max",
                             "", cfg->max_mb, &cfg->max_mb, nullptr));
  PetscOptionsEnd();
  PetscCheck(cfg->ratio >= 1 && std::isfinite(cfg->ratio) && cfg->ratio <= 1e6, comm, kErrBadInput,
             "-snapshot_ratio %g: must be in [1, 1e6]", (double)cfg->ratio);
  PetscCheck(cfg->max_mb >= 0 && std::isfinite(cfg->max_mb), comm, kErrBadInput,
             "-snapshot_max_mb %g: must be finite and >= 0", (double)cfg->max_mb);
  PetscFunctionReturn(0);
}

int SnapshotStages(const AppConfig &cfg) {
  switch (cfg.mode) {
    case Mode::Jacobi:
      return 1;
    case Mode::Dnn:
      return 1;
    case Mode::Hybrid:
      return 2;
    case Mode::Sweep:
      return 1 + (int)cfg.sweep_steps.size() + (cfg.sweep_jacobi ? 1 : 0);
    case Mode::Fit:    // its own /fit/snapshots (docs/image-fit.md)
    case Mode::Cycle:  // its solves and corrections are recorded per cycle (docs/cycles.md)
      return 0;
  }
  return 0;
}

long long SnapshotsPerStage(const SnapshotConfig &cfg, double field_bytes, int stages) {
  if (stages <= 0 || cfg.max <= 0) return 0;
  const double fit = std::floor(cfg.max_mb * 1048576.0 / (stages * std::max(1.0, field_bytes)));
  return (long long)std::min<double>((double)cfg.max, fit);
}

long long NextSnapshotRecord(long long record, double ratio) {
  return std::max(record + 1, (long long)std::ceil(record * ratio - 1e-9));
}

PetscErrorCode PlanSnapshots(Run &run) {
  const SnapshotConfig &cfg = run.cfg.snapshots;
  PetscFunctionBeginUser;
  const int stages = SnapshotStages(run.cfg);
  const double bytes = 8.0 * run.grid.n[0] * run.grid.n[1] * run.grid.n[2];
  run.snapshots_per_stage = SnapshotsPerStage(cfg, bytes, stages);
  if (stages > 0 && run.snapshots_per_stage < cfg.max) {
    char line[256];
    std::snprintf(
        line, sizeof line,
        "snapshots: %lld per stage instead of %lld (a field is %.1f MiB; -snapshot_max_mb "
        "%g over %d stages)",
        run.snapshots_per_stage, (long long)cfg.max, bytes / 1048576.0, (double)cfg.max_mb, stages);
    run.progress->print(line);
  }
  PetscFunctionReturn(0);
}

PetscErrorCode FieldSnapshots::Open(Run &run, const std::string &group, FieldSnapshots *out) {
  PetscFunctionBeginUser;
  *out = FieldSnapshots();
  if (run.snapshots_per_stage <= 0) PetscFunctionReturn(0);
  out->run_ = &run;
  out->group_ = group;
  out->per_stage_ = run.snapshots_per_stage;
  // A restarted run continues its stage: the snapshots already in the restored file count.
  hsize_t frames;
  PetscCall(run.file->FrameCount(group + "/u", &frames));
  out->written_ = (long long)frames;
  PetscFunctionReturn(0);
}

PetscErrorCode FieldSnapshots::Record(long long record, long long index, double time, Vec u) {
  PetscFunctionBeginUser;
  if (!run_) PetscFunctionReturn(0);
  while (next_ < record) next_ = NextSnapshotRecord(next_, run_->cfg.snapshots.ratio);
  // The last slot is kept for the stage's final state (Finish).
  if (next_ != record || written_ + 1 >= per_stage_) PetscFunctionReturn(0);
  PetscCall(Write(index, time, u));
  PetscFunctionReturn(0);
}

PetscErrorCode FieldSnapshots::Finish(long long index, double time, Vec u) {
  PetscFunctionBeginUser;
  if (!run_ || index == last_index_ || written_ >= per_stage_) PetscFunctionReturn(0);
  PetscCall(Write(index, time, u));
  PetscFunctionReturn(0);
}

PetscErrorCode FieldSnapshots::Write(long long index, double time, Vec u) {
  static PetscLogEvent event = -1;
  PetscFunctionBeginUser;
  if (event < 0) PetscCall(PetscLogEventRegister("FpSnapshot", DM_CLASSID, &event));
  PetscCall(PetscLogEventBegin(event, 0, 0, 0, 0));
  PetscCall(run_->file->AppendField(group_ + "/u", run_->grid.da, u));
  PetscCall(run_->file->Append(group_ + "/index", (double)index, io::SeriesType::Int64));
  PetscCall(run_->file->Append(group_ + "/time", time));
  PetscCall(PetscLogEventEnd(event, 0, 0, 0, 0));
  ++written_;
  last_index_ = index;
  PetscFunctionReturn(0);
}

}  // namespace fpsolve
