// The data-parallel training step, top to bottom:
//   samples (counter-based, this rank's share) -> forward with tangents -> loss and dL/d(output)
//   -> backward into grad[0..P) , local loss into grad[P] -> ONE MPI_Allreduce(grad, P+1, SUM)
//   -> finiteness check -> Adam (identical on every rank)
#include "fpsolve/train/trainer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <sstream>
#include <stdexcept>

#include "fpsolve/base/exceptions.hpp"
#include "fpsolve/base/fnv1a.hpp"
#include "fpsolve/nn/adam.hpp"
#include "fpsolve/nn/buffer.hpp"
#include "fpsolve/nn/mlp.hpp"
#include "fpsolve/train/losses.hpp"
#include "fpsolve/train/sampler.hpp"

namespace fpsolve::train {
namespace {

template <class T>
MPI_Datatype mpi_type();
template <>
MPI_Datatype mpi_type<float>() {
  return MPI_FLOAT;
}
template <>
MPI_Datatype mpi_type<double>() {
  return MPI_DOUBLE;
}

// NaN/Inf anywhere makes x * 0 NaN; lanes keep the pass vectorised.
template <class T>
bool all_finite(const T *v, std::size_t n) {
  T acc[8] = {};
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8)
    for (int l = 0; l < 8; ++l) acc[l] += v[i + l] * T(0);
  for (; i < n; ++i) acc[0] += v[i] * T(0);
  T s = 0;
  for (T a : acc) s += a;
  return s == T(0);
}

void validate(MPI_Comm comm, const nn::NetConfig &net, const TrainConfig &cfg,
              const Problem &problem, bool has_target) {
  int size;
  MPI_Comm_size(comm, &size);
  if (net.hidden.empty()) throw InputError("-dnn_widths: at least one hidden width is needed");
  for (int w : net.hidden)
    if (w <= 0)
      throw InputError("-dnn_widths: widths must be positive integers, got " + std::to_string(w));
  if (net.init.kind == nn::InitSpec::Kind::Normal && !(net.init.std > 0))
    throw InputError("-dnn_init: normal:STD needs STD > 0");
  if (problem.dim() < 1 || problem.dim() > 3)
    throw InputError("-problem: the trainer supports dimension 1, 2 or 3");
  if (cfg.batch < size)
    throw InputError("-train_batch: must be at least the number of MPI ranks (" +
                     std::to_string(size) + "), got " + std::to_string(cfg.batch));
  if (cfg.steps < 0) throw InputError("-train_steps: must be non-negative");
  if (!(cfg.lr > 0)) throw InputError("-train_lr: must be positive");
  if (!(cfg.beta >= 0)) throw InputError("-train_beta: must be non-negative");
  if (!(cfg.lr_decay > 0) || cfg.lr_decay_steps <= 0)
    throw InputError("-train_lr_decay: the decay factor and its step interval must be positive");
  if (!(cfg.adam_beta1 >= 0 && cfg.adam_beta1 < 1 && cfg.adam_beta2 >= 0 && cfg.adam_beta2 < 1 &&
        cfg.adam_eps > 0))
    throw InputError("-train_adam: beta1, beta2 must be in [0,1) and eps positive");
  if (cfg.loss == LossKind::Mse && !has_target && !problem.has_exact())
    throw InputError("-train_loss: mse needs a target (an exact solution or a fit target)");
  if (cfg.boundary_batch < 0) throw InputError("-train_boundary_batch: must be non-negative");
  const nn::EmbeddingSpec &in = net.input;
  if (in.kind == nn::InputKind::Fourier && in.features < 1)
    throw InputError("-dnn_fourier_features: must be at least 1, got " +
                     std::to_string(in.features));
  if (in.kind == nn::InputKind::Fourier && !(in.sigma > 0 && std::isfinite(in.sigma)))
    throw InputError("-dnn_fourier_sigma: must be finite and > 0");
  if (in.kind == nn::InputKind::Mscale) {
    if (in.scales.empty()) throw InputError("-dnn_mscale: at least one scale is needed");
    for (double a : in.scales)
      if (!(a > 0 && std::isfinite(a)))
        throw InputError("-dnn_mscale: scales must be finite and > 0");
    if (int(in.scales.size()) > net.hidden.front())
      throw InputError("-dnn_mscale: " + std::to_string(in.scales.size()) +
                       " scales need at least as many neurons in the first hidden layer (" +
                       std::to_string(net.hidden.front()) + ", -dnn_widths)");
  }
}

template <class T>
class TrainerImpl final : public Trainer {
 public:
  TrainerImpl(MPI_Comm comm, const nn::NetConfig &net, const TrainConfig &cfg,
              const Problem &problem, TargetFn target)
      : comm_(comm),
        cfg_(cfg),
        problem_(problem),
        target_(std::move(target)),
        dim_(problem.dim()),
        derivs_(derivs_for(cfg.loss)),
        mlp_(widths_of(problem.dim(), net), net.activation, net.input),
        adam_(mlp_.num_params(), adam_config(cfg)),
        sampler_(problem.domain(), cfg.sampling, cfg.seed, cfg.batch,
                 boundary_count(problem, cfg)) {
    MPI_Comm_rank(comm_, &rank_);
    MPI_Comm_size(comm_, &size_);
    if (cfg_.loss == LossKind::Mse && !target_)
      target_ = [&p = problem_](const double *x) { return p.exact(x); };
    mlp_.init(net.init, cfg.seed);
    interior_ = split_evenly(sampler_.global_interior(), size_, rank_);
    // mse fits the interior only: no boundary samples.
    boundary_ = cfg_.loss == LossKind::Mse ? Share{}
                                           : split_evenly(sampler_.global_boundary(), size_, rank_);
    n_ = int(interior_.count + boundary_.count);
    mlp_.reserve(n_, derivs_);
    points_.resize(std::size_t(n_) * dim_);
    x_.resize(std::size_t(n_) * dim_);
    data_.resize(std::size_t(n_));
    dout_.resize(std::size_t(n_) * nn::num_segments(derivs_, dim_));
    grad_.resize(mlp_.num_params() + 1);
    eval_x_.resize(std::size_t(mlp_.capacity(nn::Derivs::None)) * dim_);

    // Overlapped reduction: layer l's block [weight_offset(l), next block) gets its own
    // MPI_Iallreduce when backward finishes it; the last layer's block also carries the loss.
    requests_.assign(mlp_.num_layers(), MPI_REQUEST_NULL);
    hooks_.layer_done = [this](int l) {
      const std::size_t begin = mlp_.weight_offset(l);
      const std::size_t end =
          l + 1 < mlp_.num_layers() ? mlp_.weight_offset(l + 1) : mlp_.num_params() + 1;
      MPI_Iallreduce(MPI_IN_PLACE, grad_.data() + begin, int(end - begin), mpi_type<T>(), MPI_SUM,
                     comm_, &requests_[l]);
    };
    hooks_.progress = [this]() {
      int done;
      MPI_Testall(int(requests_.size()), requests_.data(), &done, MPI_STATUSES_IGNORE);
    };

    batch_.dim = dim_;
    batch_.n_interior = int(interior_.count);
    batch_.n_boundary = int(boundary_.count);
    batch_.g = data_.data();
    batch_.ub = data_.data() + interior_.count;
    const double measure = cfg_.loss == LossKind::Ritz ? problem.domain().measure() : 1.0;
    batch_.interior_weight = measure / double(sampler_.global_interior());
    batch_.boundary_weight =
        sampler_.global_boundary() > 0 ? cfg_.beta / double(sampler_.global_boundary()) : 0.0;
  }

