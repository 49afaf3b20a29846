// The -cycle_* options of -mode cycle (docs/cycles.md): declared here, with their defaults and
// meaning (-help), validated as they are read.
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "fpsolve/app/config.hpp"
#include "fpsolve/base/error.hpp"

namespace fpsolve {
namespace {

const char *const kCycleNets[] = {"fresh", "warm"};
const char *const kCycleStarts[] = {"zero", "net"};

// "auto" -> -1, else a non-negative integer.
PetscErrorCode ParseCountOrAuto(MPI_Comm comm, const char *name, const char *text, PetscInt *out) {
  PetscFunctionBeginUser;
  if (!std::strcmp(text, "auto")) {
    *out = -1;
    PetscFunctionReturn(0);
  }
  char *end = nullptr;
  errno = 0;
  const long long v = std::strtoll(text, &end, 10);
  PetscCheck(errno == 0 && end != text && *end == '\0' && v >= 0 && v <= 2000000000LL, comm,
             kErrBadInput, "%s %s: expected a non-negative integer or auto", name, text);
  *out = (PetscInt)v;
  PetscFunctionReturn(0);
}

// "auto" -> -1, else a number in (0, 1].
PetscErrorCode ParseFractionOrAuto(MPI_Comm comm, const char *text, double *out) {
  PetscFunctionBeginUser;
  if (!std::strcmp(text, "auto")) {
    *out = -1;
    PetscFunctionReturn(0);
  }
  char *end = nullptr;
  errno = 0;
  const double v = std::strtod(text, &end);
  PetscCheck(errno == 0 && end != text && *end == '\0' && std::isfinite(v) && v > 0 && v <= 1, comm,
             kErrBadInput, "-cycle_smooth_fraction %s: must be in (0, 1] or auto", text);
  *out = v;
  PetscFunctionReturn(0);
}

// "auto" -> -1, "full" -> 0, else a positive integer.
PetscErrorCode ParseCandidatePoints(MPI_Comm comm, const char *text, PetscInt *out) {
  PetscFunctionBeginUser;
  *out = !std::strcmp(text, "auto") ? -1 : 0;
  if (!std::strcmp(text, "auto") || !std::strcmp(text, "full")) PetscFunctionReturn(0);
  char *end = nullptr;
  errno = 0;
  const long long v = std::strtoll(text, &end, 10);
  PetscCheck(errno == 0 && end != text && *end == '\0' && v >= 1 && v <= 2000000000LL, comm,
             kErrBadInput, "-cycle_candidate_points %s: expected a positive integer, full or auto",
             text);
  *out = (PetscInt)v;
  PetscFunctionReturn(0);
}

}  // namespace

PetscErrorCode ReadCycleOptions(MPI_Comm comm, AppConfig *cfg) {
  hybrid::CycleConfig &c = cfg->cycle;
  char sweeps[64] = "auto", steps[64] = "auto", fraction[64] = "auto", candidate[64] = "auto";
  PetscInt net = c.warm ? 1 : 0;
  PetscFunctionBeginUser;
  PetscOptionsBegin(comm, nullptr, "fpsolve: correction cycles (-mode cycle)", "fpsolve");
  PetscCall(PetscOptionsString("-cycle_sweeps",
                               "Jacobi sweeps before each correction: N, or auto (until the error "
                               "above -cycle_smooth_mode is small, from the residual spectrum)",
                               "", sweeps, sweeps, sizeof sweeps, nullptr));
  PetscCall(ParseCountOrAuto(comm, "-cycle_sweeps", sweeps, &c.sweeps));
  PetscCall(PetscOptionsString("-cycle_train_steps",
                               "Training steps per correction: N, or auto (until the correction's "
                               "error energy stops falling; train only when it pays)",
                               "", steps, steps, sizeof steps, nullptr));
  PetscCall(ParseCountOrAuto(comm, "-cycle_train_steps", steps, &c.train_steps));
  PetscCall(PetscOptionsBoundedInt("-cycle_max", "Maximum number of cycles", "", c.max_cycles,
                                   &c.max_cycles, nullptr, 1));
  PetscCall(PetscOptionsEList(
      "-cycle_net", "Net of each correction: fresh (new init) or warm (continue the last)", "",
      kCycleNets, 2, kCycleNets[net], &net, nullptr));
  c.warm = net == 1;
  PetscInt start = cfg->cycle_start_net ? 1 : 0;
  PetscCall(PetscOptionsEList(
      "-cycle_start",
      "Iterate the cycles start from: zero, or net (a net trained on the problem itself and "
      "chosen by -hybrid_switch step:N|time:S|auto, as -mode hybrid does)",
      "", kCycleStarts, 2, kCycleStarts[start], &start, nullptr));
  cfg->cycle_start_net = start == 1;
  PetscCall(PetscOptionsReal("-cycle_amplitude",
                             "Amplitude the scaled correction problem is given (the residual is "
                             "scaled by this / the error amplitude predicted from its spectrum)",
                             "", c.amplitude, &c.amplitude, nullptr));
  PetscCall(PetscOptionsBoundedInt(
      "-cycle_smooth_mode",
      "auto sweeps: modes above this one are left to Jacobi (0: -cycle_smooth_fraction x (n+1))",
      "", c.smooth_mode, &c.smooth_mode, nullptr, 0));
  PetscCall(PetscOptionsString(
      "-cycle_smooth_fraction",
      "auto sweeps: the cut-off mode as a fraction of the n modes (the corrections learn the "
      "modes below it, the smoother damps the rest), or auto: 1/8, at most what the net's Fourier "
      "sigma reaches (16 L sigma modes); -dnn_input fourier without -dnn_fourier_sigma gets the "
      "sigma of the error's energy at the zero start",
      "", fraction, fraction, sizeof fraction, nullptr));
  PetscCall(ParseFractionOrAuto(comm, fraction, &c.smooth_fraction));
  PetscCall(PetscOptionsReal("-cycle_smoother_weight",
                             "Richardson scale of the smoothing sweeps (damped Jacobi; 1: "
                             "classical, which leaves the modes near n as slow as mode 1)",
                             "", c.smoother_weight, &c.smoother_weight, nullptr));
  PetscCall(
      PetscOptionsReal("-cycle_smooth_ratio",
                       "auto sweeps: mode above -cycle_smooth_mode damped by this factor, and the "
                       "error above it at most this fraction of the error below it",
                       "", c.smooth_ratio, &c.smooth_ratio, nullptr));
  PetscCall(PetscOptionsBoundedInt("-cycle_train_max", "auto training: most steps per correction",
                                   "", c.auto_max_steps, &c.auto_max_steps, nullptr, 1));
  PetscCall(PetscOptionsBoundedInt(
      "-cycle_train_patience",
      "auto training: -train_record_stride records without a lower error energy before stopping",
      "", c.auto_patience, &c.auto_patience, nullptr, 1));
  PetscCall(PetscOptionsString(
      "-cycle_candidate_points",
      "Candidates: the net evaluated on M interior points per axis (at most the grid's) and "
      "prolonged spectrally to the grid (its modes above M dropped), full (every grid point), or "
      "auto: M = 4 x the cut-off mode in 2D/3D when 2M is at most the largest axis' interior "
      "points, else full",
      "", candidate, candidate, sizeof candidate, nullptr));
  PetscCall(ParseCandidatePoints(comm, candidate, &c.candidate_points));
  PetscCall(PetscOptionsInt("-cycle_test_reject",
                            "Testing: negate the correction of this cycle (0-based; it must be "
                            "rejected); -1: off",
                            "", c.reject_cycle, &c.reject_cycle, nullptr));
  PetscOptionsEnd();
  PetscBool sigma_set = PETSC_FALSE;
  PetscCall(PetscOptionsHasName(nullptr, nullptr, "-dnn_fourier_sigma", &sigma_set));
  c.band_sigma = !sigma_set;
  PetscCall(PetscOptionsHasName(nullptr, nullptr, "-dnn_mscale", &sigma_set));
  c.band_scales = !sigma_set;
  PetscCheck(std::isfinite(c.smoother_weight) && c.smoother_weight > 0 && c.smoother_weight <= 1,
             comm, kErrBadInput, "-cycle_smoother_weight %g: must be in (0, 1]", c.smoother_weight);
  PetscCheck(std::isfinite(c.amplitude) && c.amplitude > 0, comm, kErrBadInput,
             "-cycle_amplitude %g: must be a finite number > 0", c.amplitude);
  PetscCheck(std::isfinite(c.smooth_ratio) && c.smooth_ratio > 0, comm, kErrBadInput,
             "-cycle_smooth_ratio %g: must be a finite number > 0", c.smooth_ratio);
  PetscFunctionReturn(0);
}

}  // namespace fpsolve
