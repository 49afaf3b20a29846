#pragma once
// Checkpoints: one HDF5 file per checkpoint, <dir>/<output name>.ckpt.NNNNNN.h5 (NNNNNN: a
// sequence number that only grows within a run and its restarts). Written collectively to
// <name>.tmp, flushed (fsync), then renamed: a file with the final name is complete, and its
// "complete" attribute and checksums are tested again before it is used. Contents:
//   /            attributes: format, format_version, where the run is (stage, step, records,
//                iteration, clocks), what it must match (mode, grid points, problem, ranks),
//                checksums, complete = 1 (written last)
//   /trainer/state   Trainer::save_state bytes (params, Adam moments, step), written once
//   /solve/u         the KSP iterate (stage "solve"), distributed, written collectively
//   /hybrid/best     the auto switch's best guess so far (hybrid auto, stage "train")
//   /runfile/bytes   the run file as it was at the checkpoint (a closed, complete HDF5 file),
//                    so a restart continues it without gaps or duplicates even after kill -9
// This layer knows nothing of numerics: it stores what app/ hands it.
#include <petscvec.h>

#include <string>
#include <vector>

#include "fpsolve/io/run_file.hpp"

namespace fpsolve::io {

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
  // The hybrid auto switch (stage train): its bookkeeping; the best guess is /hybrid/best.
  double auto_seconds_per_iteration = 0, auto_best_total = 0;
  long long auto_best_step = -1, auto_stale = 0;
  // What a restart must match.
  long long grid_points = 0, ranks = 0;
  std::string problem, precision;
  std::string settings;  // every result-changing option, "-name value" lines (app/ decides)
  // Payloads.
  std::vector<unsigned char> trainer;   // empty: no trainer (jacobi mode)
  std::vector<unsigned char> run_file;  // rank 0 only when writing; every rank after reading
  std::vector<SeriesPosition> series;
};

// Collective. iterate: the KSP iterate (stage solve) or nullptr; best: the auto switch's best
// guess or nullptr. Writes <path>.tmp, fsyncs, renames to path.
PetscErrorCode CheckpointWrite(MPI_Comm comm, const std::string &path, const CheckpointState &st,
                               Vec iterate, Vec best);
// Collective. Reads and validates (kErrBadInput, one line naming the file and the problem:
// not HDF5, truncated, incomplete, missing datasets, wrong shapes, checksum mismatch). Vecs are
// filled when the checkpoint holds them; their global size must match (else kErrBadInput).
PetscErrorCode CheckpointRead(MPI_Comm comm, const std::string &path, CheckpointState *st,
                              Vec iterate, Vec best, bool *has_iterate, bool *has_best);
// <dir>/<base>.ckpt.NNNNNN.h5
std::string CheckpointPath(const std::string &dir, const std::string &base, long long sequence);
// Rank 0 lists <dir>/<base>.ckpt.*.h5 newest first and returns (on every rank) the first one
// that passes a quick serial validation; "" when none does. Skipped files are reported on
// stderr by rank 0.
PetscErrorCode CheckpointFindNewest(MPI_Comm comm, const std::string &dir, const std::string &base,
                                    std::string *path);
// Rank 0 removes stale temporaries, checkpoints newer than `newest` (an abandoned future after
// a restart from an older one) and all but the `keep` newest up to `newest`.
PetscErrorCode CheckpointPrune(MPI_Comm comm, const std::string &dir, const std::string &base,
                               long long newest, int keep);
// The sequence number in a checkpoint file name, or -1.
long long CheckpointSequence(const std::string &base, const std::string &filename);

}  // namespace fpsolve::io
