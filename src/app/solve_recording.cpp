// The KSP's records into the run file and the progress line.
#include <cmath>
#include <cstdio>

#include "fpsolve/app/run.hpp"
#include "fpsolve/base/clock.hpp"
#include "fpsolve/base/error.hpp"

namespace fpsolve {

PetscErrorCode AttachSolveRecording(Run &run, const std::string &prefix) {
  PetscFunctionBeginUser;
  struct Rate {
    double t0 = -1, it0 = 0, logerr0 = 0;
  };
  auto rate = std::make_shared<Rate>();
  const std::string base = prefix + "/solve/history/";
  run.finisher->set_observer([&run, base, rate](const SolveRecord &r, Vec) -> PetscErrorCode {
    PetscFunctionBeginUser;
    io::RunFile &f = *run.file;
    PetscCall(f.Append(base + "iteration", (double)r.iteration, io::SeriesType::Int64));
    PetscCall(f.Append(base + "time", r.time));
    PetscCall(f.Append(base + "residual", r.residual));
    PetscCall(f.Append(base + "max_error", r.max_error));
    if (rate->t0 < 0) *rate = Rate{r.time, (double)r.iteration, std::log(r.max_error)};
    if (run.progress->due()) {
      const double dt = r.time - rate->t0;
      const double its_per_s = dt > 0 ? (r.iteration - rate->it0) / dt : 0;
      std::string eta;
      const double target = run.cfg.finish.target_error;
      if (target > 0 && std::isfinite(r.max_error) && dt > 0) {
        const double decay = (rate->logerr0 - std::log(r.max_error)) / dt;  // per second
        eta = Progress::eta(std::log(r.max_error) - std::log(target), decay);
      }
      char line[256];
      std::snprintf(line, sizeof line,
                    "solve  it %8" PetscInt_FMT "  residual %.3e  error %.3e  %.0f it/s%s",
                    r.iteration, r.residual, r.max_error, its_per_s, eta.c_str());
      run.progress->print(line);
    }
    PetscFunctionReturn(0);
  });
  PetscFunctionReturn(0);
}

PetscErrorCode FinishSolve(Run &run, Vec guess, const std::string &prefix, SolveResult *result) {
  PetscFunctionBeginUser;
  PetscCall(AttachSolveRecording(run, prefix));
  PetscCall(run.finisher->Solve(guess, run.u, result));
  const std::string group = prefix.empty() ? "/solve" : prefix + "/solve";
  PetscCall(run.file->SetAttribute(group, "iterations", (long long)result->iterations));
  PetscCall(run.file->SetAttribute(group, "stop_reason", result->stop_reason));
  PetscCall(run.file->SetAttribute(group, "final_max_error", result->last.max_error));
  PetscCall(run.file->SetAttribute(group, "final_residual", result->last.residual));
  if (run.progress) {
    char line[256];
    std::snprintf(line, sizeof line,
                  "solve  done after %" PetscInt_FMT " iterations (%s): residual %.3e  error %.3e",
                  result->iterations, result->stop_reason.c_str(), result->last.residual,
                  result->last.max_error);
    run.progress->print(line);
  }
  PetscCheck(result->reason != KSP_DIVERGED_NANORINF && result->reason != KSP_DIVERGED_DTOL &&
                 result->reason != KSP_DIVERGED_BREAKDOWN && std::isfinite(result->last.residual),
             run.comm, kErrNumerical,
             "solve diverged at iteration %" PetscInt_FMT " (%s, residual %g)", result->iterations,
             KSPConvergedReasons[result->reason], result->last.residual);
  PetscFunctionReturn(0);
}

PetscErrorCode RunJacobiMode(Run &run) {
  SolveResult result;
  PetscFunctionBeginUser;
  PetscCall(FinishSolve(run, nullptr, "", &result));
  PetscFunctionReturn(0);
}

}  // namespace fpsolve
