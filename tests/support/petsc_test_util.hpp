#pragma once
// Small helpers for tests that drive PETSc objects: options scoped to one test, vectors
// gathered to every rank for comparison.
#include <gtest/gtest.h>
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

}  // namespace fpsolve::testing
