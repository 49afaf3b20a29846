// Training-step benchmark: median step time of the data-parallel trainer (Ritz loss by default)
// against the GEMM floor, the same GEMM shapes timed alone in the same run (alternating A B A B).
//
//   mpiexec -n P bench_train_step [--net paper|small|both|cycle2d] [--batch 1000] [--steps 20]
//       [--precision single|double] [--loss ritz|pinn|mse] [--rounds 5] [--floor 1]
//       [--overlap 0|1] [--activation tanh|sin] [--input plain|fourier|mscale] [--kernels 0|1]
//
// cycle2d is the 2D correction cycle's net (inputs/cycle_seed2d.opts, docs/cycles.md):
// 2-64-32-1, Fourier features (64, sigma 1), sin, batch 256 unless --batch is given, on the 2D
// seed problem (the cycle trains on the residual equation; its rhs costs about as much a sample).
// --activation and --input override any net's (--input mscale: scales 1,2,4,8,16, the cycle's
// net before the Fourier features); --kernels 1 also times the activation kernels of the net's
// hidden layers on this rank's points, plain `_ref` (libm, unfused) against the optimised ones.
//
// FLOPs per step (whole batch, all ranks): 3 GEMMs per layer after the first (forward Z = W H,
// backward dW = G H^T and dH = W^T G), each 2 m k C, C = columns = (batch + 2 boundary points) *
// segments (1 + dim for ritz; in dim >= 2 the boundary points are max(2 dim, batch/4)):  F = 6 * C
// * sum_{l>=1} w_l w_{l+1}; with Fourier features also the first layer's two (Z = W PHI,
// dW = G PHI^T; k = 2M): 4 C 2M w_1. A plain or mscale first layer (dim inputs) and the elementwise
// work are not counted.
// Paper net 1-4000-500-400-1, batch 1000: F = 6 * 2004 * (4000*500 + 500*400 + 400*1) = 26.46
// GFLOP.
#include <mpi.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "fpsolve/nn/blas_info.hpp"
#include "fpsolve/nn/buffer.hpp"
#include "fpsolve/nn/gemm.hpp"
#include "fpsolve/nn/layer_kernels.hpp"
#include "fpsolve/nn/mlp.hpp"
#include "fpsolve/problem/problem.hpp"
#include "fpsolve/train/losses.hpp"
#include "fpsolve/train/sampler.hpp"
#include "fpsolve/train/trainer.hpp"

using namespace fpsolve;

