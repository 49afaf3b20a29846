// -mode cycle's record of a cycle (docs/output-format.md): /cycle/history, the error per mode
// or shell, the progress line.
#include <cstdio>
#include <string>
#include <vector>

#include "cycle_run.hpp"
#include "fpsolve/base/clock.hpp"

namespace fpsolve {

PetscErrorCode RecordCycle(CycleRun &c, PetscInt cycle, PetscInt cycle_sweeps, PetscInt cycle_steps,
                           double scale, int accepted, double energy_before) {
  io::RunFile &f = *c.run.file;
  double error;
  PetscFunctionBeginUser;
  PetscCall(MaxError(c, c.u, &error));
  const std::string h = "/cycle/history/";
  PetscCall(f.Append(h + "cycle", (double)cycle, io::SeriesType::Int64));
  PetscCall(f.Append(h + "sweeps", (double)c.sweeps, io::SeriesType::Int64));
  PetscCall(f.Append(h + "train_steps", (double)c.steps, io::SeriesType::Int64));
  PetscCall(f.Append(h + "time", RunClock::now()));
  PetscCall(f.Append(h + "residual", c.spectrum->residual_norm()));
  PetscCall(f.Append(h + "max_error", error));
  PetscCall(f.Append(h + "accepted", (double)accepted, io::SeriesType::Int64));
  PetscCall(f.Append(h + "energy", c.spectrum->energy()));
  PetscCall(
      f.Append(h + "energy_before", energy_before < 0 ? c.spectrum->energy() : energy_before));
  PetscCall(f.Append(h + "cycle_sweeps", (double)cycle_sweeps, io::SeriesType::Int64));
  PetscCall(f.Append(h + "cycle_train_steps", (double)cycle_steps, io::SeriesType::Int64));
  PetscCall(f.Append(h + "scale", scale));
  // Per mode in 1D, per shell round(|k|) in 2D/3D (docs/output-format.md).
  const std::vector<double> &shells = c.spectrum->shell_errors();
  PetscCall(f.Append("/cycle/error_spectrum", shells.data(), shells.size()));
  char line[256];
  const char *what[] = {"rejected", "accepted", "no correction"};
  std::snprintf(line, sizeof line,
                "cycle  %3" PetscInt_FMT ": %s, sweeps %" PetscInt_FMT " (+%" PetscInt_FMT
                "), steps %lld (+%" PetscInt_FMT "), residual %.3e, energy %.3e, error %.3e",
                cycle, what[accepted < 0 ? 2 : accepted], c.sweeps, cycle_sweeps, c.steps,
                cycle_steps, c.spectrum->residual_norm(), c.spectrum->energy(), error);
  c.run.progress->print(line);
  PetscFunctionReturn(0);
}

}  // namespace fpsolve
