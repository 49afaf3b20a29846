#pragma once
// Natural grid index -> PETSc global index of a DMDA, by index arithmetic on the ownership
// ranges (O(ranks) memory). The DMDA's own AO stores the whole permutation on every rank
// (4 bytes a grid point a rank), too much for the large 2D/3D grids the nD DST serves.
#include <petscdmda.h>

#include <vector>

namespace fpsolve::spectral {

class DmdaNaturalOrder {
 public:
  static PetscErrorCode Create(DM da, DmdaNaturalOrder *out);
  // i: natural point index per axis (0-based, boundary included; unused axes 0).
  PetscInt PetscIndex(const PetscInt i[3]) const;

 private:
  int dim_ = 1;
  std::vector<PetscInt> start_[3];    // per axis: first index owned by process column p (+ end)
  std::vector<PetscInt> rank_first_;  // PETSc global index of each rank's first point
};

}  // namespace fpsolve::spectral
