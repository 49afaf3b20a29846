#pragma once
// Collective agreement on the outcome of I/O (docs/robustness.md, "Full disk and other I/O
// failures"). Parallel HDF5 writes are collective: if one rank's write fails (ENOSPC) and it
// went on to its cleanup (a collective close) while the others started the next collective
// write, the job would deadlock. So every collective I/O step ends with IoAgree: all ranks learn
// whether any rank failed and fail together, at the same point, with one message naming the
// file and the cause ("disk full", "quota exceeded", or the system's error text).
#include <petscsys.h>

#include <string>

namespace fpsolve::io {

// The error class of an agreed I/O failure (exit code kExitIO, see app/exit_status.cpp).
constexpr PetscErrorCode kErrIO = PETSC_ERR_SYS;

// Remembers errno of a failed system or HDF5 call on this rank (FpH5Check calls it).
void IoNoteErrno(int err);

// Collective: `local` is this rank's result of the step (0 or a PETSc error). Returns 0 on
// every rank if all succeeded, else raises kErrIO on every rank: "FILE: CAUSE (what)".
PetscErrorCode IoAgree(MPI_Comm comm, PetscErrorCode local, const std::string &file,
                       const std::string &what);

// Collective, before a collective write of about `bytes`: rank 0 checks that the file system
// of `file` has them plus kSpareBytes free, else kErrIO "disk full" on every rank. Parallel
// HDF5 1.10 itself is not safe against a full disk (a rank whose metadata flush fails skips a
// barrier the others wait in, inside H5Fclose), so running out is refused before HDF5 starts.
constexpr double kSpareBytes = 1048576;
PetscErrorCode IoEnsureSpace(MPI_Comm comm, const std::string &file, double bytes,
                             const std::string &what);

}  // namespace fpsolve::io
