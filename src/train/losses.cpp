#include "fpsolve/train/losses.hpp"

#include <algorithm>

namespace fpsolve::train {
namespace {

// Boundary term for columns [n_interior, n_interior + n_boundary) of the value segment.
template <class T>
double boundary_term(const LossBatch &b, const T *out, T *dout) {
  double loss = 0;
  for (int i = 0; i < b.n_boundary; ++i) {
    const int c = b.n_interior + i;
    const double r = double(out[c]) - b.ub[i];
    loss += b.boundary_weight * r * r;
    dout[c] = T(2 * b.boundary_weight * r);
  }
  return loss;
}

}  // namespace

nn::Derivs derivs_for(LossKind kind) {
  switch (kind) {
    case LossKind::Ritz:
      return nn::Derivs::Grad;
    case LossKind::Pinn:
      return nn::Derivs::GradLap;
    case LossKind::Mse:
      return nn::Derivs::None;
  }
  return nn::Derivs::None;
}

template <class T>
double ritz_loss(const LossBatch &b, const T *out, T *dout) {
  const int n = b.n_interior + b.n_boundary;
  std::fill(dout, dout + std::size_t(n) * (1 + b.dim), T(0));
  const double w = b.interior_weight;
  double loss = 0;
  for (int i = 0; i < b.n_interior; ++i) {
    double grad2 = 0;
    for (int k = 0; k < b.dim; ++k) {
      const double du = out[(1 + k) * n + i];
      grad2 += du * du;
      dout[(1 + k) * n + i] = T(w * du);
    }
    loss += w * (0.5 * grad2 - b.g[i] * double(out[i]));
    dout[i] = T(-w * b.g[i]);
  }
  return loss + boundary_term(b, out, dout);
}

template <class T>
double pinn_loss(const LossBatch &b, const T *out, T *dout) {
  const int n = b.n_interior + b.n_boundary;
  std::fill(dout, dout + std::size_t(n) * (1 + 2 * b.dim), T(0));
  const double w = b.interior_weight;
  double loss = 0;
  for (int i = 0; i < b.n_interior; ++i) {
    double lap = 0;
    for (int k = 0; k < b.dim; ++k) lap += out[(1 + b.dim + k) * n + i];
    const double r = -lap - b.g[i];
    loss += w * r * r;
    for (int k = 0; k < b.dim; ++k) dout[(1 + b.dim + k) * n + i] = T(-2 * w * r);
  }
  return loss + boundary_term(b, out, dout);
}

template <class T>
double mse_loss(const LossBatch &b, const T *out, T *dout) {
  const int n = b.n_interior + b.n_boundary;
  std::fill(dout, dout + n, T(0));
  double loss = 0;
  for (int i = 0; i < b.n_interior; ++i) {
    const double r = double(out[i]) - b.g[i];
    loss += b.interior_weight * r * r;
    dout[i] = T(2 * b.interior_weight * r);
  }
  return loss;  // fit mode: no boundary term
}

template <class T>
double loss_and_output_gradient(LossKind kind, const LossBatch &b, const T *out, T *dout) {
  switch (kind) {
    case LossKind::Ritz:
      return ritz_loss(b, out, dout);
    case LossKind::Pinn:
      return pinn_loss(b, out, dout);
    case LossKind::Mse:
      return mse_loss(b, out, dout);
  }
  return 0;
}

#define FPSOLVE_INSTANTIATE(T)                                     \
  template double ritz_loss<T>(const LossBatch &, const T *, T *); \
  template double pinn_loss<T>(const LossBatch &, const T *, T *); \
  template double mse_loss<T>(const LossBatch &, const T *, T *);  \
  template double loss_and_output_gradient<T>(LossKind, const LossBatch &, const T *, T *);
FPSOLVE_INSTANTIATE(float)
FPSOLVE_INSTANTIATE(double)
#undef FPSOLVE_INSTANTIATE

}  // namespace fpsolve::train