  double step() override {
    const double t0 = MPI_Wtime();
    if (!have_samples_ || sampler_.resamples()) draw_samples(steps_);
    const double t1 = MPI_Wtime();
    const T *out = mlp_.forward(x_.data(), n_, derivs_);
    const double t2 = MPI_Wtime();
    const double local_loss = loss_and_output_gradient(cfg_.loss, batch_, out, dout_.data());
    const double t3 = MPI_Wtime();
    const std::size_t np = mlp_.num_params();
    grad_[np] = T(local_loss);  // before backward: it travels with the last layer's block
    if (cfg_.overlap_allreduce && size_ > 1) {
      mlp_.backward(dout_.data(), grad_.data(), &hooks_);
      const double t4 = MPI_Wtime();
      MPI_Waitall(int(requests_.size()), requests_.data(), MPI_STATUSES_IGNORE);
      times_.backward = t4 - t3;
      times_.allreduce = MPI_Wtime() - t4;
    } else {
      mlp_.backward(dout_.data(), grad_.data());
      const double t4 = MPI_Wtime();
      MPI_Allreduce(MPI_IN_PLACE, grad_.data(), int(np + 1), mpi_type<T>(), MPI_SUM, comm_);
      times_.backward = t4 - t3;
      times_.allreduce = MPI_Wtime() - t4;
    }
    const double t5 = MPI_Wtime();
    const double loss = double(grad_[np]);
    if (!std::isfinite(loss))
      throw NumericalError("non-finite loss at step " + std::to_string(steps_));
    if (!all_finite(grad_.data(), np))
      throw NumericalError("non-finite gradient at step " + std::to_string(steps_));
    adam_.step(mlp_.params(), grad_.data());
    times_.sample = t1 - t0, times_.forward = t2 - t1, times_.loss = t3 - t2;
    times_.update = MPI_Wtime() - t5;
    ++steps_;
    return loss;
  }

