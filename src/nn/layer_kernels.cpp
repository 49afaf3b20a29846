// Fused elementwise layer kernels (see layer_kernels.hpp for the layout); the plain references
// the tests compare against are in layer_kernels_ref.cpp.
// The optimised kernels are templated on the activation, the number of activation derivatives ND
// (1: values only, 2: + tangents, 3: + second derivatives) and, for the first layer, the input
// dimension, so every inner loop is a branch-free stream GCC vectorises. They work row by row:
// one row's segments (a few KB) stay in L1 while all passes over them run.
#include "fpsolve/nn/layer_kernels.hpp"

#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <type_traits>

#include "fpsolve/nn/fast_math.hpp"

namespace fpsolve::nn::kernels {
namespace {

constexpr int kLanes = 8;  // partial sums per reduction: one AVX2 float vector, two double

// Sums without -ffast-math still vectorise if written as kLanes independent accumulators.
template <class T>
void accumulate_sum(T (&acc)[kLanes], const T *a, int n) {
  int i = 0;
  for (; i + kLanes <= n; i += kLanes)
    for (int l = 0; l < kLanes; ++l) acc[l] += a[i + l];
  for (; i < n; ++i) acc[0] += a[i];
}
template <class T>
void accumulate_dot(T (&acc)[kLanes], const T *a, const T *b, int n) {
  int i = 0;
  for (; i + kLanes <= n; i += kLanes)
    for (int l = 0; l < kLanes; ++l) acc[l] += a[i + l] * b[i + l];
  for (; i < n; ++i) acc[0] += a[i] * b[i];
}
template <class T>
T lanes_total(const T (&acc)[kLanes]) {
  T s = 0;
  for (int l = 0; l < kLanes; ++l) s += acc[l];
  return s;
}

// One pass over a row's value columns: s(z) into h and s', s'', s''' (as many as ND) into d1..d3.
// pre(i) yields the pre-activation of column i (bias included).
template <Activation A, int ND, class T, class Pre>
inline void activate_row(int n, Pre pre, T *__restrict h, T *__restrict d1, T *__restrict d2,
                         T *__restrict d3) {
  int out_of_range = 0;  // sin: arguments beyond fastmath::sincos's range, redone below
  for (int i = 0; i < n; ++i) {
    const T v = pre(i);
    T s, s1, s2, s3;
    if constexpr (A == Activation::Tanh) {
      s = fastmath::tanh(v);
      s1 = T(1) - s * s;
      s2 = T(-2) * s * s1;
      s3 = (T(6) * s * s - T(2)) * s1;
    } else if constexpr (A == Activation::Sin) {
      // One sincos for the value and all three derivatives.
      fastmath::sincos(v, s, s1);
      out_of_range += std::fabs(v) > T(fastmath::kSinCosMaxArg);
      s2 = -s;
      s3 = -s1;
    } else {
      s1 = v > T(0) ? T(1) : T(0);
      s = v * s1;
      s2 = T(0);
      s3 = T(0);
    }
    h[i] = s;
    d1[i] = s1;
    if constexpr (ND >= 2) d2[i] = s2;
    if constexpr (ND >= 3) d3[i] = s3;
  }
  if (out_of_range == 0) return;
  for (int i = 0; i < n; ++i) {  // rare: huge pre-activations, with libm's full reduction
    const T v = pre(i);
    if (!(std::fabs(v) > T(fastmath::kSinCosMaxArg))) continue;
    h[i] = std::sin(v);
    d1[i] = std::cos(v);
    if constexpr (ND >= 2) d2[i] = -h[i];
    if constexpr (ND >= 3) d3[i] = -d1[i];
  }
}

// --- first layer: forward and backward ---
template <Activation A, int ND, int DIM, class T>
void first_forward_t(int rows, int n, const T *w, const T *bias, const T *x, T *h, T *dact) {
  constexpr int kSegments = ND == 1 ? 1 : (ND == 2 ? 1 + DIM : 1 + 2 * DIM);
  const std::size_t cols = std::size_t(n) * kSegments;
  for (int j = 0; j < rows; ++j) {
    const T *wj = w + std::size_t(j) * DIM;
    const T b = bias[j];
    T *hj = h + j * cols;
    T *d1 = dact + std::size_t(j) * n * ND, *d2 = d1 + n, *d3 = d2 + n;
    activate_row<A, ND>(
        n,
        [&](int i) {
          T v = b;
          for (int k = 0; k < DIM; ++k) v += wj[k] * x[std::size_t(k) * n + i];
          return v;
        },
        hj, d1, d2, d3);
    if constexpr (ND >= 2) {
      for (int k = 0; k < DIM; ++k) {
        const T wk = wj[k];
        T *__restrict t = hj + std::size_t(1 + k) * n;
        for (int i = 0; i < n; ++i) t[i] = d1[i] * wk;
        if constexpr (ND >= 3) {
          T *__restrict q = hj + std::size_t(1 + DIM + k) * n;
          for (int i = 0; i < n; ++i) q[i] = d2[i] * (wk * wk);
        }
      }
    }
  }
}

// First layer: dz and dzt are formed chunk by chunk on the stack and reduced at once:
//   gw[j][m] = sum_i (dz_i x_mi + dzt_mi),   gbias[j] = sum_i dz_i
// (the input's tangent columns are the unit vectors, its second derivatives zero).
template <int ND, int DIM, class T>
void first_backward_t(int rows, int n, const T *w, const T *x, const T *dact, const T *g, T *gw,
                      T *gbias) {
  constexpr int kSegments = ND == 1 ? 1 : (ND == 2 ? 1 + DIM : 1 + 2 * DIM);
  constexpr int kChunk = 256;
  const std::size_t cols = std::size_t(n) * kSegments;
  T dz[kChunk], dzt[DIM][kChunk];
  for (int j = 0; j < rows; ++j) {
    const T *gj = g + j * cols;
    const T *d1 = dact + std::size_t(j) * n * ND, *d2 = d1 + n, *d3 = d2 + n;
    const T *wj = w + std::size_t(j) * DIM;
    T acc_b[kLanes] = {}, acc_x[DIM][kLanes] = {}, acc_t[DIM][kLanes] = {};
    for (int c0 = 0; c0 < n; c0 += kChunk) {
      const int len = n - c0 < kChunk ? n - c0 : kChunk;
      for (int i = 0; i < len; ++i) dz[i] = gj[c0 + i] * d1[c0 + i];
      if constexpr (ND >= 2) {
        for (int k = 0; k < DIM; ++k) {
          const T wk = wj[k];
          const T *gt = gj + std::size_t(1 + k) * n + c0;
          if constexpr (ND == 2) {
            for (int i = 0; i < len; ++i) {
              dz[i] += gt[i] * d2[c0 + i] * wk;
              dzt[k][i] = gt[i] * d1[c0 + i];
            }
          } else {
            const T *gq = gj + std::size_t(1 + DIM + k) * n + c0;
            for (int i = 0; i < len; ++i) {
              dz[i] += gt[i] * d2[c0 + i] * wk + gq[i] * d3[c0 + i] * (wk * wk);
              dzt[k][i] = gt[i] * d1[c0 + i] + T(2) * gq[i] * d2[c0 + i] * wk;
            }
          }
          accumulate_sum(acc_t[k], dzt[k], len);
        }
      }
      accumulate_sum(acc_b, dz, len);
      for (int k = 0; k < DIM; ++k) accumulate_dot(acc_x[k], dz, x + std::size_t(k) * n + c0, len);
    }
    gbias[j] = lanes_total(acc_b);
    for (int k = 0; k < DIM; ++k)
      gw[std::size_t(j) * DIM + k] = lanes_total(acc_x[k]) + (ND >= 2 ? lanes_total(acc_t[k]) : 0);
  }
}

// --- hidden layers: forward and backward ---
template <Activation A, int ND, class T>
void hidden_forward_t(int rows, int n, int dim, const T *bias, const T *z, T *h, T *dact) {
  const std::size_t cols = std::size_t(n) * (ND == 1 ? 1 : (ND == 2 ? 1 + dim : 1 + 2 * dim));
  for (int j = 0; j < rows; ++j) {
    const T *zj = z + j * cols;
    T *hj = h + j * cols;
    T *d1 = dact + std::size_t(j) * n * ND, *d2 = d1 + n, *d3 = d2 + n;
    const T b = bias[j];
    activate_row<A, ND>(
        n, [&](int i) { return zj[i] + b; }, hj, d1, d2, d3);
    if constexpr (ND >= 2) {
      for (int k = 0; k < dim; ++k) {
        const T *__restrict zt = zj + std::size_t(1 + k) * n;
        T *__restrict ht = hj + std::size_t(1 + k) * n;
        if constexpr (ND == 2) {
          for (int i = 0; i < n; ++i) ht[i] = d1[i] * zt[i];
        } else {
          const T *__restrict zq = zj + std::size_t(1 + dim + k) * n;
          T *__restrict hq = hj + std::size_t(1 + dim + k) * n;
          for (int i = 0; i < n; ++i) {
            ht[i] = d1[i] * zt[i];
            hq[i] = d2[i] * zt[i] * zt[i] + d1[i] * zq[i];
          }
        }
      }
    }
  }
}

// Chain rule through h = s(z), ht = s'(z) zt, hq = s''(z) zt^2 + s'(z) zq, for one row:
//   dz  = gh s' + sum_k [ght_k s'' zt_k + ghq_k (s''' zt_k^2 + s'' zq_k)]
//   dzt = ght s' + 2 ghq s'' zt,   dzq = ghq s'
template <int ND, class T>
void backward_row(int n, int dim, const T *__restrict zj, const T *__restrict d1,
                  const T *__restrict d2, const T *__restrict d3, T *__restrict gj) {
  T *__restrict g0 = gj;
  for (int i = 0; i < n; ++i) g0[i] *= d1[i];
  if constexpr (ND >= 2) {
    for (int k = 0; k < dim; ++k) {
      const T *__restrict zt = zj + std::size_t(1 + k) * n;
      T *__restrict gt = gj + std::size_t(1 + k) * n;
      if constexpr (ND == 2) {
        for (int i = 0; i < n; ++i) {
          g0[i] += gt[i] * d2[i] * zt[i];
          gt[i] *= d1[i];
        }
      } else {
        const T *__restrict zq = zj + std::size_t(1 + dim + k) * n;
        T *__restrict gq = gj + std::size_t(1 + dim + k) * n;
        for (int i = 0; i < n; ++i) {
          const T a = gt[i], q = gq[i], t = zt[i];
          g0[i] += a * d2[i] * t + q * (d3[i] * t * t + d2[i] * zq[i]);
          gt[i] = a * d1[i] + T(2) * q * d2[i] * t;
          gq[i] = q * d1[i];
        }
      }
    }
  }
}

template <int ND, class T>
void hidden_backward_t(int rows, int n, int dim, const T *z, const T *dact, T *g, T *gbias) {
  const std::size_t cols = std::size_t(n) * (ND == 1 ? 1 : (ND == 2 ? 1 + dim : 1 + 2 * dim));
  for (int j = 0; j < rows; ++j) {
    const T *d1 = dact + std::size_t(j) * n * ND;
    backward_row<ND>(n, dim, z + j * cols, d1, d1 + n, d1 + 2 * n, g + j * cols);
    T acc[kLanes] = {};
    accumulate_sum(acc, g + j * cols, n);
    gbias[j] = lanes_total(acc);
  }
}

// --- runtime -> template dispatch ---
template <class F>
void with_nd(Derivs m, F f) {
  switch (m) {
    case Derivs::None:
      f(std::integral_constant<int, 1>{});
      break;
    case Derivs::Grad:
      f(std::integral_constant<int, 2>{});
      break;
    case Derivs::GradLap:
      f(std::integral_constant<int, 3>{});
      break;
  }
}
template <class F>
void with_activation(Activation a, F f) {
  switch (a) {
    case Activation::Tanh:
      f(std::integral_constant<Activation, Activation::Tanh>{});
      break;
    case Activation::Sin:
      f(std::integral_constant<Activation, Activation::Sin>{});
      break;
    case Activation::Relu:
      f(std::integral_constant<Activation, Activation::Relu>{});
      break;
  }
}
template <class F>
void with_dim(int dim, F f) {
  switch (dim) {
    case 1:
      f(std::integral_constant<int, 1>{});
      break;
    case 2:
      f(std::integral_constant<int, 2>{});
      break;
    case 3:
      f(std::integral_constant<int, 3>{});
      break;
    default:
      throw std::invalid_argument("nn: input dimension must be 1, 2 or 3");
  }
}

}  // namespace

template <class T>
void first_forward(Activation act, Derivs m, int rows, int n, int dim, const T *w, const T *bias,
                   const T *x, T *h, T *dact) {
  with_activation(act, [&](auto a) {
    with_nd(m, [&](auto nd) {
      with_dim(dim, [&](auto d) {
        first_forward_t<decltype(a)::value, decltype(nd)::value, decltype(d)::value>(
            rows, n, w, bias, x, h, dact);
      });
    });
  });
}

template <class T>
void hidden_forward(Activation act, Derivs m, int rows, int n, int dim, const T *bias, const T *z,
                    T *h, T *dact) {
  with_activation(act, [&](auto a) {
    with_nd(m, [&](auto nd) {
      hidden_forward_t<decltype(a)::value, decltype(nd)::value>(rows, n, dim, bias, z, h, dact);
    });
  });
}

template <class T>
void hidden_backward(Derivs m, int rows, int n, int dim, const T *z, const T *dact, T *g,
                     T *gbias) {
  with_nd(
      m, [&](auto nd) { hidden_backward_t<decltype(nd)::value>(rows, n, dim, z, dact, g, gbias); });
}

template <class T>
void first_backward(Derivs m, int rows, int n, int dim, const T *w, const T *x, const T *dact,
                    const T *g, T *gw, T *gbias) {
  with_nd(m, [&](auto nd) {
    with_dim(dim, [&](auto d) {
      first_backward_t<decltype(nd)::value, decltype(d)::value>(rows, n, w, x, dact, g, gw, gbias);
    });
  });
}

template <class T>
void add_bias_values(int rows, int n, int cols, const T *bias, T *out) {
  for (int j = 0; j < rows; ++j)
    for (int i = 0; i < n; ++i) out[std::size_t(j) * cols + i] += bias[j];
}

template <class T>
void sum_values(int rows, int n, int cols, const T *g, T *gbias) {
  for (int j = 0; j < rows; ++j) {
    T acc[kLanes] = {};
    accumulate_sum(acc, g + std::size_t(j) * cols, n);
    gbias[j] = lanes_total(acc);
  }
}

#define FPSOLVE_INSTANTIATE(T)                                                                  \
  template void first_forward<T>(Activation, Derivs, int, int, int, const T *, const T *,       \
                                 const T *, T *, T *);                                          \
  template void hidden_forward<T>(Activation, Derivs, int, int, int, const T *, const T *, T *, \
                                  T *);                                                         \
  template void hidden_backward<T>(Derivs, int, int, int, const T *, const T *, T *, T *);      \
  template void first_backward<T>(Derivs, int, int, int, const T *, const T *, const T *,       \
                                  const T *, T *, T *);                                         \
  template void add_bias_values<T>(int, int, int, const T *, T *);                              \
  template void sum_values<T>(int, int, int, const T *, T *);
FPSOLVE_INSTANTIATE(float)
FPSOLVE_INSTANTIATE(double)
#undef FPSOLVE_INSTANTIATE

}  // namespace fpsolve::nn::kernels
