// Input embeddings (embedding.hpp): the Fourier feature map with its exact x-derivatives, the
// mscale row scaling, and the embedding's state. The plain references are in embedding_ref.cpp.
#include "fpsolve/nn/embedding.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "fpsolve/nn/counter_rng.hpp"
#include "fpsolve/nn/fast_math.hpp"

namespace fpsolve::nn {
namespace kernels {

template <class T>
void fourier_features(Derivs m, int M, int n, int dim, const double *omega, const T *x, T *phi) {
  const int nseg = num_segments(m, dim);
  const std::size_t row = std::size_t(n) * nseg;
  // Row by row in simple loops that GCC vectorises: theta, then sin and cos together
  // (fastmath::sincos, branch-free), then the values and derivatives. A correction cycle's
  // candidate evaluates these at every grid point (64 features x 131k points a rank at 513^2);
  // the per-point loop was a third of the whole 2D cycle's CPU time (perf).
  thread_local std::vector<double> theta, sn, cs;
  theta.resize(n), sn.resize(n), cs.resize(n);
  for (int f = 0; f < M; ++f) {
    T *ps = phi + std::size_t(f) * row;      // sin row
    T *pc = phi + std::size_t(M + f) * row;  // cos row
    const double *om = omega + std::size_t(f) * dim;
    for (int i = 0; i < n; ++i) theta[i] = 0;
    for (int k = 0; k < dim; ++k) {
      const T *xk = x + std::size_t(k) * n;
      for (int i = 0; i < n; ++i) theta[i] += om[k] * double(xk[i]);
    }
    int out_of_range = 0;
    for (int i = 0; i < n; ++i) {
      fastmath::sincos(theta[i], sn[i], cs[i]);
      out_of_range += std::fabs(theta[i]) > fastmath::kSinCosMaxArg;
    }
    for (int i = 0; i < n && out_of_range > 0; ++i)  // beyond fastmath's range: libm
      if (std::fabs(theta[i]) > fastmath::kSinCosMaxArg)
        sn[i] = std::sin(theta[i]), cs[i] = std::cos(theta[i]);
    for (int i = 0; i < n; ++i) ps[i] = T(sn[i]), pc[i] = T(cs[i]);
    if (m == Derivs::None) continue;
    for (int k = 0; k < dim; ++k) {
      const double o = om[k], o2 = om[k] * om[k];
      T *ds = ps + std::size_t(1 + k) * n, *dc = pc + std::size_t(1 + k) * n;
      for (int i = 0; i < n; ++i) ds[i] = T(o * cs[i]), dc[i] = T(-o * sn[i]);
      if (m != Derivs::GradLap) continue;
      T *ls = ps + std::size_t(1 + dim + k) * n, *lc = pc + std::size_t(1 + dim + k) * n;
      for (int i = 0; i < n; ++i) ls[i] = T(-o2 * sn[i]), lc[i] = T(-o2 * cs[i]);
    }
  }
}

template <class T>
void scale_rows(int rows, int cols, const T *row_scale, const T *in, T *out) {
  for (int j = 0; j < rows; ++j) {
    const T a = row_scale[j];
    for (int k = 0; k < cols; ++k)
      out[std::size_t(j) * cols + k] = a * in[std::size_t(j) * cols + k];
  }
}

}  // namespace kernels

template <class T>
InputEmbedding<T>::InputEmbedding(const EmbeddingSpec &spec, int dim, int first_width)
    : spec_(spec), dim_(dim), width_(first_width) {
  switch (spec_.kind) {
    case InputKind::Plain:
      break;
    case InputKind::Fourier:
      if (spec_.features < 1) throw std::invalid_argument("the Fourier feature count must be >= 1");
      if (!(spec_.sigma > 0) || !std::isfinite(spec_.sigma))
        throw std::invalid_argument("the Fourier sigma must be finite and > 0");
      data_.assign(std::size_t(spec_.features) * dim_, 0.0);
      omega_.assign(data_.size(), 0.0);
      break;
    case InputKind::Mscale: {
      const int K = int(spec_.scales.size());
      if (K < 1) throw std::invalid_argument("mscale needs at least one scale");
      for (double a : spec_.scales)
        if (!(a > 0) || !std::isfinite(a))
          throw std::invalid_argument("mscale scales must be finite and > 0");
      if (K > width_)
        throw std::invalid_argument("mscale: " + std::to_string(K) + " scales but only " +
                                    std::to_string(width_) + " neurons in the first hidden layer");
      data_.resize(width_);
      for (int j = 0; j < width_; ++j) data_[j] = spec_.scales[std::size_t(j) * K / width_];
      row_scale_.resize(width_);
      load(data_.data());
      break;
    }
  }
}

template <class T>
void InputEmbedding<T>::init(std::uint64_t seed) {
  if (spec_.kind != InputKind::Fourier) return;
  // Stream far from the layers' (0..L-1), so B and the weights never share draws.
  const std::uint64_t stream = 0xF0E1D2C3B4A59687ULL;
  std::vector<double> b(data_.size());
  for (std::size_t i = 0; i < b.size(); ++i) b[i] = spec_.sigma * counter_normal(seed, stream, i);
  load(b.data());
}

template <class T>
void InputEmbedding<T>::load(const double *values) {
  if (values != data_.data()) std::copy(values, values + data_.size(), data_.begin());
  if (spec_.kind == InputKind::Fourier)
    for (std::size_t i = 0; i < data_.size(); ++i) omega_[i] = 2 * M_PI * data_[i];
  if (spec_.kind == InputKind::Mscale)
    for (int j = 0; j < width_; ++j) row_scale_[j] = T(data_[j]);
}

template <class T>
void InputEmbedding<T>::features(const T *x, int n, Derivs m, T *phi) const {
  kernels::fourier_features(m, spec_.features, n, dim_, omega_.data(), x, phi);
}

template <class T>
void InputEmbedding<T>::scale_weights(const T *w, T *w_eff) const {
  kernels::scale_rows(width_, dim_, row_scale_.data(), w, w_eff);
}

template <class T>
void InputEmbedding<T>::scale_gradient(T *gw) const {
  kernels::scale_rows(width_, dim_, row_scale_.data(), gw, gw);
}

#define FPSOLVE_INSTANTIATE(T)                                                                 \
  template void kernels::fourier_features<T>(Derivs, int, int, int, const double *, const T *, \
                                             T *);                                             \
  template void kernels::scale_rows<T>(int, int, const T *, const T *, T *);                   \
  template class InputEmbedding<T>;
FPSOLVE_INSTANTIATE(float)
FPSOLVE_INSTANTIATE(double)
#undef FPSOLVE_INSTANTIATE

}  // namespace fpsolve::nn
