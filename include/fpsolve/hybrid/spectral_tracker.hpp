#pragma once
// Per-frequency bookkeeping for one run: the reference grid function u* (the exact discrete
// solution by default, the continuous exact solution with -spectrum_reference exact, or the
// fit target), its DST, the tracked modes, and the records of /spectrum/<stage>/...:
//   peak_error       records x modes: |U_k - U*_k| / |U*_k| of the tracked modes (cheap)
//   error_spectrum   coarse records x n: |DST(u - u*)|; error_spectrum_index: step/iteration
//   output_spectrum  coarse records x n: |DST(u)| (the net's or iterate's own spectrum)
#include <petscksp.h>

#include <memory>
#include <string>
#include <vector>

#include "fpsolve/hybrid/hybrid_config.hpp"
#include "fpsolve/io/run_file.hpp"
#include "fpsolve/problem/grid.hpp"
#include "fpsolve/spectral/dst.hpp"
#include "fpsolve/spectral/mode_projector.hpp"

namespace fpsolve::hybrid {

class SpectralTracker {
 public:
  // reference: a grid function of the grid's DMDA (copied). Writes /spectrum/modes and
  // /spectrum/reference (|U*|) to the file.
  static PetscErrorCode Create(DM da, Vec reference, const SpectrumConfig &cfg, io::RunFile &file,
                               std::unique_ptr<SpectralTracker> *out);
  ~SpectralTracker();

  // Appends one record under group (e.g. "/spectrum/train"); full adds the whole spectra.
  PetscErrorCode Record(const std::string &group, long long index, Vec u, bool full);
  const std::vector<int> &modes() const { return projector_->modes(); }

 private:
  SpectralTracker(io::RunFile &file) : file_(file) {}
  io::RunFile &file_;
  std::unique_ptr<spectral::Dst> dst_;
  std::unique_ptr<spectral::ModeProjector> projector_;
  Vec ref_coeffs_ = nullptr;
  std::vector<double> errors_, spectrum_;
};

}  // namespace fpsolve::hybrid
