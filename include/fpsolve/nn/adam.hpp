#pragma once
// Adam (Kingma & Ba), PyTorch's formulation:
//   m = b1 m + (1-b1) g,  v = b2 v + (1-b2) g^2,  t = steps()+1
//   p -= lr_t / (1-b1^t) * m / (sqrt(v / (1-b2^t)) + eps)
// with the optional step decay lr_t = lr * decay^floor((t-1) / decay_steps).
#include <cstddef>
#include <cstdint>

#include "fpsolve/nn/buffer.hpp"

namespace fpsolve::nn {

struct AdamConfig {
  double lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
  double decay = 1.0;   // multiply lr by this every decay_steps steps
  int decay_steps = 0;  // 0: no decay
};

template <class T>
class Adam {
 public:
  Adam(std::size_t n, const AdamConfig &cfg);
  // One update of params (n values) with gradient grad.
  void step(T *params, const T *grad);
  std::int64_t steps() const { return steps_; }
  void set_steps(std::int64_t s) { steps_ = s; }
  // The learning rate the next step() will use.
  double current_lr() const;
  T *m() { return m_.data(); }
  T *v() { return v_.data(); }
  const T *m() const { return m_.data(); }
  const T *v() const { return v_.data(); }
  std::size_t size() const { return m_.size(); }
  const AdamConfig &config() const { return cfg_; }

 private:
  AdamConfig cfg_;
  Buffer<T> m_, v_;
  std::int64_t steps_ = 0;
};

extern template class Adam<float>;
extern template class Adam<double>;

}  // namespace fpsolve::nn
