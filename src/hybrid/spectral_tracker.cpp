#include "fpsolve/hybrid/spectral_tracker.hpp"

#include <cmath>

#include "fpsolve/spectral/peaks.hpp"

namespace fpsolve::hybrid {

PetscErrorCode SpectralTracker::Create(DM da, Vec reference, const SpectrumConfig &cfg,
                                       io::RunFile &file, std::unique_ptr<SpectralTracker> *out) {
  PetscFunctionBeginUser;
  std::unique_ptr<SpectralTracker> t(new SpectralTracker(file));
  PetscCall(spectral::Dst::Create(da, &t->dst_));
  PetscCall(t->dst_->CreateCoeffVec(&t->ref_coeffs_));
  PetscCall(t->dst_->Apply(reference, t->ref_coeffs_));
  std::vector<double> uref;
  PetscCall(t->dst_->Gather(t->ref_coeffs_, uref));
  std::vector<int> modes = cfg.modes;
  if (modes.empty()) modes = spectral::find_peaks(uref, (int)cfg.peaks);
  PetscCall(spectral::ModeProjector::Create(da, modes, &t->projector_));
  PetscCall(t->projector_->SetReference(reference));
  std::vector<long long> m(modes.begin(), modes.end());
  PetscCall(file.WriteArray("/spectrum/modes", m));
  for (double &v : uref) v = std::fabs(v);
  PetscCall(file.WriteArray("/spectrum/reference", uref));
  *out = std::move(t);
  PetscFunctionReturn(0);
}

SpectralTracker::~SpectralTracker() {
  VecDestroy(&ref_coeffs_);
}

PetscErrorCode SpectralTracker::Record(const std::string &group, long long index, Vec u,
                                       bool full) {
  PetscFunctionBeginUser;
  PetscCall(projector_->Errors(u, errors_));
  PetscCall(file_.Append(group + "/peak_error", errors_.data(), errors_.size()));
  if (!full) PetscFunctionReturn(0);
  PetscCall(dst_->ErrorSpectrum(u, ref_coeffs_, spectrum_));
  PetscCall(file_.Append(group + "/error_spectrum", spectrum_.data(), spectrum_.size()));
  PetscCall(dst_->Apply(u, spectrum_));
  for (double &v : spectrum_) v = std::fabs(v);
  PetscCall(file_.Append(group + "/output_spectrum", spectrum_.data(), spectrum_.size()));
  PetscCall(file_.Append(group + "/error_spectrum_index", (double)index, io::SeriesType::Int64));
  PetscFunctionReturn(0);
}

}  // namespace fpsolve::hybrid
