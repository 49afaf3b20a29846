// libFuzzer target for the options and expression layer (optional; clang only; not part of the
// CMake build). The input bytes become an option set: each record is NAME_INDEX VALUE\0, names
// from the option registry; ReadConfig runs, and an accepted expression problem is built and
// evaluated. Build and run: tests/fuzz/run_fuzz_options.sh BUILD_DIR SECONDS.
// The seeded equivalent that runs in the suite: tests/unit/test_options_fuzz.cpp.
#include <petscsys.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "fpsolve/app/config.hpp"
#include "fpsolve/app/exit_status.hpp"
#include "fpsolve/base/error.hpp"
#include "fpsolve/problem/problem.hpp"

namespace {

const char *const kNames[] = {"-mode",
                              "-output",
                              "-quiet",
                              "-progress_interval",
                              "-problem",
                              "-problem_rhs",
                              "-problem_exact",
                              "-problem_bc",
                              "-problem_domain",
                              "-dnn_widths",
                              "-dnn_activation",
                              "-dnn_precision",
                              "-dnn_init",
                              "-train_loss",
                              "-train_steps",
                              "-train_batch",
                              "-train_lr",
                              "-train_beta",
                              "-train_seed",
                              "-train_sampling",
                              "-train_record_stride",
                              "-train_adam_beta1",
                              "-train_adam_beta2",
                              "-train_adam_eps",
                              "-train_lr_decay",
                              "-train_lr_decay_steps",
                              "-fit_target",
                              "-hybrid_switch",
                              "-hybrid_auto_target",
                              "-hybrid_auto_patience",
                              "-sweep_switch_steps",
                              "-jacobi_record_stride",
                              "-jacobi_target_error",
                              "-spectrum_modes",
                              "-spectrum_peaks",
                              "-spectrum_reference",
                              "-spectrum_full_every",
                              "-checkpoint_interval",
                              "-checkpoint_keep",
                              "-checkpoint_dir",
                              "-restart"};

PetscErrorCode Silent(MPI_Comm, int, const char *, const char *, PetscErrorCode n, PetscErrorType,
                      const char *, void *) {
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv) {
  if (PetscInitialize(argc, argv, nullptr, nullptr)) std::abort();
  PetscPushErrorHandler(Silent, nullptr);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  using namespace fpsolve;
  if (PetscOptionsClear(nullptr)) std::abort();
  std::size_t i = 0;
  while (i < size) {
    const char *name = kNames[data[i++] % (sizeof kNames / sizeof *kNames)];
    std::string value;
    while (i < size && data[i] != 0) value += (char)data[i++];
    ++i;
    if (PetscOptionsSetValue(nullptr, name, value.empty() ? nullptr : value.c_str())) std::abort();
  }
  AppConfig cfg;
  const PetscErrorCode err = ReadConfig(PETSC_COMM_WORLD, &cfg);
  if (err) {
    if (ExitCodeFor(err) != kExitBadInput) std::abort();  // a rejection must be bad input
    return 0;
  }
  try {
    if (!cfg.seed_problem) {
      auto p = make_expr_problem(cfg.expr);
      for (double x : {-1.0, 0.0, 0.5, 1.0}) (void)(p->rhs(&x) + p->boundary(&x));
    }
    if (!cfg.fit_target.empty()) {
      auto f = make_expression("-fit_target", cfg.fit_target, 1);
      double x = 0.25;
      (void)f(&x);
    }
  } catch (const InputError &) {
  }
  return 0;
}
