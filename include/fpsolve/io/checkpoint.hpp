#pragma once
// Checkpoints: one HDF5 file per checkpoint, <dir>/<output name>.ckpt.NNNNNN.h5 (NNNNNN: a
// sequence number that only grows within a run and its restarts). Written collectively to
// <name>.tmp, flushed (fsync), then renamed: a file with the final name is complete, and its
// "complete" attribute and checksums are tested again before it is used.
//
// A checkpoint is a generic container that app/ fills; this layer knows nothing of what the
// entries mean. Layout (format_version 2):
//   /              attributes format = "fpsolve-checkpoint", format_version, complete = 1 (last)
//   /state         attributes: the named integers, reals and strings
//   /blobs/NAME    uint8 [bytes], attribute fnv1a: replicated byte arrays (rank 0 writes them)
//   /fields/NAME   f64 in the grid's natural order and shape ([nz][ny][nx], x fastest), each
//                  rank its DMDA box; attribute hash (order-independent, io/field_box.hpp).
//                  Read back box by box, so a restart may use another rank count.
#include <petscdm.h>
#include <petscvec.h>

#include <map>
#include <string>
#include <vector>

namespace fpsolve::io {

constexpr const char *kCheckpointFormat = "fpsolve-checkpoint";
constexpr long long kCheckpointFormatVersion = 2;

struct CheckpointField {
  DM da = nullptr;  // the DMDA of v
  Vec v = nullptr;  // a global Vec of da
};

struct Checkpoint {
  std::map<std::string, long long> ints;
  std::map<std::string, double> reals;
  std::map<std::string, std::string> strings;
  // Identical on every rank; when writing only rank 0's bytes count (others may be empty).
  std::map<std::string, std::vector<unsigned char>> blobs;
  // Writing: every field is written. Reading: the caller lists the fields it wants (da and v
  // set); those in the file are filled, those not in the file are erased from the map.
  std::map<std::string, CheckpointField> fields;
};

// Collective; the same names on every rank. Writes <path>.tmp, fsyncs, renames to path. The
// scalars written are rank 0's (wall-clock readings differ between ranks; HDF5 wants one value).
PetscErrorCode CheckpointWrite(MPI_Comm comm, const std::string &path, const Checkpoint &ck);
// Collective. Reads every scalar and blob and the requested fields, validating as it goes
// (kErrBadInput, one line naming the file and the problem: not HDF5, truncated, incomplete,
// another format version, a field of another grid shape, checksum mismatch).
PetscErrorCode CheckpointRead(MPI_Comm comm, const std::string &path, Checkpoint *ck);
// <dir>/<base>.ckpt.NNNNNN.h5
std::string CheckpointPath(const std::string &dir, const std::string &base, long long sequence);
// Rank 0 lists <dir>/<base>.ckpt.*.h5 newest first and returns (on every rank) the first one
// that passes a serial validation (blobs and fields checksummed whole); "" when none does.
// Skipped files are reported on stderr by rank 0.
PetscErrorCode CheckpointFindNewest(MPI_Comm comm, const std::string &dir, const std::string &base,
                                    std::string *path);
// Rank 0 removes stale temporaries, checkpoints newer than `newest` (an abandoned future after
// a restart from an older one) and all but the `keep` newest up to `newest`.
PetscErrorCode CheckpointPrune(MPI_Comm comm, const std::string &dir, const std::string &base,
                               long long newest, int keep);
// The sequence number in a checkpoint file name, or -1.
long long CheckpointSequence(const std::string &base, const std::string &filename);

}  // namespace fpsolve::io
