#include "fpsolve/hybrid/spectral_tracker.hpp"

#include <cmath>

#include "fpsolve/spectral/peaks.hpp"
#include "fpsolve/spectral/peaks_nd.hpp"

namespace fpsolve::hybrid {

PetscErrorCode SpectralTracker::Create(const Grid &grid, spectral::DstNd &dst, Vec reference,
                                       const SpectrumConfig &cfg, io::RunFile &file,
                                       std::unique_ptr<SpectralTracker> *out) {
  PetscFunctionBeginUser;
  std::unique_ptr<SpectralTracker> t(new SpectralTracker(file, dst));
  t->dim_ = grid.dim;
  t->full_max_modes_ = cfg.full_max_modes;
  PetscCall(dst.CreateCoeffVec(&t->ref_coeffs_));
  PetscCall(dst.CreateCoeffVec(&t->coeffs_));
  PetscCall(dst.Forward(reference, t->ref_coeffs_));
  if (grid.dim == 1) {
    PetscCall(t->CreateLine(grid.da, reference, cfg));
  } else {
    PetscCall(t->CreateNd(cfg));
  }
  *out = std::move(t);
  PetscFunctionReturn(0);
}

PetscErrorCode SpectralTracker::CreateLine(DM da, Vec reference, const SpectrumConfig &cfg) {
  PetscFunctionBeginUser;
  std::vector<double> uref;
  PetscCall(dstnd_.Gather(ref_coeffs_, uref));
  std::vector<int> modes;
  for (const spectral::Mode &k : cfg.modes) modes.push_back(k[0]);
  if (modes.empty()) modes = spectral::find_peaks(uref, (int)cfg.peaks);
  for (int k : modes) modes_.push_back({k, 0, 0});
  PetscCall(spectral::ModeProjector::Create(da, modes, &projector_));
  PetscCall(projector_->SetReference(reference));
  std::vector<long long> m(modes.begin(), modes.end());
  PetscCall(file_.WriteArray("/spectrum/modes", m));
  for (double &v : uref) v = std::fabs(v);
  PetscCall(file_.WriteArray("/spectrum/reference", uref));
  PetscFunctionReturn(0);
}

PetscErrorCode SpectralTracker::CreateNd(const SpectrumConfig &cfg) {
  PetscFunctionBeginUser;
  modes_ = cfg.modes;
  if (modes_.empty()) {
    int extent[3] = {kPeakSearch[dim_ - 1], kPeakSearch[dim_ - 1], kPeakSearch[dim_ - 1]};
    std::vector<double> box;
    PetscCall(dstnd_.GatherBox(ref_coeffs_, extent, box));
    modes_ = spectral::find_peaks_nd(box, dim_, extent, (int)cfg.peaks);
  }
  PetscCall(dstnd_.GatherModes(ref_coeffs_, modes_, ref_values_));
  PetscCall(spectral::ShellBinning::Create(dstnd_, (int)cfg.shells, &shells_));
  PetscCall(shells_->SetReference(ref_coeffs_));
  std::vector<long long> m;
  for (const spectral::Mode &k : modes_)
    for (int a = 0; a < dim_; ++a) m.push_back(k[a]);
  PetscCall(file_.WriteArray("/spectrum/modes", m, dim_));
  std::vector<double> ref(ref_values_.size());
  for (std::size_t i = 0; i < ref.size(); ++i) ref[i] = std::fabs(ref_values_[i]);
  PetscCall(file_.WriteArray("/spectrum/reference", ref));
  PetscCall(file_.WriteArray("/spectrum/shells", shells_->edges()));
  PetscCall(file_.WriteArray("/spectrum/shell_reference", shells_->reference_energy()));
  PetscFunctionReturn(0);
}

SpectralTracker::~SpectralTracker() {
  VecDestroy(&ref_coeffs_);
  VecDestroy(&coeffs_);
}

PetscErrorCode SpectralTracker::Record(const std::string &group, long long index, Vec u,
                                       bool full) {
  PetscFunctionBeginUser;
  if (dim_ > 1) {
    PetscCall(RecordNd(group, index, u, full));
    PetscFunctionReturn(0);
  }
  PetscCall(projector_->Errors(u, errors_));
  PetscCall(file_.Append(group + "/peak_error", errors_.data(), errors_.size()));
  if (!full) PetscFunctionReturn(0);
  PetscCall(dstnd_.Forward(u, coeffs_));
  PetscCall(VecAbs(coeffs_));
  PetscCall(dstnd_.Gather(coeffs_, output_));
  PetscCall(dstnd_.Forward(u, coeffs_));
  PetscCall(VecAXPY(coeffs_, -1.0, ref_coeffs_));
  PetscCall(VecAbs(coeffs_));
  PetscCall(dstnd_.Gather(coeffs_, spectrum_));
  PetscCall(file_.Append(group + "/error_spectrum", spectrum_.data(), spectrum_.size()));
  spectrum_.swap(output_);
  PetscCall(file_.Append(group + "/output_spectrum", spectrum_.data(), spectrum_.size()));
  PetscCall(file_.Append(group + "/error_spectrum_index", (double)index, io::SeriesType::Int64));
  PetscFunctionReturn(0);
}

PetscErrorCode SpectralTracker::RecordNd(const std::string &group, long long index, Vec u,
                                         bool full) {
  PetscFunctionBeginUser;
  PetscCall(dstnd_.Forward(u, coeffs_));
  PetscCall(dstnd_.GatherModes(coeffs_, modes_, values_));
  errors_.resize(values_.size());
  spectral::relative_errors(values_.data(), ref_values_.data(), values_.size(), errors_.data());
  PetscCall(file_.Append(group + "/peak_error", errors_.data(), errors_.size()));
  PetscCall(shells_->RelativeErrors(coeffs_, shell_errors_));
  PetscCall(file_.Append(group + "/shell_error", shell_errors_.data(), shell_errors_.size()));
  if (!full || dstnd_.num_modes() > full_max_modes_) PetscFunctionReturn(0);
  PetscCall(VecAXPY(coeffs_, -1.0, ref_coeffs_));
  PetscCall(VecAbs(coeffs_));
  PetscCall(dstnd_.Gather(coeffs_, spectrum_));
  PetscCall(file_.Append(group + "/error_spectrum", spectrum_.data(), spectrum_.size()));
  PetscCall(file_.Append(group + "/error_spectrum_index", (double)index, io::SeriesType::Int64));
  PetscFunctionReturn(0);
}

}  // namespace fpsolve::hybrid