  StepTimes last_step_times() const override { return times_; }

  std::string describe() const override {
    static const char *acts[] = {"tanh", "sin", "relu"};
    static const char *losses[] = {"ritz", "pinn", "mse"};
    std::ostringstream s;
    s << "net ";
    for (std::size_t i = 0; i < mlp_.widths().size(); ++i) s << (i ? "-" : "") << mlp_.widths()[i];
    s << ' ' << acts[int(mlp_.activation())] << (sizeof(T) == 4 ? " single" : " double") << " ("
      << mlp_.num_params() << " params)" << describe_input() << ", " << losses[int(cfg_.loss)]
      << ", batch " << cfg_.batch << " over " << size_ << (size_ == 1 ? " rank" : " ranks");
    return s.str();
  }

  std::string describe_input() const {
    const nn::EmbeddingSpec &in = mlp_.embedding().spec();
    std::ostringstream s;
    if (in.kind == nn::InputKind::Fourier)
      s << ", fourier input (" << in.features << " features, sigma " << in.sigma << ")";
    if (in.kind == nn::InputKind::Mscale) {
      s << ", mscale input (";
      for (std::size_t i = 0; i < in.scales.size(); ++i) s << (i ? "," : "") << in.scales[i];
      s << ")";
    }
    return s.str();
  }

  int steps_done() const override { return steps_; }

  void evaluate(const double *x, int n, double *u) override {
    const int chunk = mlp_.capacity(nn::Derivs::None);
    for (int first = 0; first < n; first += chunk) {
      const int len = std::min(chunk, n - first);
      for (int i = 0; i < len; ++i)
        for (int k = 0; k < dim_; ++k)
          eval_x_[std::size_t(k) * len + i] = T(x[std::size_t(first + i) * dim_ + k]);
      const T *out = mlp_.forward(eval_x_.data(), len, nn::Derivs::None);
      for (int i = 0; i < len; ++i) u[first + i] = double(out[i]);
    }
  }

  void verify_replicated() override {
    const auto &emb = mlp_.embedding();
    unsigned long long mine = Fnv1a(mlp_.params(), mlp_.num_params() * sizeof(T)) ^
                              (Fnv1a(emb.data(), emb.data_size() * sizeof(double)) * 31);
    std::vector<unsigned long long> all(size_);
    MPI_Allgather(&mine, 1, MPI_UNSIGNED_LONG_LONG, all.data(), 1, MPI_UNSIGNED_LONG_LONG, comm_);
    std::ostringstream bad;
    for (int r = 1; r < size_; ++r)
      if (all[r] != all[0]) bad << (bad.tellp() > 0 ? "," : "") << r;
    if (bad.tellp() > 0)
      throw std::runtime_error("network parameters differ between ranks after step " +
                               std::to_string(steps_) + ": ranks " + bad.str() +
                               " disagree with rank 0");
  }

