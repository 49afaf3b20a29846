#pragma once
// Solving with an operator that the DST diagonalises: U_k = B_k / lambda_k, O(N log N).
// For the finite-difference Laplacian on a box with Dirichlet data (boundary neighbours
// eliminated into the right-hand side) the interior system is exactly this, so the result is
// the exact discrete solution up to round-off (no iteration, no factorisation). The residual
// equation A e = r of a guess is solved the same way (its error spectrum, E_k = R_k / lambda_k).
#include <functional>

#include "fpsolve/spectral/dst_nd.hpp"

namespace fpsolve::spectral {

// Interior of u = DST^{-1}( DST(b) / lambda ); boundary entries of u are not touched.
// coeffs: a Vec from dst.CreateCoeffVec (scratch; holds B_k / lambda_k afterwards).
// lambda(k) must be nonzero for every mode. Collective.
PetscErrorCode DstSolve(DstNd &dst, const std::function<double(const Mode &)> &lambda, Vec b,
                        Vec coeffs, Vec u);

}  // namespace fpsolve::spectral
