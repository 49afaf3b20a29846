#pragma once
// How the hybrid switches from training to the KSP, and what the spectra track.
#include <petscsys.h>

#include <array>
#include <vector>

namespace fpsolve {

struct SwitchPolicy {
  enum class Kind { Step, Time, Auto } kind = Kind::Auto;
  double value = 0;            // steps or seconds
  double auto_target = -1;     // -hybrid_auto_target: error the predicted finish aims at
  PetscInt auto_patience = 5;  // -hybrid_auto_patience: records without a better prediction
};

struct SpectrumConfig {
  // -spectrum_modes: 1-based multi-indices (kx, ky, kz; 0 past the given components, which
  // must number the grid's dimension); empty: detect peaks.
  std::vector<std::array<int, 3>> modes;
  PetscInt peaks = 4;            // -spectrum_peaks
  bool reference_exact = false;  // -spectrum_reference exact|discrete
  PetscInt full_every = 10;      // full error spectrum every this many records
  PetscInt shells = 0;           // -spectrum_shells (2D/3D; 0: automatic count)
  PetscInt full_max_modes = 0;   // -spectrum_full_max_modes: 2D/3D full spectra up to this size
};

}  // namespace fpsolve
