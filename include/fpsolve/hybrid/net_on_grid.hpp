#pragma once
// The trained net evaluated on the grid points this rank owns in the DMDA global vector:
// no gather, no serial step (the net is replicated, the points are distributed).
#include <petscvec.h>

#include <vector>

#include "fpsolve/problem/grid.hpp"
#include "fpsolve/train/trainer.hpp"

namespace fpsolve::hybrid {

class NetOnGrid {
 public:
  static PetscErrorCode Create(const Grid &grid, NetOnGrid *out);
  // u <- net(x) at every owned point (the raw net, boundary points included).
  PetscErrorCode Evaluate(train::Trainer &trainer, Vec u);

 private:
  const Grid *grid_ = nullptr;
  std::vector<double> points_, values_;
};

// Overwrites the boundary points of a guess with the boundary values (what the first Jacobi
// sweep does anyway), so diagnostics see the guess the KSP effectively starts from.
PetscErrorCode ImposeBoundaryValues(const Grid &grid, const Problem &problem, Vec u);

}  // namespace fpsolve::hybrid
