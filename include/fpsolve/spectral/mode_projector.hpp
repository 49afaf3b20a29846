#pragma once
// The cheap path for tracked modes: U_k = sum_j u_j sin(pi j k/(n+1)) for a few k by direct
// projection onto precomputed sine vectors (same convention as Dst, 1-based modes).
//
// Why not the DST: recording happens every few hundred training steps or Jacobi iterations,
// and a 1D FFTW-MPI DFT does three all-to-all transposes (~130-190 us at N = 1001 on 2-4 ranks
// versus ~10 us serial). Projection costs 2 m n/P flops and a single MPI_Allreduce of m values,
// with no allocation per call. Use Dst for the full spectrum at a coarser stride.
//
// Every method is collective over the DMDA's communicator.
#include <petscdmda.h>

#include <memory>
#include <vector>

namespace fpsolve::spectral {

class ModeProjector {
 public:
  // da: 1D DMDA with dof 1, N >= 3; modes: 1-based, each in 1..N-2 (kErrBadInput otherwise).
  static PetscErrorCode Create(DM da, const std::vector<int> &modes,
                               std::unique_ptr<ModeProjector> *out);

  const std::vector<int> &modes() const { return modes_; }
  PetscInt n() const { return n_; }

  // U_k of the tracked modes, replicated on every rank (values resized to modes().size()).
  PetscErrorCode Apply(Vec u, std::vector<double> &values);

  // The reference U*_k used by Errors(): projected from a grid function, or given directly
  // (e.g. picked from a Dst spectrum), replicated, in the order of modes().
  PetscErrorCode SetReference(Vec u_ref);
  PetscErrorCode SetReference(const std::vector<double> &ref_values);

  // e_k = |U_k - U*_k| / |U*_k| of the tracked modes (see relative_errors in peaks.hpp),
  // replicated on every rank. Needs SetReference first.
  PetscErrorCode Errors(Vec u, std::vector<double> &errors);

 private:
  ModeProjector() = default;

  MPI_Comm comm_ = MPI_COMM_NULL;
  PetscInt N_ = 0, n_ = 0, nlocal_ = 0;
  std::vector<int> modes_;
  std::vector<double> basis_;  // modes x nlocal, row-major: sin(pi j k/(n+1)) at owned j
  std::vector<double> ref_, scratch_;
};

}  // namespace fpsolve::spectral
