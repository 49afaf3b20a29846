#include "fpsolve/io/checkpoint.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>

#include "checkpoint_format.hpp"
#include "fpsolve/base/error.hpp"
#include "fpsolve/io/h5_util.hpp"
#include "fpsolve/io/io_status.hpp"

namespace fpsolve::io {
namespace {

using namespace detail;

PetscErrorCode VecHash(Vec v, std::uint64_t *hash) {
  PetscInt lo, hi;
  const PetscScalar *a;
  MPI_Comm comm;
  PetscFunctionBeginUser;
  PetscCall(PetscObjectGetComm((PetscObject)v, &comm));
  PetscCall(VecGetOwnershipRange(v, &lo, &hi));
  PetscCall(VecGetArrayRead(v, &a));
  std::uint64_t local = SliceHash(lo, a, hi - lo);
  PetscCall(VecRestoreArrayRead(v, &a));
  PetscCallMPI(MPI_Allreduce(&local, hash, 1, MPI_UINT64_T, MPI_SUM, comm));
  PetscFunctionReturn(0);
}

PetscErrorCode WriteVecRows(hid_t file, const std::string &path, Vec v) {
  PetscInt n, lo, hi;
  const PetscScalar *a;
  PetscFunctionBeginUser;
  PetscCall(VecGetSize(v, &n));
  PetscCall(VecGetOwnershipRange(v, &lo, &hi));
  PetscCall(VecGetArrayRead(v, &a));
  PetscErrorCode ierr =
      H5WriteRows(file, path, H5T_NATIVE_DOUBLE, (hsize_t)n, 1, (hsize_t)lo, (hsize_t)(hi - lo), a);
  PetscCall(VecRestoreArrayRead(v, &a));
  PetscCall(ierr);
  PetscFunctionReturn(0);
}

PetscErrorCode WriteBytes(hid_t file, const std::string &path, const std::vector<unsigned char> &b,
                          hsize_t size, bool writer) {
  PetscFunctionBeginUser;
  if (size == 0) PetscFunctionReturn(0);
  PetscCall(H5WriteRows(file, path, H5T_NATIVE_UCHAR, size, 1, 0, writer ? size : 0, b.data()));
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

PetscErrorCode CheckpointWrite(MPI_Comm comm, const std::string &path, const CheckpointState &st,
                               Vec iterate, Vec best) {
  int rank;
  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  const std::string tmp = path + ".tmp";
  // Every rank needs the run file's size (collective dataset creation) and hash (attribute).
  unsigned long long meta[2] = {st.run_file.size(), Fnv1a(st.run_file.data(), st.run_file.size())};
  PetscCallMPI(MPI_Bcast(meta, 2, MPI_UNSIGNED_LONG_LONG, 0, comm));
  std::uint64_t hu = 0, hb = 0;
  if (iterate) PetscCall(VecHash(iterate, &hu));
  if (best) PetscCall(VecHash(best, &hb));

  PetscInt n = 0;
  if (iterate || best) PetscCall(VecGetSize(iterate ? iterate : best, &n));
  const double bytes = (double)meta[0] + (double)st.trainer.size() +
                       8.0 * n * ((iterate ? 1 : 0) + (best ? 1 : 0)) + 65536.0;  // + metadata
  PetscCall(IoEnsureSpace(comm, tmp, bytes, "writing a checkpoint"));

  hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
  H5Pset_fapl_mpio(fapl, comm, MPI_INFO_NULL);
  hid_t f = H5Fcreate(tmp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
  H5Pclose(fapl);
  if (f < 0) IoNoteErrno(errno);
  PetscCall(IoAgree(comm, f < 0 ? PETSC_ERR_FILE_OPEN : 0, tmp, "creating the checkpoint"));
  auto ll = [&](const char *name, long long v) {
    return H5WriteAttribute(f, "/", name, H5T_NATIVE_LLONG, &v);
  };
  auto dbl = [&](const char *name, double v) {
    return H5WriteAttribute(f, "/", name, H5T_NATIVE_DOUBLE, &v);
  };
  auto str = [&](const char *name, const std::string &v) {
    return H5WriteAttribute(f, "/", name, v);
  };
  PetscErrorCode ierr = str("format", kFormat);
  if (!ierr) ierr = ll("format_version", kFormatVersion);
  if (!ierr) ierr = ll("complete", 0);
  if (!ierr) ierr = ll("sequence", st.sequence);
  if (!ierr) ierr = str("mode", st.mode);
  if (!ierr) ierr = str("stage", st.stage);
  if (!ierr) ierr = ll("step", st.step);
  if (!ierr) ierr = ll("records", st.records);
  if (!ierr) ierr = ll("iteration", st.iteration);
  if (!ierr) ierr = dbl("solve_residual0", st.solve_residual0);
  if (!ierr) ierr = dbl("train_seconds", st.train_seconds);
  if (!ierr) ierr = dbl("clock", st.clock);
  if (!ierr) ierr = ll("switch_step", st.switch_step);
  if (!ierr) ierr = dbl("switch_time", st.switch_time);
  if (!ierr) ierr = dbl("auto_seconds_per_iteration", st.auto_seconds_per_iteration);
  if (!ierr) ierr = dbl("auto_best_total", st.auto_best_total);
  if (!ierr) ierr = ll("auto_best_step", st.auto_best_step);
  if (!ierr) ierr = ll("auto_stale", st.auto_stale);
  if (!ierr) ierr = ll("grid_points", st.grid_points);
  if (!ierr) ierr = ll("ranks", st.ranks);
  if (!ierr) ierr = str("problem", st.problem);
  if (!ierr) ierr = str("precision", st.precision);
  if (!ierr) ierr = str("settings", st.settings);
  if (!ierr) ierr = str("series", EncodeSeries(st.series));
  if (!ierr) ierr = ll("trainer_bytes", (long long)st.trainer.size());
  if (!ierr) ierr = ll("trainer_hash", (long long)Fnv1a(st.trainer.data(), st.trainer.size()));
  if (!ierr) ierr = ll("runfile_bytes", (long long)meta[0]);
  if (!ierr) ierr = ll("runfile_hash", (long long)meta[1]);
  if (!ierr) ierr = ll("has_iterate", iterate ? 1 : 0);
  if (!ierr) ierr = ll("has_best", best ? 1 : 0);
  if (!ierr) ierr = ll("iterate_hash", (long long)hu);
  if (!ierr) ierr = ll("best_hash", (long long)hb);
  // Each collective write is agreed before the next one starts: a rank whose write failed
  // (ENOSPC) must not reach the collective close while another is inside the next write.
  // The replicated payloads are identical on every rank: rank 0 writes them, once.
  const auto agreed = [&](PetscErrorCode local) {
    return IoAgree(comm, local, tmp, "writing the checkpoint");
  };
  ierr = agreed(ierr);
  if (!ierr)
    ierr = agreed(WriteBytes(f, "/trainer/state", st.trainer, st.trainer.size(), rank == 0));
  if (!ierr) ierr = agreed(WriteBytes(f, "/runfile/bytes", st.run_file, meta[0], rank == 0));
  if (!ierr && iterate) ierr = agreed(WriteVecRows(f, "/solve/u", iterate));
  if (!ierr && best) ierr = agreed(WriteVecRows(f, "/hybrid/best", best));
  if (!ierr) ierr = agreed(ll("complete", 1));  // last: a file without it is never used
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
