#include "fpsolve/nn/adam.hpp"

#include <algorithm>
#include <cmath>
#if defined(__AVX__)
#include <immintrin.h>
#endif

namespace fpsolve::nn {

namespace {
// out = sqrt(in). Without -fno-math-errno GCC keeps a branch around std::sqrt (for errno on
// negative input), which stops the whole Adam loop from vectorising; the AVX instruction has no
// such side effect. in >= 0 here (second moments).
inline void sqrt_block(const float *in, float *out, int n) {
  int i = 0;
#if defined(__AVX__)
  for (; i + 8 <= n; i += 8) _mm256_storeu_ps(out + i, _mm256_sqrt_ps(_mm256_loadu_ps(in + i)));
#endif
  for (; i < n; ++i) out[i] = std::sqrt(in[i]);
}
inline void sqrt_block(const double *in, double *out, int n) {
  int i = 0;
#if defined(__AVX__)
  for (; i + 4 <= n; i += 4) _mm256_storeu_pd(out + i, _mm256_sqrt_pd(_mm256_loadu_pd(in + i)));
#endif
  for (; i < n; ++i) out[i] = std::sqrt(in[i]);
}
}  // namespace

template <class T>
Adam<T>::Adam(std::size_t n, const AdamConfig &cfg) : cfg_(cfg), m_(n), v_(n) {}

template <class T>
double Adam<T>::current_lr() const {
  if (cfg_.decay_steps <= 0 || cfg_.decay == 1.0) return cfg_.lr;
  return cfg_.lr * std::pow(cfg_.decay, double(steps_ / cfg_.decay_steps));
}

template <class T>
void Adam<T>::step(T *params, const T *grad) {
  const double t = double(steps_ + 1);
  // Scalars in double, applied in T: one fused pass over p, g, m, v.
  const T b1 = T(cfg_.beta1), b2 = T(cfg_.beta2);
  const T step_size = T(current_lr() / (1 - std::pow(cfg_.beta1, t)));
  const T inv_sqrt_bc2 = T(1 / std::sqrt(1 - std::pow(cfg_.beta2, t)));
  const T eps = T(cfg_.eps);
  T *__restrict m = m_.data();
  T *__restrict v = v_.data();
  T *__restrict p = params;
  const T *__restrict g = grad;
  const std::size_t n = m_.size();
  // Chunks small enough for the stack (and L1): moments, then sqrt, then the parameter update.
  constexpr int kChunk = 512;
  T root[kChunk];
  for (std::size_t c0 = 0; c0 < n; c0 += kChunk) {
    const int len = int(std::min<std::size_t>(kChunk, n - c0));
    for (int i = 0; i < len; ++i) {
      const T gi = g[c0 + i];
      m[c0 + i] = b1 * m[c0 + i] + (T(1) - b1) * gi;
      v[c0 + i] = b2 * v[c0 + i] + (T(1) - b2) * gi * gi;
    }
    sqrt_block(v + c0, root, len);
    for (int i = 0; i < len; ++i)
      p[c0 + i] -= step_size * m[c0 + i] / (root[i] * inv_sqrt_bc2 + eps);
  }
  ++steps_;
}

template class Adam<float>;
template class Adam<double>;

}  // namespace fpsolve::nn
