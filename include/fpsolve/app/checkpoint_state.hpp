#pragma once
// What a run's checkpoint says: where the run is, what a restart must match, and its payloads.
// app/ owns the meaning; io::Checkpoint stores it as named scalars, blobs and fields.
#include <map>
#include <string>
#include <vector>

#include "fpsolve/io/checkpoint.hpp"
#include "fpsolve/io/run_file.hpp"

namespace fpsolve {

struct CheckpointState {
  long long sequence = 0;
  // Where the run is.
  std::string mode, stage;     // stage: "train" (before the record of `step`) or "solve"
  long long step = 0;          // training steps done
  long long records = 0;       // training records written
  long long iteration = 0;     // stage solve: KSP iterations done
  double solve_residual0 = 0;  // stage solve: ||b - A u|| where the solve began (tolerances)
  double train_seconds = 0;    // training wall time spent so far
  double clock = 0;            // RunClock::now() at the checkpoint
  long long switch_step = -1;  // hybrid, stage solve: the net the KSP started from
  double switch_time = 0;
  // The hybrid auto switch (stage train): its bookkeeping; its best guess is a field.
  double auto_seconds_per_iteration = 0, auto_best_total = 0;
  long long auto_best_step = -1, auto_stale = 0;
  // What a restart must match.
  std::string grid;  // points per axis, "nx[xny[xnz]]"
  long long ranks = 0;
  std::string problem, precision;
  // Every result-changing option, "-name value" lines (app/restart_settings.cpp); optional.
  std::string settings;
  // Where the run stood, for messages ("cycle 3, training step 40 of its correction"); optional.
  std::string where;
  // A mode's own scalars (-mode cycle: cycle_*, app/cycle_checkpoint.cpp): written as they
  // are; on reading, every scalar not named above lands here.
  std::map<std::string, long long> mode_ints;
  std::map<std::string, double> mode_reals;
  // Payloads.
  std::vector<unsigned char> trainer;   // empty: no trainer (jacobi mode)
  std::vector<unsigned char> run_file;  // rank 0 only when writing; every rank after reading
  std::vector<io::SeriesPosition> series;
};

// The grid fields a checkpoint may hold.
constexpr const char *kIterateField = "iterate";       // the KSP iterate (stage solve)
constexpr const char *kBestField = "auto_best";        // the auto switch's best guess (hybrid auto)
constexpr const char *kCycleBestField = "cycle_best";  // -mode cycle: the best candidate so far

// st's scalars and blobs as a container (the caller adds the fields).
io::Checkpoint ToCheckpoint(const CheckpointState &st);
// Reads st back from a container read from path; a missing, mistyped or impossible entry is
// kErrBadInput ("-restart PATH: ...").
PetscErrorCode FromCheckpoint(MPI_Comm comm, const std::string &path, io::Checkpoint &ck,
                              CheckpointState *st);

}  // namespace fpsolve
