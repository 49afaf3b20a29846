#pragma once
// Everything a run is configured with; read from the PETSc options database by ReadConfig().
#include <petscsys.h>

#include <string>
#include <vector>

#include "fpsolve/nn/net_config.hpp"
#include "fpsolve/problem/problem.hpp"
#include "fpsolve/solve/finisher.hpp"
#include "fpsolve/train/train_config.hpp"

namespace fpsolve {

enum class Mode { Hybrid, Jacobi, Dnn, Sweep, Fit };
const char *ModeName(Mode m);

struct SwitchPolicy {
  enum class Kind { Step, Time, Auto } kind = Kind::Auto;
  double value = 0;  // steps or seconds
};

struct SpectrumConfig {
  std::vector<int> modes;        // -spectrum_modes (1-based); empty: detect peaks
  PetscInt peaks = 4;            // -spectrum_peaks
  bool reference_exact = false;  // -spectrum_reference exact|discrete
  PetscInt full_every = 10;      // full error spectrum every this many records
};

struct AppConfig {
  Mode mode = Mode::Hybrid;
  std::string output = "fpsolve.h5";
  bool quiet = false;
  PetscReal progress_interval = 2;
  bool help = false;

  bool seed_problem = true;
  ExprProblemSpec expr;
  nn::NetConfig net;
  train::TrainConfig train;
  std::string fit_target;  // -fit_target: muParser expression; empty: the exact solution
  SwitchPolicy hybrid_switch;
  std::vector<int> sweep_steps;
  FinishOptions finish;
  SpectrumConfig spectrum;
};

// Reads and validates every fpsolve option (bad values: kErrBadInput naming the option).
PetscErrorCode ReadConfig(MPI_Comm comm, AppConfig *cfg);
// After all PETSc objects have read their options: any option nobody used is a typo.
PetscErrorCode RejectUnusedOptions(MPI_Comm comm);

}  // namespace fpsolve
