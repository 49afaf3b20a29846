// Exclusive ownership of output names (include/fpsolve/io/owner_lock.hpp).
#include "fpsolve/io/owner_lock.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "fpsolve/base/error.hpp"

namespace fpsolve::io {
namespace {

// Rank 0: locks `path`; returns the fd, or -1 with `why` set.
int TryLock(const std::string &path, std::string *why) {
  for (int attempt = 0; attempt < 10; ++attempt) {
    const int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
      *why = std::string("cannot create ") + path + ": " + std::strerror(errno);
      return -1;
    }
    struct flock fl = {};
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    if (fcntl(fd, F_SETLK, &fl) != 0) {
      struct flock who = fl;
      const bool known = fcntl(fd, F_GETLK, &who) == 0 && who.l_type != F_UNLCK;
      *why = "in use by another run (" +
             (known ? "pid " + std::to_string(who.l_pid) + " holds " : std::string("held: ")) +
             path + ")";
      close(fd);
      return -1;
    }
    // The owner before us removes the file before it unlocks: if the name no longer points to
    // the file we locked, we hold a lock nobody else can see. Try again on the new file.
    struct stat mine, named;
    if (fstat(fd, &mine) == 0 && stat(path.c_str(), &named) == 0 && mine.st_ino == named.st_ino &&
        mine.st_dev == named.st_dev) {
      const std::string pid = std::to_string(getpid()) + "\n";
      const ssize_t written = ftruncate(fd, 0) == 0 ? write(fd, pid.data(), pid.size()) : -1;
      (void)written;  // the pid in the file is informative only
      return fd;
    }
    close(fd);
  }
  *why = "cannot lock " + path + " (it keeps being replaced)";
  return -1;
}

}  // namespace

PetscErrorCode OwnerLock::Acquire(MPI_Comm comm, const std::string &lock_path, const char *option,
                                  const std::string &value, std::unique_ptr<OwnerLock> *out) {
  int rank;
  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  std::string why;
  int fd = -1;
  if (rank == 0) fd = TryLock(lock_path, &why);
  int failed = rank == 0 && fd < 0;
  PetscCallMPI(MPI_Bcast(&failed, 1, MPI_INT, 0, comm));
  if (failed) {
    why.resize(PETSC_MAX_PATH_LEN, '\0');
    PetscCallMPI(MPI_Bcast(why.data(), PETSC_MAX_PATH_LEN, MPI_CHAR, 0, comm));
  }
  PetscCheck(!failed, comm, kErrBadInput, "%s %s: %s", option, value.c_str(), why.c_str());
  out->reset(new OwnerLock(lock_path, fd));
  PetscFunctionReturn(0);
}

OwnerLock::~OwnerLock() {
  if (fd_ < 0) return;
  unlink(path_.c_str());  // before the unlock: a waiting run then re-creates the name (above)
  close(fd_);
}

}  // namespace fpsolve::io
