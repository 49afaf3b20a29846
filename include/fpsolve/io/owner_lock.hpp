#pragma once
// A run owns its output and checkpoint names: rank 0 holds an exclusive fcntl lock on
// <name>.lock for the whole run (fcntl locks work on NFS with lockd, and the kernel drops them
// when the process dies, even after kill -9). A second run with the same names is refused
// before it touches anything (docs/robustness.md, "Who owns an output").
#include <petscsys.h>

#include <memory>
#include <string>

namespace fpsolve::io {

class OwnerLock {
 public:
  // Collective. Takes the lock on rank 0; kErrBadInput on every rank if another process holds
  // it ("-output X: in use by another run (pid N holds X.lock)"). `option` names the option.
  static PetscErrorCode Acquire(MPI_Comm comm, const std::string &lock_path, const char *option,
                                const std::string &value, std::unique_ptr<OwnerLock> *out);
  ~OwnerLock();  // removes the lock file, then releases the lock
  OwnerLock(const OwnerLock &) = delete;
  OwnerLock &operator=(const OwnerLock &) = delete;

 private:
  OwnerLock(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  std::string path_;
  int fd_ = -1;  // rank 0 only
};

}  // namespace fpsolve::io
