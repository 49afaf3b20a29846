// U_k = B_k / lambda_k (see include/fpsolve/spectral/dst_solve.hpp).
#include "fpsolve/spectral/dst_solve.hpp"

namespace fpsolve::spectral {

PetscErrorCode DstSolve(DstNd &dst, const std::function<double(const Mode &)> &lambda, Vec b,
                        Vec coeffs, Vec u) {
  PetscFunctionBegin;
  PetscCall(dst.Forward(b, coeffs));
  PetscCall(dst.ForEachOwned(coeffs, [&](const Mode &k, PetscScalar &c) { c /= lambda(k); }));
  PetscCall(dst.Inverse(coeffs, u));
  PetscFunctionReturn(0);
}

}  // namespace fpsolve::spectral
