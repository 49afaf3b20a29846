#pragma once
// Everything a run is configured with; read from the PETSc options database by ReadConfig().
#include <petscsys.h>

#include <string>
#include <vector>

#include "fpsolve/app/snapshots.hpp"
#include "fpsolve/hybrid/correction_cycle.hpp"
#include "fpsolve/hybrid/hybrid_config.hpp"
#include "fpsolve/nn/net_config.hpp"
#include "fpsolve/problem/problem.hpp"
#include "fpsolve/solve/finisher.hpp"
#include "fpsolve/train/train_config.hpp"

namespace fpsolve {

enum class Mode { Hybrid, Jacobi, Dnn, Sweep, Fit, Cycle };
const char *ModeName(Mode m);

// -checkpoint_interval, -checkpoint_keep, -checkpoint_dir, -restart (docs/robustness.md).
struct CheckpointConfig {
  long long every = 0;  // steps (training) / iterations (KSP) between checkpoints; 0: off
  double seconds = 0;   // > 0: every this many seconds instead (-checkpoint_interval 600s)
  PetscInt keep = 2;    // checkpoints kept
  std::string dir;      // "": the directory of -output
  std::string restart;  // "", "auto" or a checkpoint path
};

struct AppConfig {
  Mode mode = Mode::Hybrid;
  std::string output = "fpsolve.h5";
  bool output_overwrite = false;  // -output_overwrite: replace an existing run file
  bool quiet = false;
  PetscReal progress_interval = 2;
  bool help = false;

  bool seed_problem = true;
  ExprProblemSpec expr;
  nn::NetConfig net;
  train::TrainConfig train;
  bool train_loss_set = false;  // -train_loss given (fit mode needs mse, the default is ritz)
  std::string fit_target;       // -fit_target: muParser expression; empty: the exact solution
  std::string fit_image;        // -fit_image FILE.h5[:/dataset]: the image fit (app/image_fit.cpp)
  int fit_image_shells = 0;
  SwitchPolicy hybrid_switch;
  std::vector<int> sweep_steps;
  bool sweep_jacobi = true;  // sweep mode also runs the KSP from zero (/solve)
  FinishOptions finish;
  SpectrumConfig spectrum;
  SnapshotConfig snapshots;  // -snapshot_* (app/snapshots.hpp)
  CheckpointConfig checkpoint;
  hybrid::CycleConfig cycle;
  bool cycle_start_net = false;  // -cycle_start net: the cycles start from a hybrid net's guess
};

// Reads and validates every fpsolve option (bad values: kErrBadInput naming the option).
PetscErrorCode ReadConfig(MPI_Comm comm, AppConfig *cfg);
// -cycle_* (src/app/options_cycle.cpp; called by ReadConfig).
PetscErrorCode ReadCycleOptions(MPI_Comm comm, AppConfig *cfg);
// -dnn_input and the embeddings' options (app/options_embedding.cpp; called by ReadConfig).
PetscErrorCode ReadEmbeddingOptions(MPI_Comm comm, nn::EmbeddingSpec *in);
// -fit_image, -fit_image_shells (app/image_fit.cpp; called by ReadConfig).
PetscErrorCode ReadImageFitOptions(MPI_Comm comm, AppConfig *cfg);
// Contradictions between options and non-finite values (called by ReadConfig).
PetscErrorCode ValidateOptionCombinations(MPI_Comm comm, const AppConfig &cfg);
// Declares a list option (e.g. -dnn_widths) so that -help shows its whole default ("4000,500,400";
// PETSc's array options show only the first entry); read the value with PetscOptionsGet*Array.
PetscErrorCode DeclareListOption(const char *name, const char *help, const std::string &def,
                                 PetscOptionItems *PetscOptionsObject);
// A run needs an explicit -mode (command line or options file): a bare `fpsolve` must not
// start the paper's hour-long default run.
PetscErrorCode RequireExplicitMode(MPI_Comm comm);
// After all PETSc objects have read their options: any option nobody used is a typo.
PetscErrorCode RejectUnusedOptions(MPI_Comm comm);

}  // namespace fpsolve
