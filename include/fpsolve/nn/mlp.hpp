#pragma once
// A fully connected network u: R^dim -> R^out with widths {dim, hidden..., out}, the activation on
// every hidden layer and a linear output layer. Forward carries values and, on request, input
// tangents (Derivs::Grad) and diagonal second derivatives (Derivs::GradLap); each layer after
// the first is ONE GEMM over all of them (see layer_kernels.hpp for the column layout). Backward
// is hand-derived through all three; weight gradients are GEMMs. BLAS only: no MPI, no PETSc.
//
// The input reaches the first hidden layer through an embedding (embedding.hpp): plain x, Fourier
// features (then layer 0 is a GEMM like the others) or the mscale scaled first layer.
//
// Parameter layout, one contiguous buffer of num_params() values, layer by layer l = 0..L-1:
//   W_l  (widths[l+1] x fan_in(l), row-major: W_l[j][k] at weight_offset(l) + j*fan_in(l) + k)
//   b_l  (widths[l+1], at bias_offset(l) = weight_offset(l) + widths[l+1]*fan_in(l))
// fan_in(l) = widths[l] except fan_in(0) = the embedding's feature count (2M for fourier).
// Gradients use the same layout; the embedding itself is not trained.
//
// Workspace: reserve(max_points, derivs) allocates every buffer once; forward/backward then never
// allocate (forward grows the workspace only if called beyond what was reserved).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "fpsolve/nn/buffer.hpp"
#include "fpsolve/nn/embedding.hpp"
#include "fpsolve/nn/layer_kernels.hpp"
#include "fpsolve/nn/net_config.hpp"

namespace fpsolve::nn {

// Optional callbacks from inside backward(), so a data-parallel trainer can start reducing a
// layer's gradient while the layers before it are still being differentiated (nn itself knows
// nothing of MPI). Layers finish in reverse order L-1, ..., 0.
struct BackwardHooks {
  std::function<void(int layer)> layer_done;  // W_l and b_l gradients are final
  std::function<void()> progress;             // between column blocks of the dL/dh GEMMs
  int blocks = 4;                             // column blocks per dL/dh GEMM when progress is set
};

template <class T>
class Mlp {
 public:
  // widths = {dim, hidden..., out}: dim in 1..3, at least one hidden layer, all positive.
  // Throws std::invalid_argument otherwise.
  // Throws std::invalid_argument also for an invalid embedding (embedding.hpp).
  Mlp(std::vector<int> widths, Activation activation, const EmbeddingSpec &input = {});

  const std::vector<int> &widths() const { return widths_; }
  int input_dim() const { return widths_.front(); }
  int output_dim() const { return widths_.back(); }
  int num_layers() const { return int(widths_.size()) - 1; }
  Activation activation() const { return activation_; }
  std::size_t num_params() const { return params_.size(); }
  std::size_t weight_offset(int l) const { return offsets_[l]; }
  int fan_in(int l) const { return l == 0 ? embedding_.fan_in() : widths_[l]; }
  std::size_t bias_offset(int l) const {
    return offsets_[l] + std::size_t(widths_[l + 1]) * fan_in(l);
  }
  const InputEmbedding<T> &embedding() const { return embedding_; }
  InputEmbedding<T> &embedding() { return embedding_; }
  T *params() { return params_.data(); }
  const T *params() const { return params_.data(); }

  // Deterministic from seed alone (identical on every rank). fanin_uniform: W and b ~
  // U(-1/sqrt(fan_in), 1/sqrt(fan_in)); glorot_normal: W ~ N(0, 2/(fan_in+fan_out)), b = 0;
  // normal:STD: W and b ~ N(0, STD^2) (fan_in as in the layout). Also draws the embedding's B.
  void init(const InitSpec &spec, std::uint64_t seed);

  void reserve(int max_points, Derivs derivs);
  // Points that fit the current workspace without allocation for this derivative mode.
  int capacity(Derivs derivs) const;

  // x: input_dim() x n, coordinate-major (x[k*n + i]). Returns the output matrix
  // (output_dim() x n*num_segments(derivs, dim)): row j = [u_j | du_j/dx_k... | d2u_j/dx_k^2...].
  const T *forward(const T *x, int n, Derivs derivs);
  // dout = dL/d(output) in forward's layout for the last forward call; writes dL/dparams into
  // grad (num_params() values, overwritten).
  void backward(const T *dout, T *grad, const BackwardHooks *hooks = nullptr);

  // FLOPs of the GEMMs of one forward + backward on n points (2 m n k each): the bench's count.
  double gemm_flops(int n, Derivs derivs) const;

 private:
  std::vector<int> widths_;
  Activation activation_;
  InputEmbedding<T> embedding_;
  std::vector<std::size_t> offsets_;
  Buffer<T> params_;

  // Workspace, per hidden layer l = 0..L-2: z_[l] (GEMM output, l >= first_gemm_layer()), h_[l]
  // (activation output = next layer's input), dact_[l]; out_ (final layer); g_[2] (backward
  // ping-pong); phi_ (fourier features, the first layer's input); w0_eff_ (mscale weights).
  int first_gemm_layer() const { return embedding_.kind() == InputKind::Fourier ? 0 : 1; }
  const T *layer_input(int l) const { return l == 0 ? phi_.data() : h_[l - 1].data(); }
  int capacity_points_ = 0;
  Derivs capacity_derivs_ = Derivs::None;
  std::vector<Buffer<T>> z_, h_, dact_;
  Buffer<T> out_, g_[2], phi_, w0_eff_;
  // The last forward call, for backward.
  const T *x_ = nullptr;
  int n_ = 0;
  Derivs derivs_ = Derivs::None;
};

extern template class Mlp<float>;
extern template class Mlp<double>;

}  // namespace fpsolve::nn
