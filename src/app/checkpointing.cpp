// Checkpoints as a part of a run: when they are due, what they hold, and restarting from one.
// The policy (docs/robustness.md):
//  - training: at the top of step s (before its record) when s is a multiple of
//    -checkpoint_interval N, or N seconds have passed, or a stop signal arrived;
//  - KSP: at records whose iteration is a multiple of -jacobi_check_stride, so a restarted
//    solve meets the same check and record points as an uninterrupted one (bit-identical for
//    stationary iterations such as the default Jacobi);
//  - every poll is one MPI_Allreduce of {signal, rank 0's clock says due}: all ranks decide
//    alike, at the same point, in the same collective order.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

#include "fpsolve/app/run.hpp"
#include "fpsolve/app/signals.hpp"
#include "fpsolve/base/clock.hpp"
#include "fpsolve/base/error.hpp"

namespace fpsolve {

// {stop signal on any rank, time interval due by rank 0's clock}: agreed by every rank.
PetscErrorCode PollCheckpoint(Run &run, int *signal, bool *time_due) {
  int rank;
  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_rank(run.comm, &rank));
  const double every = run.cfg.checkpoint.seconds;
  int flags[2] = {PendingStopSignal(),
                  rank == 0 && every > 0 && RunClock::now() - run.ckpt.last_time >= every};
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, flags, 2, MPI_INT, MPI_MAX, run.comm));
  *signal = flags[0], *time_due = flags[1] != 0;
  PetscFunctionReturn(0);
}

namespace {

// Points per axis, "nx[xny[xnz]]": what a restart's grid must match.
std::string GridText(const Grid &grid) {
  std::string s;
  for (int d = 0; d < grid.dim; ++d) s += (d ? "x" : "") + std::to_string(grid.n[d]);
  return s;
}

}  // namespace

PetscErrorCode WriteCheckpoint(Run &run, CheckpointState &st,
                               const std::vector<std::pair<const char *, Vec>> &fields) {
  PetscMPIInt size;
  PetscFunctionBeginUser;
  Checkpoints &c = run.ckpt;
  PetscCallMPI(MPI_Comm_size(run.comm, &size));
  st.sequence = c.sequence + 1;
  st.mode = ModeName(run.cfg.mode);
  st.clock = RunClock::now();
  st.grid = GridText(run.grid);
  st.ranks = size;
  st.problem = run.problem->describe();
  st.precision = run.cfg.net.precision == nn::Precision::Single ? "single" : "double";
  st.settings = ResultSettings(run);
  st.switch_step = c.switch_step, st.switch_time = c.switch_time;
  std::vector<std::pair<const char *, Vec>> all = fields;
  if (c.autosw) {
    st.auto_seconds_per_iteration = c.auto_seconds_per_iteration;
    st.auto_best_step = c.autosw->best_step();
    st.auto_best_total = c.autosw->best_prediction();
    st.auto_stale = c.autosw->stale();
    // The zero guess until a net prediction beats it.
    all.emplace_back(kBestField, c.autosw->best_guess());
  }
  if (run.trainer) st.trainer = run.trainer->save_state();
  PetscCall(run.file->Snapshot(&st.run_file, &st.series));
  const std::string path = io::CheckpointPath(c.dir, c.base, st.sequence);
  io::Checkpoint ck = ToCheckpoint(st);
  for (const auto &[name, v] : all) ck.fields[name] = {run.grid.da, v};
  PetscCall(io::CheckpointWrite(run.comm, path, ck));
  PetscCall(
      io::CheckpointPrune(run.comm, c.dir, c.base, st.sequence, (int)run.cfg.checkpoint.keep));
  c.sequence = st.sequence;
  c.last = path;
  c.last_step = st.step;
  c.last_iteration = st.stage == "solve" ? (PetscInt)st.iteration : -1;
  c.last_where = st.where;
  c.last_time = RunClock::now();
  PetscFunctionReturn(0);
}

