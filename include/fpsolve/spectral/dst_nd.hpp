#pragma once
// DST-I of a 1D, 2D or 3D DMDA grid function over its interior points, distributed with
// FFTW-MPI, planned once. The transform the F-Principle diagnostics, the discrete reference
// solution, the auto switch and the correction cycles share.
//
// Convention (unnormalised, 1-based multi-indices). The grid has N_a points on axis a
// (boundary included; axis 0 = x), n_a = N_a - 2 interior points, and the interior values
// u_j, j_a = 1..n_a. Then, for k_a = 1..n_a,
//     U_k = sum_j u_j prod_a sin(pi j_a k_a / (n_a + 1))                       (Forward)
//     u_j = prod_a (2 / (n_a + 1)) sum_k U_k prod_a sin(pi j_a k_a / (n_a + 1))  (Inverse)
// (in 1D exactly Dst's convention). The products of sines are the eigenvectors of the
// 3/5/7-point Laplacian with Dirichlet boundaries and of its Jacobi iteration, so U_k is "how
// much of mode k" a grid function holds, and dividing by the operator's eigenvalue lambda_k
// solves the interior system exactly (see hybrid/reference_solution). Parseval:
//     sum_k U_k^2 = prod_a ((n_a + 1) / 2) * sum_j u_j^2.
// Boundary values are ignored by Forward and left untouched by Inverse.
//
// How: in 2D/3D, FFTW-MPI's distributed multi-dimensional r2r plan (RODFT00 on every axis),
// whose data is split in slabs of the slowest axis (y in 2D, z in 3D). A PETSc VecScatter
// moves the interior between the DMDA's boxes and FFTW's slabs (one scatter, used forward and
// in reverse). FFTW's output is not transposed, so the coefficients are in the same slab
// split as its input. In 1D FFTW-MPI has no parallel r2r transform; the 1D path is Dst's odd
// extension with the MPI complex DFT (dst.hpp), wrapped to the same interface.
//
// Coefficient vectors (CreateCoeffVec) are distributed Vecs of prod_a n_a entries in natural
// order of the multi-index (kx fastest: entry ((kz-1) n_y + (ky-1)) n_x + (kx-1)); a rank
// owns the contiguous range [owned_begin, owned_end) of it. Visit owned coefficients with
// their multi-index through ForEachOwned, fetch a few with GatherModes; Gather replicates all
// of them (small grids only).
//
// Every method is collective over the DMDA's communicator unless it says otherwise. Destroy
// a DstNd before PetscFinalize (FFTW-MPI plans hold a duplicated communicator).
//
// Typical use:
//   std::unique_ptr<DstNd> dst;  DstNd::Create(grid.da, &dst);
//   Vec U;  dst->CreateCoeffVec(&U);
//   dst->Forward(u, U);                                    // U_k of u
//   dst->ForEachOwned(U, [&](const Mode &k, PetscScalar &c) { c /= lambda(k); });
//   dst->Inverse(U, u);                                    // back to the grid interior
#include <petscdmda.h>

#include <array>
#include <memory>
#include <vector>

namespace fpsolve::spectral {

class Dst;

// A 1-based multi-index (kx, ky, kz); entries of unused axes are 0.
using Mode = std::array<int, 3>;

struct DstNdOptions {
  // FFTW_MEASURE planning (collective, costs many transforms once); default FFTW_ESTIMATE.
  bool measure = false;
};

class DstNd {
 public:
  // da: a 1D, 2D or 3D DMDA with dof 1 and >= 3 points per axis. Plans and the layout
  // scatter are made here, once.
  static PetscErrorCode Create(DM da, std::unique_ptr<DstNd> *out, const DstNdOptions &opt = {});
  ~DstNd();
  DstNd(const DstNd &) = delete;
  DstNd &operator=(const DstNd &) = delete;

  int dim() const { return dim_; }
  // Interior points (= modes) on axis a (0 = x); 1 for a >= dim().
  PetscInt modes(int axis) const { return n_[axis]; }
  PetscInt num_modes() const { return n_[0] * n_[1] * n_[2]; }
  // This rank's coefficients: natural linear indices [owned_begin, owned_end). Not collective.
  PetscInt owned_begin() const { return owned_lo_; }
  PetscInt owned_end() const { return owned_hi_; }
  // The multi-index of a natural linear coefficient index, and back. Not collective.
  Mode ModeOf(PetscInt linear) const;
  PetscInt LinearOf(const Mode &k) const;

  // A distributed Vec for the coefficients (layout above).
  PetscErrorCode CreateCoeffVec(Vec *coeffs) const;
  // u (a global Vec of the DMDA) -> coefficients (from CreateCoeffVec).
  PetscErrorCode Forward(Vec u, Vec coeffs);
  // coefficients -> interior of u (boundary entries of u are not touched). coeffs is kept.
  PetscErrorCode Inverse(Vec coeffs, Vec u);

  // Calls f(const Mode &k, PetscScalar &c) for each owned coefficient c = U_k of coeffs.
  // Not collective.
  template <class F>
  PetscErrorCode ForEachOwned(Vec coeffs, F &&f) const;

  // Values of the given modes, replicated on every rank (values resized to modes.size()).
  // kErrBadInput-style PETSC_ERR_ARG_OUTOFRANGE for a mode outside the grid.
  PetscErrorCode GatherModes(Vec coeffs, const std::vector<Mode> &modes,
                             std::vector<double> &values) const;
  // The low-frequency box of modes 1 <= k_a <= extent[a] (clipped to the grid; extent of
  // unused axes ignored) on every rank, natural order of the box (kx fastest); extent is
  // updated to the clipped box. One MPI_Allreduce of the box: keep it small.
  PetscErrorCode GatherBox(Vec coeffs, int extent[3], std::vector<double> &box) const;
  // All coefficients in natural order on every rank (root < 0) or only on `root`.
  PetscErrorCode Gather(Vec coeffs, std::vector<double> &all, int root = -1) const;

  // The layout change alone (for tests and diagnostics). A FFTW-layout Vec holds the interior
  // in natural order in FFTW's slab split (1D: Dst's odd extension, see dst.hpp).
  PetscErrorCode CreateFftwLayoutVec(Vec *w) const;
  PetscErrorCode ToFftwLayout(Vec u, Vec w);
  PetscErrorCode FromFftwLayout(Vec w, Vec u);

  struct Impl;  // opaque: FFTW plan and buffers, the scatter (keeps fftw3-mpi.h private)

 private:
  DstNd();
  PetscErrorCode GetOwnedArray(Vec coeffs, PetscScalar **a) const;

  std::unique_ptr<Impl> impl_;
  int dim_ = 1;
  PetscInt n_[3] = {1, 1, 1};
  PetscInt owned_lo_ = 0, owned_hi_ = 0;
};

template <class F>
PetscErrorCode DstNd::ForEachOwned(Vec coeffs, F &&f) const {
  PetscScalar *a;
  PetscFunctionBegin;
  PetscCall(GetOwnedArray(coeffs, &a));
  Mode k = ModeOf(owned_lo_);
  for (PetscInt l = owned_lo_; l < owned_hi_; ++l) {
    f(static_cast<const Mode &>(k), a[l - owned_lo_]);
    // Odometer increment, x fastest.
    for (int ax = 0; ax < dim_; ++ax) {
      if (++k[ax] <= n_[ax]) break;
      k[ax] = 1;
    }
  }
  PetscCall(VecRestoreArray(coeffs, &a));
  PetscFunctionReturn(0);
}

}  // namespace fpsolve::spectral
