#include "fpsolve/hybrid/residual_problem.hpp"

#include <petscdmda.h>

#include <algorithm>
#include <cmath>

namespace fpsolve::hybrid {

ResidualProblem::ResidualProblem(const Grid &grid) : da_(grid.da), dim_(grid.dim) {
  domain_ = grid.domain;
  size_t total = 1;
  for (int a = 0; a < 3; ++a) {
    lo_[a] = a < dim_ ? grid.domain.lo[a] : 0.0;
    h_[a] = a < dim_ ? grid.h[a] : 1.0;
    n_[a] = a < dim_ ? (long)grid.n[a] : 1;
    total *= (size_t)n_[a];
  }
  values_.assign(total, 0.0);
}

ResidualProblem::~ResidualProblem() {
  VecScatterDestroy(&to_all_);
  VecDestroy(&all_);
  VecDestroy(&natural_);
}

PetscErrorCode ResidualProblem::Set(Vec r, double scale) {
  const PetscScalar *a;
  PetscFunctionBeginUser;
  // A global Vec of a 2D/3D DMDA is ordered by rank boxes: natural order first, then to all.
  // The natural vector and the scatter are made at the first call and kept (a cycle sets r
  // once a correction; making them took ~5 ms of the 513^2 run's each time).
  if (!natural_) {
    PetscCall(DMDACreateNaturalVector(da_, &natural_));
    PetscCall(VecScatterCreateToAll(natural_, &to_all_, &all_));
  }
  PetscCall(DMDAGlobalToNaturalBegin(da_, r, INSERT_VALUES, natural_));
  PetscCall(DMDAGlobalToNaturalEnd(da_, r, INSERT_VALUES, natural_));
  PetscCall(VecScatterBegin(to_all_, natural_, all_, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecScatterEnd(to_all_, natural_, all_, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecGetArrayRead(all_, &a));
  for (size_t i = 0; i < values_.size(); ++i) values_[i] = scale * PetscRealPart(a[i]);
  PetscCall(VecRestoreArrayRead(all_, &a));
  PetscFunctionReturn(0);
}

size_t ResidualProblem::offset(const long idx[3]) const {
  long i[3];
  for (int a = 0; a < 3; ++a) i[a] = n_[a] >= 3 ? std::clamp(idx[a], 1L, n_[a] - 2) : 0;
  return (size_t)((i[2] * n_[1] + i[1]) * n_[0] + i[0]);
}

void ResidualProblem::cell(const double *x, long base[3], double w[3]) const {
  for (int a = 0; a < 3; ++a) base[a] = 0, w[a] = 0;
  for (int a = 0; a < dim_; ++a) {
    const double t = (x[a] - lo_[a]) / h_[a];
    base[a] = std::clamp((long)std::floor(t), 0L, n_[a] - 2);
    w[a] = std::clamp(t - (double)base[a], 0.0, 1.0);
  }
}

double ResidualProblem::rhs(const double *x) const {
  long base[3];
  double w[3];
  cell(x, base, w);
  // The 2^dim corners of the cell, each weighted by the product of its axis weights.
  double sum = 0;
  for (int corner = 0; corner < (1 << dim_); ++corner) {
    long idx[3] = {base[0], base[1], base[2]};
    double weight = 1;
    for (int a = 0; a < dim_; ++a) {
      const bool up = (corner >> a) & 1;
      idx[a] += up;
      weight *= up ? w[a] : 1 - w[a];
    }
    sum += weight * values_[offset(idx)];
  }
  return sum;
}

void ResidualProblem::rhs_batch(const double *x, long n, double *g) const {
  constexpr long kBlock = 32;  // points whose corner reads are in flight together
  for (long b0 = 0; b0 < n; b0 += kBlock) {
    const long len = std::min(kBlock, n - b0);
    for (long i = b0; i < b0 + len; ++i) {
      long base[3];
      double w[3];
      cell(x + i * dim_, base, w);
      // The corners with x-index base[0] (the +1 neighbour is in the same or the next line).
      for (int corner = 0; corner < (1 << dim_); corner += 2) {
        long idx[3] = {base[0], base[1] + ((corner >> 1) & 1), base[2] + ((corner >> 2) & 1)};
        __builtin_prefetch(&values_[offset(idx)]);
        idx[0] += 1;
        __builtin_prefetch(&values_[offset(idx)]);
      }
    }
    for (long i = b0; i < b0 + len; ++i) g[i] = rhs(x + i * dim_);
  }
}

}  // namespace fpsolve::hybrid
