// -mode cycle's correction (docs/cycles.md): a net trained on the residual equation, its
// candidate u + e_net / s evaluated on the grid and judged by its error energy; auto steps
// decide from the measured costs (hybrid/correction_cycle.cpp).
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "cycle_run.hpp"
#include "fpsolve/base/error.hpp"
#include "fpsolve/base/test_fault.hpp"

namespace fpsolve {
namespace {

// candidate = u + sign * e_net / scale, the net's boundary values replaced by 0; returns its
// error energy (the spectrum is left analysed at the candidate).
PetscErrorCode Candidate(CycleRun &c, double scale, double sign, double *energy) {
  static PetscLogEvent event = -1;
  PetscFunctionBeginUser;
  if (event < 0) PetscCall(PetscLogEventRegister("FpCycleCandidate", DM_CLASSID, &event));
  PetscCall(PetscLogEventBegin(event, 0, 0, 0, 0));
  if (c.coarse) {
    train::Trainer &net = *c.run.trainer;
    PetscCall(c.coarse->Evaluate(
        [&net](const double *x, int n, double *u) { net.evaluate(x, n, u); }, c.enet));
  } else {
    PetscCall(c.net.Evaluate(*c.run.trainer, c.enet));
  }
  PetscCall(hybrid::ImposeBoundaryValues(c.run.grid, *c.run.correction, c.enet));
  PetscCall(VecWAXPY(c.candidate, sign / scale, c.enet, c.u));
  PetscCall(c.spectrum->Analyse(c.candidate));
  *energy = c.spectrum->energy();
  PetscCall(PetscLogEventEnd(event, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

// A fresh net (its own seed per cycle) or the last one continued.
PetscErrorCode NewTrainer(CycleRun &c, PetscInt cycle, bool fresh) {
  Run &run = c.run;
  PetscFunctionBeginUser;
  train::TrainConfig tc = run.cfg.train;
  tc.seed = run.cfg.train.seed + (std::uint64_t)cycle;
  std::vector<unsigned char> state;
  if (!fresh && run.trainer) state = run.trainer->save_state();
  FpCallCXX(run.comm,
            run.trainer = train::Trainer::create(run.comm, run.cfg.net, tc, *run.correction));
  if (!state.empty()) FpCallCXX(run.comm, run.trainer->load_state(state));
  PetscFunctionReturn(0);
}

}  // namespace

// auto: 4 x the cut-off per axis in 2D/3D, when that is at most half the grid's points on the
// largest axis (a 4x or larger saving per axis); the coarse grid then holds every mode the
// corrections learn 4 times over. In 1D the grid's candidate is cheap: full.
PetscErrorCode SetUpCandidates(CycleRun &c) {
  const Grid &grid = c.run.grid;
  PetscInt points = c.run.cfg.cycle.candidate_points;
  PetscFunctionBeginUser;
  if (points < 0) {
    const PetscInt n = c.spectrum->modes(), wanted = 4 * c.schedule.Cutoff(n);
    points = grid.dim > 1 && 2 * wanted <= n ? wanted : 0;
  }
  PetscInt largest = 0;
  for (int a = 0; a < grid.dim; ++a) largest = std::max<PetscInt>(largest, grid.n[a] - 2);
  if (points >= largest) points = 0;  // the grid itself: nothing to prolong
  if (points > 0) {
    c.coarse = std::make_unique<hybrid::CoarseNetOnGrid>();
    PetscCall(hybrid::CoarseNetOnGrid::Create(grid, points, c.coarse.get()));
  }
  PetscCall(c.run.file->SetAttribute("/cycle", "candidate_points", (long long)points));
  PetscFunctionReturn(0);
}

// Trains one correction of the residual equation at u (spectrum analysed at u). Leaves the
// best candidate in c.best and its energy in *energy; *used: steps trained. Restarted in
// training, continues the checkpoint's net from its step with its best candidate.
PetscErrorCode TrainCorrection(CycleRun &c, PetscInt cycle, double scale, double *energy,
                               PetscInt *used) {
  Run &run = c.run;
  const hybrid::CycleConfig &cfg = run.cfg.cycle;
  static PetscLogEvent step_event = -1;
  PetscFunctionBeginUser;
  if (step_event < 0) PetscCall(PetscLogEventRegister("FpCycleStep", DM_CLASSID, &step_event));
  PetscCall(run.correction->Set(c.spectrum->residual(), scale));
  if (c.resuming) {
    PetscCall(NewTrainer(c, cycle, true));  // this correction's seed; its state follows
    PetscCall(RestoreCycleTrainer(run));
    c.resuming = false;
  } else {
    PetscCall(NewTrainer(c, cycle, c.schedule.FreshNet(cycle)));
    c.trained = 0, c.stale = 0, c.train_seconds = 0;
    c.best_energy = std::numeric_limits<double>::infinity();
    PetscCall(VecCopy(c.u, c.best));  // no candidate yet (checkpoints then hold no stale one)
  }
  const double sign = cycle == cfg.reject_cycle ? -1.0 : 1.0;  // the test hook
  const PetscInt budget = c.schedule.StepBudget(), stride = run.cfg.train.record_stride;
  const bool autosteps = c.schedule.AutoSteps();
  const PetscInt first_eval = c.schedule.FirstEvaluation(stride);
  PetscCall(PetscLogStagePush(run.stages.train));
  const double t0 = MPI_Wtime(), seconds0 = c.train_seconds;
  for (PetscInt s = c.trained + 1; s <= budget; ++s) {
    c.train_seconds = seconds0 + (MPI_Wtime() - t0);
    PetscCall(CycleCheckpointPoint(run, c, c.schedule.state(), c.u, c.best));
    double loss = 0;
    PetscCall(PetscLogEventBegin(step_event, 0, 0, 0, 0));
    try {
      TestFault("train_step");
      loss = run.trainer->step();
    } catch (const NumericalError &e) {
      SETERRQ(run.comm, kErrNumerical, "cycle %" PetscInt_FMT " training: %s; %s", cycle, e.what(),
              LastCheckpointNote(run).c_str());
    } catch (const std::exception &e) {  // out of memory, ...: one line and an exit code
      SETERRQ(run.comm, ErrorCodeOf(e), "cycle %" PetscInt_FMT " training: %s", cycle,
              MessageOf(e).c_str());
    }
    PetscCall(PetscLogEventEnd(step_event, 0, 0, 0, 0));
    ++c.trained;
    PetscCall(run.file->Append("/cycle/train/loss", loss));
    if (s != budget && !(autosteps && s % stride == 0 && s >= first_eval)) continue;
    double e = 0;
    const double previous_best = c.best_energy;
    PetscCall(Candidate(c, scale, sign, &e));
    if (e < c.best_energy) {
      c.best_energy = e, c.stale = 0;
      PetscCall(VecCopy(c.candidate, c.best));
    } else if (++c.stale >= cfg.auto_patience) {
      break;
    }
    // Auto steps stop at the first evaluation when they re-used an earlier correction's count
    // and it gained; and when the last stride's gain per second falls below the cycle's
    // average (its smoothing included): from the counts and the measured costs, deterministic.
    if (c.schedule.ReusesSteps(s, first_eval, c.best_energy < c.energy0)) break;
    if (autosteps &&
        !c.schedule.TrainingPays(c.energy0, previous_best, c.best_energy, c.trained, stride,
                                 (c.sweeps - c.cycle_start) * c.t_sweep, c.t_step))
      break;
  }
  // Seconds per step: the same on every rank (auto steps decide from it, collectively).
  c.train_seconds = seconds0 + (MPI_Wtime() - t0);
  c.t_step = c.train_seconds / std::max<PetscInt>(1, c.trained);
  PetscCallMPI(MPI_Bcast(&c.t_step, 1, MPI_DOUBLE, 0, run.comm));
  *energy = c.best_energy;
  *used = c.trained;
  c.steps += c.trained;
  PetscCall(PetscLogStagePop());
  FpCallCXX(run.comm, run.trainer->verify_replicated());
  PetscFunctionReturn(0);
}

}  // namespace fpsolve
