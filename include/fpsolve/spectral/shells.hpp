#pragma once
// Shell binning of a DST spectrum: the radial spectrum of the F-Principle literature. A shell
// is a range of |k| = sqrt(kx^2 + ky^2 + kz^2) over the 1-based multi-indices of DstNd; the
// shells cover [sqrt(dim), |n|] (|n| the largest mode's norm), shell s = [edges[s],
// edges[s+1]), the last one closed: by default of unit width (the last one the remainder),
// so the low frequencies where the F-Principle plays are resolved mode by mode; or `count`
// equal-width shells. |k| is the index norm, not a
// physical wavenumber: on a box with unequal sides or spacings a shell mixes frequencies.
//
//   energy_s         = sum_{k in s} U_k^2
//   relative error_s = sqrt( sum_{k in s} (U_k - U*_k)^2 / sum_{k in s} U*_k^2 )
// A shell whose reference energy is <= kAbsentEnergy times the reference's total energy holds
// no signal (e.g. only modes that vanish by symmetry, or a zero reference): its relative error
// is undefined and reported as NaN. With DstNd's convention,
// sum_s energy_s = prod_a ((n_a + 1) / 2) * sum_j u_j^2 over the interior (Parseval).
//
// Every method except the accessors is collective (one MPI_Allreduce of count values).
//   std::unique_ptr<ShellBinning> shells;  ShellBinning::Create(*dst, 0, &shells);
//   shells->SetReference(ref_coeffs);       // U* (kept, referenced)
//   every record: dst->Forward(u, U);  shells->RelativeErrors(U, rel);   // count values
#include <petscvec.h>

#include <memory>
#include <vector>

#include "fpsolve/spectral/dst_nd.hpp"

namespace fpsolve::spectral {

class ShellBinning {
 public:
  // count <= 0: unit-width shells (ceil(|n| - sqrt(dim)) of them, at least 1; none is empty:
  // a step of one index changes |k| by at most 1). count > 0: that many equal shells (empty
  // ones possible if narrower than 1). dst must outlive the binning.
  static PetscErrorCode Create(const DstNd &dst, int count, std::unique_ptr<ShellBinning> *out);
  ~ShellBinning();
  ShellBinning(const ShellBinning &) = delete;
  ShellBinning &operator=(const ShellBinning &) = delete;

  static constexpr double kAbsentEnergy = 1e-20;  // amplitude 1e-10, as PeakOptions::absent_tol

  int count() const { return static_cast<int>(edges_.size()) - 1; }
  const std::vector<double> &edges() const { return edges_; }  // count() + 1 values
  int ShellOf(const Mode &k) const;                            // 0 .. count()-1. Not collective.

  // Energy per shell of coefficients (from dst.CreateCoeffVec), replicated on every rank.
  PetscErrorCode Energies(Vec coeffs, std::vector<double> &energy) const;
  // The reference spectrum U* for RelativeErrors (the Vec is referenced, not copied: do not
  // change it afterwards); also computes its shell energies.
  PetscErrorCode SetReference(Vec ref_coeffs);
  const std::vector<double> &reference_energy() const { return ref_energy_; }
  // Relative error per shell of coeffs against the reference, replicated on every rank.
  PetscErrorCode RelativeErrors(Vec coeffs, std::vector<double> &rel);

 private:
  explicit ShellBinning(const DstNd &dst) : dst_(dst) {}
  const DstNd &dst_;
  std::vector<double> edges_;
  double lo_ = 0, inv_width_ = 1;
  Vec ref_ = nullptr;
  std::vector<double> ref_energy_;
};

}  // namespace fpsolve::spectral
