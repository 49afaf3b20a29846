#pragma once
// Field snapshots: the net on the grid at a few training records and the KSP's iterate at a few
// solve records, so that a reader sees the solution and its error change (fpplot's snapshot
// figure, the XDMF sidecar's time series). Per stage (training; each KSP solve, sweep members
// included) under GROUP = /snapshots/{train,solve} or /sweep/NNN/snapshots/solve:
//   GROUP/u      f64 [snapshots][nz][ny][nx]  natural order, each rank writes its DMDA box
//   GROUP/index  i64 [snapshots]              the training step / KSP iteration
//   GROUP/time   f64 [snapshots]              run-clock seconds (the history's clock)
// Which records: 0, 1, then each at least -snapshot_ratio times the last one's record number
// (0, 1, 2, 4, 8, ...: dense early, where the error changes fastest; log-many in all), at most
// -snapshot_max - 1 of them, and always the stage's last record (the final state). The record
// count of a KSP solve is not known in advance, hence this open-ended geometric schedule.
// Bounded file: all snapshots of a run together take at most -snapshot_max_mb MiB; on a grid
// too large for -snapshot_max per stage, fewer are taken (or none) and a one-line note says so.
// Not in fit mode (its own /fit/snapshots) nor in cycle mode.
#include <petscvec.h>

#include <string>

namespace fpsolve {

struct Run;
struct AppConfig;

struct SnapshotConfig {
  PetscInt max = 12;       // -snapshot_max: per stage, the last record included; 0: none
  PetscReal ratio = 2;     // -snapshot_ratio: >= 1 (1: every record until the cap)
  PetscReal max_mb = 128;  // -snapshot_max_mb: all snapshots of the run file together
};

// -snapshot_max, -snapshot_ratio, -snapshot_max_mb (called by ReadConfig).
PetscErrorCode ReadSnapshotOptions(MPI_Comm comm, SnapshotConfig *cfg);
// Stages that take snapshots in this configuration (training, each solve).
int SnapshotStages(const AppConfig &cfg);
// Snapshots per stage: -snapshot_max, lowered so that stages x per stage x field_bytes fits in
// -snapshot_max_mb. Pure.
long long SnapshotsPerStage(const SnapshotConfig &cfg, double field_bytes, int stages);
// The record after `record` in the geometric schedule 0, 1, ... (next >= ratio x record). Pure.
long long NextSnapshotRecord(long long record, double ratio);
// Decides the run's snapshots per stage (run.snapshots_per_stage) and says when the byte budget
// lowered it. Collective (the same on every rank).
PetscErrorCode PlanSnapshots(Run &run);

// The snapshots of one stage. Off (every call a no-op) when the run takes none.
class FieldSnapshots {
 public:
  static PetscErrorCode Open(Run &run, const std::string &group, FieldSnapshots *out);
  // At the stage's record number `record` (0-based, counted as the history counts them), whose
  // step or iteration is `index`: u if the schedule takes this record. Collective.
  PetscErrorCode Record(long long record, long long index, double time, Vec u);
  // The stage's final state (its last record): written unless it already was. Collective.
  PetscErrorCode Finish(long long index, double time, Vec u);

 private:
  PetscErrorCode Write(long long index, double time, Vec u);
  Run *run_ = nullptr;
  std::string group_;
  long long per_stage_ = 0, written_ = 0, next_ = 0, last_index_ = -1;
};

}  // namespace fpsolve
