#pragma once
// Training losses as functions of the net's outputs and the problem data on this rank's samples.
// Each returns this rank's share of the loss, scaled with the GLOBAL sample counts so that the
// sum over ranks is the global loss, and writes dL/d(output) in the net's output layout
// (nn/layer_kernels.hpp): columns = local points (interior first, then boundary) per segment.
//   ritz: |Omega| * mean_i(0.5 |grad u|^2 - g u) + beta * mean_b (u - u_b)^2
//   pinn: mean_i (-Lap u - g)^2 + beta * mean_b (u - u_b)^2
//   mse : mean_i (u - f)^2
// Accumulated in double whatever the net's precision.
#include "fpsolve/nn/layer_kernels.hpp"
#include "fpsolve/train/train_config.hpp"

namespace fpsolve::train {

struct LossBatch {
  int dim = 1;
  int n_interior = 0, n_boundary = 0;  // local counts
  const double *g = nullptr;           // per interior point: rhs (ritz, pinn) or target f (mse)
  const double *ub = nullptr;          // per boundary point: boundary value
  double interior_weight = 0;          // ritz: |Omega| / N, pinn and mse: 1 / N (N global)
  double boundary_weight = 0;          // beta / N_boundary (global)
};

// The derivatives each loss needs from the forward pass.
nn::Derivs derivs_for(LossKind kind);

template <class T>
double ritz_loss(const LossBatch &b, const T *out, T *dout);
template <class T>
double pinn_loss(const LossBatch &b, const T *out, T *dout);
template <class T>
double mse_loss(const LossBatch &b, const T *out, T *dout);
template <class T>
double loss_and_output_gradient(LossKind kind, const LossBatch &b, const T *out, T *dout);

}  // namespace fpsolve::train
