// Finite-difference checks of a network's parameter gradient, shared by the nn and unit tests.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include "fpsolve/nn/counter_rng.hpp"
#include "fpsolve/nn/mlp.hpp"

namespace fpsolve::test {

struct GradientCheck {
  double max_error = 0;     // max_p |central difference - analytic|
  double max_gradient = 0;  // max_p |analytic|
  double relative() const { return max_error / max_gradient; }  // norm-wise relative error
};

// Central differences (h = 1e-6) of loss() in every parameter of `net` against `grad`.
template <class Net, class Loss>
GradientCheck CheckParameterGradient(Net &net, Loss &&loss, const std::vector<double> &grad) {
  GradientCheck r;
  for (std::size_t p = 0; p < net.num_params(); ++p) {
    const double saved = net.params()[p], h = 1e-6;
    net.params()[p] = saved + h;
    const double lp = loss();
    net.params()[p] = saved - h;
    const double lm = loss();
    net.params()[p] = saved;
    r.max_error = std::max(r.max_error, std::fabs((lp - lm) / (2 * h) - grad[p]));
    r.max_gradient = std::max(r.max_gradient, std::fabs(grad[p]));
  }
  return r;
}

// L = sum_c a_c out_c + 0.5 sum_c b_c out_c^2 over every output column of net.forward(x, n, m)
// (values, tangents, second derivatives), so every path through backward is exercised.
inline GradientCheck CheckBackwardOnQuadratic(nn::Mlp<double> &net, const std::vector<double> &x,
                                              int n, nn::Derivs m) {
  const int cols = n * nn::num_segments(m, net.input_dim());
  std::vector<double> a(cols), b(cols), dout(cols);
  for (int c = 0; c < cols; ++c)
    a[c] = 2 * nn::counter_uniform(1, 1, c) - 1, b[c] = nn::counter_uniform(1, 2, c);
  auto loss = [&]() {
    const double *out = net.forward(x.data(), n, m);
    double s = 0;
    for (int c = 0; c < cols; ++c) s += a[c] * out[c] + 0.5 * b[c] * out[c] * out[c];
    return s;
  };
  const double *out = net.forward(x.data(), n, m);
  for (int c = 0; c < cols; ++c) dout[c] = a[c] + b[c] * out[c];
  std::vector<double> grad(net.num_params());
  net.backward(dout.data(), grad.data());
  return CheckParameterGradient(net, loss, grad);
}

}  // namespace fpsolve::test
