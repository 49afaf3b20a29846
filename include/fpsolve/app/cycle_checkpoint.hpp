#pragma once
// -mode cycle's checkpoints and restart (docs/cycles.md, "Checkpoints and restart"): where a
// cycle run stands, as its checkpoints record it; the checkpoint points in its sweeps and in its
// training; the restore. The loop itself is app/mode_cycle.cpp: it keeps its position in a
// CycleState, so a restart re-enters it at the checkpoint's cycle, phase, sweep or step.
#include "fpsolve/app/run.hpp"
#include "fpsolve/hybrid/correction_cycle.hpp"

namespace fpsolve {

struct CycleState {
  // kSweep: the sweeps that smooth before a correction (or a plain-sweeps cycle's);
  // kFinish: the sweeps that finish without one (auto steps, when predicted cheaper);
  // kTrain: training a correction. Between them (residual, spectrum, decisions) nothing is
  // saved: it is recomputed from the iterate.
  enum Phase : PetscInt { kSweep = 0, kFinish = 1, kTrain = 2 };
  PetscInt cycle = 0;
  PetscInt phase = kSweep;
  bool plain = false;           // this cycle only sweeps (the schedule asked, after rejections)
  PetscInt sweeps = 0;          // Jacobi sweeps so far
  long long steps = 0;          // training steps of the corrections finished so far
  PetscInt cycle_start = 0;     // sweeps when this cycle began
  PetscInt last_recorded = -1;  // the last /solve/history iteration
  PetscInt solve_records = 0;
  // The sweeps under way (kSweep, kFinish): the sweep they began at and how many were asked.
  // Records and tests fall at multiples of the strides counted from call_start, so a restart
  // continues the same call rather than starting a new one.
  PetscInt call_start = 0, call_sweeps = 0;
  // The correction under way (kTrain): the residual's scale, u's error energy, the best
  // candidate's energy (the candidate is a field), steps trained, evaluations without a better
  // energy (auto steps), its training seconds so far.
  double scale = 0, energy0 = 0, best_energy = 0;
  PetscInt trained = 0, stale = 0;
  double train_seconds = 0;
  // Measured seconds per sweep and per training step: auto steps decide from them, so a restart
  // keeps them instead of measuring again.
  double t_sweep = 0, t_step = 0;
  // Not saved: restored and not yet back at the checkpoint's point; the totals at the last
  // checkpoint written or restored (-checkpoint_interval N counts from there).
  bool resuming = false;
  long long ckpt_sweeps = -1, ckpt_steps = -1;
};

// The checkpoint point at a sweep record (u: the iterate) or at the top of a training step
// (u: the iterate the correction is for; best: the best candidate so far). Collective: polls,
// writes a checkpoint when due (-checkpoint_interval N: N sweeps in the sweeps or N steps in
// training since the last one; Ns: N seconds; a stop signal), then raises kErrStopped on a
// signal.
PetscErrorCode CycleCheckpointPoint(Run &run, CycleState &at,
                                    const hybrid::CycleScheduleState &schedule, Vec u, Vec best);
// Restarting from a checkpoint taken in the cycles (not one taken while -cycle_start net
// trained the start guess: those are hybrid mode's, and that training continues from them).
bool RestartsInCycles(const Run &run);
// Restarting in the cycles: at and the schedule's state from the checkpoint, its iterate into u
// and (in training) its best candidate into best, at.resuming set; otherwise nothing.
PetscErrorCode RestoreCycleState(Run &run, CycleState *at, hybrid::CycleScheduleState *schedule,
                                 Vec u, Vec best);
// The checkpoint's net into run.trainer (created by the caller with the net's seed), or no
// trainer when the checkpoint had none.
PetscErrorCode RestoreCycleTrainer(Run &run);

}  // namespace fpsolve
