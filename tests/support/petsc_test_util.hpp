#pragma once
// Small helpers for tests that drive PETSc objects: options scoped to one test, vectors
// gathered to every rank for comparison.
#include <gtest/gtest.h>
#include <petscdmda.h>
#include <petscvec.h>

#include <string>
#include <vector>

namespace fpsolve::testing {

// Sets options for the lifetime of the object (PetscOptionsInsertString), then clears them.
class ScopedOptions {
 public:
  explicit ScopedOptions(const std::string &opts) {
    PetscOptionsClear(nullptr);
    PetscOptionsInsertString(nullptr, opts.c_str());
  }
  ~ScopedOptions() { PetscOptionsClear(nullptr); }
};

// The whole vector on every rank (in global order).
inline std::vector<double> Gather(Vec v) {
  Vec all;
  VecScatter sc;
  VecScatterCreateToAll(v, &sc, &all);
  VecScatterBegin(sc, v, all, INSERT_VALUES, SCATTER_FORWARD);
  VecScatterEnd(sc, v, all, INSERT_VALUES, SCATTER_FORWARD);
  PetscInt n;
  const PetscScalar *a;
  VecGetSize(all, &n);
  VecGetArrayRead(all, &a);
  std::vector<double> out(a, a + n);
  VecRestoreArrayRead(all, &a);
  VecScatterDestroy(&sc);
  VecDestroy(&all);
  return out;
}

// A global Vec of a DMDA in natural order (x fastest, then y, z) on every rank: what a
// hand-written loop over the grid produces, whatever the process grid.
inline std::vector<double> GatherNatural(DM da, Vec v) {
  Vec natural;
  DMDACreateNaturalVector(da, &natural);
  DMDAGlobalToNaturalBegin(da, v, INSERT_VALUES, natural);
  DMDAGlobalToNaturalEnd(da, v, INSERT_VALUES, natural);
  std::vector<double> out = Gather(natural);
  VecDestroy(&natural);
  return out;
}

}  // namespace fpsolve::testing
