#pragma once
// PETSc logging events of the spectral module, so -log_view shows what the diagnostics cost.
#include <petscsys.h>

namespace fpsolve::spectral {

struct SpectralEvents {
  PetscLogEvent setup = 0;    // Dst/ModeProjector creation: plans, scatters, sine tables
  PetscLogEvent apply = 0;    // one full DST (scatter + FFT + unpack)
  PetscLogEvent scatter = 0;  // DMDA -> FFTW slab layout VecScatter
  PetscLogEvent fft = 0;      // the FFTW (MPI) execute
  PetscLogEvent gather = 0;   // coefficients -> replicated copy
  PetscLogEvent project = 0;  // tracked modes by direct projection (ModeProjector)
};

// Registers the events on first call (after PetscInitialize) and returns them.
PetscErrorCode GetSpectralEvents(const SpectralEvents **events);

}  // namespace fpsolve::spectral
