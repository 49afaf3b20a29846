#include "fpsolve/nn/adam.hpp"

#include <cmath>

namespace fpsolve::nn {

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
  for (std::size_t i = 0; i < n; ++i) {
    m[i] = b1 * m[i] + (T(1) - b1) * g[i];
    v[i] = b2 * v[i] + (T(1) - b2) * g[i] * g[i];
    p[i] -= step_size * m[i] / (std::sqrt(v[i]) * inv_sqrt_bc2 + eps);
  }
  ++steps_;
}

template class Adam<float>;
template class Adam<double>;

}  // namespace fpsolve::nn
