#include "fpsolve/app/checkpoint_state.hpp"

#include "fpsolve/base/error.hpp"

namespace fpsolve {
namespace {

// Each scalar once: its name in the file and its member.
struct {
  const char *name;
  long long CheckpointState::*member;
} const kInts[] = {{"sequence", &CheckpointState::sequence},
                   {"step", &CheckpointState::step},
                   {"records", &CheckpointState::records},
                   {"iteration", &CheckpointState::iteration},
                   {"switch_step", &CheckpointState::switch_step},
                   {"auto_best_step", &CheckpointState::auto_best_step},
                   {"auto_stale", &CheckpointState::auto_stale},
                   {"ranks", &CheckpointState::ranks}};
struct {
  const char *name;
  double CheckpointState::*member;
} const kReals[] = {{"solve_residual0", &CheckpointState::solve_residual0},
                    {"train_seconds", &CheckpointState::train_seconds},
                    {"clock", &CheckpointState::clock},
                    {"switch_time", &CheckpointState::switch_time},
                    {"auto_seconds_per_iteration", &CheckpointState::auto_seconds_per_iteration},
                    {"auto_best_total", &CheckpointState::auto_best_total}};
struct {
  const char *name;
  std::string CheckpointState::*member;
} const kStrings[] = {{"mode", &CheckpointState::mode},
                      {"stage", &CheckpointState::stage},
                      {"grid", &CheckpointState::grid},
                      {"problem", &CheckpointState::problem},
                      {"precision", &CheckpointState::precision}};

template <class Map, class Value>
bool Take(Map &map, const char *name, Value *out, std::string *missing) {
  auto it = map.find(name);
  if (it == map.end()) {
    if (missing->empty()) *missing = name;
    return false;
  }
  *out = std::move(it->second);
  return true;
}

}  // namespace

io::Checkpoint ToCheckpoint(const CheckpointState &st) {
  io::Checkpoint ck;
  for (const auto &e : kInts) ck.ints[e.name] = st.*e.member;
  for (const auto &e : kReals) ck.reals[e.name] = st.*e.member;
  for (const auto &e : kStrings) ck.strings[e.name] = st.*e.member;
  ck.strings["series"] = io::EncodeSeriesPositions(st.series);
  ck.strings["settings"] = st.settings;
  ck.strings["where"] = st.where;
  for (const auto &[name, v] : st.mode_ints) ck.ints[name] = v;
  for (const auto &[name, v] : st.mode_reals) ck.reals[name] = v;
  ck.blobs["trainer"] = st.trainer;
  ck.blobs["run_file"] = st.run_file;
  return ck;
}

PetscErrorCode FromCheckpoint(MPI_Comm comm, const std::string &path, io::Checkpoint &ck,
                              CheckpointState *st) {
  std::string missing, series;
  PetscFunctionBeginUser;
  for (const auto &e : kInts) Take(ck.ints, e.name, &(st->*e.member), &missing);
  for (const auto &e : kReals) Take(ck.reals, e.name, &(st->*e.member), &missing);
  for (const auto &e : kStrings) Take(ck.strings, e.name, &(st->*e.member), &missing);
  Take(ck.strings, "series", &series, &missing);
  std::string optional;  // checkpoints written before the settings were kept have none
  Take(ck.strings, "settings", &st->settings, &optional);
  Take(ck.strings, "where", &st->where, &optional);
  Take(ck.blobs, "trainer", &st->trainer, &missing);
  Take(ck.blobs, "run_file", &st->run_file, &missing);
  const char *p = path.c_str();
  if (missing.empty()) {  // what is left is the mode's own (the scalars above were taken)
    st->mode_ints = std::move(ck.ints);
    st->mode_reals = std::move(ck.reals);
  }
  const bool elsewhere = ck.ints.count(missing) || ck.reals.count(missing) ||
                         ck.strings.count(missing) || ck.blobs.count(missing);
  PetscCheck(missing.empty(), comm, kErrBadInput, "-restart %s: the checkpoint's entry '%s' %s", p,
             missing.c_str(), elsewhere ? "has the wrong type" : "is missing");
  PetscCheck(st->stage == "train" || st->stage == "solve", comm, kErrBadInput,
             "-restart %s: unknown stage '%s'", p, st->stage.c_str());
  PetscCheck(st->step >= 0 && st->records >= 0 && st->iteration >= 0, comm, kErrBadInput,
             "-restart %s: negative positions", p);
  PetscCheck(io::DecodeSeriesPositions(series, &st->series), comm, kErrBadInput,
             "-restart %s: malformed entry 'series'", p);
  PetscFunctionReturn(0);
}

}  // namespace fpsolve