namespace {

struct Options {
  std::string net = "both", precision = "single", loss = "ritz", activation, input;
  int batch = 0, steps = 20, rounds = 5;  // batch 0: the net's default (1000, cycle2d 256)
  bool kernels = false;  // --kernels 1: time the activation kernels, _ref against optimised
  bool floor = true;     // --floor 0: skip the GEMM floor (torch_reference.py times steps only)
  bool overlap = false;  // --overlap 1: per-layer MPI_Iallreduce during backward
};

const char *input_name(nn::InputKind kind) {
  return kind == nn::InputKind::Mscale ? " mscale"
                                       : (kind == nn::InputKind::Fourier ? " fourier" : "");
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// The step's GEMMs on this rank's columns, with buffers of the real sizes: layers l >= 1, and
// with Fourier features (fourier_inputs = 2M > 0) the first layer's Z = W PHI and dW = G PHI^T
// (no G_prev: the features are fixed).
template <class T>
class GemmFloor {
 public:
  GemmFloor(const std::vector<int> &widths, int cols, int fourier_inputs) : cols_(cols) {
    if (fourier_inputs > 0) add(fourier_inputs, widths[1], false);
    for (std::size_t l = 1; l + 1 < widths.size(); ++l) add(widths[l], widths[l + 1], true);
  }
  void run() {
    for (std::size_t i = 0; i < weights_.size(); ++i) {
      const int m = m_[i], k = k_[i];
      nn::gemm<T>(false, false, m, cols_, k, 1, weights_[i].data(), k, inputs_[i].data(), cols_, 0,
                  outputs_[i].data(), cols_);
    }
    for (std::size_t i = weights_.size(); i-- > 0;) {
      const int m = m_[i], k = k_[i];
      nn::gemm<T>(false, true, m, k, cols_, 1, outputs_[i].data(), cols_, inputs_[i].data(), cols_,
                  0, dweights_[i].data(), k);
      if (back_[i])
        nn::gemm<T>(true, false, k, cols_, m, 1, weights_[i].data(), k, outputs_[i].data(), cols_,
                    0, grads_[i].data(), cols_);
    }
  }

 private:
  void add(int k, int m, bool back) {
    k_.push_back(k), m_.push_back(m), back_.push_back(back);
    weights_.emplace_back(std::size_t(m) * k);
    dweights_.emplace_back(std::size_t(m) * k);
    inputs_.emplace_back(std::size_t(k) * cols_);
    outputs_.emplace_back(std::size_t(m) * cols_);
    grads_.emplace_back(std::size_t(k) * cols_);
    for (std::size_t i = 0; i < inputs_.back().size(); ++i) inputs_.back()[i] = T(0.001 * (i % 97));
    for (std::size_t i = 0; i < weights_.back().size(); ++i)
      weights_.back()[i] = T(0.001 * (i % 89));
  }
  std::vector<int> k_, m_;
  std::vector<bool> back_;
  int cols_;
  std::vector<nn::Buffer<T>> weights_, dweights_, inputs_, outputs_, grads_;
};

// The activation kernels of the net's hidden layers on n points, `_ref` (libm, one value at a time)
// against the optimised ones, alternating; prints the medians of both and their ratio.
template <class T>
void bench_kernels(const nn::NetConfig &net, const std::vector<int> &widths, int n,
                   nn::Derivs derivs, int rounds) {
  const int dim = widths[0], nd = nn::num_act_derivs(derivs);
  const std::size_t cols = std::size_t(n) * nn::num_segments(derivs, dim);
  std::vector<T> x(std::size_t(dim) * n), bias(4096), w(4096 * 3);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = T(-1 + 2.0 * ((i * 37) % 101) / 100);
  for (std::size_t i = 0; i < w.size(); ++i) w[i] = T(16 * 0.7 * (((i * 53) % 97) / 48.0 - 1));
  for (std::size_t i = 0; i < bias.size(); ++i) bias[i] = T(0.7 * (((i * 29) % 89) / 44.0 - 1));
  for (std::size_t l = 1; l + 1 < widths.size(); ++l) {
    const int rows = widths[l];
    std::vector<T> z(rows * cols), h(rows * cols), dact(std::size_t(rows) * n * nd);
    for (std::size_t i = 0; i < z.size(); ++i) z[i] = T(3 * (((i * 41) % 83) / 41.0 - 1));
    auto run = [&](bool ref) {
      if (l == 1 && net.input.kind != nn::InputKind::Fourier)
        (ref ? nn::kernels::first_forward_ref<T>
             : nn::kernels::first_forward<T>)(net.activation, derivs, rows, n, dim, w.data(),
                                              bias.data(), x.data(), h.data(), dact.data());
      else
        (ref ? nn::kernels::hidden_forward_ref<T>
             : nn::kernels::hidden_forward<T>)(net.activation, derivs, rows, n, dim, bias.data(),
                                               z.data(), h.data(), dact.data());
    };
    std::vector<double> t_ref, t_opt;
    for (int r = 0; r < rounds; ++r)
      for (bool ref : {true, false}) {
        const double t0 = MPI_Wtime();
        run(ref);
        (ref ? t_ref : t_opt).push_back(MPI_Wtime() - t0);
      }
    std::printf(
        "      layer %zu activation kernel (%d x %d points): _ref %.4f ms | optimised %.4f ms | "
        "ratio %.2f\n",
        l, rows, n, 1e3 * median(t_ref), 1e3 * median(t_opt), median(t_ref) / median(t_opt));
  }
}

struct NetSpec {
  int dim = 1;
  std::vector<int> hidden;
  nn::Activation activation = nn::Activation::Tanh;
  nn::EmbeddingSpec input;
  int batch = 1000;
};

template <class T>
void bench_net(const char *name, const NetSpec &spec, const Options &o, MPI_Comm comm) {
  int rank, size;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  auto problem = make_seed_problem(spec.dim);
  nn::NetConfig net;
  net.hidden = spec.hidden;
  net.activation = spec.activation;
  if (o.activation == "sin") net.activation = nn::Activation::Sin;
  if (o.activation == "tanh") net.activation = nn::Activation::Tanh;
  net.input = spec.input;
  if (o.input == "plain") net.input = nn::EmbeddingSpec{};
  if (o.input == "fourier") net.input.kind = nn::InputKind::Fourier;  // 64 features, sigma 1
  if (o.input == "mscale") {
    net.input.kind = nn::InputKind::Mscale;
    net.input.scales = {1, 2, 4, 8, 16};
  }
  net.precision = sizeof(T) == 4 ? nn::Precision::Single : nn::Precision::Double;
  train::TrainConfig cfg;
  cfg.batch = o.batch > 0 ? o.batch : spec.batch;
  cfg.lr = 1e-4;
  cfg.overlap_allreduce = o.overlap;
  cfg.loss = o.loss == "pinn" ? train::LossKind::Pinn
                              : (o.loss == "mse" ? train::LossKind::Mse : train::LossKind::Ritz);
  auto trainer = train::Trainer::create(comm, net, cfg, *problem);

  const int dim = spec.dim, batch = cfg.batch;
  std::vector<int> widths{dim};
  widths.insert(widths.end(), spec.hidden.begin(), spec.hidden.end());
  widths.push_back(1);
  const nn::Derivs derivs = train::derivs_for(cfg.loss);
  // The trainer's boundary samples (trainer.cpp): 1D the two endpoints, else max(2 dim, batch/4).
  const long boundary =
      cfg.loss == train::LossKind::Mse ? 0 : (dim == 1 ? 2 : std::max<long>(2 * dim, batch / 4));
  const long local_points = train::split_evenly(batch, size, rank).count +
                            train::split_evenly(boundary, size, rank).count;
  const int local_cols = int(local_points * nn::num_segments(derivs, dim));
  const int global_cols = int((batch + boundary) * nn::num_segments(derivs, dim));
  nn::Mlp<T> shape(widths, net.activation, net.input);
  const double flops = shape.gemm_flops(int(batch + boundary), derivs);
  GemmFloor<T> floor(widths, local_cols,
                     net.input.kind == nn::InputKind::Fourier ? 2 * net.input.features : 0);

  trainer->step();  // warm-up: first touch of every buffer
  floor.run();
  std::vector<double> step_times, floor_times, phase[6];
  for (int r = 0; r < o.rounds; ++r) {
    for (int s = 0; s < o.steps; ++s) {  // A: training steps
      MPI_Barrier(comm);
      const double t0 = MPI_Wtime();
      trainer->step();
      step_times.push_back(MPI_Wtime() - t0);
      const auto p = trainer->last_step_times();
      const double parts[6] = {p.sample, p.forward, p.loss, p.backward, p.allreduce, p.update};
      for (int i = 0; i < 6; ++i) phase[i].push_back(parts[i]);
    }
    for (int s = 0; s < (o.floor ? o.steps : 0); ++s) {  // B: the same GEMMs alone, all ranks
      MPI_Barrier(comm);
      const double t0 = MPI_Wtime();
      floor.run();
      double dt = MPI_Wtime() - t0, slowest;
      MPI_Allreduce(&dt, &slowest, 1, MPI_DOUBLE, MPI_MAX, comm);
      floor_times.push_back(slowest);
    }
  }
  trainer->verify_replicated();
  const double step_ms = 1e3 * median(step_times);
  const double floor_ms = floor_times.empty() ? 0.0 : 1e3 * median(floor_times);
  if (rank == 0) {
    std::printf("%-5s net %d-", name, dim);
    for (std::size_t i = 1; i < widths.size(); ++i)
      std::printf("%d%s", widths[i], i + 1 < widths.size() ? "-" : "");
    static const char *acts[] = {"tanh", "sin", "relu"};
    std::printf(" %s%s %s %s batch %d, %d rank(s) x %d BLAS thread(s), kernel %s%s\n",
                acts[int(net.activation)], input_name(net.input.kind),
                sizeof(T) == 4 ? "float" : "double", o.loss.c_str(), batch, size,
                nn::blas_num_threads(), nn::blas_kernel_name().c_str(),
                o.overlap ? ", overlapped allreduce" : "");
    std::printf("      GEMM FLOPs/step %.4g (Mlp::gemm_flops, C = %d columns)\n", flops,
                global_cols);
    std::printf(
        "      step median %.3f ms (%.1f GFLOP/s) | GEMM floor %.3f ms (%.1f GFLOP/s) | "
        "step/floor %.3f\n",
        step_ms, flops / step_ms * 1e-6, floor_ms, flops / floor_ms * 1e-6, step_ms / floor_ms);
    // The machine is shared: the minimum shows the uncontended time when the median is disturbed.
    const double step_min = 1e3 * *std::min_element(step_times.begin(), step_times.end());
    const double floor_min =
        floor_times.empty() ? 0.0 : 1e3 * *std::min_element(floor_times.begin(), floor_times.end());
    std::printf("      step min %.3f ms | GEMM floor min %.3f ms | min/min %.3f\n", step_min,
                floor_min, step_min / floor_min);
    std::printf(
        "      phases (rank 0 medians, ms): sample %.3f forward %.3f loss %.3f backward "
        "%.3f allreduce %.3f adam %.3f\n",
        1e3 * median(phase[0]), 1e3 * median(phase[1]), 1e3 * median(phase[2]),
        1e3 * median(phase[3]), 1e3 * median(phase[4]), 1e3 * median(phase[5]));
    std::printf(
        "RESULT net=%s ranks=%d threads=%d kernel=%s precision=%s step_ms=%.4f "
        "floor_ms=%.4f gflops=%.2f step_min_ms=%.4f\n",
        name, size, nn::blas_num_threads(), nn::blas_kernel_name().c_str(),
        sizeof(T) == 4 ? "single" : "double", step_ms, floor_ms, flops / step_ms * 1e-6, step_min);
    if (o.kernels) bench_kernels<T>(net, widths, int(local_points), derivs, 2 * o.rounds * o.steps);
    std::fflush(stdout);
  }
}

}  // namespace

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i], val = argv[i + 1];
    if (key == "--net")
      o.net = val;
    else if (key == "--batch")
      o.batch = std::stoi(val);
    else if (key == "--steps")
      o.steps = std::stoi(val);
    else if (key == "--rounds")
      o.rounds = std::stoi(val);
    else if (key == "--precision")
      o.precision = val;
    else if (key == "--loss")
      o.loss = val;
    else if (key == "--floor")
      o.floor = val != "0";
    else if (key == "--overlap")
      o.overlap = val != "0";
    else if (key == "--activation")
      o.activation = val;
    else if (key == "--input")
      o.input = val;
    else if (key == "--kernels")
      o.kernels = val != "0";
    else {
      std::fprintf(stderr, "bench_train_step: unknown option %s\n", key.c_str());
      return 1;
    }
  }
  if (!o.input.empty() && o.input != "plain" && o.input != "fourier" && o.input != "mscale") {
    std::fprintf(stderr, "bench_train_step: --input must be plain, fourier or mscale\n");
    return 1;
  }
  if (!o.activation.empty() && o.activation != "sin" && o.activation != "tanh") {
    std::fprintf(stderr, "bench_train_step: --activation must be tanh or sin\n");
    return 1;
  }
  auto run = [&](const char *name, const NetSpec &spec) {
    if (o.precision == "double")
      bench_net<double>(name, spec, o, MPI_COMM_WORLD);
    else
      bench_net<float>(name, spec, o, MPI_COMM_WORLD);
  };
  NetSpec paper, small, cycle2d;
  paper.hidden = {4000, 500, 400};
  small.hidden = {64, 64, 64};
  cycle2d.dim = 2;
  cycle2d.hidden = {64, 32};
  cycle2d.activation = nn::Activation::Sin;
  cycle2d.input.kind = nn::InputKind::Fourier;  // inputs/cycle_seed2d.opts: 64 features, sigma 1
  cycle2d.batch = 256;
  if (o.net == "paper" || o.net == "both") run("paper", paper);
  if (o.net == "small" || o.net == "both") run("small", small);
  if (o.net == "cycle2d") run("cycle2d", cycle2d);
  MPI_Finalize();
  return 0;
}
