#pragma once
// What every mode shares: the configured problem, grid, finishing solver, run file, spectra
// and progress line. Built once by main(); each mode is a function of it (src/app/mode_*.cpp).
#include <memory>

#include "fpsolve/app/checkpoint_state.hpp"
#include "fpsolve/app/config.hpp"
#include "fpsolve/app/progress.hpp"
#include "fpsolve/hybrid/auto_switch.hpp"
#include "fpsolve/hybrid/image_fit_record.hpp"
#include "fpsolve/hybrid/net_on_grid.hpp"
#include "fpsolve/hybrid/residual_problem.hpp"
#include "fpsolve/hybrid/spectral_tracker.hpp"
#include "fpsolve/io/checkpoint.hpp"
#include "fpsolve/io/image_file.hpp"
#include "fpsolve/io/owner_lock.hpp"
#include "fpsolve/io/run_file.hpp"
#include "fpsolve/problem/grid.hpp"
#include "fpsolve/solve/finisher.hpp"
#include "fpsolve/spectral/dst_nd.hpp"
#include "fpsolve/train/trainer.hpp"

namespace fpsolve {

// Checkpoint bookkeeping of a run (src/app/checkpointing.cpp).
struct Checkpoints {
  std::string dir, base;     // <dir>/<base>.ckpt.NNNNNN.h5
  long long sequence = 0;    // of the last checkpoint written or restored
  std::string last;          // path of the last good checkpoint; "" if none
  long long last_step = -1;  // where it was taken
  PetscInt last_iteration = -1;
  std::string last_where;     // ... in words, when the writer said (-mode cycle)
  double last_time = 0;       // RunClock time of the last checkpoint (or of the start)
  PetscInt check_stride = 1;  // -jacobi_check_stride: KSP checkpoints only at its multiples
  // A restart: what the checkpoint held; iterate/best are filled when it had them.
  bool restored = false;
  CheckpointState from;
  Vec iterate = nullptr, best = nullptr;
  bool has_iterate = false, has_best = false;
  // Set by hybrid mode while it trains with the auto switch (saved with each checkpoint).
  hybrid::AutoSwitch *autosw = nullptr;
  double auto_seconds_per_iteration = 0;
  double solve_residual0 = 0;  // the KSP's first residual (saved with KSP checkpoints)
  // Set by hybrid mode once it switched (saved with KSP checkpoints).
  long long switch_step = -1;
  double switch_time = 0;
};

struct Run {
  MPI_Comm comm = MPI_COMM_NULL;
  AppConfig cfg;
  std::unique_ptr<Problem> problem;
  Grid grid;
  Finisher *finisher = nullptr;
  // -mode cycle: the residual equation its corrections learn (declared before the trainer,
  // which refers to it, so that it is destroyed after it).
  std::unique_ptr<hybrid::ResidualProblem> correction;
  std::unique_ptr<train::Trainer> trainer;  // modes that train
  std::unique_ptr<Progress> progress;
  Vec u = nullptr;  // the final solution
  // The problem's g and exact solution at every owned grid point, evaluated once by
  // ValidateProblemOnGrid: the finisher's rhs and exact solution, and the run file's
  // /problem/rhs, are made from them (muParser or the seed's sines cost more than the copies).
  // The finisher keeps the exact solution; rhs is released once the run file is open.
  Vec problem_rhs = nullptr, problem_exact = nullptr;
  Vec reference = nullptr;  // what spectra and train errors compare with (see SetupReference)
  // Created by Execute once the run file exists:
  io::RunFile *file = nullptr;
  std::unique_ptr<spectral::DstNd> dst;  // the run's one DST plan (reference, tracker, auto)
  std::unique_ptr<hybrid::SpectralTracker> tracker;
  Checkpoints ckpt;
  // The output's (and the checkpoints') names, owned by this run (src/app/output_claim.cpp).
  std::unique_ptr<io::OwnerLock> output_lock, checkpoint_lock;
  // The image fit (-fit_image; app/image_fit.cpp): the image, and its records once the file exists.
  std::shared_ptr<const io::GreyImage> image;
  std::unique_ptr<hybrid::ImageFitRecord> image_record;
  // Run-clock second at which training's step 0 began (t = 0 of the error-vs-time figure;
  // written as the /train attribute start_time). -1 before training.
  double train_start = -1;
  // Field snapshots each stage takes (app/snapshots.hpp: PlanSnapshots); 0: none.
  long long snapshots_per_stage = 0;
  struct {
    PetscLogStage setup, train, solve, output;  // what -log_view breaks the run into
  } stages;
};

// Options that decide which objects a mode needs; trainer and fit target are created here so
// their input errors surface before any expensive work.
PetscErrorCode SetupTrainer(Run &run);
// The run's DST plan (run.dst) and the spectra's reference: exact discrete solution (default,
// by the DST: U_k = B_k / lambda_k), exact solution, or fit target.
PetscErrorCode SetupReference(Run &run);

// Problem data finite on the grid; spectrum options within the grid's modes.
PetscErrorCode ValidateProblemOnGrid(Run &run);

// Root attributes, /grid, /problem (docs/output-format.md).
PetscErrorCode WriteRunHeader(Run &run);
// 2D/3D: /solution/error = u - exact (when the exact solution is known), before the commit;
// after it, the XDMF sidecar RUN.xdmf next to RUN.h5 (io/xdmf.hpp), so ParaView/VisIt open
// u, rhs, exact and error on the grid. 1D files stay as they were.
PetscErrorCode WriteErrorField(Run &run);
PetscErrorCode WriteXdmfSidecar(Run &run);

// Where a solve's records go: /solve/history, or /sweep/NNN/solve/history for sweep members,
// whose times are shifted so they read as "training seconds before the switch + solve seconds".
struct SolveRecording {
  std::string prefix;            // "" or "/sweep/NNN"
  double time_offset = 0;        // added to RunClock times
  PetscInt start_iteration = 0;  // a restart continues the KSP from this iteration
  PetscInt start_records = 0;    // ... with this many solve records already written
  bool checkpoints = false;      // this solve writes checkpoints (not in sweep mode)
};
// Solves from guess (nullptr: zero); records history and spectra; maps failures to exit 2.
PetscErrorCode FinishSolve(Run &run, Vec guess, const SolveRecording &where, SolveResult *result);

// Training with records: /train/history every step, /train/record and /spectrum/train every
// -train_record_stride steps. on_record(step, u_net, train_seconds, &stop) may end training.
// force_record(step, train_seconds) asks for a record at a step off the stride.
using TrainRecordHook = std::function<PetscErrorCode(int, Vec, double, PetscBool *)>;
PetscErrorCode TrainWithRecords(Run &run, int max_steps, const TrainRecordHook &on_record,
                                const std::function<bool(int, double)> &force_record = {});

// Checkpoints (src/app/checkpointing.cpp). PrepareCheckpoints (in Setup, before any output):
// resolves the directory and, with -restart, reads and checks the checkpoint and restores the
// trainer and the clock. OpenRunFile: a new run file with its header, or the checkpoint's.
PetscErrorCode PrepareCheckpoints(Run &run);
// Before any output (called by PrepareCheckpoints): -output is a regular file or absent, not
// overwritten without -output_overwrite, its names fit, and this run alone holds them.
PetscErrorCode ClaimOutput(Run &run);
// The result-changing settings ("-name value" lines) a checkpoint records, and the restart
// check against them (src/app/restart_settings.cpp): exit 1 naming the first that differs.
std::string ResultSettings(const Run &run);
PetscErrorCode CheckRestartSettings(const Run &run, const std::string &checkpoint,
                                    const std::string &recorded);
PetscErrorCode OpenRunFile(Run &run);
// Collective poll at the top of training step s (before its record): agrees on stop signals and
// on the time interval across ranks, writes a checkpoint when due; on a signal raises
// kErrStopped after the checkpoint.
PetscErrorCode TrainCheckpointPoint(Run &run, int s, PetscInt records, double train_seconds);
// Likewise at a KSP record at (global) iteration it with iterate u, before it is recorded
// (records: solve records written so far).
PetscErrorCode SolveCheckpointPoint(Run &run, const SolveRecording &where, PetscInt it,
                                    PetscInt records, Vec u);
// A mode's own checkpoint points (-mode cycle: app/cycle_checkpoint.cpp). PollCheckpoint: one
// allreduce agreeing on {a stop signal on any rank, the time interval due by rank 0's clock}.
// WriteCheckpoint: st (the caller sets stage, positions, where, mode entries) plus what every
// checkpoint holds (settings, trainer, run file, auto switch), with these grid fields.
PetscErrorCode PollCheckpoint(Run &run, int *signal, bool *time_due);
PetscErrorCode WriteCheckpoint(Run &run, CheckpointState &st,
                               const std::vector<std::pair<const char *, Vec>> &fields);
// "last good checkpoint: PATH (step N)" or "no checkpoint written", for fault messages.
std::string LastCheckpointNote(const Run &run);
PetscErrorCode DestroyCheckpoints(Run &run);

// The image fit (app/image_fit.cpp). PrepareImageFit, before the grid is created: reads the image
// and sizes the grid to it. ImageFitTarget: the trainer's target. CreateImageFitRecord, once the
// run file exists: /fit/target, /spectrum/shells, and the records taken by RunDnnMode.
PetscErrorCode PrepareImageFit(Run &run);
train::TargetFn ImageFitTarget(const Run &run);
PetscErrorCode CreateImageFitRecord(Run &run);

PetscErrorCode RunJacobiMode(Run &run);
PetscErrorCode RunDnnMode(Run &run);  // dnn and fit
PetscErrorCode RunHybridMode(Run &run);
// Hybrid mode's training and switch (mode_train.cpp): trains run.trainer (on run.problem) under
// -hybrid_switch and leaves the chosen guess in guess (boundary values imposed); records
// /train and /hybrid. -mode cycle -cycle_start net starts from it.
PetscErrorCode TrainHybridGuess(Run &run, Vec guess);
PetscErrorCode RunSweepMode(Run &run);
PetscErrorCode RunCycleMode(Run &run);
// Seconds per iteration of the configured KSP, measured here (overwrites run.u).
PetscErrorCode MeasureSecondsPerIteration(Run &run, double *seconds);

}  // namespace fpsolve
