#include "fpsolve/io/checkpoint.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <vector>

#include "fpsolve/base/error.hpp"
#include "fpsolve/base/fnv1a.hpp"
#include "fpsolve/io/h5_util.hpp"
#include "fpsolve/io/io_status.hpp"

namespace fpsolve::io {
namespace {

// Every collective write step ends with IoAgree (io_status.hpp): a rank whose write failed
// (ENOSPC) must not go on to the next collective while another is still in this one.
const char *const kWriting = "writing the checkpoint";

PetscErrorCode WriteField(hid_t file, const std::string &tmp, const std::string &path,
                          const CheckpointField &field) {
  FieldBox box;
  PetscInt n;
  const PetscScalar *a;
  MPI_Comm comm;
  PetscFunctionBeginUser;
  PetscCall(PetscObjectGetComm((PetscObject)field.v, &comm));
  PetscCall(FieldBoxFromDM(field.da, &box));
  PetscCall(VecGetLocalSize(field.v, &n));
  PetscCheck((hsize_t)n == box.box_size(), comm, PETSC_ERR_ARG_INCOMP,
             "checkpoint field %s: the vector does not belong to its grid", path.c_str());
  PetscCall(VecGetArrayRead(field.v, &a));
  std::uint64_t hash = FieldBoxHash(box, a);
  PetscErrorCode ierr = H5WriteBox(file, path, box, a);
  PetscCall(VecRestoreArrayRead(field.v, &a));
  PetscCall(IoAgree(comm, ierr, tmp, kWriting));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &hash, 1, MPI_UINT64_T, MPI_SUM, comm));
  PetscCall(H5WriteAttribute(file, path, "hash", H5T_NATIVE_UINT64, &hash));
  PetscFunctionReturn(0);
}

// Blobs are identical on every rank, but only rank 0 needs to hold them: it writes them, once,
// after telling every rank their sizes and checksums (dataset creation is collective).
PetscErrorCode WriteBlobs(MPI_Comm comm, hid_t file, const std::string &tmp, const Checkpoint &ck) {
  int rank;
  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  std::vector<std::uint64_t> meta;
  for (const auto &[name, bytes] : ck.blobs) {
    meta.push_back(bytes.size());
    meta.push_back(Fnv1a(bytes.data(), bytes.size()));
  }
  PetscCallMPI(MPI_Bcast(meta.data(), (int)meta.size(), MPI_UINT64_T, 0, comm));
  std::size_t i = 0;
  for (const auto &[name, bytes] : ck.blobs) {
    const std::string path = "/blobs/" + name;
    const hsize_t size = meta[2 * i], hash = meta[2 * i + 1];
    ++i;
    PetscCall(IoAgree(
        comm,
        H5WriteRows(file, path, H5T_NATIVE_UCHAR, size, 1, 0, rank == 0 ? size : 0, bytes.data()),
        tmp, kWriting));
    PetscCall(H5WriteAttribute(file, path, "fnv1a", H5T_NATIVE_UINT64, &hash));
  }
  PetscFunctionReturn(0);
}

// Rank 0's scalars on every rank. Attribute writes are collective and want one value, but
// wall-clock readings (the clock, seconds of training) differ between ranks; which rank's
// value reached the file was up to HDF5's metadata cache. Rank 0's clock is the run's clock
// (it times checkpoints and prints progress), so its readings are the ones kept, all from one
// rank (a max per entry would mix ranks). The names are the same on every rank (collective).
PetscErrorCode RankZeroScalars(MPI_Comm comm, const Checkpoint &ck, std::vector<long long> *ints,
                               std::vector<double> *reals) {
  PetscFunctionBeginUser;
  for (const auto &[name, v] : ck.ints) ints->push_back(v);
  for (const auto &[name, v] : ck.reals) reals->push_back(v);
  PetscCallMPI(MPI_Bcast(ints->data(), (int)ints->size(), MPI_LONG_LONG, 0, comm));
  PetscCallMPI(MPI_Bcast(reals->data(), (int)reals->size(), MPI_DOUBLE, 0, comm));
  PetscFunctionReturn(0);
}

PetscErrorCode WriteContents(MPI_Comm comm, hid_t f, const std::string &tmp, const Checkpoint &ck) {
  PetscFunctionBeginUser;
  std::vector<long long> ints;
  std::vector<double> reals;
  PetscCall(RankZeroScalars(comm, ck, &ints, &reals));
  const long long zero = 0, version = kCheckpointFormatVersion;
  PetscErrorCode e = H5WriteAttribute(f, "/", "format", kCheckpointFormat);
  if (!e) e = H5WriteAttribute(f, "/", "format_version", H5T_NATIVE_LLONG, &version);
  if (!e) e = H5WriteAttribute(f, "/", "complete", H5T_NATIVE_LLONG, &zero);
  std::size_t i = 0;
  for (const auto &entry : ck.ints)
    if (!e) e = H5WriteAttribute(f, "/state", entry.first, H5T_NATIVE_LLONG, &ints[i++]);
  i = 0;
  for (const auto &entry : ck.reals)
    if (!e) e = H5WriteAttribute(f, "/state", entry.first, H5T_NATIVE_DOUBLE, &reals[i++]);
  for (const auto &[name, v] : ck.strings)
    if (!e) e = H5WriteAttribute(f, "/state", name, v);
  PetscCall(IoAgree(comm, e, tmp, kWriting));
  PetscCall(WriteBlobs(comm, f, tmp, ck));
  for (const auto &[name, field] : ck.fields)
    PetscCall(WriteField(f, tmp, "/fields/" + name, field));
  const long long one = 1;  // last: a file without it is never used
  PetscCall(
      IoAgree(comm, H5WriteAttribute(f, "/", "complete", H5T_NATIVE_LLONG, &one), tmp, kWriting));
  PetscFunctionReturn(0);
}

}  // namespace

