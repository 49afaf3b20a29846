// Registration of the spectral module's PETSc log events (once per process).
#include "spectral_log.hpp"

namespace fpsolve::spectral {

PetscErrorCode GetSpectralEvents(const SpectralEvents **events) {
  static SpectralEvents ev;
  static bool registered = false;
  PetscFunctionBegin;
  if (!registered) {
    PetscClassId cls;
    PetscCall(PetscClassIdRegister("fpsolve spectral", &cls));
    PetscCall(PetscLogEventRegister("FpsDstSetUp", cls, &ev.setup));
    PetscCall(PetscLogEventRegister("FpsDstApply", cls, &ev.apply));
    PetscCall(PetscLogEventRegister("FpsDstScatter", cls, &ev.scatter));
    PetscCall(PetscLogEventRegister("FpsDstFFT", cls, &ev.fft));
    PetscCall(PetscLogEventRegister("FpsDstGather", cls, &ev.gather));
    PetscCall(PetscLogEventRegister("FpsModeProject", cls, &ev.project));
    registered = true;
  }
  *events = &ev;
  PetscFunctionReturn(0);
}

}  // namespace fpsolve::spectral