  std::size_t num_params() const override { return mlp_.num_params(); }
  nn::Precision precision() const override {
    return sizeof(T) == 4 ? nn::Precision::Single : nn::Precision::Double;
  }
  double learning_rate() const override { return adam_.current_lr(); }

  // Layout: header {magic[8], u32 sizeof(T), u32 activation, u32 #widths, u32 widths...,
  // i64 steps, u64 num_params [, embedding: u32 kind, u32 M, f64 sigma, u32 #scales,
  // f64 scales...]} then the embedding's state (f64, data_size() values: B or the per-neuron
  // scales), params, Adam m, Adam v (num_params T each). A plain net has neither embedding part,
  // so its checkpoints are those of the nets before embeddings existed.
  std::vector<unsigned char> save_state() const override {
    std::vector<unsigned char> out;
    write_header(out);
    const auto &emb = mlp_.embedding();
    append(out, emb.data(), emb.data_size() * sizeof(double));
    const std::size_t np = mlp_.num_params();
    append(out, mlp_.params(), np * sizeof(T));
    append(out, adam_.m(), np * sizeof(T));
    append(out, adam_.v(), np * sizeof(T));
    return out;
  }

  void load_state(const std::vector<unsigned char> &bytes) override {
    std::vector<unsigned char> expect;
    write_header(expect);
    const std::size_t np = mlp_.num_params(), steps_at = steps_offset();
    const std::size_t emb_bytes = mlp_.embedding().data_size() * sizeof(double);
    if (bytes.size() != expect.size() + emb_bytes + 3 * np * sizeof(T) ||
        std::memcmp(bytes.data(), expect.data(), steps_at) != 0 ||
        std::memcmp(bytes.data() + steps_at + 8, expect.data() + steps_at + 8,
                    expect.size() - steps_at - 8) != 0)
      throw InputError(
          "checkpoint: training state does not match this network (shape, "
          "activation, input embedding or precision) or is truncated");
    std::int64_t steps;
    std::memcpy(&steps, bytes.data() + steps_at, 8);
    std::vector<double> emb(mlp_.embedding().data_size());
    std::memcpy(emb.data(), bytes.data() + expect.size(), emb_bytes);
    mlp_.embedding().load(emb.data());
    const unsigned char *p = bytes.data() + expect.size() + emb_bytes;
    std::memcpy(mlp_.params(), p, np * sizeof(T));
    std::memcpy(adam_.m(), p + np * sizeof(T), np * sizeof(T));
    std::memcpy(adam_.v(), p + 2 * np * sizeof(T), np * sizeof(T));
    steps_ = int(steps);
    adam_.set_steps(steps);
  }

 private:
  static std::vector<int> widths_of(int dim, const nn::NetConfig &net) {
    std::vector<int> w{dim};
    w.insert(w.end(), net.hidden.begin(), net.hidden.end());
    w.push_back(1);
    return w;
  }
  static nn::AdamConfig adam_config(const TrainConfig &cfg) {
    nn::AdamConfig a;
    a.lr = cfg.lr, a.beta1 = cfg.adam_beta1, a.beta2 = cfg.adam_beta2, a.eps = cfg.adam_eps;
    a.decay = cfg.lr_decay, a.decay_steps = cfg.lr_decay_steps;
    return a;
  }
  static long boundary_count(const Problem &problem, const TrainConfig &cfg) {
    if (problem.dim() == 1) return 2;
    if (cfg.boundary_batch > 0) return cfg.boundary_batch;
    return std::max<long>(2 * problem.dim(), cfg.batch / 4);
  }

