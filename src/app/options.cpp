// The option registry: every fpsolve parameter is declared here, once, with its default and
// meaning (what -help prints). Values are validated as they are read.
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <string>

#include "fpsolve/app/config.hpp"
#include "fpsolve/base/error.hpp"
#include "fpsolve/base/strict_options.hpp"

namespace fpsolve {
namespace {

const char *const kModes[] = {"hybrid", "jacobi", "dnn", "sweep", "fit", "cycle"};
const char *const kActivations[] = {"tanh", "sin", "relu"};
const char *const kPrecisions[] = {"single", "double"};
const char *const kLosses[] = {"ritz", "pinn", "mse"};
const char *const kSamplings[] = {"random", "grid"};
const char *const kProblems[] = {"seed", "expr"};
const char *const kReferences[] = {"discrete", "exact"};

PetscErrorCode ParseInit(MPI_Comm comm, const char *text, nn::InitSpec *init) {
  PetscFunctionBeginUser;
  using Kind = nn::InitSpec::Kind;
  if (!std::strcmp(text, "fanin_uniform")) {
    init->kind = Kind::FaninUniform;
  } else if (!std::strcmp(text, "glorot_normal")) {
    init->kind = Kind::GlorotNormal;
  } else if (!std::strncmp(text, "normal:", 7)) {
    char *end;
    init->kind = Kind::Normal;
    init->std = std::strtod(text + 7, &end);
    PetscCheck(*end == '\0' && end != text + 7 && init->std > 0, comm, kErrBadInput,
               "-dnn_init %s: expected normal:STD with STD > 0", text);
  } else {
    SETERRQ(comm, kErrBadInput, "-dnn_init %s: expected fanin_uniform, glorot_normal or normal:STD",
            text);
  }
  PetscFunctionReturn(0);
}

PetscErrorCode ParseSwitch(MPI_Comm comm, const char *text, SwitchPolicy *sw) {
  PetscFunctionBeginUser;
  using Kind = SwitchPolicy::Kind;
  char *end = nullptr;
  if (!std::strcmp(text, "auto")) {
    sw->kind = Kind::Auto;
    PetscFunctionReturn(0);
  }
  if (!std::strncmp(text, "step:", 5)) {
    sw->kind = Kind::Step;
    sw->value = std::strtod(text + 5, &end);
  } else if (!std::strncmp(text, "time:", 5)) {
    sw->kind = Kind::Time;
    sw->value = std::strtod(text + 5, &end);
  }
  PetscCheck(end && *end == '\0' && end != text + 5 && sw->value >= 0, comm, kErrBadInput,
             "-hybrid_switch %s: expected step:N, time:SECONDS or auto", text);
  PetscFunctionReturn(0);
}

// -checkpoint_interval: "N" (steps in training, iterations in the KSP), "Ns" (seconds) or 0.
PetscErrorCode ParseInterval(MPI_Comm comm, const char *text, CheckpointConfig *c) {
  PetscFunctionBeginUser;
  char *end = nullptr;
  errno = 0;
  const double v = std::strtod(text, &end);
  const bool seconds = end && end != text && *end == 's' && end[1] == '\0';
  const bool count = end && end != text && *end == '\0';
  PetscCheck(errno == 0 && (seconds || count) && std::isfinite(v) && v >= 0 &&
                 (seconds || (v == std::floor(v) && v <= 1e15)),
             comm, kErrBadInput,
             "-checkpoint_interval %s: expected N (steps/iterations), Ns (seconds) or 0 (off)",
             text);
  c->every = seconds ? 0 : (long long)v;
  c->seconds = seconds ? v : 0;
  PetscCheck(!seconds || v > 0, comm, kErrBadInput, "-checkpoint_interval %s: must be > 0s", text);
  PetscFunctionReturn(0);
}

PetscErrorCode ReadCheckpointOptions(MPI_Comm comm, AppConfig *cfg) {
  char buf[PETSC_MAX_PATH_LEN] = "0";
  CheckpointConfig &c = cfg->checkpoint;
  PetscFunctionBeginUser;
  PetscOptionsBegin(comm, nullptr, "fpsolve: checkpoints and restart", "fpsolve");
  PetscCall(PetscOptionsString("-checkpoint_interval",
                               "Checkpoint every N training steps / KSP iterations, or every Ns "
                               "seconds (e.g. 600s); 0: only on a stop signal",
                               "", buf, buf, sizeof buf, nullptr));
  PetscCall(ParseInterval(comm, buf, &c));
  PetscCall(PetscOptionsBoundedInt("-checkpoint_keep", "Checkpoints kept (older ones are removed)",
                                   "", c.keep, &c.keep, nullptr, 1));
  buf[0] = 0;
  PetscCall(PetscOptionsString("-checkpoint_dir",
                               "Directory of the checkpoints (default: that of -output)", "", buf,
                               buf, sizeof buf, nullptr));
  c.dir = buf;
  buf[0] = 0;
  PetscCall(PetscOptionsString("-restart",
                               "Continue from a checkpoint: PATH, or auto (the newest valid one "
                               "of this -output; none: start from the beginning)",
                               "", buf, buf, sizeof buf, nullptr));
  c.restart = buf;
  PetscOptionsEnd();
  PetscCheck(c.dir.empty() || c.dir.find_first_not_of(' ') != std::string::npos, comm, kErrBadInput,
             "-checkpoint_dir: empty path");
  PetscCheck(cfg->mode != Mode::Sweep || (c.every == 0 && c.seconds == 0), comm, kErrBadInput,
             "-checkpoint_interval: sweep mode cannot be checkpointed (its snapshots are not "
             "saved); run its members as hybrid runs instead");
  PetscCheck(cfg->mode != Mode::Sweep || c.restart.empty(), comm, kErrBadInput,
             "-restart: sweep mode cannot be restarted (its snapshots are not checkpointed)");
  PetscFunctionReturn(0);
}

PetscErrorCode ReadIntList(const char *name, const char *help, std::vector<int> *out,
                           PetscOptionItems *PetscOptionsObject, MPI_Comm comm) {
  PetscInt values[257] = {0}, n = 257;  // one more than allowed: a longer list is refused
  PetscBool set;
  PetscFunctionBeginUser;
  std::ostringstream def;
  for (size_t i = 0; i < out->size(); ++i) def << (i ? "," : "") << (*out)[i];
  PetscCall(DeclareListOption(name, help, out->empty() ? "none" : def.str(), PetscOptionsObject));
  PetscCall(PetscOptionsGetIntArray(nullptr, nullptr, name, values, &n, &set));
  if (set) {
    PetscCheck(n > 0, comm, kErrBadInput, "%s: expected a comma-separated list of integers", name);
    PetscCheck(n <= 256, comm, kErrBadInput, "%s: more than 256 entries", name);
    out->assign(values, values + n);
  }
  PetscFunctionReturn(0);
}

// -spectrum_modes: "k1,k2,..." (1D) or "kx:ky,..." / "kx:ky:kz,..." (2D/3D). The component
// count is checked against the dimension once the grid exists (validate.cpp).
PetscErrorCode ReadModeList(AppConfig *cfg, PetscOptionItems *PetscOptionsObject, MPI_Comm comm) {
  char buf[1024] = "";
  PetscBool set;
  PetscFunctionBeginUser;
  PetscCall(PetscOptionsString(
      "-spectrum_modes",
      "Modes to track, 1-based: k1,k2,... in 1D, kx:ky[:kz],... in 2D/3D (default none: detect "
      "-spectrum_peaks peaks)",
      "", buf, buf, sizeof(buf), &set));
  if (!set) PetscFunctionReturn(0);
  std::stringstream list(buf);
  std::string item;
  cfg->spectrum.modes.clear();
  while (std::getline(list, item, ',')) {
    std::array<int, 3> k = {0, 0, 0};
    std::stringstream parts(item);
    std::string part;
    int count = 0;
    while (std::getline(parts, part, ':')) {
      char *end = nullptr;
      const long v = std::strtol(part.c_str(), &end, 10);
      PetscCheck(
          count < 3 && !part.empty() && *end == '\0' && v >= 1 && v <= 1 << 30, comm, kErrBadInput,
          "-spectrum_modes: '%s' is not a 1-based mode (k or kx:ky or kx:ky:kz)", item.c_str());
      k[count++] = (int)v;
    }
    PetscCheck(count > 0, comm, kErrBadInput, "-spectrum_modes: empty mode in '%s'", buf);
    cfg->spectrum.modes.push_back(k);
  }
  PetscCheck(!cfg->spectrum.modes.empty(), comm, kErrBadInput,
             "-spectrum_modes: expected a comma-separated list of modes");
  PetscFunctionReturn(0);
}

PetscErrorCode ReadRunOptions(MPI_Comm comm, AppConfig *cfg) {
  char buf[PETSC_MAX_PATH_LEN];
  PetscInt idx;
  PetscBool set;
  PetscFunctionBeginUser;
  PetscOptionsBegin(comm, nullptr, "fpsolve: run", "fpsolve");
  idx = (PetscInt)cfg->mode;
  PetscCall(PetscOptionsEList(
      "-mode",
      "What to run (required): hybrid: train then finish with the KSP; jacobi: KSP from zero; dnn: "
      "train only; sweep: KSP "
      "from several snapshots; fit: least-squares fit (F-Principle demo); cycle: Jacobi sweeps and "
      "DNN corrections on the residual equation, repeated",
      "", kModes, 6, kModes[idx], &idx, &set));
  cfg->mode = (Mode)idx;
  std::strcpy(buf, cfg->output.c_str());
  PetscCall(PetscOptionsString("-output",
                               "Run file (HDF5); written as PATH.partial and renamed at the end",
                               "", buf, buf, sizeof buf, &set));
  cfg->output = buf;
  PetscCheck(!cfg->output.empty(), comm, kErrBadInput, "-output: empty path");
  PetscBool overwrite = cfg->output_overwrite ? PETSC_TRUE : PETSC_FALSE;
  PetscCall(PetscOptionsBool("-output_overwrite",
                             "Replace an existing -output (else an existing run file is an error)",
                             "", overwrite, &overwrite, nullptr));
  cfg->output_overwrite = overwrite;
  PetscBool quiet = cfg->quiet ? PETSC_TRUE : PETSC_FALSE;
  PetscCall(PetscOptionsBool("-quiet", "No progress lines", "", quiet, &quiet, nullptr));
  cfg->quiet = quiet;
  PetscCall(PetscOptionsReal("-progress_interval", "Seconds between progress lines (rank 0)", "",
                             cfg->progress_interval, &cfg->progress_interval, nullptr));
  PetscCheck(cfg->progress_interval > 0, comm, kErrBadInput, "-progress_interval %g: must be > 0",
             (double)cfg->progress_interval);
  PetscOptionsEnd();
  PetscFunctionReturn(0);
}

PetscErrorCode ReadProblemOptions(MPI_Comm comm, AppConfig *cfg) {
  char buf[4096];
  PetscInt idx = 0, dim = 1;
  PetscBool set;
  PetscReal dom[6] = {-1, 1, -1, 1, -1, 1};
  PetscInt ndom = 6;
  PetscFunctionBeginUser;
  PetscOptionsBegin(comm, nullptr, "fpsolve: problem -Lap u = g", "fpsolve");
  PetscCall(PetscOptionsEList("-problem",
                              "seed: the paper's problem on (-1,1)^dim (tensor product in 2D/3D); "
                              "expr: muParser expressions",
                              "", kProblems, 2, kProblems[0], &idx, nullptr));
  cfg->seed_problem = idx == 0;
  PetscCall(PetscOptionsBoundedInt("-problem_dim", "Space dimension: 1, 2 or 3", "", dim, &dim,
                                   nullptr, 1));
  PetscCheck(dim <= 3, comm, kErrBadInput, "-problem_dim %" PetscInt_FMT ": expected 1, 2 or 3",
             dim);
  buf[0] = 0;
  PetscCall(PetscOptionsString("-problem_rhs",
                               "Right-hand side g(x) (muParser; variables x, y, z; constant pi)",
                               "", buf, buf, sizeof buf, &set));
  cfg->expr.rhs = buf;
  buf[0] = 0;
  PetscCall(PetscOptionsString("-problem_exact",
                               "Exact solution u(x), optional (enables error tracking)", "", buf,
                               buf, sizeof buf, &set));
  cfg->expr.exact = buf;
  buf[0] = 0;
  PetscCall(PetscOptionsString("-problem_bc",
                               "Dirichlet boundary values (default: the exact solution, else 0)",
                               "", buf, buf, sizeof buf, &set));
  cfg->expr.bc = buf;
  PetscCall(DeclareListOption("-problem_domain",
                              "Box a,b[,c,d[,e,f]]: one pair per axis (-1,1 on each)", "-1,1",
                              PetscOptionsObject));
  PetscCall(PetscOptionsGetRealArray(nullptr, nullptr, "-problem_domain", dom, &ndom, &set));
  PetscOptionsEnd();
  // PETSc stops reading an array at its capacity: count the given numbers, so extra ones are
  // refused rather than cut.
  PetscCall(PetscOptionsGetString(nullptr, nullptr, "-problem_domain", buf, sizeof buf, nullptr));
  if (set) ndom = 1 + (PetscInt)std::count(buf, buf + std::strlen(buf), ',');
  PetscCheck(
      !set || ndom == 2 * dim, comm, kErrBadInput,
      "-problem_domain: expected %d numbers (a pair a,b per axis) for -problem_dim %" PetscInt_FMT
      ", got %" PetscInt_FMT,
      (int)(2 * dim), dim, ndom);
  cfg->expr.domain.dim = (int)dim;
  for (PetscInt d = 0; d < dim; ++d) {
    PetscCheck(dom[2 * d] < dom[2 * d + 1], comm, kErrBadInput,
               "-problem_domain %g,%g: need a < b on every axis", (double)dom[2 * d],
               (double)dom[2 * d + 1]);
    cfg->expr.domain.lo[d] = dom[2 * d];
    cfg->expr.domain.hi[d] = dom[2 * d + 1];
  }
  if (cfg->seed_problem) {
    PetscCheck(cfg->expr.rhs.empty() && cfg->expr.exact.empty() && cfg->expr.bc.empty(), comm,
               kErrBadInput, "-problem_rhs/-problem_exact/-problem_bc need -problem expr");
    PetscCheck(!set, comm, kErrBadInput,
               "-problem_domain needs -problem expr (the seed problem lives on (-1,1)^dim)");
  }
  PetscFunctionReturn(0);
}

PetscErrorCode ReadNetOptions(MPI_Comm comm, AppConfig *cfg) {
  char buf[256] = "fanin_uniform";
  PetscInt idx;
  PetscFunctionBeginUser;
  PetscOptionsBegin(comm, nullptr, "fpsolve: network", "fpsolve");
  PetscCall(ReadIntList("-dnn_widths", "Hidden layer widths", &cfg->net.hidden, PetscOptionsObject,
                        comm));
  for (int w : cfg->net.hidden)
    PetscCheck(w > 0 && w <= 1000000, comm, kErrBadInput,
               "-dnn_widths: width %d out of range 1..1000000", w);
  idx = (PetscInt)cfg->net.activation;
  PetscCall(PetscOptionsEList("-dnn_activation", "Activation", "", kActivations, 3,
                              kActivations[idx], &idx, nullptr));
  cfg->net.activation = (nn::Activation)idx;
  idx = (PetscInt)cfg->net.precision;
  PetscCall(PetscOptionsEList("-dnn_precision", "Floating point precision of the net", "",
                              kPrecisions, 2, kPrecisions[idx], &idx, nullptr));
  cfg->net.precision = (nn::Precision)idx;
  PetscCall(PetscOptionsString("-dnn_init",
                               "fanin_uniform (U(+-1/sqrt(fan_in))), glorot_normal or normal:STD",
                               "", buf, buf, sizeof buf, nullptr));
  PetscCall(ParseInit(comm, buf, &cfg->net.init));
  PetscOptionsEnd();
  PetscFunctionReturn(0);
}

PetscErrorCode ReadTrainOptions(MPI_Comm comm, AppConfig *cfg) {
  train::TrainConfig &t = cfg->train;
  PetscBool set;
  PetscInt idx, steps = t.steps, batch = t.batch, seed = (PetscInt)t.seed, stride = t.record_stride;
  char buf[4096] = "";
  PetscFunctionBeginUser;
  PetscOptionsBegin(comm, nullptr, "fpsolve: training", "fpsolve");
  idx = (PetscInt)t.loss;
  PetscCall(PetscOptionsEList("-train_loss",
                              "ritz (energy), pinn (strong residual), mse (fit mode)", "", kLosses,
                              3, kLosses[idx], &idx, &set));
  t.loss = (train::LossKind)idx;
  cfg->train_loss_set = set;
  PetscCall(
      PetscOptionsBoundedInt("-train_steps", "Training steps", "", steps, &steps, nullptr, 0));
  PetscCall(PetscOptionsBoundedInt("-train_batch",
                                   "Global interior samples per step (split over ranks)", "", batch,
                                   &batch, nullptr, 1));
  PetscCall(PetscOptionsReal("-train_lr", "Adam learning rate", "", t.lr, &t.lr, nullptr));
  PetscCall(
      PetscOptionsReal("-train_beta", "Boundary penalty weight", "", t.beta, &t.beta, nullptr));
  PetscCall(PetscOptionsBoundedInt("-train_seed", "Seed of initialisation and sampling", "", seed,
                                   &seed, nullptr, 0));
  idx = (PetscInt)t.sampling;
  PetscCall(PetscOptionsEList("-train_sampling", "random (resampled every step) or grid (fixed)",
                              "", kSamplings, 2, kSamplings[idx], &idx, nullptr));
  t.sampling = (train::Sampling)idx;
  PetscCall(PetscOptionsBoundedInt("-train_record_stride",
                                   "Steps between evaluations on the grid (error, spectrum)", "",
                                   stride, &stride, nullptr, 1));
  PetscCall(PetscOptionsReal("-train_adam_beta1", "Adam beta1", "", t.adam_beta1, &t.adam_beta1,
                             nullptr));
  PetscCall(PetscOptionsReal("-train_adam_beta2", "Adam beta2", "", t.adam_beta2, &t.adam_beta2,
                             nullptr));
  PetscCall(
      PetscOptionsReal("-train_adam_eps", "Adam epsilon", "", t.adam_eps, &t.adam_eps, nullptr));
  PetscCall(PetscOptionsReal("-train_lr_decay", "Multiply lr by this every -train_lr_decay_steps",
                             "", t.lr_decay, &t.lr_decay, nullptr));
  PetscCall(PetscOptionsBoundedInt("-train_lr_decay_steps", "Steps between lr decays", "",
                                   t.lr_decay_steps, &t.lr_decay_steps, nullptr, 1));
  PetscCall(PetscOptionsBoundedInt(
      "-train_boundary_batch",
      "Boundary samples per step in 2D/3D (0: max(2 dim, batch/4); 1D uses both ends)", "",
      t.boundary_batch, &t.boundary_batch, nullptr, 0));
  PetscBool overlap = t.overlap_allreduce ? PETSC_TRUE : PETSC_FALSE;
  PetscCall(PetscOptionsBool(
      "-train_overlap_allreduce",
      "Reduce gradients per layer with MPI_Iallreduce during the backward pass "
      "(identical results; measured slower on 2 ranks, see docs/performance-train.md)",
      "", overlap, &overlap, nullptr));
  t.overlap_allreduce = overlap;
  PetscCall(PetscOptionsString(
      "-fit_target", "fit mode: target f(x) as muParser expression (default: the exact solution)",
      "", buf, buf, sizeof buf, nullptr));
  cfg->fit_target = buf;
  PetscOptionsEnd();
  t.steps = steps, t.batch = batch, t.seed = (std::uint64_t)seed, t.record_stride = stride;
  PetscCheck(t.lr > 0 && t.lr < 10, comm, kErrBadInput, "-train_lr %g: must be in (0, 10)", t.lr);
  PetscCheck(t.beta >= 0, comm, kErrBadInput, "-train_beta %g: must be >= 0", t.beta);
  PetscCheck(t.adam_beta1 >= 0 && t.adam_beta1 < 1 && t.adam_beta2 >= 0 && t.adam_beta2 < 1, comm,
             kErrBadInput, "-train_adam_beta1/2: must be in [0, 1)");
  PetscCheck(t.adam_eps > 0, comm, kErrBadInput, "-train_adam_eps %g: must be > 0", t.adam_eps);
  PetscCheck(t.lr_decay > 0 && t.lr_decay <= 1, comm, kErrBadInput,
             "-train_lr_decay %g: must be in (0, 1]", t.lr_decay);
  PetscFunctionReturn(0);
}

PetscErrorCode ReadSolveOptions(MPI_Comm comm, AppConfig *cfg) {
  char buf[64] = "auto";
  PetscInt idx = 0;
  PetscFunctionBeginUser;
  PetscOptionsBegin(comm, nullptr, "fpsolve: switch, sweep and finish", "fpsolve");
  PetscCall(PetscOptionsString(
      "-hybrid_switch",
      "When hybrid mode stops training: step:N, time:SECONDS or auto (no exact solution used)", "",
      buf, buf, sizeof buf, nullptr));
  PetscCall(ParseSwitch(comm, buf, &cfg->hybrid_switch));
  PetscCall(PetscOptionsReal("-hybrid_auto_target",
                             "auto switch: max error the predicted finish aims at (default: "
                             "-jacobi_target_error if set, else 1e-2)",
                             "", cfg->hybrid_switch.auto_target, &cfg->hybrid_switch.auto_target,
                             nullptr));
  PetscCall(PetscOptionsBoundedInt(
      "-hybrid_auto_patience",
      "auto switch: training records without a better predicted total time before switching, "
      "counted once a net leads (best, and < 3/4 of the zero guess's predicted sweeps)",
      "", cfg->hybrid_switch.auto_patience, &cfg->hybrid_switch.auto_patience, nullptr, 1));
  PetscCall(ReadIntList("-sweep_switch_steps",
                        "Steps at which sweep mode starts a KSP continuation", &cfg->sweep_steps,
                        PetscOptionsObject, comm));
  for (size_t i = 0; i < cfg->sweep_steps.size(); ++i)
    PetscCheck(
        cfg->sweep_steps[i] >= 0 && (i == 0 || cfg->sweep_steps[i] > cfg->sweep_steps[i - 1]), comm,
        kErrBadInput, "-sweep_switch_steps: must be increasing and >= 0");
  PetscBool sweep_jacobi = cfg->sweep_jacobi ? PETSC_TRUE : PETSC_FALSE;
  PetscCall(PetscOptionsBool("-sweep_jacobi",
                             "Sweep mode also runs the KSP from the zero guess (Jacobi alone, "
                             "written to /solve)",
                             "", sweep_jacobi, &sweep_jacobi, nullptr));
  cfg->sweep_jacobi = sweep_jacobi;
  PetscCall(PetscOptionsBoundedInt(
      "-jacobi_record_stride", "Iterations between solve history records", "",
      cfg->finish.record_stride, &cfg->finish.record_stride, nullptr, 1));
  PetscCall(PetscOptionsReal(
      "-jacobi_target_error",
      "Stop the KSP when max |u - u_exact| <= this (needs an exact solution; <= 0: off)", "",
      cfg->finish.target_error, &cfg->finish.target_error, nullptr));
  PetscCall(ReadModeList(cfg, PetscOptionsObject, comm));
  PetscCall(PetscOptionsBoundedInt("-spectrum_peaks",
                                   "Number of peaks of the reference spectrum to track", "",
                                   cfg->spectrum.peaks, &cfg->spectrum.peaks, nullptr, 1));
  PetscCall(PetscOptionsEList(
      "-spectrum_reference",
      "Reference for per-mode errors: discrete (exact discrete solution) or exact (continuous)", "",
      kReferences, 2, kReferences[0], &idx, nullptr));
  cfg->spectrum.reference_exact = idx == 1;
  PetscCall(PetscOptionsBoundedInt("-spectrum_full_every", "Records between full error spectra", "",
                                   cfg->spectrum.full_every, &cfg->spectrum.full_every, nullptr,
                                   1));
  PetscCall(PetscOptionsBoundedInt(
      "-spectrum_shells", "2D/3D: |k| shells of the shell-binned error (0: unit-width shells)", "",
      cfg->spectrum.shells, &cfg->spectrum.shells, nullptr, 0));
  PetscCall(PetscOptionsBoundedInt(
      "-spectrum_full_max_modes",
      "2D/3D: record the full error spectrum (every -spectrum_full_every records) only on grids "
      "with at most this many modes (0: never)",
      "", cfg->spectrum.full_max_modes, &cfg->spectrum.full_max_modes, nullptr, 0));
  PetscOptionsEnd();
  PetscFunctionReturn(0);
}

// PETSc reads its viewer and diagnostic options when a solve ends or at PetscFinalize, after
// this check runs (-ksp_converged_reason, -ksp_view, -log_view_memory, -options_left ...):
// those are not typos.
bool ReadAfterTheSolve(const std::string &name) {
  static const char *const endings[] = {"converged_reason", "converged_rate"};
  static const char *const starts[] = {"options_", "log_", "malloc", "memory_"};
  if (name.find("_view") != std::string::npos) return true;
  for (const char *e : endings) {
    const std::size_t n = std::strlen(e);
    if (name.size() >= n && name.compare(name.size() - n, n, e) == 0) return true;
  }
  for (const char *st : starts)
    if (name.compare(0, std::strlen(st), st) == 0) return true;
  return false;
}

}  // namespace

// A list option shown by -help with its whole default (PETSc's array options print only the
// first entry: `-dnn_widths <4000>`). Declared as a string for -help and the used-option
// bookkeeping; the value itself is parsed by PETSc's array reader, as before.
PetscErrorCode DeclareListOption(const char *name, const char *help, const std::string &def,
                                 PetscOptionItems *PetscOptionsObject) {
  char value[256];
  PetscFunctionBeginUser;
  std::snprintf(value, sizeof value, "%s", def.c_str());
  PetscCall(PetscOptionsString(name, help, "", def.c_str(), value, sizeof value, nullptr));
  PetscFunctionReturn(0);
}

const char *ModeName(Mode m) {
  return kModes[(int)m];
}

PetscErrorCode ReadConfig(MPI_Comm comm, AppConfig *cfg) {
  PetscBool help;
  PetscFunctionBeginUser;
  PetscCall(PetscOptionsHasHelp(nullptr, &help));
  cfg->help = help;
  PetscCall(OptionsCheckValues(comm));  // no empty values, no loose lists, before any default
  PetscCall(ReadRunOptions(comm, cfg));
  PetscCall(ReadProblemOptions(comm, cfg));
  PetscCall(ReadNetOptions(comm, cfg));
  PetscCall(ReadEmbeddingOptions(comm, &cfg->net.input));
  PetscCall(ReadTrainOptions(comm, cfg));
  PetscCall(ReadImageFitOptions(comm, cfg));
  PetscCall(ReadSolveOptions(comm, cfg));
  PetscCall(ReadSnapshotOptions(comm, &cfg->snapshots));
  PetscCall(ReadCheckpointOptions(comm, cfg));
  PetscCall(ReadCycleOptions(comm, cfg));
  // PETSc casts a 64-bit literal to the 32-bit PetscInt ("-train_steps 4294967297" would be 1).
  for (const char *name :
       {"-train_steps", "-train_batch", "-train_seed", "-train_record_stride",
        "-train_lr_decay_steps", "-train_boundary_batch", "-hybrid_auto_patience",
        "-jacobi_record_stride", "-jacobi_check_stride", "-spectrum_peaks", "-spectrum_full_every",
        "-checkpoint_keep", "-snapshot_max"})
    PetscCall(OptionsCheckInt(comm, name, -2147483647LL - 1, 2147483647LL));
  for (const char *name : {"-dnn_widths", "-sweep_switch_steps"})
    PetscCall(OptionsCheckInt(comm, name, -2147483647LL - 1, 2147483647LL, true));
  PetscCall(ValidateOptionCombinations(comm, *cfg));
  PetscFunctionReturn(0);
}

PetscErrorCode RejectUnusedOptions(MPI_Comm comm) {
  PetscInt n;
  char **names, **values;
  PetscFunctionBeginUser;
  PetscCall(PetscOptionsLeftGet(nullptr, &n, &names, &values));
  std::string list;
  PetscInt unused = 0;
  for (PetscInt i = 0; i < n; ++i) {
    if (ReadAfterTheSolve(names[i])) continue;
    list += std::string(unused++ ? ", " : "") + "-" + names[i];
  }
  PetscCall(PetscOptionsLeftRestore(nullptr, &n, &names, &values));
  PetscCheck(unused == 0, comm, kErrBadInput, "unknown or unused option%s: %s (see -help)",
             unused > 1 ? "s" : "", list.c_str());
  PetscFunctionReturn(0);
}

}  // namespace fpsolve
