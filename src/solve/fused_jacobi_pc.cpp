// The fused Jacobi PC (see fused_jacobi.hpp): the iteration loop, check points and PETSc's
// tolerance tests; the sweeps and halo exchanges are the engine's (fused_jacobi_engine.hpp).
#include <petscdmda.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

#include "fpsolve/base/error.hpp"
#include "fpsolve/solve/fused_jacobi.hpp"
#include "fused_jacobi_engine.hpp"

namespace fpsolve {
namespace {

PetscLogEvent sweep_event = -1, check_event = -1;

constexpr char kShellName[] = "fpsolve fused Jacobi (matrix-free Richardson scale 1 + Jacobi)";

struct FusedContext {
  FusedJacobiConfig cfg;
  MPI_Comm comm = MPI_COMM_NULL;
  std::unique_ptr<fused::Engine> engine;
  bool parallel = false;
  MPI_Op sum_max = MPI_OP_NULL;  // {sum, max} in one reduction
  PetscInt richardson_calls = 0, checks = 0;
  int max_its_reason = KSP_CONVERGED_ITS;
  PetscReal weight = 1;  // the PC is weight * D^{-1} (PCFusedJacobiSetWeight)
};

PetscErrorCode Sweeps(FusedContext &c, PetscInt n) {
  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(sweep_event, 0, 0, 0, 0));
  PetscCall(c.engine->Sweeps(n));
  PetscCall(PetscLogFlops(c.engine->flops_per_sweep() * n));
  PetscCall(PetscLogEventEnd(sweep_event, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

// True residual norm and max error of the iterate: one pass, one reduction.
PetscErrorCode CheckState(FusedContext &c, PetscReal *rnorm, PetscReal *err) {
  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(check_event, 0, 0, 0, 0));
  double local[2];  // sum of squares, max error
  PetscCall(c.engine->LocalCheck(c.cfg.exact, &local[0], &local[1]));
  double global[2] = {local[0], local[1]};
  if (c.parallel) PetscCallMPI(MPI_Allreduce(local, global, 2, MPI_DOUBLE, c.sum_max, c.comm));
  *rnorm = std::sqrt(global[0]);
  *err = c.cfg.exact ? global[1] : std::numeric_limits<PetscReal>::quiet_NaN();
  PetscCall(PetscLogFlops(2.0 * c.engine->flops_per_sweep()));
  PetscCall(PetscLogEventEnd(check_event, 0, 0, 0, 0));
  ++c.checks;
  PetscFunctionReturn(0);
}

// PETSc's default test (KSPConvergedDefault) on the true residual; 0 while iterating.
int ToleranceReason(PetscReal rnorm, PetscReal rnorm0, PetscReal rtol, PetscReal abstol,
                    PetscReal dtol, PetscInt it) {
  if (!std::isfinite(rnorm)) return KSP_DIVERGED_NANORINF;
  if (rnorm <= std::max(rtol * rnorm0, abstol))
    return rnorm < abstol ? PCRICHARDSON_CONVERGED_ATOL : PCRICHARDSON_CONVERGED_RTOL;
  if (it > 0 && dtol > 0 && rnorm >= dtol * rnorm0) return PCRICHARDSON_DIVERGED_DTOL;
  return 0;
}

PetscErrorCode ApplyRichardson(PC pc, Vec b, Vec x, Vec, PetscReal rtol, PetscReal abstol,
                               PetscReal dtol, PetscInt maxits, PetscBool guesszero,
                               PetscInt *outits, PCRichardsonConvergedReason *outreason) {
  FusedContext *c;
  PetscFunctionBeginUser;
  PetscCall(PCShellGetContext(pc, &c));
  ++c->richardson_calls;
  PetscCall(c->engine->Start(b, x, guesszero));
  int reason = 0;
  PetscInt it = 0, copied = -1;
  PetscReal rnorm0 = 0;
  const PetscInt cs = c->cfg.check_stride, rs = c->cfg.record_stride;
  for (;;) {
    // The last iteration is a record too: the caller then needs no residual of its own (a
    // MatMult would cost a ghosted vector more).
    if (it % cs == 0 || it % rs == 0 || it >= maxits) {
      FusedJacobiCheck chk;
      chk.iteration = it;
      chk.record_due = it % rs == 0 || it >= maxits;
      PetscCall(CheckState(*c, &chk.residual, &chk.max_error));
      if (it == 0) rnorm0 = chk.residual;
      bool stop = false;
      if (chk.record_due) {
        PetscCall(c->engine->CopyOut(x));
        copied = it;
      }
      if (c->cfg.hook) PetscCall(c->cfg.hook(chk, x, &stop));
      reason = ToleranceReason(chk.residual, rnorm0, rtol, abstol, dtol, it);
      if (!reason && stop) reason = PCRICHARDSON_CONVERGED_ITS;
      if (reason) break;
    }
    if (it >= maxits) {
      reason = c->max_its_reason;
      break;
    }
    // 64-bit: strides near PETSC_MAX_INT (benchmarks use them for "never") must not overflow.
    const PetscInt64 next64 = std::min<PetscInt64>(
        {(PetscInt64)(it / cs + 1) * cs, (PetscInt64)(it / rs + 1) * rs, (PetscInt64)maxits});
    const PetscInt next = (PetscInt)next64;
    PetscCall(Sweeps(*c, next - it));
    it = next;
  }
  if (copied != it) PetscCall(c->engine->CopyOut(x));
  *outits = it;
  // KSPSolve_Richardson casts this to KSPConvergedReason: NaN passes through as such.
  *outreason = (PCRichardsonConvergedReason)reason;
  PetscFunctionReturn(0);
}

// The ordinary apply (KSP's own loop, e.g. with -ksp_monitor): y = weight D^{-1} x, so that
// loop (scale 1) iterates as the fused one does.
PetscErrorCode Apply(PC pc, Vec x, Vec y) {
  FusedContext *c;
  PetscFunctionBeginUser;
  PetscCall(PCShellGetContext(pc, &c));
  PetscCall(VecCopy(x, y));
  PetscCall(VecScale(y, c->weight * c->cfg.stencil.inv_diagonal));
  PetscFunctionReturn(0);
}

// -ksp_view / -pc_view: the weight, so a damped PC does not pass for the classical one.
PetscErrorCode View(PC pc, PetscViewer viewer) {
  FusedContext *c;
  PetscBool ascii;
  PetscFunctionBeginUser;
  PetscCall(PCShellGetContext(pc, &c));
  PetscCall(PetscObjectTypeCompare((PetscObject)viewer, PETSCVIEWERASCII, &ascii));
  if (ascii)
    PetscCall(PetscViewerASCIIPrintf(viewer, "weight %g (1: classical Jacobi, else damped)\n",
                                     (double)c->weight));
  PetscFunctionReturn(0);
}

// The fused sweep hard-codes the stencil; refuse an operator whose diagonal disagrees.
PetscErrorCode SetUp(PC pc) {
  FusedContext *c;
  Mat P;
  Vec diag;
  PetscReal lo, hi;
  PetscFunctionBeginUser;
  PetscCall(PCShellGetContext(pc, &c));
  PetscCall(PCGetOperators(pc, nullptr, &P));
  PetscCall(MatCreateVecs(P, &diag, nullptr));
  PetscCall(MatGetDiagonal(P, diag));
  PetscCall(VecMin(diag, nullptr, &lo));
  PetscCall(VecMax(diag, nullptr, &hi));
  PetscCall(VecDestroy(&diag));
  const PetscReal d = c->cfg.stencil.diagonal;
  PetscCheck(std::abs(lo - d) <= 1e-12 * d && std::abs(hi - d) <= 1e-12 * d, c->comm,
             PETSC_ERR_ARG_INCOMP,
             "fused Jacobi: operator diagonal in [%g, %g], expected the stencil's %g "
             "(use -fpsolve_jacobi assembled)",
             (double)lo, (double)hi, (double)d);
  PetscFunctionReturn(0);
}

PetscErrorCode Destroy(PC pc) {
  FusedContext *c;
  PetscFunctionBeginUser;
  PetscCall(PCShellGetContext(pc, &c));
  if (c->parallel) PetscCallMPI(MPI_Op_free(&c->sum_max));
  delete c;
  PetscFunctionReturn(0);
}

// The check's reduction: [0] summed (squares), [1] maxed (errors), one message not two.
void SumMax(void *in, void *inout, int *len, MPI_Datatype *) {
  const double *a = static_cast<const double *>(in);
  double *b = static_cast<double *>(inout);
  for (int i = 0; i + 1 < *len; i += 2) {
    b[i] += a[i];
    b[i + 1] = std::isnan(a[i + 1]) || a[i + 1] > b[i + 1] ? a[i + 1] : b[i + 1];
  }
}

}  // namespace

PetscErrorCode PCSetFusedJacobi(PC pc, const FusedJacobiConfig &cfg) {
  PetscInt dim, sw;
  PetscMPIInt size;
  PetscFunctionBeginUser;
  if (sweep_event < 0) {
    PetscCall(PetscLogEventRegister("FpJacobiSweep", PC_CLASSID, &sweep_event));
    PetscCall(PetscLogEventRegister("FpJacobiCheck", PC_CLASSID, &check_event));
  }
  const MPI_Comm comm = PetscObjectComm((PetscObject)pc);
  PetscCall(DMDAGetInfo(cfg.da, &dim, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr,
                        &sw, nullptr, nullptr, nullptr, nullptr));
  PetscCheck(sw >= 1 && dim == cfg.stencil.dim, comm, PETSC_ERR_SUP,
             "fused Jacobi: needs the stencil's DMDA with stencil width >= 1");
  PetscCheck(cfg.stencil.diagonal > 0 && cfg.check_stride > 0 && cfg.record_stride > 0, comm,
             PETSC_ERR_ARG_OUTOFRANGE,
             "fused Jacobi: the diagonal and the strides must be positive");
  auto c = std::make_unique<FusedContext>();
  c->cfg = cfg;
  c->comm = comm;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  c->parallel = size > 1;
  if (dim == 1)
    PetscCall(fused::CreateEngine1D(pc, cfg, &c->engine));
  else
    PetscCall(fused::CreateEngineND(pc, cfg, &c->engine));
  if (c->parallel) PetscCallMPI(MPI_Op_create(SumMax, 1, &c->sum_max));
  PetscCall(PCSetType(pc, PCSHELL));
  PetscCall(PCShellSetContext(pc, c.release()));
  PetscCall(PCShellSetName(pc, kShellName));
  PetscCall(PCShellSetApply(pc, Apply));
  PetscCall(PCShellSetView(pc, View));
  PetscCall(PCShellSetApplyRichardson(pc, ApplyRichardson));
  PetscCall(PCShellSetSetUp(pc, SetUp));
  PetscCall(PCShellSetDestroy(pc, Destroy));
  PetscFunctionReturn(0);
}

PetscErrorCode PCFusedJacobiSetMaxItsReason(PC pc, KSPConvergedReason reason) {
  FusedContext *c;
  PetscFunctionBeginUser;
  PetscCall(PCShellGetContext(pc, &c));
  c->max_its_reason = reason;
  PetscFunctionReturn(0);
}

PetscErrorCode PCFusedJacobiSetWeight(PC pc, PetscReal omega) {
  FusedContext *c;
  PetscFunctionBeginUser;
  PetscCall(PCShellGetContext(pc, &c));
  PetscCheck(std::isfinite(omega) && omega > 0, c->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "fused Jacobi: weight %g must be positive and finite", (double)omega);
  c->weight = omega;
  c->engine->SetWeight(omega);
  PetscFunctionReturn(0);
}

PetscErrorCode PCFusedJacobiSetHook(PC pc, FusedJacobiHook hook) {
  FusedContext *c;
  PetscFunctionBeginUser;
  PetscCall(PCShellGetContext(pc, &c));
  c->cfg.hook = std::move(hook);
  PetscFunctionReturn(0);
}

PetscErrorCode PCFusedJacobiGetStats(PC pc, PetscInt *fused_calls, PetscInt *checks,
                                     PetscInt *halo_depth) {
  FusedContext *c;
  PetscFunctionBeginUser;
  PetscCall(PCShellGetContext(pc, &c));
  if (fused_calls) *fused_calls = c->richardson_calls;
  if (checks) *checks = c->checks;
  if (halo_depth) *halo_depth = c->engine->halo_depth();
  PetscFunctionReturn(0);
}

}  // namespace fpsolve
