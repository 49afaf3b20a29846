// What the command line asks for before any run: -help (fpsolve's own options), -help_petsc
// (PETSc's full list, PETSc's -help), -version. PETSc would answer -help with every option of
// every object (400 lines, fpsolve's buried) and -version with its own version only, so these
// flags are taken off argv before PetscInitialize sees them.
#include "fpsolve/app/help.hpp"

#include <cstring>

#include "fpsolve/app/config.hpp"
#include "fpsolve/base/error.hpp"
#include "fpsolve/base/version.hpp"
#include "fpsolve/solve/finisher.hpp"

namespace fpsolve {

EarlyRequest TakeEarlyFlags(int *argc, char **argv) {
  static char petsc_help[] = "-help";
  EarlyRequest req = EarlyRequest::Run;
  int kept = 1;
  for (int i = 1; i < *argc; ++i) {
    const char *a = argv[i];
    if (!std::strcmp(a, "-help") || !std::strcmp(a, "-h") || !std::strcmp(a, "--help")) {
      if (req == EarlyRequest::Run) req = EarlyRequest::Help;
      continue;
    }
    if (!std::strcmp(a, "-version") || !std::strcmp(a, "--version")) {
      req = EarlyRequest::Version;
      continue;
    }
    if (!std::strcmp(a, "-help_petsc")) {
      if (req != EarlyRequest::Version) req = EarlyRequest::PetscHelp;
      argv[kept++] = petsc_help;  // PETSc's own -help: every object's options
      continue;
    }
    argv[kept++] = argv[i];
  }
  argv[kept] = nullptr;
  *argc = kept;
  return req;
}

PetscErrorCode PrintVersion(MPI_Comm comm) {
  char petsc[128];
  PetscFunctionBeginUser;
  PetscCall(PetscGetVersion(petsc, sizeof petsc));
  PetscCall(PetscPrintf(comm, "fpsolve %s (git %s)\n%s\n", kVersion, kGitCommit, petsc));
  PetscFunctionReturn(0);
}

PetscErrorCode PrintShortHelp(MPI_Comm comm) {
  AppConfig cfg;
  PetscFunctionBeginUser;
  PetscCall(PetscPrintf(comm,
                        "fpsolve %s: a DNN (F-Principle) initial guess + a PETSc KSP finish for "
                        "-Lap u = g\n"
                        "Usage: [mpiexec -n P] fpsolve -mode MODE [options]\n"
                        "       [mpiexec -n P] fpsolve -options_file inputs/NAME.opts [options]\n"
                        "A run needs -mode (on the command line or in the options file).\n"
                        "fpsolve's options with <default>; PETSc's full list: -help_petsc\n",
                        kVersion));
  // The registry prints itself: read every fpsolve option once with PETSc's help switched on.
  PetscCall(PetscOptionsSetValue(nullptr, "-help", nullptr));
  PetscErrorCode err = ReadConfig(comm, &cfg);
  if (!err) err = Finisher::ShowOptions(comm);  // the finishing KSP's own: -fpsolve_jacobi, ...
  PetscCall(PetscOptionsClearValue(nullptr, "-help"));
  PetscCall(err);
  PetscCall(PetscPrintf(
      comm,
      "----------------------------------------\n"
      "PETSc options fpsolve sets or relies on (the full list: -help_petsc):\n"
      "  -da_grid_x <1001>: grid points including the boundary\n"
      "  -ksp_type <richardson>: the finishing KSP (any KSP: cg, gmres, ...)\n"
      "  -pc_type <jacobi>: its preconditioner (any PC: mg, lu, ...)\n"
      "  -ksp_richardson_scale <1>: 1 = classical Jacobi; other > 0: damped (both fused)\n"
      "  -ksp_max_it <100000000>: KSP iteration limit; -ksp_rtol <1e-12>\n"
      "  -options_file <FILE>: read options from FILE (inputs/*.opts)\n"
      "  -log_view: time per stage (Setup, Train, Solve, Output) and event at the end\n"
      "  -version: fpsolve's and PETSc's versions\n"));
  PetscFunctionReturn(0);
}

}  // namespace fpsolve
