// -mode cycle's checkpoints (include/fpsolve/app/cycle_checkpoint.hpp). A checkpoint of a cycle
// run is an ordinary one (app/checkpointing.cpp: settings, trainer, run file, clock) plus the
// cycle's scalars cycle_* (one table below, read and written alike), the iterate
// /fields/iterate and, in training, the best candidate /fields/cycle_best.
#include "fpsolve/app/cycle_checkpoint.hpp"

#include <cstdio>
#include <type_traits>

#include "fpsolve/app/signals.hpp"
#include "fpsolve/base/error.hpp"

namespace fpsolve {
namespace {

// A new member of the schedule's state must be saved too: add it to Entries, then update this.
static_assert(sizeof(hybrid::CycleScheduleState) == 32,
              "CycleScheduleState changed: save the new member in Entries (cycle_checkpoint.cpp)");

// Every saved scalar once: its name in the checkpoint and its member.
template <class Visit>
void Entries(CycleState &a, hybrid::CycleScheduleState &s, Visit &&visit) {
  visit("cycle_index", a.cycle);
  visit("cycle_phase", a.phase);
  visit("cycle_plain", a.plain);
  visit("cycle_sweeps", a.sweeps);
  visit("cycle_steps", a.steps);
  visit("cycle_start", a.cycle_start);
  visit("cycle_last_recorded", a.last_recorded);
  visit("cycle_solve_records", a.solve_records);
  visit("cycle_call_start", a.call_start);
  visit("cycle_call_sweeps", a.call_sweeps);
  visit("cycle_scale", a.scale);
  visit("cycle_energy0", a.energy0);
  visit("cycle_best_energy", a.best_energy);
  visit("cycle_trained", a.trained);
  visit("cycle_stale", a.stale);
  visit("cycle_train_seconds", a.train_seconds);
  visit("cycle_seconds_per_sweep", a.t_sweep);
  visit("cycle_seconds_per_step", a.t_step);
  visit("cycle_schedule_steps", s.steps);
  visit("cycle_schedule_rejections_in_row", s.rejections_in_row);
  visit("cycle_schedule_force_fresh", s.force_fresh);
  visit("cycle_schedule_plain_sweeps_next", s.plain_sweeps_next);
  visit("cycle_schedule_steps_used_sum", s.steps_used_sum);
  visit("cycle_schedule_corrections", s.corrections);
}

std::string Where(const CycleState &at) {
  char buf[160];
  if (at.phase == CycleState::kTrain)
    std::snprintf(buf, sizeof buf,
                  "cycle %" PetscInt_FMT ", training step %" PetscInt_FMT " of its correction",
                  at.cycle, at.trained);
  else
    std::snprintf(buf, sizeof buf, "cycle %" PetscInt_FMT ", sweep %" PetscInt_FMT, at.cycle,
                  at.sweeps);
  return buf;
}

}  // namespace

PetscErrorCode CycleCheckpointPoint(Run &run, CycleState &at,
                                    const hybrid::CycleScheduleState &schedule, Vec u, Vec best) {
  int signal;
  bool time_due;
  PetscFunctionBeginUser;
  PetscCall(PollCheckpoint(run, &signal, &time_due));
  const bool training = at.phase == CycleState::kTrain;
  const long long steps = at.steps + (training ? at.trained : 0);
  const long long every = run.cfg.checkpoint.every;
  const bool here = at.sweeps == at.ckpt_sweeps && steps == at.ckpt_steps;  // written or restored
  const long long since =
      training ? steps - std::max(at.ckpt_steps, 0LL) : at.sweeps - std::max(at.ckpt_sweeps, 0LL);
  if (!here && (signal || time_due || (every > 0 && since >= every))) {
    CheckpointState st;
    st.stage = training ? "train" : "solve";
    st.step = steps;
    st.iteration = at.sweeps;
    st.records = at.solve_records;
    st.where = Where(at);
    CycleState a = at;
    hybrid::CycleScheduleState s = schedule;
    Entries(a, s, [&](const char *name, auto &v) {
      if constexpr (std::is_floating_point_v<std::remove_reference_t<decltype(v)>>)
        st.mode_reals[name] = v;
      else
        st.mode_ints[name] = (long long)v;
    });
    if (training)
      PetscCall(WriteCheckpoint(run, st, {{kIterateField, u}, {kCycleBestField, best}}));
    else
      PetscCall(WriteCheckpoint(run, st, {{kIterateField, u}}));
    at.ckpt_sweeps = at.sweeps, at.ckpt_steps = steps;
  }
  PetscCheck(!signal, run.comm, kErrStopped, "%s in %s; %s", StopSignalName(signal),
             Where(at).c_str(), LastCheckpointNote(run).c_str());
  PetscFunctionReturn(0);
}

bool RestartsInCycles(const Run &run) {
  return run.ckpt.restored && run.ckpt.from.mode_ints.count("cycle_index") > 0;
}

PetscErrorCode RestoreCycleState(Run &run, CycleState *at, hybrid::CycleScheduleState *schedule,
                                 Vec u, Vec best) {
  const Checkpoints &c = run.ckpt;
  const CheckpointState &from = c.from;
  std::string missing;
  PetscFunctionBeginUser;
  if (!c.restored) PetscFunctionReturn(0);
  // The start guess's training writes hybrid mode's checkpoints; anything else is a cycle's.
  if (!RestartsInCycles(run) && run.cfg.cycle_start_net && from.stage == "train")
    PetscFunctionReturn(0);
  Entries(*at, *schedule, [&](const char *name, auto &v) {
    using T = std::remove_reference_t<decltype(v)>;
    if constexpr (std::is_floating_point_v<T>) {
      auto it = from.mode_reals.find(name);
      if (it != from.mode_reals.end())
        v = it->second;
      else if (missing.empty())
        missing = name;
    } else {
      auto it = from.mode_ints.find(name);
      if (it != from.mode_ints.end())
        v = (T)it->second;
      else if (missing.empty())
        missing = name;
    }
  });
  const char *p = c.last.c_str();
  PetscCheck(missing.empty(), run.comm, kErrBadInput,
             "-restart %s: the checkpoint's entry '%s' is missing or has the wrong type", p,
             missing.c_str());
  const bool training = at->phase == CycleState::kTrain;
  PetscCheck(at->phase >= CycleState::kSweep && at->phase <= CycleState::kTrain && at->cycle >= 0 &&
                 at->sweeps >= at->call_start && at->call_sweeps >= 0 && at->trained >= 0,
             run.comm, kErrBadInput, "-restart %s: impossible cycle position (%s)", p,
             from.where.c_str());
  PetscCheck(c.has_iterate, run.comm, kErrBadInput,
             "-restart %s: a cycle checkpoint without /fields/%s", p, kIterateField);
  PetscCheck(!training || c.has_best, run.comm, kErrBadInput,
             "-restart %s: a cycle checkpoint in training without /fields/%s", p, kCycleBestField);
  PetscCheck(at->cycle < run.cfg.cycle.max_cycles, run.comm, kErrBadInput,
             "-restart %s: the checkpoint is in cycle %" PetscInt_FMT
             ", beyond -cycle_max %" PetscInt_FMT,
             p, at->cycle, run.cfg.cycle.max_cycles);
  // On another rank count a sweep costs something else: auto steps' train-or-finish model
  // measures it again (as a new run does, into u before the iterate is copied there; the
  // slowest rank's, the same on every rank). Seconds per step are measured again by the next
  // correction.
  PetscMPIInt size;
  PetscCallMPI(MPI_Comm_size(run.comm, &size));
  if (from.ranks != size && run.cfg.cycle.train_steps < 0)
    PetscCall(MeasureSecondsPerIteration(run, &at->t_sweep));
  PetscCall(VecCopy(c.iterate, u));
  if (training) PetscCall(VecCopy(c.best, best));
  // Between corrections the caller loads the checkpoint's net into run.trainer, which setup made
  // before the cut-off band chose the input embedding (-dnn_input mscale: how many scales, so
  // the net's shape): a trainer of the net's present shape to load it into. (In training the
  // caller makes the correction's own.)
  if (!training && !from.trainer.empty())
    FpCallCXX(run.comm, run.trainer = train::Trainer::create(run.comm, run.cfg.net, run.cfg.train,
                                                             *run.correction));
  at->resuming = true;
  at->ckpt_sweeps = at->sweeps;
  at->ckpt_steps = at->steps + (training ? at->trained : 0);
  PetscFunctionReturn(0);
}

PetscErrorCode RestoreCycleTrainer(Run &run) {
  std::vector<unsigned char> &bytes = run.ckpt.from.trainer;
  PetscFunctionBeginUser;
  if (bytes.empty()) {
    run.trainer.reset();  // the run had no net yet (auto steps measured theirs on a throwaway)
    PetscFunctionReturn(0);
  }
  try {
    run.trainer->load_state(bytes);
  } catch (const std::exception &e) {
    SETERRQ(run.comm, kErrBadInput, "-restart %s: %s (-dnn_widths, -dnn_activation, -dnn_input?)",
            run.ckpt.last.c_str(), e.what());
  }
  bytes.clear();
  bytes.shrink_to_fit();
  PetscFunctionReturn(0);
}

}  // namespace fpsolve