std::string LastCheckpointNote(const Run &run) {
  const Checkpoints &c = run.ckpt;
  if (c.last.empty()) return "no checkpoint written";
  char buf[PETSC_MAX_PATH_LEN + 128];
  if (!c.last_where.empty())
    std::snprintf(buf, sizeof buf, "last good checkpoint: %s (%s)", c.last.c_str(),
                  c.last_where.c_str());
  else if (c.last_iteration >= 0)
    std::snprintf(buf, sizeof buf, "last good checkpoint: %s (KSP iteration %" PetscInt_FMT ")",
                  c.last.c_str(), c.last_iteration);
  else
    std::snprintf(buf, sizeof buf, "last good checkpoint: %s (training step %lld)", c.last.c_str(),
                  c.last_step);
  return buf;
}

PetscErrorCode PrepareCheckpoints(Run &run) {
  const CheckpointConfig &cfg = run.cfg.checkpoint;
  Checkpoints &c = run.ckpt;
  PetscFunctionBeginUser;
  const std::string &out = run.cfg.output;
  const auto slash = out.rfind('/');
  c.base = slash == std::string::npos ? out : out.substr(slash + 1);
  c.dir = !cfg.dir.empty()             ? cfg.dir
          : slash == std::string::npos ? "."
          : slash == 0                 ? "/"
                                       : out.substr(0, slash);
  c.check_stride = run.finisher->check_stride();  // the one reading of -jacobi_check_stride
  // A stop signal may need the directory at any time: check it now, not at the first write.
  int rank, writable = 1;
  PetscCallMPI(MPI_Comm_rank(run.comm, &rank));
  if (rank == 0 && !cfg.dir.empty()) {
    struct stat sb;
    writable =
        stat(c.dir.c_str(), &sb) == 0 && S_ISDIR(sb.st_mode) && access(c.dir.c_str(), W_OK) == 0;
  }
  PetscCallMPI(MPI_Bcast(&writable, 1, MPI_INT, 0, run.comm));
  PetscCheck(writable, run.comm, kErrBadInput, "-checkpoint_dir %s: not a writable directory",
             c.dir.c_str());
  PetscCall(ClaimOutput(run));  // before a checkpoint of these names is read
  c.last_time = RunClock::now();
  if (cfg.restart.empty()) PetscFunctionReturn(0);
  std::string path = cfg.restart;
  if (path == "auto") {
    PetscCall(io::CheckpointFindNewest(run.comm, c.dir, c.base, &path));
    if (path.empty()) {
      if (!run.cfg.quiet)
        PetscCall(PetscPrintf(run.comm,
                              "fpsolve: -restart auto: no valid checkpoint %s/%s.ckpt.*.h5, "
                              "starting from the beginning\n",
                              c.dir.c_str(), c.base.c_str()));
      PetscFunctionReturn(0);
    }
  }
  PetscCall(DMCreateGlobalVector(run.grid.da, &c.iterate));
  PetscCall(VecDuplicate(c.iterate, &c.best));
  CheckpointState &st = c.from;
  {
    io::Checkpoint ck;
    ck.fields[kIterateField] = {run.grid.da, c.iterate};
    ck.fields[kBestField] = {run.grid.da, c.best};
    ck.fields[kCycleBestField] = {run.grid.da, c.best};  // a checkpoint holds one of the two
    PetscCall(io::CheckpointRead(run.comm, path, &ck));
    c.has_iterate = ck.fields.count(kIterateField) > 0;
    c.has_best = ck.fields.count(kBestField) + ck.fields.count(kCycleBestField) > 0;
    PetscCall(FromCheckpoint(run.comm, path, ck, &st));
  }
  const char *p = path.c_str();
  PetscCheck(st.mode == ModeName(run.cfg.mode), run.comm, kErrBadInput,
             "-restart %s: a checkpoint of -mode %s, this run is -mode %s", p, st.mode.c_str(),
             ModeName(run.cfg.mode));
  PetscCheck(st.grid == GridText(run.grid), run.comm, kErrBadInput,
             "-restart %s: a checkpoint of a %s-point grid, this run has %s (-da_grid_x/y/z)", p,
             st.grid.c_str(), GridText(run.grid).c_str());
  PetscCheck(st.problem == run.problem->describe(), run.comm, kErrBadInput,
             "-restart %s: a checkpoint of another problem (%s)", p, st.problem.c_str());
  PetscCall(CheckRestartSettings(run, path, st.settings));
  PetscCheck(st.stage != "solve" || c.has_iterate, run.comm, kErrBadInput,
             "-restart %s: a KSP-stage checkpoint without the iterate /fields/%s", p,
             kIterateField);
  // -mode cycle restores its trainer itself (app/cycle_checkpoint.cpp): which net, and with
  // which seed, depends on where in the cycle the checkpoint was taken.
  const bool cycle = run.cfg.mode == Mode::Cycle;
  if (run.trainer) {
    const char *prec = run.cfg.net.precision == nn::Precision::Single ? "single" : "double";
    PetscCheck(st.precision == prec, run.comm, kErrBadInput,
               "-restart %s: a checkpoint of a %s-precision net, this run is -dnn_precision %s", p,
               st.precision.c_str(), prec);
    PetscCheck(cycle || !st.trainer.empty(), run.comm, kErrBadInput,
               "-restart %s: the checkpoint holds no training state", p);
  }
  if (run.trainer && !cycle) {
    try {
      run.trainer->load_state(st.trainer);
    } catch (const std::exception &e) {
      SETERRQ(run.comm, kErrBadInput, "-restart %s: %s (-dnn_widths, -dnn_activation, -dnn_input?)",
              p, e.what());
    }
    PetscCheck(run.trainer->steps_done() == st.step, run.comm, kErrBadInput,
               "-restart %s: training state at step %d, the checkpoint says %lld", p,
               run.trainer->steps_done(), st.step);
    PetscCheck(st.stage == "solve" || st.step <= run.cfg.train.steps, run.comm, kErrBadInput,
               "-restart %s: the checkpoint is at step %lld, beyond -train_steps %d", p, st.step,
               run.cfg.train.steps);
  }
  if (!cycle) {
    st.trainer.clear();
    st.trainer.shrink_to_fit();
  }
  RunClock::resume(st.clock);
  c.sequence = st.sequence;
  c.last = path;
  c.last_step = st.step;
  c.last_iteration = st.stage == "solve" ? (PetscInt)st.iteration : -1;
  c.last_where = st.where;
  c.switch_step = st.switch_step, c.switch_time = st.switch_time;
  c.solve_residual0 = st.solve_residual0;
  c.restored = true;
  c.last_time = RunClock::now();
  if (!run.cfg.quiet) {
    if (!st.where.empty())
      PetscCall(PetscPrintf(run.comm, "fpsolve: restarting from %s (%s)\n", p, st.where.c_str()));
    else if (st.stage == "solve")
      PetscCall(PetscPrintf(run.comm, "fpsolve: restarting from %s (KSP iteration %lld)\n", p,
                            st.iteration));
    else
      PetscCall(
          PetscPrintf(run.comm, "fpsolve: restarting from %s (training step %lld)\n", p, st.step));
    // Another rank count continues correctly, not bitwise (docs/robustness.md): say so, so
    // that a comparison with the first run's numbers is not a surprise.
    PetscMPIInt size;
    PetscCallMPI(MPI_Comm_size(run.comm, &size));
    if (st.ranks != size)
      PetscCall(PetscPrintf(run.comm,
                            "fpsolve: the checkpoint was written on %lld ranks, this run has %d: "
                            "it continues correctly, not bit-identically\n",
                            st.ranks, size));
  }
  PetscFunctionReturn(0);
}

