#pragma once
// What every mode shares: the configured problem, grid, finishing solver, run file, spectra
// and progress line. Built once by main(); each mode is a function of it (src/app/mode_*.cpp).
#include <memory>

#include "fpsolve/app/config.hpp"
#include "fpsolve/app/progress.hpp"
#include "fpsolve/hybrid/net_on_grid.hpp"
#include "fpsolve/hybrid/spectral_tracker.hpp"
#include "fpsolve/io/run_file.hpp"
#include "fpsolve/problem/grid.hpp"
#include "fpsolve/solve/finisher.hpp"
#include "fpsolve/train/trainer.hpp"

namespace fpsolve {

struct Run {
  MPI_Comm comm = MPI_COMM_NULL;
  AppConfig cfg;
  std::unique_ptr<Problem> problem;
  Grid grid;
  Finisher *finisher = nullptr;
  std::unique_ptr<train::Trainer> trainer;  // modes that train
  std::unique_ptr<Progress> progress;
  Vec u = nullptr;          // the final solution
  Vec reference = nullptr;  // what spectra and train errors compare with (see SetupReference)
  // Created by Execute once the run file exists:
  io::RunFile *file = nullptr;
  std::unique_ptr<hybrid::SpectralTracker> tracker;
  struct {
    PetscLogStage setup, train, solve, output;  // what -log_view breaks the run into
  } stages;
};

// Options that decide which objects a mode needs; trainer and fit target are created here so
// their input errors surface before any expensive work.
PetscErrorCode SetupTrainer(Run &run);
// The spectra's reference: exact discrete solution (default), exact solution, or fit target.
PetscErrorCode SetupReference(Run &run);

// Root attributes, /grid, /problem (CONTRACT.md).
PetscErrorCode WriteRunHeader(Run &run);

// Where a solve's records go: /solve/history, or /sweep/NNN/solve/history for sweep members,
// whose times are shifted so they read as "training seconds before the switch + solve seconds".
struct SolveRecording {
  std::string prefix;      // "" or "/sweep/NNN"
  double time_offset = 0;  // added to RunClock times
};
// Solves from guess (nullptr: zero); records history and spectra; maps failures to exit 2.
PetscErrorCode FinishSolve(Run &run, Vec guess, const SolveRecording &where, SolveResult *result);

// Training with records: /train/history every step, /train/record and /spectrum/train every
// -train_record_stride steps. on_record(step, u_net, train_seconds, &stop) may end training.
// force_record(step, train_seconds) asks for a record at a step off the stride.
using TrainRecordHook = std::function<PetscErrorCode(int, Vec, double, PetscBool *)>;
PetscErrorCode TrainWithRecords(Run &run, int max_steps, const TrainRecordHook &on_record,
                                const std::function<bool(int, double)> &force_record = {});

PetscErrorCode RunJacobiMode(Run &run);
PetscErrorCode RunDnnMode(Run &run);  // dnn and fit
PetscErrorCode RunHybridMode(Run &run);
PetscErrorCode RunSweepMode(Run &run);

}  // namespace fpsolve
