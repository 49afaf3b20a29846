#pragma once
// How a network is trained (options -train_*).
#include <cstdint>

namespace fpsolve::train {

enum class LossKind { Ritz, Pinn, Mse };
enum class Sampling { Random, Grid };

struct TrainConfig {
  LossKind loss = LossKind::Ritz;
  int steps = 5000;
  int batch = 1000;  // global interior samples per step, split over ranks
  double lr = 1e-4;
  double beta = 1000;  // boundary penalty
  std::uint64_t seed = 0;
  Sampling sampling = Sampling::Random;
  int record_stride = 100;
  double adam_beta1 = 0.9, adam_beta2 = 0.999, adam_eps = 1e-8;
  double lr_decay = 1.0;  // lr *= lr_decay every lr_decay_steps steps
  int lr_decay_steps = 1000;
  // Global boundary samples per step in dim >= 2 (0: max(2*dim, batch/4)); 1D always uses the
  // two endpoints.
  int boundary_batch = 0;
  // Reduce each layer's gradient with its own MPI_Iallreduce as soon as backward has it, instead
  // of one blocking MPI_Allreduce after backward (same sums; see docs/performance-train.md).
  bool overlap_allreduce = false;
};

}  // namespace fpsolve::train
