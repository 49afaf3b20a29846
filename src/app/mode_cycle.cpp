// -mode cycle (docs/cycles.md), 1D, 2D and 3D, top to bottom:
//   u = zero guess, or a hybrid net's (-cycle_start) -> repeat { Jacobi sweeps (the finishing
//   KSP) until the error's high modes are smooth -> residual r = b - A u and its spectrum ->
//   converged? -> would finishing with sweeps alone be cheaper than a correction? -> train a
//   net on -Lap e = s r (Ritz, r multilinearly interpolated, s from the spectrum) -> candidate
//   u + e_net / s -> accepted only if its error energy is lower -> record } -> /solution/u
// The schedule's decisions are in hybrid/correction_cycle.cpp; the numbers it decides from in
// hybrid/residual_spectrum.cpp; the pieces (smoothing, correction, record) in cycle_*.cpp.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

#include "cycle_run.hpp"
#include "fpsolve/base/error.hpp"
#include "fpsolve/base/log_event.hpp"

namespace fpsolve {
namespace {

// The iterate the cycles start from: zero (the boundary values imposed), or -cycle_start net:
// a net trained on the problem itself and chosen as hybrid mode does (-hybrid_switch), with
// hybrid mode's records (/train, /hybrid).
PetscErrorCode StartGuess(CycleRun &c) {
  Run &run = c.run;
  PetscFunctionBeginUser;
  if (run.cfg.cycle_start_net) {
    FpCallCXX(run.comm, run.trainer = train::Trainer::create(run.comm, run.cfg.net, run.cfg.train,
                                                             *run.problem));
    // Restarted in this training (its checkpoints are hybrid mode's): the net continues.
    if (run.ckpt.restored) PetscCall(RestoreCycleTrainer(run));
    PetscCall(TrainHybridGuess(run, c.u));
    c.steps += run.trainer->steps_done();
  } else {
    PetscCall(VecZeroEntries(c.u));
  }
  PetscCall(hybrid::ImposeBoundaryValues(run.grid, *run.problem, c.u));
  PetscCall(run.file->SetAttribute("/cycle", "start",
                                   std::string(run.cfg.cycle_start_net ? "net" : "zero")));
  PetscFunctionReturn(0);
}

PetscErrorCode CheckSmoother(Run &run) {
  PetscBool rich, jac;
  PC pc;
  PetscFunctionBeginUser;
  KSP ksp = run.finisher->ksp();
  PetscCall(KSPGetPC(ksp, &pc));
  PetscCall(PetscObjectTypeCompare((PetscObject)ksp, KSPRICHARDSON, &rich));
  PetscCall(PetscObjectTypeCompare((PetscObject)pc, PCJACOBI, &jac));
  PetscCheck((rich && jac) || run.finisher->fused(), run.comm, kErrBadInput,
             "-mode cycle smooths with Jacobi: leave -ksp_type richardson -pc_type jacobi");
  PetscFunctionReturn(0);
}

// The net's input embedding for the band the corrections must learn (modes up to the cut-off),
// unless the user chose it (-dnn_fourier_sigma, -dnn_mscale): Fourier features get the sigma of
// the error's energy at the zero start (the problem's own frequencies, not the band's edge), and
// the auto cut-off is at most what that sigma reaches; MscaleDNN scales reach the cut-off.
PetscErrorCode ReachCutoffBand(CycleRun &c) {
  Run &run = c.run;
  nn::EmbeddingSpec &in = run.cfg.net.input;
  PetscFunctionBeginUser;
  // The cut-off is a |k| over the largest per-axis mode count; the shortest axis has the
  // highest frequency in cycles per unit length for a given k.
  PetscInt modes = 0;
  double length = std::numeric_limits<double>::infinity();
  for (int a = 0; a < run.grid.dim; ++a) {
    modes = std::max<PetscInt>(modes, run.grid.n[a] - 2);
    length = std::min(length, run.grid.domain.hi[a] - run.grid.domain.lo[a]);
  }
  if (in.kind == nn::InputKind::Fourier) {
    // Where the error's energy lies at the zero start, over the band below the cut-off the
    // options give (before the reach limits it): the same on a restart and on every rank.
    if (run.cfg.cycle.band_sigma) {
      double f;
      PetscCall(VecZeroEntries(run.u));
      PetscCall(hybrid::ImposeBoundaryValues(run.grid, *run.problem, run.u));
      PetscCall(c.spectrum->Analyse(run.u));
      PetscCall(c.spectrum->EnergyFrequency((double)c.schedule.Cutoff(modes), &f));
      in.sigma = hybrid::CycleSchedule::ContentSigma(f, run.grid.dim, length);
    }
    // The auto cut-off asks the net for no more than its sigma reaches.
    c.schedule.SetNetReach(hybrid::CycleSchedule::FourierReach(in.sigma, length));
  }
  if (run.cfg.cycle.band_scales) in.scales = c.schedule.BandScales(modes, length);
  PetscCall(run.file->SetAttribute("/cycle", "cutoff_mode", (long long)c.schedule.Cutoff(modes)));
  if (in.kind == nn::InputKind::Fourier)
    PetscCall(run.file->SetAttribute("/cycle", "fourier_sigma", in.sigma));
  if (in.kind == nn::InputKind::Mscale) {
    std::string list;
    for (double a : in.scales) list += (list.empty() ? "" : ",") + std::to_string((long long)a);
    PetscCall(run.file->SetAttribute("/cycle", "mscale", list));
  }
  PetscCheck(in.kind != nn::InputKind::Mscale || (int)in.scales.size() <= run.cfg.net.hidden[0],
             run.comm, kErrBadInput,
             "-mode cycle: the cut-off band needs %d MscaleDNN scales; the first hidden layer "
             "(-dnn_widths) has only %d neurons",
             (int)in.scales.size(), run.cfg.net.hidden[0]);
  PetscFunctionReturn(0);
}

}  // namespace

PetscErrorCode RunCycleMode(Run &run) {
  CycleRun c(run);
  const hybrid::CycleConfig &cfg = run.cfg.cycle;
  PetscFunctionBeginUser;
  PetscCall(CheckSmoother(run));
  KSP ksp = run.finisher->ksp();
  Mat A;
  PetscCall(KSPGetOperators(ksp, &A, nullptr));
  PetscCall(KSPGetTolerances(ksp, &c.rtol, &c.abstol, &c.dtol, &c.maxit));
  PetscCall(VecNorm(run.finisher->rhs(), NORM_2, &c.bnorm));
  static LogEvent setup_event("FpCycleSetUp"), step_cost_event("FpCostStep");
  PetscCall(setup_event.Begin());
  PetscCall(
      hybrid::ResidualSpectrum::Create(run.grid, *run.dst, A, run.finisher->rhs(), &c.spectrum));
  PetscCall(ReachCutoffBand(c));
  PetscCall(setup_event.End());
  // A restart in the cycles keeps the measured costs (they decide, and are in the checkpoint).
  const bool measure = c.schedule.AutoSteps() && !RestartsInCycles(run);
  if (measure) PetscCall(MeasureSecondsPerIteration(run, &c.t_sweep));
  PetscCall(setup_event.Begin());
  PetscCall(c.spectrum->SetSmoothing((double)c.schedule.Cutoff(c.spectrum->modes()),
                                     cfg.smoother_weight));
  PetscCall(hybrid::NetOnGrid::Create(run.grid, &c.net));
  PetscCall(SetUpCandidates(c));
  c.u = run.u;
  for (Vec *v : {&c.candidate, &c.best, &c.enet, &c.err}) PetscCall(VecDuplicate(c.u, v));
  PetscCall(setup_event.End());
  // Seconds per training step: measured on a throwaway net (the first decision needs it).
  if (measure) {
    PetscCall(step_cost_event.Begin());
    PetscCall(VecZeroEntries(c.u));
    PetscCall(c.spectrum->Analyse(c.u));
    PetscCall(run.correction->Set(c.spectrum->residual(), 1.0));
    const double t0 = MPI_Wtime();
    for (int s = 0; s < 5; ++s) FpCallCXX(run.comm, run.trainer->step());
    c.t_step = (MPI_Wtime() - t0) / 5;
    run.trainer.reset();
    PetscCall(step_cost_event.End());
  }
  // Rank 0's measurements: decisions from them must be the same on every rank.
  PetscCallMPI(MPI_Bcast(&c.t_sweep, 1, MPI_DOUBLE, 0, run.comm));
  PetscCallMPI(MPI_Bcast(&c.t_step, 1, MPI_DOUBLE, 0, run.comm));
  PetscCall(RestoreCycleState(run, &c, &c.schedule.state(), c.u, c.best));
  if (!c.resuming)
    PetscCall(StartGuess(c));
  else if (c.phase != CycleState::kTrain)
    PetscCall(RestoreCycleTrainer(run));  // a warm net continues it
  PetscCall(c.spectrum->Analyse(c.u));
  PetscCall(run.file->SetAttribute("/cycle", "seconds_per_sweep", c.t_sweep));
  PetscCall(run.file->SetAttribute("/cycle", "error_spectrum_bins",
                                   std::string(run.grid.dim == 1 ? "mode" : "shell")));
  const double target = run.cfg.finish.target_error;
  PetscInt cycle = c.cycle;
  for (; cycle < cfg.max_cycles; ++cycle) {
    if (!c.resuming) {  // a new cycle (a restart continues the checkpoint's)
      c.cycle = cycle, c.phase = CycleState::kSweep;
      c.plain = c.schedule.state().plain_sweeps_next;
      c.cycle_start = c.sweeps;
    }
    const bool plain = c.plain;
    const PetscInt before = c.cycle_start;
    bool done;
    PetscInt finish_sweeps = 0;
    if (c.phase == CycleState::kSweep) {
      PetscCall(Sweep(
          c, plain ? c.schedule.PlainSweeps(*c.spectrum) : c.schedule.SmoothingSweeps(*c.spectrum),
          cfg.smoother_weight));
      PetscCall(Converged(c, &done));
      if (done || plain) {
        if (plain) c.schedule.PlainSweepsDone();
        PetscCall(RecordCycle(c, cycle, c.sweeps - before, 0, 0, -1, -1));
        if (done) break;
        continue;
      }
      // Finishing with sweeps alone: to the target error, or to the relative residual.
      double finish = c.spectrum->SweepsToResidual(c.rtol * c.bnorm);
      if (target > 0) finish = std::min(finish, c.spectrum->SweepsTo(target));
      if (!c.schedule.ShouldTrain(finish, c.t_sweep, c.t_step)) {
        c.phase = CycleState::kFinish;
        finish_sweeps = hybrid::CycleSchedule::FinishSweeps(finish, c.sweeps);
      } else {
        c.phase = CycleState::kTrain;
        c.energy0 = c.spectrum->energy();
        c.scale = cfg.amplitude / c.spectrum->amplitude();
      }
    }
    if (c.phase == CycleState::kFinish) {
      PetscCall(Sweep(c, finish_sweeps));
      PetscCall(Converged(c, &done));
      PetscCall(RecordCycle(c, cycle, c.sweeps - before, 0, 0, -1, -1));
      if (done) break;
      continue;
    }
    const double energy0 = c.energy0, scale = c.scale;
    double energy = 0;
    PetscInt used = 0;
    PetscCall(TrainCorrection(c, cycle, scale, &energy, &used));
    const bool accepted = energy < energy0;
    if (accepted) {
      PetscCall(VecCopy(c.best, c.u));
      c.schedule.Accepted(used);
    } else {
      c.schedule.Rejected();
    }
    PetscCall(c.spectrum->Analyse(c.u));
    PetscCall(RecordCycle(c, cycle, c.sweeps - before, used, scale, accepted ? 1 : 0, energy0));
    PetscCall(Converged(c, &done));
    if (done) break;
  }
  if (cycle == cfg.max_cycles && c.stop_reason == "cycle_max") {
    bool done;
    PetscCall(Converged(c, &done));  // the last cycle's sweeps may have met a test
  }
  double error;
  PetscCall(MaxError(c, c.u, &error));
  PetscCall(
      run.file->SetAttribute("/cycle", "cycles", (long long)std::min(cycle + 1, cfg.max_cycles)));
  PetscCall(run.file->SetAttribute("/cycle", "stop_reason", c.stop_reason));
  PetscCall(run.file->SetAttribute("/solve", "iterations", (long long)c.sweeps));
  PetscCall(run.file->SetAttribute("/solve", "stop_reason", c.stop_reason));
  PetscCall(run.file->SetAttribute("/solve", "final_max_error", error));
  PetscCall(run.file->SetAttribute("/solve", "final_residual", c.spectrum->residual_norm()));
  PetscCall(run.file->SetAttribute("/train", "steps", c.steps));
  char line[200];
  std::snprintf(line, sizeof line,
                "cycle  done (%s): %" PetscInt_FMT
                " sweeps, %lld training steps, residual %.3e, "
                "error %.3e",
                c.stop_reason.c_str(), c.sweeps, c.steps, c.spectrum->residual_norm(), error);
  run.progress->print(line);
  for (Vec *v : {&c.candidate, &c.best, &c.enet, &c.err}) PetscCall(VecDestroy(v));
  PetscFunctionReturn(0);
}

}  // namespace fpsolve
