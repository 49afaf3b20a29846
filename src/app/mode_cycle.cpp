// -mode cycle (docs/cycles.md), 1D, 2D and 3D, top to bottom:
//   u = zero guess, or a hybrid net's (-cycle_start) -> repeat { Jacobi sweeps (the finishing
//   KSP) until the error's high modes are smooth -> residual r = b - A u and its spectrum ->
//   converged? -> would finishing with sweeps alone be cheaper than a correction? -> train a
//   net on -Lap e = s r (Ritz, r multilinearly interpolated, s from the spectrum) -> candidate
//   u + e_net / s -> accepted only if its error energy is lower -> record } -> /solution/u
// The schedule's decisions are in hybrid/correction_cycle.cpp; the numbers it decides from in
// hybrid/residual_spectrum.cpp.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

#include "fpsolve/app/cycle_checkpoint.hpp"
#include "fpsolve/app/run.hpp"
#include "fpsolve/base/clock.hpp"
#include "fpsolve/base/error.hpp"

namespace fpsolve {
namespace {

// The run's position (cycle, phase, sweeps, steps, the correction under way) is its CycleState:
// what a checkpoint saves and a restart restores (app/cycle_checkpoint.cpp).
struct CycleRun : CycleState {
  Run &run;
  hybrid::CycleSchedule schedule;
  std::unique_ptr<hybrid::ResidualSpectrum> spectrum;
  hybrid::NetOnGrid net;
  Vec u = nullptr, candidate = nullptr, best = nullptr, enet = nullptr, err = nullptr;
  PetscReal rtol = 0, abstol = 0, dtol = 0, bnorm = 0;
  PetscInt maxit = 0;
  std::string stop_reason = "cycle_max";
  CycleRun(Run &r) : run(r), schedule(r.cfg.cycle) {}
};

PetscErrorCode MaxError(CycleRun &c, Vec u, double *error) {
  PetscFunctionBeginUser;
  *error = std::numeric_limits<double>::quiet_NaN();
  if (Vec exact = c.run.finisher->exact()) {
    PetscCall(VecWAXPY(c.err, -1.0, exact, u));
    PetscCall(VecNorm(c.err, NORM_INFINITY, error));
  }
  PetscFunctionReturn(0);
}

// The stop tests on the TRUE state of u (spectrum analysed at u): the relative residual
// -ksp_rtol, the target max error -jacobi_target_error, the sweep budget -ksp_max_it.
PetscErrorCode Converged(CycleRun &c, bool *done) {
  double error;
  PetscFunctionBeginUser;
  PetscCall(MaxError(c, c.u, &error));
  const double target = c.run.cfg.finish.target_error;
  *done = true;
  if (c.spectrum->residual_norm() <= std::max<double>(c.rtol * c.bnorm, c.abstol))
    c.stop_reason = "rtol";
  else if (target > 0 && error <= target)
    c.stop_reason = "target_error";
  else if (c.sweeps >= c.maxit)
    c.stop_reason = "ksp_max_it";
  else
    *done = false;
  PetscFunctionReturn(0);
}

// Up to n Jacobi sweeps of weight w (1 classical, otherwise damped; both fused when the
// fused PC is installed) on u in place, recorded in /solve/history with iterations counted
// over the whole run. Stops early at the target error or the relative residual -ksp_rtol.
// Restarted inside a call, continues that call (n is then ignored).
PetscErrorCode Sweep(CycleRun &c, PetscInt n, double w = 1) {
  Run &run = c.run;
  KSP ksp = run.finisher->ksp();
  SolveResult result;
  PetscFunctionBeginUser;
  if (c.resuming)
    c.resuming = false;
  else
    c.call_start = c.sweeps, c.call_sweeps = n;
  n = std::min(c.call_sweeps - (c.sweeps - c.call_start), c.maxit - c.sweeps);
  if (n <= 0) PetscFunctionReturn(0);
  // The fused PC tests rtol against the residual where its call began, PETSc's KSPs against
  // ||b|| (finisher.cpp): either way the stop is ||b - A u|| <= rtol ||b||. Damped sweeps
  // (w != 1) run fused too (the weight is the PC's): the PC's test.
  PetscReal rtol = c.rtol;
  if (run.finisher->fused() && c.spectrum->residual_norm() > 0)
    rtol = c.rtol * c.bnorm / c.spectrum->residual_norm();
  PetscCall(KSPSetTolerances(ksp, rtol, c.abstol, c.dtol, n));
  const PetscInt offset = c.sweeps;
  run.finisher->set_observer([&](const SolveRecord &local, Vec u) -> PetscErrorCode {
    PetscFunctionBeginUser;
    SolveRecord r = local;
    r.iteration += offset;
    PetscCheck(std::isfinite(r.residual), run.comm, kErrNumerical,
               "cycle: non-finite residual at sweep %" PetscInt_FMT, r.iteration);
    // Checkpoints where an uninterrupted call also records and tests (before its end: a
    // restart continues the call).
    const PetscInt in_call = r.iteration - c.call_start;
    if (in_call < c.call_sweeps && in_call % run.ckpt.check_stride == 0 &&
        in_call % run.cfg.finish.record_stride == 0) {
      c.sweeps = r.iteration;
      PetscCall(CycleCheckpointPoint(run, c, c.schedule.state(), u, nullptr));
    }
    if (r.iteration == c.last_recorded) PetscFunctionReturn(0);  // a phase starts where one ended
    c.last_recorded = r.iteration;
    io::RunFile &f = *run.file;
    PetscCall(f.Append("/solve/history/iteration", (double)r.iteration, io::SeriesType::Int64));
    PetscCall(f.Append("/solve/history/time", r.time));
    PetscCall(f.Append("/solve/history/residual", r.residual));
    PetscCall(f.Append("/solve/history/max_error", r.max_error));
    PetscCall(run.tracker->Record("/spectrum/solve", r.iteration, u,
                                  c.solve_records % run.cfg.spectrum.full_every == 0));
    ++c.solve_records;
    if (run.progress->due()) {
      char line[200];
      std::snprintf(line, sizeof line, "cycle  sweep %9" PetscInt_FMT "  residual %.3e  error %.3e",
                    r.iteration, r.residual, r.max_error);
      run.progress->print(line);
    }
    PetscFunctionReturn(0);
  });
  PetscCall(run.finisher->SetRichardsonScale(w));
  PetscCall(PetscLogStagePush(run.stages.solve));
  PetscCall(run.finisher->Solve(c.u, c.u, &result));
  PetscCall(PetscLogStagePop());
  PetscCall(run.finisher->SetRichardsonScale(1.0));
  run.finisher->set_observer(nullptr);
  PetscCall(KSPSetTolerances(ksp, c.rtol, c.abstol, c.dtol, c.maxit));
  c.sweeps = offset + result.iterations;
  PetscCheck(result.reason != KSP_DIVERGED_NANORINF && result.reason != KSP_DIVERGED_DTOL &&
                 std::isfinite(result.last.residual),
             run.comm, kErrNumerical, "cycle: the sweeps diverged at sweep %" PetscInt_FMT " (%s)",
             c.sweeps, KSPConvergedReasons[result.reason]);
  PetscCall(c.spectrum->Analyse(c.u));
  PetscFunctionReturn(0);
}

// candidate = u + sign * e_net / scale, the net's boundary values replaced by 0; returns its
// error energy (the spectrum is left analysed at the candidate).
PetscErrorCode Candidate(CycleRun &c, double scale, double sign, double *energy) {
  static PetscLogEvent event = -1;
  PetscFunctionBeginUser;
  if (event < 0) PetscCall(PetscLogEventRegister("FpCycleCandidate", DM_CLASSID, &event));
  PetscCall(PetscLogEventBegin(event, 0, 0, 0, 0));
  PetscCall(c.net.Evaluate(*c.run.trainer, c.enet));
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
      loss = run.trainer->step();
    } catch (const NumericalError &e) {
      SETERRQ(run.comm, kErrNumerical, "cycle %" PetscInt_FMT " training: %s; %s", cycle, e.what(),
              LastCheckpointNote(run).c_str());
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

PetscErrorCode RecordCycle(CycleRun &c, PetscInt cycle, PetscInt cycle_sweeps, PetscInt cycle_steps,
                           double scale, int accepted, double energy_before) {
  io::RunFile &f = *c.run.file;
  double error;
  PetscFunctionBeginUser;
  PetscCall(MaxError(c, c.u, &error));
  const std::string h = "/cycle/history/";
  PetscCall(f.Append(h + "cycle", (double)cycle, io::SeriesType::Int64));
  PetscCall(f.Append(h + "sweeps", (double)c.sweeps, io::SeriesType::Int64));
  PetscCall(f.Append(h + "train_steps", (double)c.steps, io::SeriesType::Int64));
  PetscCall(f.Append(h + "time", RunClock::now()));
  PetscCall(f.Append(h + "residual", c.spectrum->residual_norm()));
  PetscCall(f.Append(h + "max_error", error));
  PetscCall(f.Append(h + "accepted", (double)accepted, io::SeriesType::Int64));
  PetscCall(f.Append(h + "energy", c.spectrum->energy()));
  PetscCall(
      f.Append(h + "energy_before", energy_before < 0 ? c.spectrum->energy() : energy_before));
  PetscCall(f.Append(h + "cycle_sweeps", (double)cycle_sweeps, io::SeriesType::Int64));
  PetscCall(f.Append(h + "cycle_train_steps", (double)cycle_steps, io::SeriesType::Int64));
  PetscCall(f.Append(h + "scale", scale));
  // Per mode in 1D, per shell round(|k|) in 2D/3D (docs/output-format.md).
  const std::vector<double> &shells = c.spectrum->shell_errors();
  PetscCall(f.Append("/cycle/error_spectrum", shells.data(), shells.size()));
  char line[256];
  const char *what[] = {"rejected", "accepted", "no correction"};
  std::snprintf(line, sizeof line,
                "cycle  %3" PetscInt_FMT ": %s, sweeps %" PetscInt_FMT " (+%" PetscInt_FMT
                "), steps %lld (+%" PetscInt_FMT "), residual %.3e, energy %.3e, error %.3e",
                cycle, what[accepted < 0 ? 2 : accepted], c.sweeps, cycle_sweeps, c.steps,
                cycle_steps, c.spectrum->residual_norm(), c.spectrum->energy(), error);
  c.run.progress->print(line);
  PetscFunctionReturn(0);
}

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

// The net's input embedding reaches the band the corrections must learn (modes up to the
// cut-off), unless the user chose it (-dnn_fourier_sigma, -dnn_mscale).
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
  // A given sigma limits the auto cut-off to what it reaches; otherwise sigma follows the cut-off.
  if (in.kind == nn::InputKind::Fourier && !run.cfg.cycle.band_sigma)
    c.schedule.SetNetReach(hybrid::CycleSchedule::FourierReach(in.sigma, length));
  if (run.cfg.cycle.band_sigma) in.sigma = c.schedule.BandSigma(modes, length);
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
  PetscCall(ReachCutoffBand(c));
  // A restart in the cycles keeps the measured costs (they decide, and are in the checkpoint).
  const bool measure = c.schedule.AutoSteps() && !RestartsInCycles(run);
  if (measure) PetscCall(MeasureSecondsPerIteration(run, &c.t_sweep));
  PetscCall(
      hybrid::ResidualSpectrum::Create(run.grid, *run.dst, A, run.finisher->rhs(), &c.spectrum));
  PetscCall(c.spectrum->SetSmoothing((double)c.schedule.Cutoff(c.spectrum->modes()),
                                     cfg.smoother_weight));
  PetscCall(hybrid::NetOnGrid::Create(run.grid, &c.net));
  c.u = run.u;
  for (Vec *v : {&c.candidate, &c.best, &c.enet, &c.err}) PetscCall(VecDuplicate(c.u, v));
  // Seconds per training step: measured on a throwaway net (the first decision needs it).
  if (measure) {
    PetscCall(VecZeroEntries(c.u));
    PetscCall(c.spectrum->Analyse(c.u));
    PetscCall(run.correction->Set(c.spectrum->residual(), 1.0));
    const double t0 = MPI_Wtime();
    for (int s = 0; s < 5; ++s) FpCallCXX(run.comm, run.trainer->step());
    c.t_step = (MPI_Wtime() - t0) / 5;
    run.trainer.reset();
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
        finish_sweeps = (PetscInt)std::min<double>(finish + 1, 2e9);
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