  // This rank's interior and boundary points of `step`, their data (rhs or target, boundary
  // values), and the coordinate-major copy in T the net reads.
  void draw_samples(long step) {
    const long ni = interior_.count, nb = boundary_.count;
    sampler_.interior(step, interior_.offset, ni, points_.data());
    sampler_.boundary(step, boundary_.offset, nb, points_.data() + ni * dim_);
    if (cfg_.loss == LossKind::Mse) {
      for (long i = 0; i < ni; ++i) data_[i] = target_(points_.data() + i * dim_);
    } else {
      problem_.rhs_batch(points_.data(), ni, data_.data());
    }
    for (long i = 0; i < nb; ++i)
      data_[ni + i] = problem_.boundary(points_.data() + (ni + i) * dim_);
    for (int i = 0; i < n_; ++i)
      for (int k = 0; k < dim_; ++k)
        x_[std::size_t(k) * n_ + i] = T(points_[std::size_t(i) * dim_ + k]);
    have_samples_ = true;
  }

  void write_header(std::vector<unsigned char> &out) const {
    append(out, "FPSTRN01", 8);
    const std::uint32_t head[3] = {std::uint32_t(sizeof(T)), std::uint32_t(mlp_.activation()),
                                   std::uint32_t(mlp_.widths().size())};
    append(out, head, sizeof head);
    for (int w : mlp_.widths()) {
      const std::uint32_t w32 = std::uint32_t(w);
      append(out, &w32, 4);
    }
    const std::int64_t steps = steps_;
    const std::uint64_t np = mlp_.num_params();
    append(out, &steps, 8);
    append(out, &np, 8);
    const nn::EmbeddingSpec &in = mlp_.embedding().spec();
    if (in.kind == nn::InputKind::Plain) return;
    const std::uint32_t kind = std::uint32_t(in.kind), m = std::uint32_t(in.features),
                        ns = std::uint32_t(in.scales.size());
    append(out, &kind, 4);
    append(out, &m, 4);
    append(out, &in.sigma, 8);
    append(out, &ns, 4);
    append(out, in.scales.data(), in.scales.size() * sizeof(double));
  }
  // Where the step count sits in the header (after magic, three u32 and the widths).
  std::size_t steps_offset() const { return 8 + 12 + 4 * mlp_.widths().size(); }
  static void append(std::vector<unsigned char> &out, const void *p, std::size_t bytes) {
    const auto *c = static_cast<const unsigned char *>(p);
    out.insert(out.end(), c, c + bytes);
  }

  MPI_Comm comm_;
  int rank_ = 0, size_ = 1;
  TrainConfig cfg_;
  const Problem &problem_;
  TargetFn target_;
  int dim_;
  nn::Derivs derivs_;
  nn::Mlp<T> mlp_;
  nn::Adam<T> adam_;
  Sampler sampler_;
  Share interior_, boundary_;
  int n_ = 0;  // local points: interior then boundary
  LossBatch batch_;
  std::vector<double> points_, data_;
  nn::Buffer<T> x_, dout_, grad_, eval_x_;
  int steps_ = 0;
  bool have_samples_ = false;  // grid sampling draws once (also after load_state)
  StepTimes times_;
  nn::BackwardHooks hooks_;
  std::vector<MPI_Request> requests_;
};

}  // namespace

Trainer::~Trainer() = default;

std::unique_ptr<Trainer> Trainer::create(MPI_Comm comm, const nn::NetConfig &net,
                                         const TrainConfig &cfg, const Problem &problem,
                                         TargetFn fit_target) {
  validate(comm, net, cfg, problem, bool(fit_target));
  try {
    if (net.precision == nn::Precision::Single)
      return std::make_unique<TrainerImpl<float>>(comm, net, cfg, problem, std::move(fit_target));
    return std::make_unique<TrainerImpl<double>>(comm, net, cfg, problem, std::move(fit_target));
  } catch (const std::invalid_argument &e) {  // from the sampler (grid) or the net's shape
    throw InputError(
        std::string(cfg.sampling == Sampling::Grid ? "-train_sampling: " : "-dnn_widths: ") +
        e.what());
  }
}

}  // namespace fpsolve::train
