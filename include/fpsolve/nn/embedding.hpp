#pragma once
// Input embeddings: how x reaches the first hidden layer (net_config.hpp: EmbeddingSpec;
// docs/embeddings.md). Every embedding keeps the input derivatives exact, because the Ritz and
// PINN losses need grad u and Lap u with respect to x, not to the embedded features.
//
//  plain   : the first layer sees x (layer_kernels.hpp: first_forward, no GEMM).
//  fourier : the first layer sees phi(x) = [sin(2 pi B x) ; cos(2 pi B x)] (2M features, B fixed,
//            M x dim, entries N(0, sigma^2) from the seed). fourier_features() writes phi with
//            its x-tangents and diagonal second derivatives in the layer layout of
//            layer_kernels.hpp, so the first layer is then an ordinary GEMM + hidden_forward, and
//            its backward an ordinary hidden_backward + GEMM (B is not trained: no gradient).
//              d phi_f / dx_k   = 2 pi B_fk cos(theta_f),  d2 / dx_k^2 = -(2 pi B_fk)^2
//              sin(theta_f) d phi_{M+f}/dx_k = -2 pi B_fk sin(theta_f), d2 / dx_k^2 = -(2 pi
//              B_fk)^2 cos(theta_f)
//  mscale  : the MscaleDNN scaled first layer: neuron j of the first hidden layer computes
//            s(a_{g(j)} w_j . x + b_j), groups g(j) = floor(j K / width) of equal size. Forward
//            uses the effective weights a_g w_j (scale_rows), backward chains the gradient with
//            respect to them back to w_j (the same scale_rows on the gradient).
// The embedding's data (B, or the per-neuron scales) is part of the checksum of the replicas and
// of the checkpoint. BLAS only: no MPI, no PETSc.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "fpsolve/nn/buffer.hpp"
#include "fpsolve/nn/layer_kernels.hpp"
#include "fpsolve/nn/net_config.hpp"

namespace fpsolve::nn {

namespace kernels {

// phi (2M rows x n*num_segments(m, dim) columns) from x (dim x n, coordinate-major) and
// omega = 2 pi B (M x dim, row-major). sin and cos of each angle are computed once, in double.
template <class T>
void fourier_features(Derivs m, int M, int n, int dim, const double *omega, const T *x, T *phi);
template <class T>
void fourier_features_ref(Derivs m, int M, int n, int dim, const double *omega, const T *x, T *phi);

// out[j][k] = row_scale[j] * in[j][k] for a rows x cols row-major matrix: the mscale effective
// weights in forward, and the chain rule dL/dw_j = a_g dL/d(a_g w_j) in backward.
template <class T>
void scale_rows(int rows, int cols, const T *row_scale, const T *in, T *out);
template <class T>
void scale_rows_ref(int rows, int cols, const T *row_scale, const T *in, T *out);

}  // namespace kernels

template <class T>
class InputEmbedding {
 public:
  // dim: the input dimension (1..3); first_width: neurons of the first hidden layer. Throws
  // std::invalid_argument on features < 1, sigma <= 0 or not finite, an empty or non-positive
  // scale list, or more scales than first-layer neurons.
  InputEmbedding(const EmbeddingSpec &spec, int dim, int first_width);

  InputKind kind() const { return spec_.kind; }
  const EmbeddingSpec &spec() const { return spec_; }
  // Columns of the first layer's weight matrix: dim (plain, mscale) or 2M (fourier).
  int fan_in() const { return spec_.kind == InputKind::Fourier ? 2 * spec_.features : dim_; }

  // Deterministic from the seed alone (identical on every rank): draws B (fourier).
  void init(std::uint64_t seed);

  // fourier: the feature matrix phi (fan_in() rows, layer layout) of x.
  void features(const T *x, int n, Derivs m, T *phi) const;
  // mscale: w_eff = diag(a_g(j)) w for the first layer's weights (width x dim), and the chain rule
  // for its gradient (in place).
  void scale_weights(const T *w, T *w_eff) const;
  void scale_gradient(T *gw) const;

  // The embedding's state, as stored in checkpoints and checksummed across replicas: B (M x dim,
  // fourier), the per-neuron scales (mscale), nothing (plain).
  const double *data() const { return data_.data(); }
  std::size_t data_size() const { return data_.size(); }
  // Replaces the state with data_size() values (a checkpoint's).
  void load(const double *values);

 private:
  EmbeddingSpec spec_;
  int dim_, width_;
  std::vector<double> data_;   // B (fourier) or the per-neuron scale (mscale)
  std::vector<double> omega_;  // 2 pi B
  Buffer<T> row_scale_;        // mscale, in T
};

extern template class InputEmbedding<float>;
extern template class InputEmbedding<double>;

}  // namespace fpsolve::nn
