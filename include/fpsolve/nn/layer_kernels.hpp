#pragma once
// The elementwise halves of a layer, fused: one pass per row computes the activation, its
// derivatives and the tangent / second-derivative columns (forward), or the pre-activation
// gradient of every column (backward). The GEMM halves live in mlp.cpp. Each optimised kernel has
// a plain `_ref` twin (std::tanh, no fusion) that the tests compare against.
//
// Matrix layout (feature-major, row-major storage): a layer's matrix has one row per neuron and
// C = n * num_segments(derivs, dim) columns, in segments of n (one column per sample):
//   [ values | d/dx_0 ... d/dx_{dim-1} | d2/dx_0^2 ... d2/dx_{dim-1}^2 ]
// (the tangent segments exist for Derivs::Grad and GradLap, the second-derivative segments only
// for GradLap). A layer's activation derivatives s'(z), s''(z), s'''(z) on the value columns are
// kept for the backward pass, row j at dact + j * n * num_act_derivs(derivs): [s' | s'' | s'''].
#include "fpsolve/nn/net_config.hpp"

namespace fpsolve::nn {

// Which input derivatives a forward pass carries.
enum class Derivs { None, Grad, GradLap };

inline int num_segments(Derivs m, int dim) {
  return m == Derivs::None ? 1 : (m == Derivs::Grad ? 1 + dim : 1 + 2 * dim);
}
// How many activation derivatives the backward pass needs: s' (values), s'' (tangents), s'''
// (second derivatives).
inline int num_act_derivs(Derivs m) {
  return m == Derivs::None ? 1 : (m == Derivs::Grad ? 2 : 3);
}

namespace kernels {

// First layer, input x (dim x n). h_out = s(w x + b) with tangents s'(z) w_k and second
// derivatives s''(z) w_k^2 (the input's own tangents are unit vectors, its second derivatives 0).
// w: rows x dim (row-major), dim in 1..3.
template <class T>
void first_forward(Activation act, Derivs m, int rows, int n, int dim, const T *w, const T *bias,
                   const T *x, T *h, T *dact);
template <class T>
void first_forward_ref(Activation act, Derivs m, int rows, int n, int dim, const T *w,
                       const T *bias, const T *x, T *h, T *dact);

// Hidden layer l >= 1: z (rows x C) = W h_prev from the GEMM, bias not yet added.
template <class T>
void hidden_forward(Activation act, Derivs m, int rows, int n, int dim, const T *bias, const T *z,
                    T *h, T *dact);
template <class T>
void hidden_forward_ref(Activation act, Derivs m, int rows, int n, int dim, const T *bias,
                        const T *z, T *h, T *dact);

// Hidden layer backward, in place: g (rows x C) holds dL/dh on entry and dL/dz on exit;
// gbias[j] = sum of the value columns of dL/dz. z is the forward's GEMM output (only its
// tangent / second-derivative columns are read).
template <class T>
void hidden_backward(Derivs m, int rows, int n, int dim, const T *z, const T *dact, T *g, T *gbias);
template <class T>
void hidden_backward_ref(Derivs m, int rows, int n, int dim, const T *z, const T *dact, T *g,
                         T *gbias);

// First layer backward: from g = dL/dh (rows x C) straight to gw (rows x dim) and gbias
// (overwritten); dL/dz never hits memory.
template <class T>
void first_backward(Derivs m, int rows, int n, int dim, const T *w, const T *x, const T *dact,
                    const T *g, T *gw, T *gbias);
template <class T>
void first_backward_ref(Derivs m, int rows, int n, int dim, const T *w, const T *x, const T *dact,
                        const T *g, T *gw, T *gbias);

// Output layer (linear): adds bias[j] to the value columns of row j of out (rows x C), and the
// backward's bias gradient: gbias[j] = sum of the value columns of row j of g.
template <class T>
void add_bias_values(int rows, int n, int cols, const T *bias, T *out);
template <class T>
void sum_values(int rows, int n, int cols, const T *g, T *gbias);

}  // namespace kernels
}  // namespace fpsolve::nn
