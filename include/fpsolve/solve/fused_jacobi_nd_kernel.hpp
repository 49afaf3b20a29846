#pragma once
// The fused Jacobi's 2D/3D loops (no PETSc calls): used by fused_jacobi_nd.cpp, the matrix-free
// operator (its Box), the tests and
// bench/. The iterate lives in ghosted local arrays of the DMDA (x fastest); this rank's owned
// box sits inside the ghosted box, b and x in the global Vec's owned order.
//
// Boundary points of the domain hold 0 in both ping-pong arrays and are never written by a
// sweep, so the plain stencil on an interior point is the eliminated operator of stencil.hpp
// (a boundary neighbour contributes nothing; its value is in b). The iterate's boundary values
// are D^{-1} b after the first sweep (exactly what Jacobi gives on the rows D u = D u_b) and
// the guess's before; the engine writes them into x.
//
// Damped Jacobi (weight omega != 1, PETSc's Richardson scale omega + PCJACOBI): every point
// moves the fraction omega towards its Jacobi update, u' = (1 - omega) u + omega J(u); on the
// boundary rows J(u) = D^{-1} b, so those values approach it as (1 - omega)^m after m sweeps and
// the engine carries them itself. omega == 1 runs the classical loop unchanged.
#include <petscsys.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace fpsolve::fused {

struct Box {
  int dim = 2;
  PetscInt n[3] = {1, 1, 1};                      // global points per axis
  PetscInt s[3] = {0, 0, 0}, m[3] = {1, 1, 1};    // owned start and count
  PetscInt gs[3] = {0, 0, 0}, gm[3] = {1, 1, 1};  // ghosted start and count
  PetscInt lo[3] = {0, 0, 0}, hi[3] = {1, 1, 1};  // owned interior points per axis: [lo, hi)

  // Fills lo/hi from n, s, m (unused axes: the single index 0 counts as interior).
  void SetInterior() {
    for (int d = 0; d < 3; ++d) {
      if (d >= dim) {
        lo[d] = 0, hi[d] = 1;
        continue;
      }
      lo[d] = std::max<PetscInt>(s[d], 1);
      hi[d] = std::max(lo[d], std::min(s[d] + m[d], n[d] - 1));
    }
  }
  PetscInt sy() const { return gm[0]; }
  PetscInt sz() const { return gm[0] * gm[1]; }
  PetscInt G(PetscInt i, PetscInt j, PetscInt k) const {  // ghosted array index
    return (i - gs[0]) + gm[0] * ((j - gs[1]) + gm[1] * (k - gs[2]));
  }
  PetscInt O(PetscInt i, PetscInt j, PetscInt k) const {  // owned (global Vec) index
    return (i - s[0]) + m[0] * ((j - s[1]) + m[1] * (k - s[2]));
  }
  bool Interior(PetscInt i, PetscInt j, PetscInt k) const {
    return i >= 1 && i < n[0] - 1 && (dim < 2 || (j >= 1 && j < n[1] - 1)) &&
           (dim < 3 || (k >= 1 && k < n[2] - 1));
  }
};

// The sweep's coefficients: J_p = dinv b_p + sum_d w[d] (u_{p-e_d} + u_{p+e_d}), and
// u'_p = J_p (omega == 1) or keep u_p + omega J_p with keep = 1 - omega (damped).
struct Weights {
  double dinv = 0, w[3] = {0, 0, 0};
  double omega = 1, keep = 0;
  void SetOmega(double o) { omega = o, keep = 1 - o; }
};

// One Jacobi sweep over the owned interior points, u -> un (ghosts of u current). The hot
// loop: one contiguous x-row at a time, restrict pointers, no branches, so it vectorises.
// kDamped is a template argument so that omega == 1 compiles to the classical loop exactly.
template <int DIM, bool kDamped>
inline void SweepInteriorRows(const Box &B, const Weights &W, const PetscScalar *__restrict u,
                              PetscScalar *__restrict un, const PetscScalar *__restrict b) {
  const PetscInt sy = B.sy(), sz = B.sz(), len = B.hi[0] - B.lo[0];
  const double dinv = W.dinv, wx = W.w[0], wy = W.w[1], wz = W.w[2];
  const double omega = W.omega, keep = W.keep;
  if (len <= 0) return;
  for (PetscInt k = B.lo[2]; k < B.hi[2]; ++k) {
    for (PetscInt j = B.lo[1]; j < B.hi[1]; ++j) {
      const PetscScalar *__restrict ur = u + B.G(B.lo[0], j, k);
      const PetscScalar *__restrict br = b + B.O(B.lo[0], j, k);
      PetscScalar *__restrict nr = un + B.G(B.lo[0], j, k);
      for (PetscInt i = 0; i < len; ++i) {
        double v = dinv * br[i] + wx * (ur[i - 1] + ur[i + 1]) + wy * (ur[i - sy] + ur[i + sy]);
        if (DIM == 3) v += wz * (ur[i - sz] + ur[i + sz]);
        if (kDamped) v = keep * ur[i] + omega * v;
        nr[i] = v;
      }
    }
  }
}

