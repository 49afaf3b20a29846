// The MLP's GEMM halves and its bookkeeping; the elementwise halves are in layer_kernels.cpp,
// the input embeddings in embedding.cpp. Forward, layer by layer (C = n * segments columns):
//   layer 0        : plain / mscale: first_forward (dim <= 3 inputs: no GEMM, tangents are the
//                    (effective) weights); fourier: Z = W PHI (GEMM on the features and their
//                    x-derivatives), hidden_forward
//   layer 1..L-2   : Z = W H_prev (GEMM, m = width, n = C, k = prev width); hidden_forward
//   layer L-1      : OUT = W H_prev (GEMM) + bias on the value columns (linear output)
// Backward mirrors it: dW = G H_prev^T and G_prev = W^T G (GEMMs), then the fused kernel.
#include "fpsolve/nn/mlp.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "fpsolve/nn/counter_rng.hpp"
#include "fpsolve/nn/gemm.hpp"

namespace fpsolve::nn {

namespace {

std::vector<int> checked(std::vector<int> widths) {
  if (widths.size() < 3)
    throw std::invalid_argument("nn: need an input, at least one hidden layer and an output");
  if (widths.front() < 1 || widths.front() > 3)
    throw std::invalid_argument("nn: input dimension must be 1, 2 or 3");
  for (int w : widths)
    if (w < 1) throw std::invalid_argument("nn: every width must be positive");
  return widths;
}

}  // namespace

template <class T>
Mlp<T>::Mlp(std::vector<int> widths, Activation activation, const EmbeddingSpec &input)
    : widths_(checked(std::move(widths))),
      activation_(activation),
      embedding_(input, widths_[0], widths_[1]) {
  std::size_t total = 0;
  for (int l = 0; l < num_layers(); ++l) {
    offsets_.push_back(total);
    total += std::size_t(widths_[l + 1]) * (fan_in(l) + 1);
  }
  params_.resize(total);
}

template <class T>
void Mlp<T>::init(const InitSpec &spec, std::uint64_t seed) {
  // Stream = layer, counter = index within the layer's block: reordering layers or changing
  // one width leaves the other layers' draws unchanged.
  for (int l = 0; l < num_layers(); ++l) {
    const int fan_in = this->fan_in(l), fan_out = widths_[l + 1];
    const std::size_t nw = std::size_t(fan_in) * fan_out;
    T *w = params_.data() + weight_offset(l);
    T *b = params_.data() + bias_offset(l);
    for (std::size_t i = 0; i < nw + fan_out; ++i) {
      double v = 0;
      const bool is_bias = i >= nw;
      switch (spec.kind) {
        case InitSpec::Kind::FaninUniform:
          v = (2 * counter_uniform(seed, l, i) - 1) / std::sqrt(double(fan_in));
          break;
        case InitSpec::Kind::GlorotNormal:
          v = is_bias ? 0.0 : counter_normal(seed, l, i) * std::sqrt(2.0 / (fan_in + fan_out));
          break;
        case InitSpec::Kind::Normal:
          v = counter_normal(seed, l, i) * spec.std;
          break;
      }
      (is_bias ? b[i - nw] : w[i]) = T(v);
    }
  }
  embedding_.init(seed);
}

template <class T>
int Mlp<T>::capacity(Derivs derivs) const {
  if (capacity_points_ == 0) return 0;
  const int dim = input_dim();
  // Columns are the scarce resource for the matrices, points x act-derivs for dact.
  const long cols = long(capacity_points_) * num_segments(capacity_derivs_, dim);
  const long dact = long(capacity_points_) * num_act_derivs(capacity_derivs_);
  return int(std::min(cols / num_segments(derivs, dim), dact / num_act_derivs(derivs)));
}

template <class T>
void Mlp<T>::reserve(int max_points, Derivs derivs) {
  const int dim = input_dim(), L = num_layers();
  const std::size_t cols = std::size_t(max_points) * num_segments(derivs, dim);
  const std::size_t nact = std::size_t(max_points) * num_act_derivs(derivs);
  z_.resize(L - 1);
  h_.resize(L - 1);
  dact_.resize(L - 1);
  int max_hidden = 0;
  for (int l = 0; l + 1 < L; ++l) {
    const int w = widths_[l + 1];
    max_hidden = std::max(max_hidden, w);
    if (l >= first_gemm_layer()) z_[l].resize(w * cols);
    h_[l].resize(w * cols);
    dact_[l].resize(w * nact);
  }
  out_.resize(std::size_t(output_dim()) * cols);
  g_[0].resize(max_hidden * cols);
  g_[1].resize(max_hidden * cols);
  if (embedding_.kind() == InputKind::Fourier) phi_.resize(std::size_t(fan_in(0)) * cols);
  if (embedding_.kind() == InputKind::Mscale) w0_eff_.resize(std::size_t(widths_[1]) * dim);
  capacity_points_ = max_points;
  capacity_derivs_ = derivs;
}

template <class T>
const T *Mlp<T>::forward(const T *x, int n, Derivs derivs) {
  if (n > capacity(derivs)) reserve(n, derivs);
  const int dim = input_dim(), L = num_layers();
  const int cols = n * num_segments(derivs, dim);
  const T *p = params_.data();
  if (embedding_.kind() == InputKind::Fourier) {
    embedding_.features(x, n, derivs, phi_.data());
  } else {
    const T *w0 = p + weight_offset(0);
    if (embedding_.kind() == InputKind::Mscale) {
      embedding_.scale_weights(w0, w0_eff_.data());
      w0 = w0_eff_.data();
    }
    kernels::first_forward(activation_, derivs, widths_[1], n, dim, w0, p + bias_offset(0), x,
                           h_[0].data(), dact_[0].data());
  }
  for (int l = first_gemm_layer(); l + 1 < L; ++l) {
    gemm<T>(false, false, widths_[l + 1], cols, fan_in(l), T(1), p + weight_offset(l), fan_in(l),
            layer_input(l), cols, T(0), z_[l].data(), cols);
    kernels::hidden_forward(activation_, derivs, widths_[l + 1], n, dim, p + bias_offset(l),
                            z_[l].data(), h_[l].data(), dact_[l].data());
  }
  const int last = L - 1;
  gemm<T>(false, false, widths_[L], cols, widths_[last], T(1), p + weight_offset(last),
          widths_[last], h_[last - 1].data(), cols, T(0), out_.data(), cols);
  kernels::add_bias_values(widths_[L], n, cols, p + bias_offset(last), out_.data());
  x_ = x;
  n_ = n;
  derivs_ = derivs;
  return out_.data();
}

template <class T>
void Mlp<T>::backward(const T *dout, T *grad, const BackwardHooks *hooks) {
  const int dim = input_dim(), L = num_layers(), n = n_;
  const int cols = n * num_segments(derivs_, dim);
  const T *p = params_.data();
  auto layer_done = [&](int l) {
    if (hooks && hooks->layer_done) hooks->layer_done(l);
  };
  // G_prev = W^T G, in column blocks with the progress hook between them when there is one.
  const bool blocked = hooks && hooks->progress && hooks->blocks > 1;
  auto back_project = [&](int l, const T *g, T *g_prev) {
    const int blocks = blocked ? hooks->blocks : 1, step = (cols + blocks - 1) / blocks;
    for (int c0 = 0; c0 < cols; c0 += step) {
      gemm<T>(true, false, fan_in(l), std::min(step, cols - c0), widths_[l + 1], T(1),
              p + weight_offset(l), fan_in(l), g + c0, cols, T(0), g_prev + c0, cols);
      if (blocked) hooks->progress();
    }
  };
  // Output layer: G = dout.
  const int last = L - 1;
  gemm<T>(false, true, widths_[L], widths_[last], cols, T(1), dout, cols, h_[last - 1].data(), cols,
          T(0), grad + weight_offset(last), widths_[last]);
  kernels::sum_values(widths_[L], n, cols, dout, grad + bias_offset(last));
  layer_done(last);
  back_project(last, dout, g_[0].data());
  int cur = 0;  // g_[cur] holds dL/dh of layer l
  for (int l = last - 1; l >= first_gemm_layer(); --l) {
    T *g = g_[cur].data();
    kernels::hidden_backward(derivs_, widths_[l + 1], n, dim, z_[l].data(), dact_[l].data(), g,
                             grad + bias_offset(l));
    gemm<T>(false, true, widths_[l + 1], fan_in(l), cols, T(1), g, cols, layer_input(l), cols, T(0),
            grad + weight_offset(l), fan_in(l));
    layer_done(l);
    if (l == 0) return;  // fourier: the features are fixed, nothing flows into them
    back_project(l, g, g_[1 - cur].data());
    cur = 1 - cur;
  }
  const bool mscale = embedding_.kind() == InputKind::Mscale;
  // mscale: the kernel differentiates with respect to the effective weights a_g w (it also needs
  // them for the tangent terms); the chain rule to w is one more row scaling.
  kernels::first_backward(derivs_, widths_[1], n, dim,
                          mscale ? w0_eff_.data() : p + weight_offset(0), x_, dact_[0].data(),
                          g_[cur].data(), grad + weight_offset(0), grad + bias_offset(0));
  if (mscale) embedding_.scale_gradient(grad + weight_offset(0));
  layer_done(0);
}

template <class T>
double Mlp<T>::gemm_flops(int n, Derivs derivs) const {
  const double cols = double(n) * num_segments(derivs, input_dim());
  double f = 0;
  for (int l = first_gemm_layer(); l < num_layers(); ++l) {
    const double mk = double(widths_[l + 1]) * fan_in(l);
    // forward Z = W H, backward dW = G H^T and G_prev = W^T G (not into fixed features)
    f += (l == 0 ? 2 : 3) * 2 * mk * cols;
  }
  return f;
}

template class Mlp<float>;
template class Mlp<double>;

}  // namespace fpsolve::nn
