// The fused Jacobi PC (see fused_jacobi.hpp): the iteration loop, halo exchange and checks.
#include <petscdmda.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "fpsolve/base/error.hpp"
#include "fpsolve/solve/fused_jacobi.hpp"

namespace fpsolve {
namespace {

PetscLogEvent sweep_event = -1, check_event = -1;

constexpr char kShellName[] = "fpsolve fused Jacobi (matrix-free Richardson scale 1 + Jacobi)";

// Owned points live at buf[1..xm]; buf[0] and buf[xm+1] are ghosts (the neighbours' edge
// values, or unused at the domain's ends). Two buffers: Jacobi reads the old iterate only.
struct FusedContext {
  FusedJacobiConfig cfg;
  MPI_Comm comm = MPI_COMM_NULL;
  PetscInt mx = 0, xs = 0, xm = 0;
  PetscInt jlo = 0, jhi = 0;  // owned rows needing neither ghosts nor elimination: [jlo, jhi)
  bool parallel = false;
  std::vector<PetscScalar> buf[2], f;  // f = D^{-1} b, same ghosted indexing
  MPI_Request req[2][4];               // persistent halo exchange of buf[p]
  bool ghosts_fresh = false;           // the current buffer's ghosts match the neighbours
  PetscInt richardson_calls = 0, checks = 0;
};

// 1/d with d = 2/h^2 exactly as LaplacianAssemble and PCJACOBI compute them (same rounding).
inline PetscReal InverseDiagonal(const FusedContext &c) {
  return 1.0 / (2.0 / (c.cfg.h * c.cfg.h));
}

// One Jacobi row with the operator's elimination of boundary neighbours: rows 0 and mx-1 are
// d*u = d*u_b, so u' = f there; rows 1 and mx-2 see no boundary neighbour (it went to b).
inline PetscScalar EdgeRow(const FusedContext &c, const PetscScalar *u, PetscInt j) {
  const PetscInt g = c.xs + j - 1;
  if (g == 0 || g == c.mx - 1) return c.f[j];
  const PetscScalar left = g == 1 ? 0.0 : u[j - 1], right = g == c.mx - 2 ? 0.0 : u[j + 1];
  return c.f[j] + 0.5 * (left + right);
}

// The hot loop: contiguous, no branches, restrict pointers so it vectorises.
inline void InteriorSweep(const PetscScalar *__restrict u, const PetscScalar *__restrict f,
                          PetscScalar *__restrict un, PetscInt j0, PetscInt j1) {
  for (PetscInt j = j0; j < j1; ++j) un[j] = f[j] + 0.5 * (u[j - 1] + u[j + 1]);
}

// Rows outside [jlo, jhi): the first and last owned rows (they read ghosts) and the rows next
// to the domain's boundary.
inline void EdgeSweep(const FusedContext &c, const PetscScalar *u, PetscScalar *un) {
  const PetscInt first_end = std::min(c.jlo, c.xm + 1);
  for (PetscInt j = 1; j < first_end; ++j) un[j] = EdgeRow(c, u, j);
  for (PetscInt j = std::max(c.jhi, c.jlo); j <= c.xm; ++j) un[j] = EdgeRow(c, u, j);
}

PetscErrorCode StartHalo(FusedContext &c, int p) {
  PetscFunctionBeginUser;
  if (c.parallel && !c.ghosts_fresh) PetscCallMPI(MPI_Startall(4, c.req[p]));
  PetscFunctionReturn(0);
}

PetscErrorCode FinishHalo(FusedContext &c, int p) {
  PetscFunctionBeginUser;
  if (c.parallel && !c.ghosts_fresh) PetscCallMPI(MPI_Waitall(4, c.req[p], MPI_STATUSES_IGNORE));
  c.ghosts_fresh = true;
  PetscFunctionReturn(0);
}

// n iterations from buf[*p]; the interior is computed while the halo is in flight.
PetscErrorCode Sweeps(FusedContext &c, int *p, PetscInt n) {
  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(sweep_event, 0, 0, 0, 0));
  const PetscScalar *f = c.f.data();
  for (PetscInt k = 0; k < n; ++k) {
    const PetscScalar *u = c.buf[*p].data();
    PetscScalar *un = c.buf[1 - *p].data();
    PetscCall(StartHalo(c, *p));
    InteriorSweep(u, f, un, c.jlo, c.jhi);
    PetscCall(FinishHalo(c, *p));
    EdgeSweep(c, u, un);
    *p = 1 - *p;
    c.ghosts_fresh = false;
  }
  PetscCall(PetscLogFlops(3.0 * c.xm * n));
  PetscCall(PetscLogEventEnd(sweep_event, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

// True residual norm and max error of buf[p] in one pass: b - A u = D (u' - u), with u' the
// Jacobi update, since A = D - (off-diagonal part) and u' = D^{-1}(b + (D - A) u).
PetscErrorCode CheckState(FusedContext &c, int p, PetscReal *rnorm, PetscReal *err) {
  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(check_event, 0, 0, 0, 0));
  PetscCall(StartHalo(c, p));
  PetscCall(FinishHalo(c, p));  // kept fresh: the next sweep skips its exchange
  const PetscScalar *u = c.buf[p].data(), *f = c.f.data();
  const PetscReal d = 2.0 / (c.cfg.h * c.cfg.h);
  double local[2] = {0.0, 0.0};  // sum of squares, max error
  for (PetscInt j = 1; j <= c.xm; ++j) {
    const PetscScalar un =
        (j < c.jlo || j >= c.jhi) ? EdgeRow(c, u, j) : f[j] + 0.5 * (u[j - 1] + u[j + 1]);
    const PetscScalar r = d * (un - u[j]);
    local[0] += r * r;
  }
  *err = std::numeric_limits<PetscReal>::quiet_NaN();
  if (c.cfg.exact) {
    const PetscScalar *e;
    PetscCall(VecGetArrayRead(c.cfg.exact, &e));
    for (PetscInt j = 1; j <= c.xm; ++j) local[1] = std::max(local[1], std::abs(u[j] - e[j - 1]));
    PetscCall(VecRestoreArrayRead(c.cfg.exact, &e));
    if (std::isnan(local[0])) local[1] = local[0];  // max() would drop a NaN
  }
  double global[2] = {local[0], local[1]};
  if (c.parallel) {
    PetscCallMPI(MPI_Allreduce(&local[0], &global[0], 1, MPI_DOUBLE, MPI_SUM, c.comm));
    if (c.cfg.exact)
      PetscCallMPI(MPI_Allreduce(&local[1], &global[1], 1, MPI_DOUBLE, MPI_MAX, c.comm));
  }
  *rnorm = std::sqrt(global[0]);
  if (c.cfg.exact) *err = global[1];
  PetscCall(PetscLogFlops(5.0 * c.xm));
  PetscCall(PetscLogEventEnd(check_event, 0, 0, 0, 0));
  ++c.checks;
  PetscFunctionReturn(0);
}

PetscErrorCode CopyOut(const FusedContext &c, int p, Vec x) {
  PetscScalar *a;
  PetscFunctionBeginUser;
  PetscCall(VecGetArrayWrite(x, &a));
  std::copy(c.buf[p].begin() + 1, c.buf[p].begin() + 1 + c.xm, a);
  PetscCall(VecRestoreArrayWrite(x, &a));
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
  {
    const PetscScalar *bb, *xx;
    const PetscReal dinv = InverseDiagonal(*c);
    PetscCall(VecGetArrayRead(b, &bb));
    for (PetscInt j = 1; j <= c->xm; ++j) c->f[j] = dinv * bb[j - 1];
    PetscCall(VecRestoreArrayRead(b, &bb));
    PetscCall(VecGetArrayRead(x, &xx));
    for (PetscInt j = 1; j <= c->xm; ++j) c->buf[0][j] = guesszero ? 0.0 : xx[j - 1];
    PetscCall(VecRestoreArrayRead(x, &xx));
  }
  int p = 0, reason = 0;
  c->ghosts_fresh = false;
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
      reason = PCRICHARDSON_CONVERGED_ITS;  // as PCSOR's and PCMG's fused paths report it
      break;
    }
    const PetscInt next = std::min({(it / cs + 1) * cs, (it / rs + 1) * rs, maxits});
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
  if (c->parallel)
    for (auto &set : c->req)
      for (auto &r : set) PetscCallMPI(MPI_Request_free(&r));
  delete c;
  PetscFunctionReturn(0);
}

PetscErrorCode CreateHalo(PC pc, FusedContext &c) {
  PetscMPIInt rank, size, tag_left, tag_right;
  PetscFunctionBeginUser;
  PetscCall(PetscObjectGetComm((PetscObject)pc, &c.comm));
  PetscCallMPI(MPI_Comm_rank(c.comm, &rank));
  PetscCallMPI(MPI_Comm_size(c.comm, &size));
  c.parallel = size > 1;
  if (!c.parallel) PetscFunctionReturn(0);
  // A 1D DMDA orders its pieces by rank: the neighbours are rank -+ 1.
  const PetscMPIInt left = rank > 0 ? rank - 1 : MPI_PROC_NULL;
  const PetscMPIInt right = rank < size - 1 ? rank + 1 : MPI_PROC_NULL;
  PetscCall(PetscObjectGetNewTag((PetscObject)pc, &tag_left));  // values moving left
  PetscCall(PetscObjectGetNewTag((PetscObject)pc, &tag_right));
  for (int p = 0; p < 2; ++p) {
    PetscScalar *u = c.buf[p].data();
    PetscCallMPI(MPI_Recv_init(&u[0], 1, MPIU_SCALAR, left, tag_right, c.comm, &c.req[p][0]));
    PetscCallMPI(
        MPI_Recv_init(&u[c.xm + 1], 1, MPIU_SCALAR, right, tag_left, c.comm, &c.req[p][1]));
    PetscCallMPI(MPI_Send_init(&u[1], 1, MPIU_SCALAR, left, tag_left, c.comm, &c.req[p][2]));
    PetscCallMPI(MPI_Send_init(&u[c.xm], 1, MPIU_SCALAR, right, tag_right, c.comm, &c.req[p][3]));
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
  PetscCheck(dim == 1 && sw >= 1, PetscObjectComm((PetscObject)pc), PETSC_ERR_SUP,
             "fused Jacobi: needs a 1D DMDA with stencil width >= 1");
  PetscCheck(cfg.h > 0 && cfg.check_stride > 0 && cfg.record_stride > 0,
             PetscObjectComm((PetscObject)pc), PETSC_ERR_ARG_OUTOFRANGE,
             "fused Jacobi: h and the strides must be positive");
  auto *c = new FusedContext;
  c->cfg = cfg;
  PetscCall(DMDAGetInfo(cfg.da, nullptr, &c->mx, nullptr, nullptr, nullptr, nullptr, nullptr,
                        nullptr, nullptr, nullptr, nullptr, nullptr, nullptr));
  PetscCall(DMDAGetCorners(cfg.da, &c->xs, nullptr, nullptr, &c->xm, nullptr, nullptr));
  // Local j = global g - xs + 1. Plain rows: 2 <= j <= xm-1 (no ghost) and 2 <= g <= mx-3.
  c->jlo = std::max<PetscInt>(2, 3 - c->xs);
  c->jhi = std::max(c->jlo, std::min<PetscInt>(c->xm, c->mx - 1 - c->xs));
  for (auto &v : c->buf) v.assign(c->xm + 2, 0.0);
  c->f.assign(c->xm + 2, 0.0);
  PetscCall(PCSetType(pc, PCSHELL));
  PetscCall(PCShellSetContext(pc, c));
  PetscCall(CreateHalo(pc, *c));
  PetscCall(PCShellSetName(pc, kShellName));
  PetscCall(PCShellSetApply(pc, Apply));
  PetscCall(PCShellSetApplyRichardson(pc, ApplyRichardson));
  PetscCall(PCShellSetSetUp(pc, SetUp));
  PetscCall(PCShellSetDestroy(pc, Destroy));
  PetscFunctionReturn(0);
}

PetscErrorCode PCFusedJacobiSetHook(PC pc, FusedJacobiHook hook) {
  FusedContext *c;
  PetscFunctionBeginUser;
  PetscCall(PCShellGetContext(pc, &c));
  c->cfg.hook = std::move(hook);
  PetscFunctionReturn(0);
}

PetscErrorCode PCFusedJacobiGetStats(PC pc, PetscInt *fused_calls, PetscInt *checks) {
  FusedContext *c;
  PetscFunctionBeginUser;
  PetscCall(PCShellGetContext(pc, &c));
  if (fused_calls) *fused_calls = c->richardson_calls;
  if (checks) *checks = c->checks;
  PetscFunctionReturn(0);
}

}  // namespace fpsolve
