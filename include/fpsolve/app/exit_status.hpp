#pragma once
// Maps PETSc error codes raised anywhere in fpsolve to the exit codes of docs/output-format.md
// and one-line messages: PETSc's traceback handler is replaced by one that only remembers the
// first message.
#include <petscsys.h>

#include <string>

namespace fpsolve {

PetscErrorCode InstallErrorCapture();
int ExitCodeFor(PetscErrorCode err);
// The first error message recorded on this rank (empty if none), made one line.
const std::string &CapturedErrorMessage();
// Control characters (a newline inside a quoted expression) become spaces: stderr gets one line.
std::string OneLine(std::string text);

}  // namespace fpsolve
