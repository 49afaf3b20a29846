#pragma once
// What every mode shares: the configured problem, grid, finishing solver, run file and
// progress line. Built once by main(); each mode is a function of it.
#include <memory>

#include "fpsolve/app/config.hpp"
#include "fpsolve/app/progress.hpp"
#include "fpsolve/io/run_file.hpp"
#include "fpsolve/problem/grid.hpp"
#include "fpsolve/solve/finisher.hpp"

namespace fpsolve {

struct Run {
  MPI_Comm comm = MPI_COMM_NULL;
  AppConfig cfg;
  std::unique_ptr<Problem> problem;
  Grid grid;
  Finisher *finisher = nullptr;
  io::RunFile *file = nullptr;
  std::unique_ptr<Progress> progress;
  Vec u = nullptr;  // the final solution
  int exit_code = 0;
};

// Root attributes, /grid, /problem (CONTRACT.md).
PetscErrorCode WriteRunHeader(Run &run);
// Appends /solve/history (or under prefix, for sweep members) at each record, prints progress.
PetscErrorCode AttachSolveRecording(Run &run, const std::string &prefix);
// Solves from guess (nullptr: zero) with recording under prefix; maps KSP failures to errors.
PetscErrorCode FinishSolve(Run &run, Vec guess, const std::string &prefix, SolveResult *result);

PetscErrorCode RunJacobiMode(Run &run);

}  // namespace fpsolve
