#pragma once
// -mode cycle's pieces (docs/cycles.md), shared by the files of the mode: the run's state
// (CycleRun), the smoothing sweeps and stop tests (cycle_smoothing.cpp), a correction's training
// and its candidate (cycle_correction.cpp), the per-cycle record (cycle_record.cpp); the loop
// itself is mode_cycle.cpp.
#include <memory>
#include <string>

#include "fpsolve/app/cycle_checkpoint.hpp"
#include "fpsolve/app/run.hpp"
#include "fpsolve/hybrid/coarse_net_on_grid.hpp"

namespace fpsolve {

// The run's position (cycle, phase, sweeps, steps, the correction under way) is its CycleState:
// what a checkpoint saves and a restart restores (app/cycle_checkpoint.cpp).
struct CycleRun : CycleState {
  Run &run;
  hybrid::CycleSchedule schedule;
  std::unique_ptr<hybrid::ResidualSpectrum> spectrum;
  hybrid::NetOnGrid net;
  std::unique_ptr<hybrid::CoarseNetOnGrid> coarse;  // candidates on a coarse grid (or null)
  Vec u = nullptr, candidate = nullptr, best = nullptr, enet = nullptr, err = nullptr;
  PetscReal rtol = 0, abstol = 0, dtol = 0, bnorm = 0;
  PetscInt maxit = 0;
  std::string stop_reason = "cycle_max";
  CycleRun(Run &r) : run(r), schedule(r.cfg.cycle) {}
};

// max |u - u_exact| (NaN without an exact solution).
PetscErrorCode MaxError(CycleRun &c, Vec u, double *error);
// The stop tests on the TRUE state of u (spectrum analysed at u).
PetscErrorCode Converged(CycleRun &c, bool *done);
// Up to n Jacobi sweeps of weight w on u in place, recorded (see cycle_smoothing.cpp).
PetscErrorCode Sweep(CycleRun &c, PetscInt n, double w = 1);
// Where the candidates evaluate the net (-cycle_candidate_points): sets up c.coarse, records
// /cycle candidate_points (see cycle_correction.cpp). After the spectrum's cut-off is known.
PetscErrorCode SetUpCandidates(CycleRun &c);
// Trains one correction of the residual equation at u (see cycle_correction.cpp).
PetscErrorCode TrainCorrection(CycleRun &c, PetscInt cycle, double scale, double *energy,
                               PetscInt *used);
// One row of /cycle/history, the error spectrum and the progress line.
PetscErrorCode RecordCycle(CycleRun &c, PetscInt cycle, PetscInt cycle_sweeps, PetscInt cycle_steps,
                           double scale, int accepted, double energy_before);

}  // namespace fpsolve
