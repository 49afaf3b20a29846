// fpsolve: a DNN trained on the Ritz energy supplies a low-frequency guess (F-Principle);
// PETSc's KSP (default Richardson + Jacobi) finishes the high frequencies. See README.md.
//
// The data path, top to bottom:
//   options -> problem + grid -> finishing KSP (configured now, so -help and typos surface
//   before any expensive work) -> trainer -> checkpoint to restart from (-restart) -> run file
//   (new, or the checkpoint's copy) -> mode (checkpoints and stop signals at each training step
//   and KSP record) -> solution -> commit the run file -> exit code (docs/robustness.md)
#include <cstdio>
#include <cstdlib>
#include <string>

#include "fpsolve/app/exit_status.hpp"
#include "fpsolve/app/help.hpp"
#include "fpsolve/app/options_files.hpp"
#include "fpsolve/app/run.hpp"
#include "fpsolve/app/signals.hpp"
#include "fpsolve/base/clock.hpp"
#include "fpsolve/base/error.hpp"
#include "fpsolve/base/log_event.hpp"
#include "fpsolve/base/test_fault.hpp"

// Printed by PETSc's full -help (-help_petsc); fpsolve's own -help is src/app/help.cpp.
static const char help[] =
    "fpsolve: DNN (F-Principle) initial guess + PETSc Jacobi finish for -Lap u = g.\n"
    "Usage: [mpiexec -n P] fpsolve -mode MODE [-options_file inputs/NAME.opts] [options]\n"
    "fpsolve's options alone: -help\n\n";

namespace fpsolve {

static PetscErrorCode Setup(Run &run) {
  PetscFunctionBeginUser;
  PetscCall(ReadConfig(run.comm, &run.cfg));
  if (run.cfg.seed_problem) {
    run.problem = make_seed_problem(run.cfg.expr.domain.dim);
  } else {
    FpCallCXX(run.comm, run.problem = make_expr_problem(run.cfg.expr));
  }
  PetscCall(PrepareImageFit(run));  // -fit_image: the grid is the image's size
  PetscCall(GridCreate(run.comm, run.problem->domain(), &run.grid));
  PetscCall(ValidateProblemOnGrid(run));
  static LogEvent finisher_event("FpFinisherCreate");
  PetscCall(finisher_event.Begin());
  PetscCall(Finisher::Create(run.grid, *run.problem, run.cfg.finish, &run.finisher, run.problem_rhs,
                             run.problem_exact));
  PetscCall(VecDestroy(&run.problem_exact));  // the finisher holds it
  PetscCall(finisher_event.End());
  PetscCall(DMCreateGlobalVector(run.grid.da, &run.u));
  PetscCheck(run.cfg.finish.target_error <= 0 || run.problem->has_exact(), run.comm, kErrBadInput,
             "-jacobi_target_error needs an exact solution (-problem_exact)");
  PetscCall(SetupTrainer(run));
  PetscCall(PrepareCheckpoints(run));  // -restart: the checkpoint is checked before any output
  run.progress = std::make_unique<Progress>(run.comm, !run.cfg.quiet, run.cfg.progress_interval);
  PetscFunctionReturn(0);
}

static PetscErrorCode Execute(Run &run) {
  PetscFunctionBeginUser;
  static LogEvent open_event("FpRunFileOpen");
  PetscCall(open_event.Begin());
  PetscCall(OpenRunFile(run));              // new, or the restarted run's file as of its checkpoint
  PetscCall(VecDestroy(&run.problem_rhs));  // written into the header; the finisher has b
  PetscCall(open_event.End());
  PetscCall(PetscLogStagePush(run.stages.setup));
  PetscCall(SetupReference(run));
  // The image fit records its own shell spectrum (a cosine transform: an image does not vanish
  // on the boundary; hybrid/image_fit_record); every other run tracks the DST spectra.
  if (!run.image)
    PetscCall(hybrid::SpectralTracker::Create(run.grid, *run.dst, run.reference, run.cfg.spectrum,
                                              *run.file, &run.tracker));
  PetscCall(CreateImageFitRecord(run));
  PetscCall(PlanSnapshots(run));
  PetscCall(PetscLogStagePop());
  TestFault("execute");
  switch (run.cfg.mode) {
    case Mode::Jacobi:
      PetscCall(RunJacobiMode(run));
      break;
    case Mode::Dnn:
    case Mode::Fit:
      PetscCall(RunDnnMode(run));
      break;
    case Mode::Hybrid:
      PetscCall(RunHybridMode(run));
      break;
    case Mode::Sweep:
      PetscCall(RunSweepMode(run));
      break;
    case Mode::Cycle:
      PetscCall(RunCycleMode(run));
      break;
  }
  PetscCall(PetscLogStagePush(run.stages.output));
  PetscCall(run.file->WriteVec("/solution/u", run.grid.da, run.u));
  PetscCall(WriteErrorField(run));
  PetscCall(run.file->SetAttribute("/", "wall_time", RunClock::now()));
  PetscCall(io::RunFile::Commit(&run.file));
  PetscCall(WriteXdmfSidecar(run));
  PetscCall(PetscLogStagePop());
  if (!run.cfg.quiet)
    PetscCall(PetscPrintf(run.comm, "fpsolve: wrote %s\n", run.cfg.output.c_str()));
  PetscFunctionReturn(0);
}

static PetscErrorCode Teardown(Run &run, PetscErrorCode err) {
  PetscFunctionBeginUser;
  // Stopped by a signal: the run file stays as <output>.partial, closed (a restart rebuilds it
  // from the checkpoint anyway). Any other failure removes it. Both are no-ops after a commit.
  if (err == kErrStopped)
    PetscCall(io::RunFile::Suspend(&run.file));
  else
    PetscCall(io::RunFile::Abandon(&run.file));
  PetscCall(DestroyCheckpoints(run));
  run.tracker.reset();
  run.dst.reset();  // FFTW-MPI plans hold a communicator: before PetscFinalize
  run.image_record.reset();
  run.trainer.reset();
  run.correction.reset();
  PetscCall(VecDestroy(&run.reference));
  PetscCall(VecDestroy(&run.problem_rhs));
  PetscCall(VecDestroy(&run.problem_exact));
  PetscCall(VecDestroy(&run.u));
  PetscCall(Finisher::Destroy(&run.finisher));
  PetscCall(GridDestroy(&run.grid));
  PetscFunctionReturn(0);
}

// A C++ exception that no FpCallCXX converted (std::bad_alloc from any allocation, a throw from
// a call nobody wrapped) ends here like a PETSc error: one line, its exit code, and Teardown
// still removes the unfinished run file. Past this it would reach main: std::terminate (134).
template <class Part>
static PetscErrorCode Guarded(MPI_Comm comm, Part &&part) {
  PetscErrorCode err = 0;
  FpCallCXX(comm, err = part());
  return err;
}

// Returns the first error; the run file is committed only when everything succeeded.
static PetscErrorCode Main(Run &run, EarlyRequest request) {
  if (request == EarlyRequest::Version) return PrintVersion(run.comm);
  if (request == EarlyRequest::Help) return PrintShortHelp(run.comm);
  PetscErrorCode err = PetscLogStageRegister("Setup", &run.stages.setup);
  if (!err) err = PetscLogStageRegister("Train", &run.stages.train);
  if (!err) err = PetscLogStageRegister("Solve", &run.stages.solve);
  if (!err) err = PetscLogStageRegister("Output", &run.stages.output);
  if (!err) err = PetscLogStagePush(run.stages.setup);
  if (!err) err = Guarded(run.comm, [&] { return Setup(run); });
  PetscLogStagePop();
  if (!err && run.cfg.help) return Teardown(run, err);
  if (!err) err = RejectUnusedOptions(run.comm);
  if (!err) err = RequireExplicitMode(run.comm);
  if (!err) err = Guarded(run.comm, [&] { return Execute(run); });
  const PetscErrorCode teardown = Teardown(run, err);
  return err ? err : teardown;
}

}  // namespace fpsolve

