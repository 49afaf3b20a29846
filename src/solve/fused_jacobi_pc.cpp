// The fused Jacobi PC (see fused_jacobi.hpp): the iteration loop, halo exchange and checks.
#include <petscdmda.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "fpsolve/base/error.hpp"
#include "fpsolve/solve/fused_jacobi.hpp"
#include "fused_jacobi_kernel.hpp"

namespace fpsolve {
namespace {

PetscLogEvent sweep_event = -1, check_event = -1;

constexpr char kShellName[] = "fpsolve fused Jacobi (matrix-free Richardson scale 1 + Jacobi)";

struct FusedContext {
  FusedJacobiConfig cfg;
  MPI_Comm comm = MPI_COMM_NULL;
  fused::Layout l;
  PetscMPIInt left = MPI_PROC_NULL, right = MPI_PROC_NULL;
  PetscMPIInt tag_left = 0, tag_right = 0;  // values moving to the left / right neighbour
  bool parallel = false;
  std::vector<PetscScalar> buf[2], f;  // ghosted iterates (ping-pong) and f = D^{-1} b
  MPI_Request req[2][4];               // persistent depth-s halo exchange of buf[p]
  MPI_Op sum_max = MPI_OP_NULL;        // {sum, max} in one reduction
  bool halo_fresh = false;             // the current buffer's halo matches the neighbours
  PetscInt richardson_calls = 0, checks = 0;
  int max_its_reason = KSP_CONVERGED_ITS;
};

// 1/d with d = 2/h^2 exactly as LaplacianAssemble and PCJACOBI compute them (same rounding).
inline PetscReal InverseDiagonal(const FusedContext &c) {
  return 1.0 / (2.0 / (c.cfg.h * c.cfg.h));
}

PetscErrorCode Exchange(FusedContext &c, int p) {
  PetscFunctionBeginUser;
  if (c.parallel && !c.halo_fresh) {
    PetscCallMPI(MPI_Startall(4, c.req[p]));
    PetscCallMPI(MPI_Waitall(4, c.req[p], MPI_STATUSES_IGNORE));
  }
  c.halo_fresh = true;
  PetscFunctionReturn(0);
}

// n iterations from buf[*p], one exchange per s of them (one rank: none at all).
PetscErrorCode Sweeps(FusedContext &c, int *p, PetscInt n) {
  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(sweep_event, 0, 0, 0, 0));
  for (PetscInt done = 0; done < n;) {
    const PetscInt m = c.parallel ? std::min(c.l.s, n - done) : n - done;
    PetscCall(Exchange(c, *p));
    *p = fused::SweepBlock(c.l, c.buf, c.f.data(), *p, m);
    c.halo_fresh = false;
    done += m;
  }
  PetscCall(PetscLogFlops(3.0 * c.l.xm * n));
  PetscCall(PetscLogEventEnd(sweep_event, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

// True residual norm and max error of buf[p]: one pass, two reductions.
PetscErrorCode CheckState(FusedContext &c, int p, PetscReal *rnorm, PetscReal *err) {
  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(check_event, 0, 0, 0, 0));
  PetscCall(Exchange(c, p));  // stays fresh: the next sweep block skips its exchange
  const PetscScalar *u = c.buf[p].data();
  const PetscReal d = 2.0 / (c.cfg.h * c.cfg.h);
  double local[2];  // sum of squares, max error
  if (c.cfg.exact) {
    const PetscScalar *e;
    PetscCall(VecGetArrayRead(c.cfg.exact, &e));
    fused::CheckSums<true>(c.l, u, c.f.data(), e, d, &local[0], &local[1]);
    PetscCall(VecRestoreArrayRead(c.cfg.exact, &e));
  } else {
    fused::CheckSums<false>(c.l, u, c.f.data(), nullptr, d, &local[0], &local[1]);
  }
  double global[2] = {local[0], local[1]};
  if (c.parallel) PetscCallMPI(MPI_Allreduce(local, global, 2, MPI_DOUBLE, c.sum_max, c.comm));
  *rnorm = std::sqrt(global[0]);
  *err = c.cfg.exact ? global[1] : std::numeric_limits<PetscReal>::quiet_NaN();
  PetscCall(PetscLogFlops(7.0 * c.l.xm));
  PetscCall(PetscLogEventEnd(check_event, 0, 0, 0, 0));
  ++c.checks;
  PetscFunctionReturn(0);
}

PetscErrorCode CopyOut(const FusedContext &c, int p, Vec x) {
  PetscScalar *a;
  PetscFunctionBeginUser;
  PetscCall(VecGetArrayWrite(x, &a));
  std::copy_n(c.buf[p].begin() + c.l.s, c.l.xm, a);
  PetscCall(VecRestoreArrayWrite(x, &a));
  PetscFunctionReturn(0);
}

// f = D^{-1} b on the owned points and the halo (halo rows are computed redundantly).
PetscErrorCode LoadRhs(FusedContext &c, Vec b) {
  const PetscScalar *bb;
  PetscFunctionBeginUser;
  const PetscReal dinv = InverseDiagonal(c);
  PetscCall(VecGetArrayRead(b, &bb));
  for (PetscInt k = 0; k < c.l.xm; ++k) c.f[c.l.s + k] = dinv * bb[k];
  PetscCall(VecRestoreArrayRead(b, &bb));
  if (c.parallel) {
    const PetscInt s = c.l.s, xm = c.l.xm;
    MPI_Request r[4];
    PetscScalar *f = c.f.data();
    PetscCallMPI(MPI_Irecv(f, s, MPIU_SCALAR, c.left, c.tag_right, c.comm, &r[0]));
    PetscCallMPI(MPI_Irecv(f + s + xm, s, MPIU_SCALAR, c.right, c.tag_left, c.comm, &r[1]));
    PetscCallMPI(MPI_Isend(f + s, s, MPIU_SCALAR, c.left, c.tag_left, c.comm, &r[2]));
    PetscCallMPI(MPI_Isend(f + xm, s, MPIU_SCALAR, c.right, c.tag_right, c.comm, &r[3]));
    PetscCallMPI(MPI_Waitall(4, r, MPI_STATUSES_IGNORE));
  }
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
  PetscCall(LoadRhs(*c, b));
  {
    const PetscScalar *xx;
    PetscCall(VecGetArrayRead(x, &xx));
    for (PetscInt k = 0; k < c->l.xm; ++k) c->buf[0][c->l.s + k] = guesszero ? 0.0 : xx[k];
    PetscCall(VecRestoreArrayRead(x, &xx));
  }
  int p = 0, reason = 0;
  c->halo_fresh = false;
  PetscInt it = 0, copied = -1;
  PetscReal rnorm0 = 0;
  const PetscInt cs = c->cfg.check_stride, rs = c->cfg.record_stride;
  for (;;) {
    if (it % cs == 0 || it % rs == 0) {
      FusedJacobiCheck chk;
      chk.iteration = it;
      chk.record_due = it % rs == 0;
      PetscCall(CheckState(*c, p, &chk.residual, &chk.max_error));
      if (it == 0) rnorm0 = chk.residual;
      bool stop = false;
      if (chk.record_due) {
        PetscCall(CopyOut(*c, p, x));
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
    PetscCall(Sweeps(*c, &p, next - it));
    it = next;
  }
  if (copied != it) PetscCall(CopyOut(*c, p, x));
  *outits = it;
  // KSPSolve_Richardson casts this to KSPConvergedReason: NaN passes through as such.
  *outreason = (PCRichardsonConvergedReason)reason;
  PetscFunctionReturn(0);
}

// The ordinary apply (KSP's own loop, e.g. with -ksp_monitor): y = D^{-1} x.
PetscErrorCode Apply(PC pc, Vec x, Vec y) {
  FusedContext *c;
  PetscFunctionBeginUser;
  PetscCall(PCShellGetContext(pc, &c));
  PetscCall(VecCopy(x, y));
  PetscCall(VecScale(y, InverseDiagonal(*c)));
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
  const PetscReal d = 2.0 / (c->cfg.h * c->cfg.h);
  PetscCheck(std::abs(lo - d) <= 1e-12 * d && std::abs(hi - d) <= 1e-12 * d, c->comm,
             PETSC_ERR_ARG_INCOMP,
             "fused Jacobi: operator diagonal in [%g, %g], expected 2/h^2 = %g "
             "(use -fpsolve_jacobi assembled)",
             (double)lo, (double)hi, (double)d);
  PetscFunctionReturn(0);
}

PetscErrorCode Destroy(PC pc) {
  FusedContext *c;
  PetscFunctionBeginUser;
  PetscCall(PCShellGetContext(pc, &c));
  if (c->parallel) {
    for (auto &set : c->req)
      for (auto &r : set) PetscCallMPI(MPI_Request_free(&r));
    PetscCallMPI(MPI_Op_free(&c->sum_max));
  }
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

// Ranks, tags and the persistent exchanges of s values a side; s = min(requested, smallest
// piece) so a halo never reaches past the neighbour's piece.
PetscErrorCode CreateHalo(PC pc, FusedContext &c, PetscInt depth) {
  PetscMPIInt rank, size;
  PetscFunctionBeginUser;
  PetscCall(PetscObjectGetComm((PetscObject)pc, &c.comm));
  PetscCallMPI(MPI_Comm_rank(c.comm, &rank));
  PetscCallMPI(MPI_Comm_size(c.comm, &size));
  c.parallel = size > 1;
  PetscInt s = std::max<PetscInt>(1, std::min(depth, c.l.xm));
  if (c.parallel) PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &s, 1, MPIU_INT, MPI_MIN, c.comm));
  c.l.s = c.parallel ? s : 1;
  for (auto &v : c.buf) v.assign(c.l.xm + 2 * c.l.s, 0.0);
  c.f.assign(c.l.xm + 2 * c.l.s, 0.0);
  if (!c.parallel) PetscFunctionReturn(0);
  // A 1D DMDA orders its pieces by rank: the neighbours are rank -+ 1.
  c.left = rank > 0 ? rank - 1 : MPI_PROC_NULL;
  c.right = rank < size - 1 ? rank + 1 : MPI_PROC_NULL;
  PetscCall(PetscObjectGetNewTag((PetscObject)pc, &c.tag_left));
  PetscCall(PetscObjectGetNewTag((PetscObject)pc, &c.tag_right));
  PetscCallMPI(MPI_Op_create(SumMax, 1, &c.sum_max));
  const PetscInt xm = c.l.xm;
  for (int p = 0; p < 2; ++p) {
    PetscScalar *u = c.buf[p].data();
    MPI_Request *r = c.req[p];
    PetscCallMPI(MPI_Recv_init(u, s, MPIU_SCALAR, c.left, c.tag_right, c.comm, &r[0]));
    PetscCallMPI(MPI_Recv_init(u + s + xm, s, MPIU_SCALAR, c.right, c.tag_left, c.comm, &r[1]));
    PetscCallMPI(MPI_Send_init(u + s, s, MPIU_SCALAR, c.left, c.tag_left, c.comm, &r[2]));
    PetscCallMPI(MPI_Send_init(u + xm, s, MPIU_SCALAR, c.right, c.tag_right, c.comm, &r[3]));
  }
  PetscFunctionReturn(0);
}

}  // namespace

PetscErrorCode PCSetFusedJacobi(PC pc, const FusedJacobiConfig &cfg) {
  PetscInt dim, sw;
  PetscFunctionBeginUser;
  if (sweep_event < 0) {
    PetscCall(PetscLogEventRegister("FpJacobiSweep", PC_CLASSID, &sweep_event));
    PetscCall(PetscLogEventRegister("FpJacobiCheck", PC_CLASSID, &check_event));
  }
  PetscCall(DMDAGetInfo(cfg.da, &dim, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr,
                        &sw, nullptr, nullptr, nullptr, nullptr));
  PetscCheck(dim == 1, PetscObjectComm((PetscObject)pc), kErrBadInput,
             "classical Jacobi in %dD: the fused kernel is 1D so far; use -fpsolve_jacobi "
             "assembled",
             (int)dim);
  PetscCheck(sw >= 1, PetscObjectComm((PetscObject)pc), PETSC_ERR_SUP,
             "fused Jacobi: needs a DMDA with stencil width >= 1");
  PetscCheck(cfg.h > 0 && cfg.check_stride > 0 && cfg.record_stride > 0,
             PetscObjectComm((PetscObject)pc), PETSC_ERR_ARG_OUTOFRANGE,
             "fused Jacobi: h and the strides must be positive");
  auto *c = new FusedContext;
  c->cfg = cfg;
  PetscCall(DMDAGetInfo(cfg.da, nullptr, &c->l.mx, nullptr, nullptr, nullptr, nullptr, nullptr,
                        nullptr, nullptr, nullptr, nullptr, nullptr, nullptr));
  PetscCall(DMDAGetCorners(cfg.da, &c->l.xs, nullptr, nullptr, &c->l.xm, nullptr, nullptr));
  PetscCall(PCSetType(pc, PCSHELL));
  PetscCall(PCShellSetContext(pc, c));
  PetscCall(CreateHalo(pc, *c, cfg.halo_depth));
  PetscCall(PCShellSetName(pc, kShellName));
  PetscCall(PCShellSetApply(pc, Apply));
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
  if (halo_depth) *halo_depth = c->l.s;
  PetscFunctionReturn(0);
}

}  // namespace fpsolve
