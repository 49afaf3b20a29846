// Shell binning of DstNd spectra (see include/fpsolve/spectral/shells.hpp).
#include "fpsolve/spectral/shells.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace fpsolve::spectral {

namespace {

double Norm(const Mode &k) {
  return std::sqrt(static_cast<double>(k[0]) * k[0] + static_cast<double>(k[1]) * k[1] +
                   static_cast<double>(k[2]) * k[2]);
}

}  // namespace

PetscErrorCode ShellBinning::Create(const DstNd &dst, int count,
                                    std::unique_ptr<ShellBinning> *out) {
  PetscFunctionBegin;
  std::unique_ptr<ShellBinning> s(new ShellBinning(dst));
  Mode kmin = {0, 0, 0}, kmax = {0, 0, 0};
  for (int a = 0; a < dst.dim(); ++a) {
    kmin[a] = 1;
    kmax[a] = static_cast<int>(dst.modes(a));
  }
  const double lo = Norm(kmin), hi = Norm(kmax);
  double width;
  if (count <= 0) {  // unit width: the last shell is the remainder, closed at |n|
    count = std::max(1, static_cast<int>(std::ceil(hi - lo - 1e-12)));
    width = 1.0;
  } else {
    width = hi > lo ? (hi - lo) / count : 1.0;
  }
  s->edges_.resize(count + 1);
  for (int i = 0; i < count; ++i) s->edges_[i] = lo + width * i;
  s->edges_[count] = std::max(hi, lo + width * (count - 1));
  s->lo_ = lo;
  s->inv_width_ = 1.0 / width;
  *out = std::move(s);
  PetscFunctionReturn(0);
}

ShellBinning::~ShellBinning() {
  VecDestroy(&ref_);
}

int ShellBinning::ShellOf(const Mode &k) const {
  const int s = static_cast<int>((Norm(k) - lo_) * inv_width_);
  return std::clamp(s, 0, count() - 1);
}

PetscErrorCode ShellBinning::Energies(Vec coeffs, std::vector<double> &energy) const {
  PetscFunctionBegin;
  energy.assign(count(), 0.0);
  PetscCall(dst_.ForEachOwned(coeffs,
                              [&](const Mode &k, PetscScalar &c) { energy[ShellOf(k)] += c * c; }));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, energy.data(), count(), MPI_DOUBLE, MPI_SUM,
                             PetscObjectComm(reinterpret_cast<PetscObject>(coeffs))));
  PetscFunctionReturn(0);
}

PetscErrorCode ShellBinning::SetReference(Vec ref_coeffs) {
  PetscFunctionBegin;
  PetscCall(PetscObjectReference(reinterpret_cast<PetscObject>(ref_coeffs)));
  PetscCall(VecDestroy(&ref_));
  ref_ = ref_coeffs;
  PetscCall(Energies(ref_, ref_energy_));
  PetscFunctionReturn(0);
}

PetscErrorCode ShellBinning::RelativeErrors(Vec coeffs, std::vector<double> &rel) {
  const PetscScalar *r;
  PetscFunctionBegin;
  PetscCheck(ref_, PETSC_COMM_SELF, PETSC_ERR_ORDER, "ShellBinning: SetReference first");
  rel.assign(count(), 0.0);
  PetscCall(VecGetArrayRead(ref_, &r));
  PetscInt l = 0;
  PetscCall(dst_.ForEachOwned(coeffs, [&](const Mode &k, PetscScalar &c) {
    const double e = c - r[l++];
    rel[ShellOf(k)] += e * e;
  }));
  PetscCall(VecRestoreArrayRead(ref_, &r));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, rel.data(), count(), MPI_DOUBLE, MPI_SUM,
                             PetscObjectComm(reinterpret_cast<PetscObject>(coeffs))));
  double total = 0;
  for (double e : ref_energy_) total += e;
  for (int s = 0; s < count(); ++s)
    rel[s] = ref_energy_[s] > kAbsentEnergy * total && ref_energy_[s] > 0
                 ? std::sqrt(rel[s] / ref_energy_[s])
                 : std::numeric_limits<double>::quiet_NaN();
  PetscFunctionReturn(0);
}

}  // namespace fpsolve::spectral
