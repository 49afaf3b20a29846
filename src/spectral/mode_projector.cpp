// Tracked DST modes by direct projection (see include/fpsolve/spectral/mode_projector.hpp).
#include "fpsolve/spectral/mode_projector.hpp"

#include <cblas.h>

#include <algorithm>
#include <cmath>

#include "fpsolve/base/error.hpp"
#include "fpsolve/spectral/peaks.hpp"
#include "spectral_log.hpp"

namespace fpsolve::spectral {

namespace {
// sin(pi j k/(n+1)) with the argument reduced exactly in integers first, so the table is
// accurate to an ulp for any j k (a naive pi*j*k/(n+1) loses digits when j k is large).
double DstSine(long long j, long long k, long long n) {
  const long long period = 2 * (n + 1);
  const long long r = (j * k) % period;
  return std::sin(PETSC_PI * static_cast<double>(r) / static_cast<double>(n + 1));
}
}  // namespace

PetscErrorCode ModeProjector::Create(DM da, const std::vector<int> &modes,
                                     std::unique_ptr<ModeProjector> *out) {
  const SpectralEvents *ev;
  PetscFunctionBegin;
  PetscCall(GetSpectralEvents(&ev));
  PetscCall(PetscLogEventBegin(ev->setup, 0, 0, 0, 0));
  std::unique_ptr<ModeProjector> p(new ModeProjector());
  p->comm_ = PetscObjectComm(reinterpret_cast<PetscObject>(da));
  PetscInt dim, dof, xs, xm;
  PetscCall(DMDAGetInfo(da, &dim, &p->N_, nullptr, nullptr, nullptr, nullptr, nullptr, &dof,
                        nullptr, nullptr, nullptr, nullptr, nullptr));
  PetscCheck(dim == 1 && dof == 1 && p->N_ >= 3, p->comm_, PETSC_ERR_ARG_WRONG,
             "ModeProjector needs a 1D DMDA with one dof and at least 3 points");
  p->n_ = p->N_ - 2;
  for (int k : modes)
    PetscCheck(k >= 1 && k <= p->n_, p->comm_, kErrBadInput,
               "spectrum mode %d outside 1..%" PetscInt_FMT, k, p->n_);
  p->modes_ = modes;
  // In 1D the DMDA's owned block is natural indices [xs, xs+xm), stored in that order.
  PetscCall(DMDAGetCorners(da, &xs, nullptr, nullptr, &xm, nullptr, nullptr));
  p->nlocal_ = xm;
  p->basis_.assign(modes.size() * static_cast<std::size_t>(xm), 0.0);
  for (std::size_t m = 0; m < modes.size(); ++m)
    for (PetscInt i = 0; i < xm; ++i) {
      const PetscInt j = xs + i;
      if (j >= 1 && j <= p->n_) p->basis_[m * xm + i] = DstSine(j, modes[m], p->n_);
    }
  p->scratch_.resize(modes.size());
  *out = std::move(p);
  PetscCall(PetscLogEventEnd(ev->setup, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

PetscErrorCode ModeProjector::Apply(Vec u, std::vector<double> &values) {
  const SpectralEvents *ev;
  PetscFunctionBegin;
  PetscCall(GetSpectralEvents(&ev));
  PetscInt nloc;
  PetscCall(VecGetLocalSize(u, &nloc));
  PetscCheck(nloc == nlocal_, PETSC_COMM_SELF, PETSC_ERR_ARG_SIZ,
             "ModeProjector: Vec is not a global Vec of its DMDA");
  PetscCall(PetscLogEventBegin(ev->project, 0, 0, 0, 0));
  const std::size_t m = modes_.size();
  values.resize(m);
  const PetscScalar *ua;
  PetscCall(VecGetArrayRead(u, &ua));
  // One dgemv (vectorised; a plain dot loop is latency-bound on its FP sum) over the table.
  if (m > 0 && nlocal_ > 0)
    cblas_dgemv(CblasRowMajor, CblasNoTrans, static_cast<int>(m), static_cast<int>(nlocal_), 1.0,
                basis_.data(), static_cast<int>(nlocal_), ua, 1, 0.0, values.data(), 1);
  else
    std::fill(values.begin(), values.end(), 0.0);
  PetscCall(VecRestoreArrayRead(u, &ua));
  PetscCall(PetscLogFlops(2.0 * m * nlocal_));
  PetscCallMPI(
      MPI_Allreduce(MPI_IN_PLACE, values.data(), static_cast<int>(m), MPI_DOUBLE, MPI_SUM, comm_));
  PetscCall(PetscLogEventEnd(ev->project, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

PetscErrorCode ModeProjector::SetReference(Vec u_ref) {
  PetscFunctionBegin;
  PetscCall(Apply(u_ref, ref_));
  PetscFunctionReturn(0);
}

PetscErrorCode ModeProjector::SetReference(const std::vector<double> &ref_values) {
  PetscFunctionBegin;
  PetscCheck(ref_values.size() == modes_.size(), comm_, PETSC_ERR_ARG_SIZ,
             "ModeProjector: %zu reference values for %zu modes", ref_values.size(), modes_.size());
  ref_ = ref_values;
  PetscFunctionReturn(0);
}

PetscErrorCode ModeProjector::Errors(Vec u, std::vector<double> &errors) {
  PetscFunctionBegin;
  PetscCheck(ref_.size() == modes_.size(), comm_, PETSC_ERR_ORDER,
             "ModeProjector: SetReference before Errors");
  PetscCall(Apply(u, scratch_));
  errors.resize(modes_.size());
  relative_errors(scratch_.data(), ref_.data(), modes_.size(), errors.data());
  PetscFunctionReturn(0);
}

}  // namespace fpsolve::spectral
