#pragma once
// The residual equation as a Problem a Trainer can learn: -Lap e = s r on the same box (1D, 2D,
// 3D), e = 0 on its boundary (the trainer samples the boundary points on the box's faces for
// the Ritz penalty), where r = b - A u is the residual of the current iterate on the grid and s
// a scale chosen so that the correction s e has an O(1) amplitude (a net trained on a tiny
// target learns it badly: docs/cycles.md). r is known only at grid points; the training
// samples fall anywhere, so r is interpolated LINEARLY per axis (linear in 1D, bilinear in 2D,
// trilinear in 3D) from the grid cell's corners. The boundary rows' r, which is zero, is
// replaced by the nearest interior value (each index clamped to 1..N_a-2): the continuous
// residual does not vanish at the boundary. The grid values are replicated on every rank (the
// net is): prod_a N_a doubles per rank, 2.1 MB at 513^2, 17 MB at 129^3 (docs/cycles.md).
#include <petscvec.h>

#include <vector>

#include "fpsolve/problem/grid.hpp"
#include "fpsolve/problem/problem.hpp"

namespace fpsolve::hybrid {

class ResidualProblem final : public Problem {
 public:
  explicit ResidualProblem(const Grid &grid);
  ~ResidualProblem() override;  // before PetscFinalize (it holds PETSc objects)
  ResidualProblem(const ResidualProblem &) = delete;
  ResidualProblem &operator=(const ResidualProblem &) = delete;
  // Collective: replicates scale * r (a global Vec of grid.da) on every rank, natural order.
  PetscErrorCode Set(Vec r, double scale);
  double rhs(const double *x) const override;
  // rhs() of each point, the corner values of a block of points prefetched first: the grid is
  // megabytes read at random cells, and point by point each sample waited for its cache misses
  // (~165 ns a sample at 513^2, about a tenth of a 2-rank training step of the cycle's net).
  void rhs_batch(const double *x, long n, double *g) const override;
  double boundary(const double *) const override { return 0.0; }
  bool has_exact() const override { return false; }
  double exact(const double *) const override { return 0.0; }
  std::string describe() const override {
    return "residual equation -Lap e = s r, e = 0 on the boundary";
  }

 private:
  // The cell of x: its lower corner base[a] and the weights w[a] of the upper corners.
  void cell(const double *x, long base[3], double w[3]) const;
  // Offset in values_ of a grid index, clamped to the interior.
  size_t offset(const long idx[3]) const;
  DM da_;
  int dim_;
  double lo_[3], h_[3];
  long n_[3];
  std::vector<double> values_;  // scaled r at every grid point, natural order (x fastest)
  Vec natural_ = nullptr, all_ = nullptr;  // Set's natural-order copy and its replica
  VecScatter to_all_ = nullptr;
};

}  // namespace fpsolve::hybrid
