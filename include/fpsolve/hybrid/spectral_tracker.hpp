#pragma once
// Per-frequency bookkeeping for one run: the reference grid function u* (the exact discrete
// solution by default, the continuous exact solution with -spectrum_reference exact, or the
// fit target), its DST, the tracked modes, and the records of /spectrum/<stage>/...
// 1D (datasets as they always were):
//   peak_error       records x modes: |U_k - U*_k| / |U*_k| of the tracked modes (projection)
//   error_spectrum   coarse records x n: |DST(u - u*)|; error_spectrum_index: step/iteration
//   output_spectrum  coarse records x n: |DST(u)| (the net's or iterate's own spectrum)
// 2D/3D (one DstNd transform a record):
//   peak_error       records x modes: the tracked multi-index modes' relative errors
//   shell_error      records x shells: relative error per |k| shell (spectral/shells.hpp)
//   error_spectrum   coarse records x all modes, only with -spectrum_full_max_modes >= modes
// and once: /spectrum/modes ([m] in 1D, [m][dim] multi-indices in 2D/3D), /spectrum/reference
// (1D: |U*| of every mode; 2D/3D: |U*| of the tracked modes), /spectrum/shells (edges) and
// /spectrum/shell_reference (energy of U* per shell) in 2D/3D.
#include <petscksp.h>

#include <memory>
#include <string>
#include <vector>

#include "fpsolve/hybrid/hybrid_config.hpp"
#include "fpsolve/io/run_file.hpp"
#include "fpsolve/problem/grid.hpp"
#include "fpsolve/spectral/dst_nd.hpp"
#include "fpsolve/spectral/mode_projector.hpp"
#include "fpsolve/spectral/shells.hpp"

namespace fpsolve::hybrid {

class SpectralTracker {
 public:
  // reference: a grid function of grid.da (its spectrum is kept). dst: the run's transform of
  // grid.da (shared with the auto switch; must outlive the tracker). Writes the /spectrum
  // datasets that do not change. Modes: cfg.modes, else the cfg.peaks peaks of |U*| (in 2D/3D
  // among k_a <= kPeakSearch[dim-1]).
  static PetscErrorCode Create(const Grid &grid, spectral::DstNd &dst, Vec reference,
                               const SpectrumConfig &cfg, io::RunFile &file,
                               std::unique_ptr<SpectralTracker> *out);
  ~SpectralTracker();

  // Appends one record under group (e.g. "/spectrum/train"); full adds the whole spectra.
  PetscErrorCode Record(const std::string &group, long long index, Vec u, bool full);
  const std::vector<spectral::Mode> &modes() const { return modes_; }

  static constexpr int kPeakSearch[3] = {1 << 30, 1024, 128};

 private:
  SpectralTracker(io::RunFile &file, spectral::DstNd &dst) : file_(file), dstnd_(dst) {}
  PetscErrorCode CreateLine(DM da, Vec reference, const SpectrumConfig &cfg);
  PetscErrorCode CreateNd(const SpectrumConfig &cfg);
  PetscErrorCode RecordNd(const std::string &group, long long index, Vec u, bool full);

  io::RunFile &file_;
  spectral::DstNd &dstnd_;
  int dim_ = 1;
  std::vector<spectral::Mode> modes_;
  std::vector<double> errors_, shell_errors_, spectrum_, values_, ref_values_;
  Vec ref_coeffs_ = nullptr, coeffs_ = nullptr;  // U* and scratch, DstNd's layout
  std::vector<double> output_;
  // 1D: the cheap projection onto the tracked modes (the datasets 1D has always had).
  std::unique_ptr<spectral::ModeProjector> projector_;
  // 2D/3D
  std::unique_ptr<spectral::ShellBinning> shells_;
  PetscInt full_max_modes_ = 0;
};

}  // namespace fpsolve::hybrid
