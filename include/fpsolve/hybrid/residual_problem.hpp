#pragma once
// The residual equation as a Problem a Trainer can learn: -Lap e = s r on the same box, e = 0 on
// its boundary, where r = b - A u is the residual of the current iterate on the grid and s a
// scale chosen so that the correction s e has an O(1) amplitude (a net trained on a tiny target
// learns it badly: docs/cycles.md). r is known only at grid points; the training samples fall
// anywhere, so r is LINEARLY INTERPOLATED between grid points (the boundary rows' r, which is
// zero, is replaced by the neighbouring interior value: the continuous residual does not vanish
// at the boundary). The grid values are replicated on every rank (the net is).
#include <petscvec.h>

#include <vector>

#include "fpsolve/problem/grid.hpp"
#include "fpsolve/problem/problem.hpp"

namespace fpsolve::hybrid {

class ResidualProblem final : public Problem {
 public:
  explicit ResidualProblem(const Grid &grid);
  // Collective: replicates scale * r on every rank.
  PetscErrorCode Set(Vec r, double scale);
  double rhs(const double *x) const override;
  double boundary(const double *) const override { return 0.0; }
  bool has_exact() const override { return false; }
  double exact(const double *) const override { return 0.0; }
  std::string describe() const override { return "residual equation -e'' = s r, e(ends) = 0"; }

 private:
  double lo_, h_;
  std::vector<double> values_;  // scaled r at every grid point
};

}  // namespace fpsolve::hybrid
