// What a restart must not change (docs/robustness.md, "Restart"): every option that changes
// the result, recorded in each checkpoint as "name value" lines and compared on restart, so a
// restart with another learning rate, loss, batch, seed, boundary weight, problem, net, input
// embedding, image, cycle schedule or solver is refused with exit 1 naming the option. Options
// not listed here may change (the documented list: -train_steps, -hybrid_switch, -cycle_max,
// -ksp_max_it, -ksp_rtol/atol/divtol, -jacobi_target_error, record and check strides,
// -spectrum_full_every, -snapshot_* (output only), progress, checkpoints, -output*); the run
// file keeps the first run's options and adds those of the restart.
#include <sstream>

#include "fpsolve/app/run.hpp"
#include "fpsolve/base/error.hpp"

namespace fpsolve {
namespace {

// A new member of the cycle's options must be listed in CycleSettings (or documented as free
// to change, like -cycle_max): then update this.
static_assert(sizeof(hybrid::CycleConfig) == 80,
              "CycleConfig changed: list the new option in CycleSettings (restart_settings.cpp)");

template <class T>
std::string Join(const std::vector<T> &v) {
  std::ostringstream os;
  for (std::size_t i = 0; i < v.size(); ++i) os << (i ? "," : "") << v[i];
  return os.str();
}

// PETSc options of the finishing solver that change its iterates (given values, or "default").
std::string Given(const char *name) {
  char buf[256] = "";
  PetscBool set = PETSC_FALSE;
  if (PetscOptionsGetString(nullptr, nullptr, name, buf, sizeof buf, &set)) return "?";
  return set ? buf : "default";
}

std::string CountOrAuto(PetscInt n) {
  return n < 0 ? "auto" : std::to_string(n);
}

// -mode cycle's schedule: everything but -cycle_max (more or fewer cycles, like -train_steps).
void CycleSettings(const AppConfig &app, std::ostream &os) {
  const hybrid::CycleConfig &c = app.cycle;
  os << "-cycle_start " << (app.cycle_start_net ? "net" : "zero") << "\n-cycle_sweeps "
     << CountOrAuto(c.sweeps) << "\n-cycle_train_steps " << CountOrAuto(c.train_steps)
     << "\n-cycle_net " << (c.warm ? "warm" : "fresh") << "\n-cycle_amplitude " << c.amplitude
     << "\n-cycle_smooth_mode " << c.smooth_mode << "\n-cycle_smooth_fraction ";
  if (c.smooth_fraction < 0)
    os << "auto";
  else
    os << c.smooth_fraction;
  os << "\n-cycle_smoother_weight " << c.smoother_weight << "\n-cycle_smooth_ratio "
     << c.smooth_ratio << "\n-cycle_train_max " << c.auto_max_steps << "\n-cycle_train_patience "
     << c.auto_patience << "\n-cycle_test_reject " << c.reject_cycle << "\n-cycle_candidate_points "
     << (c.candidate_points < 0    ? "auto"
         : c.candidate_points == 0 ? "full"
                                   : std::to_string(c.candidate_points))
     << "\n";
}

// The input embedding (docs/embeddings.md) and the image fit's target and records.
void InputSettings(const AppConfig &c, std::ostream &os) {
  const nn::EmbeddingSpec &in = c.net.input;
  const char *kind[] = {"plain", "fourier", "mscale"};
  // sigma and scales as given: -mode cycle derives them from its band when they are not.
  os << "-dnn_input " << kind[(int)in.kind] << "\n-dnn_fourier_features " << in.features
     << "\n-dnn_fourier_sigma " << Given("-dnn_fourier_sigma") << "\n-dnn_mscale "
     << Given("-dnn_mscale") << "\n-fit_image " << c.fit_image << "\n-fit_image_shells "
     << c.fit_image_shells << "\n";
}

}  // namespace

std::string ResultSettings(const Run &run) {
  const AppConfig &c = run.cfg;
  const train::TrainConfig &t = c.train;
  std::ostringstream os;
  os.precision(17);  // round-trip: numbers that differ in any digit are different settings
  os << "-mode " << ModeName(c.mode) << "\n-problem " << run.problem->describe() << "\n";
  os << "-da_grid_x " << run.grid.n[0] << "\n-da_grid_y " << run.grid.n[1] << "\n-da_grid_z "
     << run.grid.n[2] << "\n";
  if (run.trainer) {
    const char *init[] = {"fanin_uniform", "glorot_normal", "normal"};
    const char *act[] = {"tanh", "sin", "relu"}, *prec[] = {"single", "double"};
    const char *loss[] = {"ritz", "pinn", "mse"}, *sampling[] = {"random", "grid"};
    os << "-dnn_widths " << Join(c.net.hidden) << "\n-dnn_activation " << act[(int)c.net.activation]
       << "\n-dnn_precision " << prec[(int)c.net.precision] << "\n-dnn_init "
       << init[(int)c.net.init.kind] << ":" << c.net.init.std << "\n-train_loss "
       << loss[(int)t.loss] << "\n-train_batch " << t.batch << "\n-train_lr " << t.lr
       << "\n-train_beta " << t.beta << "\n-train_seed " << t.seed << "\n-train_sampling "
       << sampling[(int)t.sampling] << "\n-train_adam_beta1 " << t.adam_beta1
       << "\n-train_adam_beta2 " << t.adam_beta2 << "\n-train_adam_eps " << t.adam_eps
       << "\n-train_lr_decay " << t.lr_decay << "\n-train_lr_decay_steps " << t.lr_decay_steps
       << "\n-train_boundary_batch " << t.boundary_batch << "\n-fit_target " << c.fit_target
       << "\n";
    InputSettings(c, os);
  }
  if (c.mode == Mode::Cycle) CycleSettings(c, os);
  std::vector<std::string> modes;
  for (const auto &k : c.spectrum.modes)
    modes.push_back(std::to_string(k[0]) + ":" + std::to_string(k[1]) + ":" + std::to_string(k[2]));
  os << "-spectrum_modes " << Join(modes) << "\n-spectrum_peaks " << c.spectrum.peaks
     << "\n-spectrum_reference " << (c.spectrum.reference_exact ? "exact" : "discrete") << "\n";
  for (const char *name :
       {"-ksp_type", "-pc_type", "-ksp_richardson_scale", "-ksp_norm_type", "-fpsolve_jacobi"})
    os << name << " " << Given(name) << "\n";
  return os.str();
}

PetscErrorCode CheckRestartSettings(const Run &run, const std::string &checkpoint,
                                    const std::string &recorded) {
  PetscFunctionBeginUser;
  if (recorded.empty()) PetscFunctionReturn(0);  // a checkpoint from before settings were kept
  std::istringstream was(recorded), now(ResultSettings(run));
  std::string a, b;
  while (std::getline(was, a)) {
    const std::string name = a.substr(0, a.find(' '));
    bool found = false;
    now.clear(), now.seekg(0);
    while (!found && std::getline(now, b)) found = b.substr(0, b.find(' ')) == name;
    PetscCheck(!found || a == b, run.comm, kErrBadInput,
               "-restart %s: the checkpoint was made with %s, this run has %s (only -train_steps, "
               "-hybrid_switch, -cycle_max, -ksp_max_it, tolerances, strides, progress and "
               "checkpoint options may change)",
               checkpoint.c_str(), a.c_str(), b.c_str());
  }
  PetscFunctionReturn(0);
}

}  // namespace fpsolve
