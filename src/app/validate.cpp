// Input checks that need more than one option, or the grid: contradictions between options,
// and problem data that is not finite on the grid (an expression like sqrt(x) on (-1,1)).
// Single-option ranges are checked where each option is read (options.cpp).
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <limits>

#include "fpsolve/app/run.hpp"
#include "fpsolve/base/error.hpp"
#include "fpsolve/base/log_event.hpp"

namespace fpsolve {
namespace {

PetscErrorCode IsSet(const char *name, bool *set) {
  PetscBool s;
  PetscFunctionBeginUser;
  PetscCall(PetscOptionsHasName(nullptr, nullptr, name, &s));
  *set = s;
  PetscFunctionReturn(0);
}

// The smallest grid coordinate x (over all ranks) where f(local index, point) is not finite,
// or +inf.
PetscErrorCode FirstNonFinite(const Run &run,
                              const std::function<double(PetscInt, const double *)> &f,
                              double *where) {
  PetscFunctionBeginUser;
  double first = std::numeric_limits<double>::infinity();
  PetscCall(GridForEachOwned(run.grid, [&](PetscInt k, const PetscInt *, const double *x, bool) {
    if (!std::isfinite(f(k, x))) first = std::min(first, x[0]);
  }));
  PetscCallMPI(MPI_Allreduce(&first, where, 1, MPI_DOUBLE, MPI_MIN, run.comm));
  PetscFunctionReturn(0);
}

// f at every owned point into a new Vec of the grid, and the first point where it is not finite.
PetscErrorCode EvaluateOnGrid(const Run &run, const std::function<double(const double *)> &f,
                              Vec *values, double *where) {
  const PetscScalar *a;
  PetscFunctionBeginUser;
  PetscCall(DMCreateGlobalVector(run.grid.da, values));
  PetscCall(GridFill(run.grid, f, *values));
  PetscCall(VecGetArrayRead(*values, &a));
  PetscCall(FirstNonFinite(
      run, [&](PetscInt k, const double *) { return PetscRealPart(a[k]); }, where));
  PetscCall(VecRestoreArrayRead(*values, &a));
  PetscFunctionReturn(0);
}

}  // namespace

PetscErrorCode ValidateOptionCombinations(MPI_Comm comm, const AppConfig &cfg) {
  bool set = false;
  PetscFunctionBeginUser;
  const char *mode = ModeName(cfg.mode);
  // Options of another mode are not typos: an options file is often shared between modes
  // (seed_quick.opts with -mode jacobi). Not silent either: rank 0 says they are ignored.
  const auto other_mode = [&](const char *name, Mode owner) -> PetscErrorCode {
    PetscFunctionBeginUser;
    PetscCall(IsSet(name, &set));
    if (set && cfg.mode != owner)
      PetscCall(PetscPrintf(comm, "fpsolve: warning: %s is for -mode %s; ignored in -mode %s\n",
                            name, ModeName(owner), mode));
    PetscFunctionReturn(0);
  };
  // -mode cycle -cycle_start net chooses its start as hybrid mode chooses its switch.
  const bool hybrid_start = cfg.mode == Mode::Cycle && cfg.cycle_start_net;
  for (const char *name : {"-hybrid_switch", "-hybrid_auto_target", "-hybrid_auto_patience"})
    if (!hybrid_start) PetscCall(other_mode(name, Mode::Hybrid));
  PetscCall(other_mode("-sweep_switch_steps", Mode::Sweep));
  PetscCall(other_mode("-sweep_jacobi", Mode::Sweep));
  for (const char *name : {"-cycle_sweeps", "-cycle_train_steps", "-cycle_max", "-cycle_net",
                           "-cycle_amplitude", "-cycle_smooth_mode", "-cycle_smooth_ratio",
                           "-cycle_smooth_fraction", "-cycle_smoother_weight", "-cycle_train_max",
                           "-cycle_train_patience", "-cycle_test_reject"})
    PetscCall(other_mode(name, Mode::Cycle));
  PetscCall(other_mode("-cycle_start", Mode::Cycle));
  const SwitchPolicy &sw = cfg.hybrid_switch;
  PetscCheck(sw.kind != SwitchPolicy::Kind::Step || sw.value == std::floor(sw.value), comm,
             kErrBadInput, "-hybrid_switch step:%g: the step must be an integer", sw.value);
  PetscCheck(sw.kind != SwitchPolicy::Kind::Step || sw.value <= 2147483647.0, comm, kErrBadInput,
             "-hybrid_switch step:%g: too large", sw.value);
  PetscCheck(std::isfinite(sw.value), comm, kErrBadInput, "-hybrid_switch: must be finite");
  PetscCall(IsSet("-hybrid_auto_target", &set));
  PetscCheck(!set || (std::isfinite(sw.auto_target) && sw.auto_target > 0), comm, kErrBadInput,
             "-hybrid_auto_target %g: must be a finite error > 0", sw.auto_target);
  PetscCheck(std::isfinite(cfg.finish.target_error), comm, kErrBadInput,
             "-jacobi_target_error: must be finite");
  PetscCheck(std::isfinite(cfg.train.beta), comm, kErrBadInput, "-train_beta %g: must be finite",
             cfg.train.beta);
  PetscCheck(std::isfinite(cfg.train.adam_eps), comm, kErrBadInput,
             "-train_adam_eps %g: must be finite", cfg.train.adam_eps);
  PetscCheck(cfg.net.init.kind != nn::InitSpec::Kind::Normal || std::isfinite(cfg.net.init.std),
             comm, kErrBadInput, "-dnn_init normal:%g: STD must be finite", cfg.net.init.std);
  for (int d = 0; d < cfg.expr.domain.dim; ++d)
    PetscCheck(std::isfinite(cfg.expr.domain.lo[d]) && std::isfinite(cfg.expr.domain.hi[d]), comm,
               kErrBadInput, "-problem_domain: the bounds must be finite");
  PetscFunctionReturn(0);
}

PetscErrorCode ValidateProblemOnGrid(Run &run) {
  const Problem &p = *run.problem;
  double at;
  PetscFunctionBeginUser;
  static LogEvent event("FpProblemOnGrid");
  PetscCall(event.Begin());
  PetscCall(EvaluateOnGrid(
      run, [&](const double *x) { return p.rhs(x); }, &run.problem_rhs, &at));
  PetscCheck(std::isinf(at) && at > 0, run.comm, kErrBadInput,
             "-problem_rhs: not finite at x = %g (outside the expression's domain?)", at);
  if (p.has_exact()) {
    PetscCall(EvaluateOnGrid(
        run, [&](const double *x) { return p.exact(x); }, &run.problem_exact, &at));
    PetscCheck(std::isinf(at) && at > 0, run.comm, kErrBadInput,
               "-problem_exact: not finite at x = %g", at);
  }
  // Boundary points have exactly lo or hi as a coordinate (GridCoordinate).
  const Domain &box = run.grid.domain;
  PetscCall(FirstNonFinite(
      run,
      [&](PetscInt, const double *x) {
        for (int d = 0; d < box.dim; ++d)
          if (x[d] == box.lo[d] || x[d] == box.hi[d]) return p.boundary(x);
        return 0.0;
      },
      &at));
  PetscCheck(std::isinf(at) && at > 0, run.comm, kErrBadInput,
             "-problem_bc: not finite at the boundary x = %g", at);
  PetscCall(event.End());
  // A degenerate grid (coordinates that collapse, 1/h^2 or h^2 not representable) is an input
  // error, not a numerical failure or a broken operator later on.
  for (int a = 0; a < run.grid.dim; ++a) {
    const double h = run.grid.h[a], scale = std::max(std::fabs(box.lo[a]), std::fabs(box.hi[a]));
    PetscCheck(std::isfinite(box.hi[a] - box.lo[a]) && h > 0 && std::isfinite(h * h) &&
                   std::isfinite(1 / (h * h)) && h > 64 * DBL_EPSILON * scale,
               run.comm, kErrBadInput,
               "-problem_domain %g,%g with %" PetscInt_FMT
               " points: a degenerate grid (spacing %g; need 1e-154 < h < 1e154 and h well above "
               "the rounding of the coordinates)",
               box.lo[a], box.hi[a], run.grid.n[a], h);
  }
  PetscInt modes = 1;  // interior points = DST modes
  for (int d = 0; d < run.grid.dim; ++d) modes *= run.grid.n[d] - 2;
  static const char *const axis_option[3] = {"-da_grid_x", "-da_grid_y", "-da_grid_z"};
  for (const auto &k : run.cfg.spectrum.modes) {
    const int given = k[2] ? 3 : k[1] ? 2 : 1;
    PetscCheck(given == run.grid.dim, run.comm, kErrBadInput,
               "-spectrum_modes: a mode with %d component(s) in %dD (write kx%s)", given,
               run.grid.dim,
               run.grid.dim == 1   ? ""
               : run.grid.dim == 2 ? ":ky"
                                   : ":ky:kz");
    for (int d = 0; d < run.grid.dim; ++d)
      PetscCheck(k[d] <= run.grid.n[d] - 2, run.comm, kErrBadInput,
                 "-spectrum_modes: mode %d outside 1..%" PetscInt_FMT " (%s %" PetscInt_FMT ")",
                 k[d], run.grid.n[d] - 2, axis_option[d], run.grid.n[d]);
  }
  PetscCheck(run.cfg.spectrum.peaks <= modes, run.comm, kErrBadInput,
             "-spectrum_peaks %" PetscInt_FMT ": the grid has only %" PetscInt_FMT " modes",
             run.cfg.spectrum.peaks, modes);
  PetscFunctionReturn(0);
}

PetscErrorCode RequireExplicitMode(MPI_Comm comm) {
  bool set = false;
  PetscFunctionBeginUser;
  PetscCall(IsSet("-mode", &set));
  PetscCheck(set, comm, kErrBadInput,
             "nothing to run: give -mode hybrid|jacobi|dnn|sweep|fit or an options file "
             "(-options_file inputs/seed_quick.opts); -help lists the options");
  PetscFunctionReturn(0);
}

}  // namespace fpsolve