std::string CheckpointPath(const std::string &dir, const std::string &base, long long sequence) {
  char seq[32];
  std::snprintf(seq, sizeof seq, "%06lld", sequence);
  return dir + "/" + base + ".ckpt." + seq + ".h5";
}

long long CheckpointSequence(const std::string &base, const std::string &name) {
  const std::string prefix = base + ".ckpt.", suffix = ".h5";
  if (name.size() <= prefix.size() + suffix.size() || name.compare(0, prefix.size(), prefix) ||
      name.compare(name.size() - suffix.size(), suffix.size(), suffix))
    return -1;
  const std::string digits =
      name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
  if (digits.empty() || digits.size() > 15 ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return -1;
  return std::stoll(digits);
}

PetscErrorCode CheckpointWrite(MPI_Comm comm, const std::string &path, const Checkpoint &ck) {
  int rank;
  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  const std::string tmp = path + ".tmp";
  // Parallel HDF5 is not safe against a full disk (io_status.hpp): refuse before it starts.
  double bytes = 65536;                                                    // metadata
  for (const auto &[name, blob] : ck.blobs) bytes += (double)blob.size();  // rank 0's count
  for (const auto &[name, field] : ck.fields) {
    PetscInt n;
    PetscCall(VecGetSize(field.v, &n));
    bytes += 8.0 * n;
  }
  PetscCall(IoEnsureSpace(comm, tmp, bytes, "writing a checkpoint"));
  hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
  H5Pset_fapl_mpio(fapl, comm, MPI_INFO_NULL);
  hid_t f = H5Fcreate(tmp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
  H5Pclose(fapl);
  if (f < 0) IoNoteErrno(errno);
  int bad = f < 0;
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &bad, 1, MPI_INT, MPI_MAX, comm));
  if (bad && f >= 0) H5Fclose(f);
  PetscCheck(!bad, comm, kErrBadInput,
             "-checkpoint_dir: cannot create %s (missing directory or no write permission)",
             tmp.c_str());
  PetscErrorCode ierr = WriteContents(comm, f, tmp, ck);
  // Collective (metadata). After a failed write HDF5's close may deadlock inside (ranks
  // disagree in it): the file is then dropped, not closed, and its temporary name removed.
  const herr_t closed = ierr ? 0 : H5Fclose(f);
  if (closed < 0) IoNoteErrno(errno);
  if (!ierr)
    ierr = IoAgree(comm, closed < 0 ? PETSC_ERR_FILE_WRITE : 0, tmp, "closing the checkpoint");
  int failed = ierr != 0;
  if (rank == 0 && !failed) {
    // Durable before it becomes visible under its final name.
    const int fd = open(tmp.c_str(), O_RDONLY);
    failed = fd < 0 || fsync(fd) != 0;
    if (failed) IoNoteErrno(errno);
    if (fd >= 0) close(fd);
    if (!failed) failed = std::rename(tmp.c_str(), path.c_str()) != 0;
  }
  if (rank == 0 && failed) std::remove(tmp.c_str());  // the previous checkpoint stays the newest
  if (!ierr) PetscCall(IoAgree(comm, failed ? PETSC_ERR_FILE_WRITE : 0, tmp, "fsync and rename"));
  PetscCall(ierr);
  PetscFunctionReturn(0);
}

PetscErrorCode CheckpointPrune(MPI_Comm comm, const std::string &dir, const std::string &base,
                               long long newest, int keep) {
  int rank;
  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  if (rank != 0) PetscFunctionReturn(0);
  std::vector<long long> kept;
  if (DIR *d = opendir(dir.c_str())) {
    std::vector<std::string> names;
    while (dirent *e = readdir(d)) names.push_back(e->d_name);
    closedir(d);
    for (const std::string &name : names) {
      const std::string full = dir + "/" + name;
      const bool tmp = name.size() > 4 && name.compare(name.size() - 4, 4, ".tmp") == 0 &&
                       CheckpointSequence(base, name.substr(0, name.size() - 4)) >= 0;
      const long long seq = CheckpointSequence(base, name);
      if (tmp || seq > newest || (seq >= 0 && seq <= newest - keep)) std::remove(full.c_str());
    }
  }
  PetscFunctionReturn(0);
}

}  // namespace fpsolve::io
