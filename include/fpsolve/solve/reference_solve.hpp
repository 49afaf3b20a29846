#pragma once
// The exact discrete solution of the finisher's system A u = b, by a direct solve on the
// assembled operator (options prefix -spectrum_ref_; default LU, MUMPS on more than one rank).
// The spectra compare iterates with it (-spectrum_reference discrete).
#include <petscvec.h>

#include "fpsolve/problem/grid.hpp"
#include "fpsolve/spectral/dst_nd.hpp"

namespace fpsolve {

PetscErrorCode SolveDiscreteReference(const Grid &grid, Vec b, Vec u);

// The same solution by the DST (what runs use): the operator's interior block is diagonal in
// the DST basis, so u_I = DST^{-1}(DST(b_I) / lambda_k) with Stencil's lambda_k, and the
// boundary rows give u_B = b_B / diagonal. Exact up to round-off, O(N log N), no factorisation,
// any dimension. dst: a DstNd of grid.da.
PetscErrorCode SolveDiscreteReferenceByDst(const Grid &grid, spectral::DstNd &dst, Vec b, Vec u);

}  // namespace fpsolve
