#pragma once
// The fused Jacobi's data layout and loops (no PETSc calls): used by fused_jacobi_pc.cpp only.
//
// Each rank keeps its piece in ghosted ping-pong buffers with a halo of depth s: owned point k
// (global xs + k) at q = s + k, the neighbours' last/first s points on either side. After one
// exchange of s values a side, s iterations run without communication: step t also updates
// the s - t ghost points next to the piece (redundantly, with the same arithmetic as their
// owner), so every point sees exactly the values it would with an exchange per iteration.
// That divides the exchange latency, which bounds small grids on several ranks, by s.
//
// Damped Jacobi (weight omega != 1): every row, boundary rows included, moves the fraction
// omega towards its Jacobi update, u' = keep u + omega J(u) with keep = 1 - omega (PETSc's
// Richardson scale omega + PCJACOBI). kDamped is a template argument so that omega == 1
// compiles to the classical loops exactly.
#include <petscsys.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace fpsolve::fused {

struct Layout {
  PetscInt mx = 0, xs = 0, xm = 0;  // global points, first owned, owned count
  PetscInt s = 1;                   // halo depth
  // q of global point g (may lie in the halo, or outside the buffer for far points).
  PetscInt q(PetscInt g) const { return s + g - xs; }
};

struct Damping {
  double omega = 1, keep = 0;
  void SetOmega(double o) { omega = o, keep = 1 - o; }
};

// The hot loop: contiguous, branch-free, restrict pointers so it vectorises.
template <bool kDamped>
inline void InteriorSweep(const PetscScalar *__restrict u, const PetscScalar *__restrict f,
                          PetscScalar *__restrict un, PetscInt q0, PetscInt q1, const Damping &w) {
  const double omega = w.omega, keep = w.keep;
  for (PetscInt q = q0; q < q1; ++q) {
    double v = f[q] + 0.5 * (u[q - 1] + u[q + 1]);
    if (kDamped) v = keep * u[q] + omega * v;
    un[q] = v;
  }
}

// One Jacobi row with the operator's elimination of boundary neighbours (laplacian.hpp):
// rows 0 and mx-1 are d u = d u_b, so u' = f; rows 1 and mx-2 have no boundary neighbour.
inline PetscScalar EdgeRow(const Layout &l, const PetscScalar *u, const PetscScalar *f,
                           PetscInt q) {
  const PetscInt g = l.xs + q - l.s;
  if (g == 0 || g == l.mx - 1) return f[q];
  const PetscScalar left = g == 1 ? 0.0 : u[q - 1], right = g == l.mx - 2 ? 0.0 : u[q + 1];
  return f[q] + 0.5 * (left + right);
}

// EdgeRow's update of the current weight.
template <bool kDamped>
inline PetscScalar EdgeUpdate(const Layout &l, const PetscScalar *u, const PetscScalar *f,
                              PetscInt q, const Damping &w) {
  const PetscScalar v = EdgeRow(l, u, f, q);
  return kDamped ? w.keep * u[q] + w.omega * v : v;
}

// Rows [qa, qb) of one iteration: the plain loop where rows have both neighbours inside the
// domain (global 2..mx-3), EdgeRow for the at most four others.
template <bool kDamped>
inline void SweepRows(const Layout &l, const PetscScalar *u, const PetscScalar *f, PetscScalar *un,
                      PetscInt qa, PetscInt qb, const Damping &w) {
  const PetscInt lo = std::min(qb, std::max(qa, l.q(2)));
  const PetscInt hi = std::max(lo, std::min(qb, l.q(l.mx - 2)));
  for (PetscInt q = qa; q < lo; ++q) un[q] = EdgeUpdate<kDamped>(l, u, f, q, w);
  InteriorSweep<kDamped>(u, f, un, lo, hi, w);
  for (PetscInt q = hi; q < qb; ++q) un[q] = EdgeUpdate<kDamped>(l, u, f, q, w);
}

// m <= s iterations after an exchange: step t updates the owned rows plus m - t halo rows
// a side (clipped to the domain). Returns the buffer index holding the result.
template <bool kDamped>
inline int SweepBlock(const Layout &l, std::vector<PetscScalar> *buf, const PetscScalar *f, int p,
                      PetscInt m, const Damping &w) {
  const PetscInt qmin = l.q(0), qmax = l.q(l.mx);
  for (PetscInt t = 1; t <= m; ++t) {
    const PetscInt d = m - t;
    SweepRows<kDamped>(l, buf[p].data(), f, buf[1 - p].data(), std::max(l.s - d, qmin),
                       std::min(l.s + l.xm + d, qmax), w);
    p = 1 - p;
  }
  return p;
}

// One pass over the owned rows: the sum of squares of the true residual b - A u = D (u' - u)
// (u' the undamped Jacobi update, whatever the weight; halo depth 1 must be current) and, with e
// (indexed from 0), the max of |u - e|. Four independent lanes so it vectorises without
// -ffast-math. A NaN anywhere makes the sum NaN; the max then is set to NaN too (max() drops NaNs).
template <bool kError>
inline void CheckSums(const Layout &l, const PetscScalar *u, const PetscScalar *f,
                      const PetscScalar *e, PetscReal d, double *sumsq, double *maxerr) {
  const PetscInt qa = l.s, qb = l.s + l.xm;
  const PetscInt lo = std::min(qb, std::max(qa, l.q(2)));
  const PetscInt hi = std::max(lo, std::min(qb, l.q(l.mx - 2)));
  const PetscScalar *eq = e - l.s;  // e at buffer position q
  double sq[4] = {0, 0, 0, 0}, mx[4] = {0, 0, 0, 0};
  auto row = [&](PetscScalar un, PetscInt q, int k) {
    const double r = d * (un - u[q]);
    sq[k] += r * r;
    if (kError) {
      const double v = std::abs(u[q] - eq[q]);
      mx[k] = v > mx[k] ? v : mx[k];
    }
  };
  for (PetscInt q = qa; q < lo; ++q) row(EdgeRow(l, u, f, q), q, 0);
  for (PetscInt q = hi; q < qb; ++q) row(EdgeRow(l, u, f, q), q, 0);
  PetscInt q = lo;
  for (; q + 4 <= hi; q += 4)
    for (int k = 0; k < 4; ++k) row(f[q + k] + 0.5 * (u[q + k - 1] + u[q + k + 1]), q + k, k);
  for (; q < hi; ++q) row(f[q] + 0.5 * (u[q - 1] + u[q + 1]), q, 0);
  *sumsq = (sq[0] + sq[1]) + (sq[2] + sq[3]);
  *maxerr = std::isnan(*sumsq) ? *sumsq : std::max(std::max(mx[0], mx[1]), std::max(mx[2], mx[3]));
}

}  // namespace fpsolve::fused
