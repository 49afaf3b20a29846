// Reference versions of the fused layer kernels (layer_kernels.hpp): one neuron and one sample at
// a time, std::tanh / std::sin, no fusion, no vectorisation tricks. Only the tests call them.
#include <cmath>
#include <cstddef>

#include "fpsolve/nn/layer_kernels.hpp"

namespace fpsolve::nn::kernels {
namespace {

template <class T>
void act_ref(Activation a, T v, T &s, T &s1, T &s2, T &s3) {
  switch (a) {
    case Activation::Tanh:
      s = std::tanh(v);
      s1 = 1 - s * s;
      s2 = -2 * s * (1 - s * s);
      s3 = -2 * (1 - s * s) * (1 - s * s) + 4 * s * s * (1 - s * s);
      break;
    case Activation::Sin:
      s = std::sin(v), s1 = std::cos(v), s2 = -std::sin(v), s3 = -std::cos(v);
      break;
    case Activation::Relu:
      s = v > 0 ? v : 0, s1 = v > 0 ? 1 : 0, s2 = 0, s3 = 0;
      break;
  }
}

}  // namespace

template <class T>
void first_forward_ref(Activation act, Derivs m, int rows, int n, int dim, const T *w,
                       const T *bias, const T *x, T *h, T *dact) {
  const int nseg = num_segments(m, dim), nd = num_act_derivs(m);
  for (int j = 0; j < rows; ++j)
    for (int i = 0; i < n; ++i) {
      T z = bias[j];
      for (int k = 0; k < dim; ++k) z += w[j * dim + k] * x[k * n + i];
      T s, s1, s2, s3;
      act_ref(act, z, s, s1, s2, s3);
      T *hj = h + std::size_t(j) * n * nseg;
      hj[i] = s;
      const T ds[3] = {s1, s2, s3};
      for (int r = 0; r < nd; ++r) dact[(std::size_t(j) * nd + r) * n + i] = ds[r];
      for (int k = 0; k < dim && m != Derivs::None; ++k) {
        const T wk = w[j * dim + k];
        hj[(1 + k) * n + i] = s1 * wk;
        if (m == Derivs::GradLap) hj[(1 + dim + k) * n + i] = s2 * wk * wk;
      }
    }
}

template <class T>
void hidden_forward_ref(Activation act, Derivs m, int rows, int n, int dim, const T *bias,
                        const T *z, T *h, T *dact) {
  const int nseg = num_segments(m, dim), nd = num_act_derivs(m);
  for (int j = 0; j < rows; ++j)
    for (int i = 0; i < n; ++i) {
      const T *zj = z + std::size_t(j) * n * nseg;
      T *hj = h + std::size_t(j) * n * nseg;
      T s, s1, s2, s3;
      act_ref(act, zj[i] + bias[j], s, s1, s2, s3);
      hj[i] = s;
      const T ds[3] = {s1, s2, s3};
      for (int r = 0; r < nd; ++r) dact[(std::size_t(j) * nd + r) * n + i] = ds[r];
      for (int k = 0; k < dim && m != Derivs::None; ++k) {
        const T zt = zj[(1 + k) * n + i];
        hj[(1 + k) * n + i] = s1 * zt;
        if (m == Derivs::GradLap)
          hj[(1 + dim + k) * n + i] = s2 * zt * zt + s1 * zj[(1 + dim + k) * n + i];
      }
    }
}

template <class T>
void hidden_backward_ref(Derivs m, int rows, int n, int dim, const T *z, const T *dact, T *g,
                         T *gbias) {
  const int nseg = num_segments(m, dim), nd = num_act_derivs(m);
  for (int j = 0; j < rows; ++j) {
    gbias[j] = 0;
    for (int i = 0; i < n; ++i) {
      const T *zj = z + std::size_t(j) * n * nseg;
      T *gj = g + std::size_t(j) * n * nseg;
      const T s1 = dact[(std::size_t(j) * nd) * n + i];
      const T s2 = nd > 1 ? dact[(std::size_t(j) * nd + 1) * n + i] : 0;
      const T s3 = nd > 2 ? dact[(std::size_t(j) * nd + 2) * n + i] : 0;
      T dz = gj[i] * s1;
      for (int k = 0; k < dim && m != Derivs::None; ++k) {
        const T zt = zj[(1 + k) * n + i], gt = gj[(1 + k) * n + i];
        dz += gt * s2 * zt;
        gj[(1 + k) * n + i] = gt * s1;
        if (m == Derivs::GradLap) {
          const T zq = zj[(1 + dim + k) * n + i], gq = gj[(1 + dim + k) * n + i];
          dz += gq * (s3 * zt * zt + s2 * zq);
          gj[(1 + k) * n + i] += 2 * gq * s2 * zt;
          gj[(1 + dim + k) * n + i] = gq * s1;
        }
      }
      gj[i] = dz;
      gbias[j] += dz;
    }
  }
}

template <class T>
void first_backward_ref(Derivs m, int rows, int n, int dim, const T *w, const T *x, const T *dact,
                        const T *g, T *gw, T *gbias) {
  const int nseg = num_segments(m, dim), nd = num_act_derivs(m);
  for (int j = 0; j < rows; ++j) {
    gbias[j] = 0;
    for (int k = 0; k < dim; ++k) gw[j * dim + k] = 0;
    const T *gj = g + std::size_t(j) * n * nseg;
    for (int i = 0; i < n; ++i) {
      const T s1 = dact[(std::size_t(j) * nd) * n + i];
      const T s2 = nd > 1 ? dact[(std::size_t(j) * nd + 1) * n + i] : 0;
      const T s3 = nd > 2 ? dact[(std::size_t(j) * nd + 2) * n + i] : 0;
      T dz = gj[i] * s1;
      for (int k = 0; k < dim && m != Derivs::None; ++k) {
        const T wk = w[j * dim + k], gt = gj[(1 + k) * n + i];
        const T gq = m == Derivs::GradLap ? gj[(1 + dim + k) * n + i] : 0;
        dz += gt * s2 * wk + gq * s3 * wk * wk;
        gw[j * dim + k] += gt * s1 + 2 * gq * s2 * wk;  // dzt: the input tangent is e_k
      }
      gbias[j] += dz;
      for (int k = 0; k < dim; ++k) gw[j * dim + k] += dz * x[k * n + i];
    }
  }
}

#define FPSOLVE_INSTANTIATE(T)                                                                 \
  template void first_forward_ref<T>(Activation, Derivs, int, int, int, const T *, const T *,  \
                                     const T *, T *, T *);                                     \
  template void hidden_forward_ref<T>(Activation, Derivs, int, int, int, const T *, const T *, \
                                      T *, T *);                                               \
  template void hidden_backward_ref<T>(Derivs, int, int, int, const T *, const T *, T *, T *); \
  template void first_backward_ref<T>(Derivs, int, int, int, const T *, const T *, const T *,  \
                                      const T *, T *, T *);
FPSOLVE_INSTANTIATE(float)
FPSOLVE_INSTANTIATE(double)
#undef FPSOLVE_INSTANTIATE

}  // namespace fpsolve::nn::kernels
