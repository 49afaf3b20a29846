// Claiming the output before any work (docs/robustness.md, "Who owns an output"): -output must
// be a regular file or not exist (never replace a directory or a device node), it must not
// exist unless -output_overwrite, its checkpoint names must fit the file system's name limit,
// and no other run may hold it (an exclusive lock next to it, and next to the checkpoints).
#include <sys/stat.h>

#include <climits>
#include <cstring>

#include "fpsolve/app/run.hpp"
#include "fpsolve/base/error.hpp"

namespace fpsolve {
namespace {

const char *Kind(mode_t m) {
  return S_ISDIR(m)    ? "a directory"
         : S_ISCHR(m)  ? "a character device"
         : S_ISBLK(m)  ? "a block device"
         : S_ISFIFO(m) ? "a FIFO"
         : S_ISSOCK(m) ? "a socket"
                       : "not a regular file";
}

// Rank 0: why -output cannot be used, or "".
std::string OutputProblem(const AppConfig &cfg, const std::string &base) {
  const std::string &out = cfg.output;
  // The longest name derived from it: <base>.ckpt.NNNNNN.h5.tmp.
  const std::size_t longest = base.size() + std::strlen(".ckpt.000000.h5.tmp");
  if (longest > NAME_MAX)
    return "the file name has " + std::to_string(base.size()) + " characters; at most " +
           std::to_string(NAME_MAX - (longest - base.size())) +
           " leave room for its checkpoint names";
  if (out.size() + 32 > PETSC_MAX_PATH_LEN) return "the path is too long";
  struct stat sb;
  for (const std::string &name : {out, out + ".partial", out + ".lock"})
    if (stat(name.c_str(), &sb) == 0 && !S_ISREG(sb.st_mode))
      return name + " exists and is " + Kind(sb.st_mode) + "; it is never replaced";
  if (stat(out.c_str(), &sb) == 0 && !cfg.output_overwrite)
    return "exists; not overwritten without -output_overwrite";
  return "";
}

}  // namespace

PetscErrorCode ClaimOutput(Run &run) {
  int rank;
  PetscFunctionBeginUser;
  if (run.cfg.help) PetscFunctionReturn(0);
  PetscCallMPI(MPI_Comm_rank(run.comm, &rank));
  std::string why = rank == 0 ? OutputProblem(run.cfg, run.ckpt.base) : "";
  why.resize(PETSC_MAX_PATH_LEN, '\0');
  PetscCallMPI(MPI_Bcast(why.data(), PETSC_MAX_PATH_LEN, MPI_CHAR, 0, run.comm));
  PetscCheck(!why[0], run.comm, kErrBadInput, "-output %s: %s", run.cfg.output.c_str(),
             why.c_str());
  PetscCall(io::OwnerLock::Acquire(run.comm, run.cfg.output + ".lock", "-output", run.cfg.output,
                                   &run.output_lock));
  // Checkpoints in another directory: their names are owned too.
  const std::string ckpt_lock = run.ckpt.dir + "/" + run.ckpt.base + ".ckpt.lock";
  struct stat a, b;
  const auto slash = run.cfg.output.rfind('/');
  const std::string out_dir =
      slash == std::string::npos ? "." : run.cfg.output.substr(0, slash + 1);
  int other = 0;
  if (rank == 0)
    other = stat(run.ckpt.dir.c_str(), &a) == 0 && stat(out_dir.c_str(), &b) == 0 &&
            (a.st_ino != b.st_ino || a.st_dev != b.st_dev);
  PetscCallMPI(MPI_Bcast(&other, 1, MPI_INT, 0, run.comm));
  if (other)
    PetscCall(io::OwnerLock::Acquire(run.comm, ckpt_lock, "-checkpoint_dir", run.ckpt.dir,
                                     &run.checkpoint_lock));
  PetscFunctionReturn(0);
}

}  // namespace fpsolve
