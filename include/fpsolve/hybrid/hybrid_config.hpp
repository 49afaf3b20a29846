#pragma once
// How the hybrid switches from training to the KSP, and what the spectra track.
#include <petscsys.h>

#include <vector>

namespace fpsolve {

struct SwitchPolicy {
  enum class Kind { Step, Time, Auto } kind = Kind::Auto;
  double value = 0;            // steps or seconds
  double auto_target = -1;     // -hybrid_auto_target: error the predicted finish aims at
  PetscInt auto_patience = 5;  // -hybrid_auto_patience: records without a better prediction
};

struct SpectrumConfig {
  std::vector<int> modes;        // -spectrum_modes (1-based); empty: detect peaks
  PetscInt peaks = 4;            // -spectrum_peaks
  bool reference_exact = false;  // -spectrum_reference exact|discrete
  PetscInt full_every = 10;      // full error spectrum every this many records
};

}  // namespace fpsolve
