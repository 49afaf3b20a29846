// Collective agreement on I/O outcomes (include/fpsolve/io/io_status.hpp).
#include "fpsolve/io/io_status.hpp"

#include <sys/statvfs.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace fpsolve::io {
namespace {

int last_errno = 0;

std::string DirOf(const std::string &file) {
  const auto slash = file.rfind('/');
  return slash == std::string::npos ? "." : slash == 0 ? "/" : file.substr(0, slash);
}

// Why a write to `file` failed, most specific last: 1 other, 2 quota, 3 disk full.
int Cause(const std::string &file) {
  if (last_errno == ENOSPC) return 3;
  if (last_errno == EDQUOT) return 2;
  const std::string dir = DirOf(file);
  // The errno of a failed MPI-IO write does not always survive HDF5's cleanup: a file system
  // with (almost) no free blocks left is full.
  struct statvfs fs;
  if (statvfs(dir.c_str(), &fs) == 0 && (double)fs.f_bavail * fs.f_frsize < 1048576.0) return 3;
  return 1;
}

}  // namespace

void IoNoteErrno(int err) {
  if (err == ENOSPC || err == EDQUOT) last_errno = err;
}

PetscErrorCode IoAgree(MPI_Comm comm, PetscErrorCode local, const std::string &file,
                       const std::string &what) {
  PetscFunctionBeginUser;
  const int mine = local ? Cause(file) : 0;
  int worst = 0;
  PetscCallMPI(MPI_Allreduce(&mine, &worst, 1, MPI_INT, MPI_MAX, comm));
  if (!worst) PetscFunctionReturn(0);
  const char *cause = worst == 3   ? "disk full"
                      : worst == 2 ? "disk quota exceeded"
                                   : "write failed";
  SETERRQ(comm, kErrIO, "%s: %s (%s)", file.c_str(), cause, what.c_str());
}

PetscErrorCode IoEnsureSpace(MPI_Comm comm, const std::string &file, double bytes,
                             const std::string &what) {
  int rank;
  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  // FPSOLVE_TEST_NO_SPACE_CHECK=1 (tests only): let HDF5 itself run into the full disk.
  static const char *test = std::getenv("FPSOLVE_TEST_NO_SPACE_CHECK");
  static const bool off = test && *test && std::strcmp(test, "0") != 0;
  if (off) PetscFunctionReturn(0);
  // Rank 0 decides for all, with its own count (replicated payloads may live on rank 0 only).
  double v[2] = {0, bytes};
  if (rank == 0) {
    struct statvfs fs;
    v[0] = statvfs(DirOf(file).c_str(), &fs) == 0 ? (double)fs.f_bavail * fs.f_frsize : -1;
  }
  PetscCallMPI(MPI_Bcast(v, 2, MPI_DOUBLE, 0, comm));
  const double free_bytes = v[0];
  bytes = v[1];
  PetscCheck(free_bytes < 0 || free_bytes >= bytes + kSpareBytes, comm, kErrIO,
             "%s: disk full (%s needs %.2f MiB and %.0f MiB spare, %.2f MiB free)", file.c_str(),
             what.c_str(), bytes / 1048576, kSpareBytes / 1048576, free_bytes / 1048576);
  PetscFunctionReturn(0);
}

}  // namespace fpsolve::io