PetscErrorCode OpenRunFile(Run &run) {
  PetscFunctionBeginUser;
  if (!run.ckpt.restored) {
    PetscCall(io::RunFile::Create(run.comm, run.cfg.output, &run.file));
    PetscCall(WriteRunHeader(run));
    PetscFunctionReturn(0);
  }
  CheckpointState &st = run.ckpt.from;
  PetscCall(io::RunFile::Resume(run.comm, run.cfg.output, st.run_file, st.series, &run.file));
  st.run_file.clear();
  st.run_file.shrink_to_fit();
  // Provenance: the last restart (the header keeps the first run's mpi_ranks and options).
  PetscMPIInt size;
  PetscCallMPI(MPI_Comm_size(run.comm, &size));
  PetscCall(run.file->SetAttribute("/", "restarted_from", run.ckpt.last));
  PetscCall(run.file->SetAttribute("/", "restart_mpi_ranks", (long long)size));
  char *options;  // the header keeps the first run's options; these are the restart's
  PetscCall(PetscOptionsGetAll(nullptr, &options));
  PetscCall(run.file->SetAttribute("/", "restart_options", std::string(options)));
  PetscCall(PetscFree(options));
  PetscFunctionReturn(0);
}

PetscErrorCode TrainCheckpointPoint(Run &run, int s, PetscInt records, double train_seconds) {
  const CheckpointConfig &cfg = run.cfg.checkpoint;
  Checkpoints &c = run.ckpt;
  int signal;
  bool time_due;
  PetscFunctionBeginUser;
  PetscCall(PollCheckpoint(run, &signal, &time_due));
  const bool sweep = run.cfg.mode == Mode::Sweep;              // its snapshots are not checkpointed
  const bool here = c.last_iteration < 0 && c.last_step == s;  // written or restored here
  const bool due = time_due || (cfg.every > 0 && s > 0 && s % cfg.every == 0) || signal;
  if (due && !here && !sweep) {
    CheckpointState st;
    st.stage = "train";
    st.step = s;
    st.records = records;
    st.train_seconds = train_seconds;
    PetscCall(WriteCheckpoint(run, st, {}));
  }
  PetscCheck(!signal, run.comm, kErrStopped, "%s at training step %d; %s", StopSignalName(signal),
             s, sweep ? "sweep mode writes no checkpoints" : LastCheckpointNote(run).c_str());
  PetscFunctionReturn(0);
}