template <int DIM>
inline void SweepInterior(const Box &B, const Weights &W, const PetscScalar *__restrict u,
                          PetscScalar *__restrict un, const PetscScalar *__restrict b) {
  if (W.omega == 1)
    SweepInteriorRows<DIM, false>(B, W, u, un, b);
  else
    SweepInteriorRows<DIM, true>(B, W, u, un, b);
}

// The plain reference of SweepInterior: every owned point, the interior test per point, the
// same arithmetic in the same order (so the two agree to the last bit).
inline void SweepInterior_ref(const Box &B, const Weights &W, const PetscScalar *u, PetscScalar *un,
                              const PetscScalar *b) {
  const PetscInt stride[3] = {1, B.sy(), B.sz()};
  for (PetscInt k = B.s[2]; k < B.s[2] + B.m[2]; ++k)
    for (PetscInt j = B.s[1]; j < B.s[1] + B.m[1]; ++j)
      for (PetscInt i = B.s[0]; i < B.s[0] + B.m[0]; ++i) {
        if (!B.Interior(i, j, k)) continue;
        const PetscInt q = B.G(i, j, k);
        double v = W.dinv * b[B.O(i, j, k)];
        for (int d = 0; d < B.dim; ++d) v += W.w[d] * (u[q - stride[d]] + u[q + stride[d]]);
        if (W.omega != 1) v = W.keep * u[q] + W.omega * v;
        un[q] = v;
      }
}

// The owned points on the domain's boundary, as owned (global Vec) indices in the order of
// CheckSums' loop: where a damped engine keeps their values.
inline std::vector<PetscInt> BoundaryPoints(const Box &B) {
  std::vector<PetscInt> at;
  for (PetscInt k = B.s[2]; k < B.s[2] + B.m[2]; ++k)
    for (PetscInt j = B.s[1]; j < B.s[1] + B.m[1]; ++j)
      for (PetscInt i = B.s[0]; i < B.s[0] + B.m[0]; ++i)
        if (!B.Interior(i, j, k)) at.push_back(B.O(i, j, k));
  return at;
}

// n damped sweeps of the boundary rows D v = b: v <- keep v + omega f, f = D^{-1} b there
// (the same arithmetic as the interior's damped update, so a restart from any sweep continues
// bit for bit).
inline void SweepBoundary(const Weights &W, const PetscScalar *f, PetscScalar *v, size_t count,
                          PetscInt n) {
  for (size_t q = 0; q < count; ++q) {
    double x = v[q];
    for (PetscInt t = 0; t < n; ++t) x = W.keep * x + W.omega * f[q];
    v[q] = x;
  }
}

// One pass over the owned points: the sum of squares of the true residual b - A u and, with
// e, the max of |u - e|. Interior rows: b - A u = D (u' - u) with u' the (undamped) Jacobi
// update; boundary rows: b - D v with v the iterate's boundary value: with bnd (damped), the
// next entry of bnd (the boundary points in this loop's order); otherwise D^{-1} b once swept,
// else the guess xg. A NaN anywhere makes the sum NaN; the max then is set to NaN too.
template <bool kError>
inline void CheckSums(const Box &B, const Weights &W, double diag, const PetscScalar *u,
                      const PetscScalar *b, bool swept, const PetscScalar *xg, const PetscScalar *e,
                      double *sumsq, double *maxerr, const PetscScalar *bnd = nullptr) {
  const PetscInt stride[3] = {1, B.sy(), B.sz()};
  double sq = 0, mx = 0;
  size_t nb = 0;  // boundary points seen
  for (PetscInt k = B.s[2]; k < B.s[2] + B.m[2]; ++k)
    for (PetscInt j = B.s[1]; j < B.s[1] + B.m[1]; ++j)
      for (PetscInt i = B.s[0]; i < B.s[0] + B.m[0]; ++i) {
        const PetscInt o = B.O(i, j, k);
        double v, r;
        if (B.Interior(i, j, k)) {
          const PetscInt q = B.G(i, j, k);
          double un = W.dinv * b[o];
          for (int d = 0; d < B.dim; ++d) un += W.w[d] * (u[q - stride[d]] + u[q + stride[d]]);
          v = u[q];
          r = diag * (un - v);
        } else {
          v = bnd ? bnd[nb++] : swept ? W.dinv * b[o] : xg[o];
          r = b[o] - diag * v;
        }
        sq += r * r;
        if (kError) mx = std::max(mx, std::abs(v - e[o]));
      }
  *sumsq = sq;
  *maxerr = std::isnan(sq) ? sq : mx;
}

}  // namespace fpsolve::fused
