#pragma once
// The HDF5 run file (its layout: docs/output-format.md), written with parallel HDF5.
//
// Collective discipline: every method is collective over the file's communicator and must be
// called in the same order with the same arguments on every rank. Series rows are global
// values (identical on every rank), buffered in memory and written by rank 0 at flush(); the
// extend that precedes it is collective. Distributed vectors are written collectively.
// The file lives under "<path>.partial" until commit() renames it, so a failed run never leaves
// a complete-looking file at <path>.
#include <hdf5.h>
#include <petscdm.h>
#include <petscvec.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace fpsolve::io {

enum class SeriesType { Int64, Float64 };

// Where a series stands: what a checkpoint records so that a restart continues it.
struct SeriesPosition {
  std::string path;
  hsize_t cols = 1, rows = 0;
  SeriesType type = SeriesType::Float64;
};

// Series positions as one line each ("path<TAB>cols<TAB>rows<TAB>i|f"), for checkpoints.
std::string EncodeSeriesPositions(const std::vector<SeriesPosition> &series);
// false on malformed text.
bool DecodeSeriesPositions(const std::string &text, std::vector<SeriesPosition> *series);

class RunFile {
 public:
  // Root attribute layout_version: 1 (absent) = fields as 1D arrays in global Vec order and
  // /grid/x a distributed Vec; 2 = fields in natural order with the grid's shape, /grid/x,y,z
  // coordinate arrays (docs/output-format.md).
  static constexpr long long kLayoutVersion = 2;
  // Creates <path>.partial (truncating). Fails with kErrBadInput if it cannot be created.
  static PetscErrorCode Create(MPI_Comm comm, const std::string &path, RunFile **out);
  // Closes and removes the partial file (failure path). Safe on nullptr.
  static PetscErrorCode Abandon(RunFile **rf);
  // Flushes, closes and renames <path>.partial to <path>.
  static PetscErrorCode Commit(RunFile **rf);
  // Stopped by a signal: flushes and closes, leaving <path>.partial (never renamed) in place.
  static PetscErrorCode Suspend(RunFile **rf);
  // Restart: rank 0 writes bytes (a Snapshot) to <path>.partial, then every rank reopens it and
  // the given series continue from their recorded rows.
  static PetscErrorCode Resume(MPI_Comm comm, const std::string &path,
                               const std::vector<unsigned char> &bytes,
                               const std::vector<SeriesPosition> &series, RunFile **out);

  // For checkpoints: flushes every series, then closes and reopens the file, because only a
  // closed HDF5 file is complete on disk; rank 0 receives its bytes (others: empty) and every
  // rank the series positions. Collective.
  PetscErrorCode Snapshot(std::vector<unsigned char> *bytes, std::vector<SeriesPosition> *series);

  // Collective, like every HDF5 attribute call. Numbers are rank 0's (broadcast): wall-clock
  // readings differ between ranks and HDF5 wants one value. Strings must be equal on every rank.
  PetscErrorCode SetAttribute(const std::string &object, const std::string &name,
                              const std::string &value);
  PetscErrorCode SetAttribute(const std::string &object, const std::string &name, double value);
  PetscErrorCode SetAttribute(const std::string &object, const std::string &name, long long value);

  // A field: a global Vec of the DMDA da, written in the grid's natural order with the grid's
  // shape ([nz][ny][nx], x fastest; 1D [nx]), each rank its own box (io/field_box.hpp).
  PetscErrorCode WriteVec(const std::string &path, DM da, Vec v);
  // A small replicated array (rows x cols, cols = 1 gives a 1D dataset); rank 0 writes.
  PetscErrorCode WriteArray(const std::string &path, const std::vector<double> &data,
                            hsize_t cols = 1);
  PetscErrorCode WriteArray(const std::string &path, const std::vector<long long> &data,
                            hsize_t cols = 1);

  // Appends one row (cols values) to the extendable dataset at path, created on first use.
  PetscErrorCode Append(const std::string &path, const double *row, hsize_t cols = 1,
                        SeriesType type = SeriesType::Float64);
  PetscErrorCode Append(const std::string &path, double value,
                        SeriesType type = SeriesType::Float64) {
    return Append(path, &value, 1, type);
  }
  PetscErrorCode Flush();  // writes buffered rows of every series
  // Appends one ny x nx frame (rank 0's values) to the [frames][ny][nx] dataset at path, created
  // on first use and written at once (io/h5_frames.hpp; the image fit's snapshots).
  PetscErrorCode AppendFrame(const std::string &path, hsize_t ny, hsize_t nx, const double *frame);
  // Appends a field (a global Vec of the DMDA da) as one frame of the [frames][nz][ny][nx]
  // dataset at path (natural order, each rank its box, as WriteVec; io/h5_frames.hpp).
  PetscErrorCode AppendField(const std::string &path, DM da, Vec v);
  // Frames already in the stack at path (0 if absent): a restarted run continues from there.
  PetscErrorCode FrameCount(const std::string &path, hsize_t *frames);

 private:
  struct Series {
    hsize_t cols = 1, written = 0;
    SeriesType type = SeriesType::Float64;
    std::vector<double> pending;  // rows not yet written, row-major
  };
  RunFile(MPI_Comm comm, std::string path) : comm_(comm), path_(std::move(path)) {}
  PetscErrorCode Close();
  // Collective: every rank's result of one I/O step, failing on every rank if one failed.
  PetscErrorCode Agreed(PetscErrorCode local, const std::string &what);
  PetscErrorCode Open();  // reopens <path>.partial read-write
  PetscErrorCode FlushSeries(const std::string &path, Series &s);
  PetscErrorCode WriteField(const std::string &path, DM da, Vec v, bool append);

  MPI_Comm comm_;
  std::string path_;
  hid_t file_ = -1;
  int rank_ = 0;
  std::map<std::string, Series> series_;  // ordered: identical flush order on every rank
  std::size_t pending_values_ = 0;
  bool io_failed_ = false;  // a write failed (agreed by every rank): never close collectively
};

}  // namespace fpsolve::io