int main(int argc, char **argv) {
  const fpsolve::EarlyRequest request = fpsolve::TakeEarlyFlags(&argc, argv);
  // MPI first, so that options files are checked (collectively) before PETSc reads them.
  MPI_Init(&argc, &argv);
  if (const int code = fpsolve::PreflightOptionsFiles(MPI_COMM_WORLD, argc, argv)) {
    MPI_Finalize();
    return code;
  }
  // Captured from the start: PetscInitialize's own failures then end with one line.
  fpsolve::InstallErrorCapture();
  if (const PetscErrorCode ierr = PetscInitialize(&argc, &argv, nullptr, help))
    return fpsolve::ReportInitializeFailure(ierr);
  fpsolve::RunClock::start();
  fpsolve::InstallStopSignals();
  fpsolve::Run run;
  run.comm = PETSC_COMM_WORLD;
  const PetscErrorCode err = fpsolve::Main(run, request);
  const int code = fpsolve::ExitCodeFor(err);
  int rank = 0, size = 1;
  MPI_Comm_rank(PETSC_COMM_WORLD, &rank);
  MPI_Comm_size(PETSC_COMM_WORLD, &size);
  if (err && rank == 0)
    std::fprintf(stderr, "fpsolve: %s: %s%s\n", code == fpsolve::kExitSignal ? "stopped" : "error",
                 fpsolve::CapturedErrorMessage().c_str(),
                 code == fpsolve::kExitInternal
                     ? (" (PETSc error " + std::to_string(err) + ")").c_str()
                     : "");
  if (code == fpsolve::kExitInternal && size > 1) {
    // An internal error may have hit one rank only; the others could wait forever.
    if (rank != 0)
      std::fprintf(stderr, "fpsolve: error on rank %d: %s\n", rank,
                   fpsolve::CapturedErrorMessage().c_str());
    MPI_Abort(PETSC_COMM_WORLD, code);
  }
  if (code == fpsolve::kExitIO) {
    // HDF5 keeps a file whose close failed (full disk) and closes it again inside
    // MPI_Finalize, where it crashes. Every rank agreed on this failure and cleaned up: leave.
    run.output_lock.reset();  // the names are free again
    run.checkpoint_lock.reset();
    std::fflush(nullptr);
    std::_Exit(code);
  }
  PetscFinalize();
  MPI_Finalize();  // MPI was initialized before PETSc, so PETSc leaves it to us
  return code;
}