PetscErrorCode SolveCheckpointPoint(Run &run, const SolveRecording &where, PetscInt it,
                                    PetscInt records, Vec u) {
  const CheckpointConfig &cfg = run.cfg.checkpoint;
  Checkpoints &c = run.ckpt;
  int signal;
  bool time_due;
  PetscFunctionBeginUser;
  // Only where an uninterrupted solve also checks and records: a restart from here meets the
  // same points (every rank sees the same iterations, so the poll stays collective).
  if (it % c.check_stride != 0 || it % run.cfg.finish.record_stride != 0) PetscFunctionReturn(0);
  PetscCall(PollCheckpoint(run, &signal, &time_due));
  const bool here = c.last_iteration == it;  // written or restored here
  const PetscInt since = c.last_iteration >= 0 ? c.last_iteration : where.start_iteration;
  const bool due = time_due || (cfg.every > 0 && it - since >= cfg.every) || signal;
  if (due && !here && where.checkpoints) {
    CheckpointState st;
    st.stage = "solve";
    st.step = run.trainer ? run.trainer->steps_done() : 0;
    st.iteration = it;
    st.records = records;
    st.solve_residual0 = c.solve_residual0;
    PetscCall(WriteCheckpoint(run, st, {{kIterateField, u}}));
  }
  PetscCheck(
      !signal, run.comm, kErrStopped, "%s at KSP iteration %" PetscInt_FMT "; %s",
      StopSignalName(signal), it,
      where.checkpoints ? LastCheckpointNote(run).c_str() : "sweep mode writes no checkpoints");
  PetscFunctionReturn(0);
}

PetscErrorCode DestroyCheckpoints(Run &run) {
  PetscFunctionBeginUser;
  PetscCall(VecDestroy(&run.ckpt.iterate));
  PetscCall(VecDestroy(&run.ckpt.best));
  PetscFunctionReturn(0);
}

}  // namespace fpsolve
