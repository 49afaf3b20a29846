#pragma once
// The exact discrete solution of the finisher's system A u = b, by a direct solve on the
// assembled operator (options prefix -spectrum_ref_; default LU, MUMPS on more than one rank).
// The spectra compare iterates with it (-spectrum_reference discrete).
#include <petscvec.h>

#include "fpsolve/problem/grid.hpp"

namespace fpsolve {

PetscErrorCode SolveDiscreteReference(const Grid &grid, Vec b, Vec u);

}  // namespace fpsolve
