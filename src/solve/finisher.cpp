#include "fpsolve/solve/finisher.hpp"

// The KSP's monitor count decides whether KSPRICHARDSON will hand iterations to the fused PC;
// PETSc has no public getter for it (KSPSolve_Richardson reads the same field).
#include <petsc/private/kspimpl.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "fpsolve/base/clock.hpp"
#include "fpsolve/base/error.hpp"
#include "fpsolve/solve/fused_jacobi.hpp"
#include "fpsolve/solve/laplacian.hpp"

namespace fpsolve {
namespace {

PetscLogEvent record_event = -1, observe_event = -1;
const char *const kJacobiModes[] = {"fused", "assembled"};

struct OperatorContext {
  Domain domain;
};

PetscErrorCode ComputeOperator(KSP, Mat J, Mat A, void *ctx) {
  DM da;
  PetscFunctionBeginUser;
  PetscCall(MatGetDM(A, &da));
  PetscCall(LaplacianAssemble(da, static_cast<OperatorContext *>(ctx)->domain, A));
  if (J != A) PetscCall(MatCopy(A, J, SAME_NONZERO_PATTERN));
  PetscFunctionReturn(0);
}

// Levels PCMG can build by coarsening this DMDA (each coarsening halves M-1, which must be even).
// Every axis must coarsen: the smallest count over the axes.
PetscInt MaxMultigridLevels(const Grid &grid) {
  PetscInt fewest = PETSC_MAX_INT;
  for (int d = 0; d < grid.dim; ++d) {
    PetscInt m = grid.n[d], levels = 1;
    while ((m - 1) % 2 == 0 && (m - 1) / 2 >= 4) m = (m - 1) / 2 + 1, ++levels;
    fewest = std::min(fewest, levels);
  }
  return fewest;
}

// With -pc_type mg: unless the user chose, build the full hierarchy the DM allows (PCMG's own
// default is one level, i.e. just a smoother) with Galerkin coarse operators. Rediscretised
// coarse operators (KSPSetComputeOperators on each level) keep the boundary rows decoupled,
// so the restricted residual next to the boundary becomes a spurious coarse boundary
// correction that interpolation spreads back: CG+MG took 91 iterations at 257^2 (41 at 1025
// in 1D) against 7 with -pc_mg_galerkin (docs/performance-jacobi.md, 2D/3D section).
PetscErrorCode DefaultMultigridLevels(const Grid &grid) {
  char pc_type[64] = "";
  PetscBool set_type, set_levels, set_galerkin;
  PetscFunctionBeginUser;
  PetscCall(
      PetscOptionsGetString(nullptr, nullptr, "-pc_type", pc_type, sizeof pc_type, &set_type));
  if (!set_type || std::strcmp(pc_type, "mg") != 0) PetscFunctionReturn(0);
  PetscCall(PetscOptionsHasName(nullptr, nullptr, "-pc_mg_levels", &set_levels));
  PetscCall(PetscOptionsHasName(nullptr, nullptr, "-pc_mg_galerkin", &set_galerkin));
  if (!set_levels) {
    char value[32];
    std::snprintf(value, sizeof value, "%" PetscInt_FMT, MaxMultigridLevels(grid));
    PetscCall(PetscOptionsSetValue(nullptr, "-pc_mg_levels", value));
  }
  if (!set_galerkin) PetscCall(PetscOptionsSetValue(nullptr, "-pc_mg_galerkin", "both"));
  PetscFunctionReturn(0);
}

struct JacobiOptions {
  PetscInt mode = 0;  // kJacobiModes: 0 fused, 1 assembled
  PetscBool mode_set = PETSC_FALSE;
  PetscInt check_stride = FinishOptions{}.check_stride;
  PetscInt halo_depth = FusedJacobiConfig{}.halo_depth;
};

// The Jacobi finish's own options, read in one place: here for a run, and by -help
// (Finisher::ShowOptions), which prints them with their defaults.
PetscErrorCode ReadJacobiOptions(MPI_Comm comm, const char *prefix, JacobiOptions *o) {
  PetscFunctionBeginUser;
  // Its own title: PETSc prints -help once per (prefix, title), and "KSP" is already taken.
  PetscOptionsBegin(comm, prefix, "fpsolve: fused Jacobi finish", "KSP");
  PetscCall(PetscOptionsEList(
      "-fpsolve_jacobi",
      "Jacobi (richardson + jacobi, classical or damped by -ksp_richardson_scale): fused "
      "(matrix-free PC doing whole iterations) or assembled (PCJACOBI on the AIJ matrix)",
      "", kJacobiModes, 2, kJacobiModes[o->mode], &o->mode, &o->mode_set));
  PetscCall(PetscOptionsBoundedInt("-jacobi_check_stride",
                                   "Iterations between target-error tests (records test too)", "",
                                   o->check_stride, &o->check_stride, nullptr, 1));
  PetscCall(PetscOptionsBoundedInt(
      "-fpsolve_jacobi_halo_depth",
      "Fused Jacobi on several ranks: iterations per halo exchange (capped by the smallest piece)",
      "", o->halo_depth, &o->halo_depth, nullptr, 1));
  PetscOptionsEnd();
  PetscFunctionReturn(0);
}

}  // namespace

PetscErrorCode Finisher::Create(const Grid &grid, const Problem &problem, const FinishOptions &opt,
                                Finisher **out, Vec g_values, Vec exact_values) {
  PC pc;
  MPI_Comm comm;
  PetscFunctionBeginUser;
  if (record_event < 0) {
    PetscCall(PetscLogEventRegister("FpSolveRecord", KSP_CLASSID, &record_event));
    PetscCall(PetscLogEventRegister("FpSolveObserve", KSP_CLASSID, &observe_event));
  }
  PetscCall(PetscObjectGetComm((PetscObject)grid.da, &comm));
  auto *f = new Finisher(grid, problem, opt);
  *out = f;
  PetscCall(DMCreateGlobalVector(grid.da, &f->b_));
  PetscCall(LaplacianRhs(grid, problem, f->b_, g_values));
  if (problem.has_exact() && exact_values) {
    PetscCall(PetscObjectReference((PetscObject)exact_values));
    f->exact_ = exact_values;
  } else if (problem.has_exact()) {
    PetscCall(VecDuplicate(f->b_, &f->exact_));
    PetscCall(GridFill(
        grid, [&](const double *x) { return problem.exact(x); }, f->exact_));
  }
  PetscCall(KSPCreate(comm, &f->ksp_));
  PetscCall(KSPSetDM(f->ksp_, grid.da));
  static OperatorContext op_ctx;  // outlives the KSP; one problem domain per process
  op_ctx.domain = grid.domain;
  PetscCall(KSPSetComputeOperators(f->ksp_, ComputeOperator, &op_ctx));
  // fpsolve's defaults: classical Jacobi; options override every one of them.
  PetscCall(KSPSetType(f->ksp_, KSPRICHARDSON));
  PetscCall(KSPRichardsonSetScale(f->ksp_, 1.0));
  PetscCall(KSPGetPC(f->ksp_, &pc));
  PetscCall(PCSetType(pc, PCJACOBI));
  // Jacobi needs O(N^2) iterations; divtol explicit because PETSc's 1e4 default can stop a
  // solve from a nonzero guess at iteration 0 (docs/platform.md).
  PetscCall(KSPSetTolerances(f->ksp_, 1e-12, 1e-50, 1e10, 100000000));
  PetscCall(DefaultMultigridLevels(grid));
  PetscCall(KSPSetFromOptions(f->ksp_));
  PetscCall(f->ConfigureJacobi(comm));
  PetscCall(KSPConvergedDefaultCreate(&f->default_ctx_));
  // The fused PC records through its own hook; KSP hooks would switch its fast path off.
  if (!f->fused_) PetscCall(f->InstallKspHooks());
  PetscCall(KSPSetUp(f->ksp_));
  PetscFunctionReturn(0);
}

PetscErrorCode Finisher::Destroy(Finisher **f) {
  PetscFunctionBeginUser;
  if (!*f) PetscFunctionReturn(0);
  PetscCall(KSPDestroy(&(*f)->ksp_));
  if ((*f)->default_ctx_) PetscCall(KSPConvergedDefaultDestroy((*f)->default_ctx_));
  PetscCall(VecDestroy(&(*f)->b_));
  PetscCall(VecDestroy(&(*f)->work_));
  PetscCall(VecDestroy(&(*f)->exact_));
  delete *f;
  *f = nullptr;
  PetscFunctionReturn(0);
}

PetscErrorCode Finisher::Record(PetscInt it, Vec u) {
  PetscReal rnorm, err = std::numeric_limits<double>::quiet_NaN();
  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(record_event, 0, 0, 0, 0));
  Mat A;
  PetscCall(KSPGetOperators(ksp_, &A, nullptr));
  // Allocated on first use: the fused path records through its PC and never needs it.
  if (!work_) PetscCall(VecDuplicate(b_, &work_));
  PetscCall(MatMult(A, u, work_));
  PetscCall(VecAYPX(work_, -1.0, b_));
  PetscCall(VecNorm(work_, NORM_2, &rnorm));
  if (exact_) {
    PetscCall(VecWAXPY(work_, -1.0, exact_, u));
    PetscCall(VecNorm(work_, NORM_INFINITY, &err));
  }
  PetscCall(PetscLogEventEnd(record_event, 0, 0, 0, 0));
  PetscCall(Publish(it, rnorm, err, u));
  PetscFunctionReturn(0);
}

PetscErrorCode Finisher::Publish(PetscInt it, PetscReal rnorm, PetscReal err, Vec u) {
  PetscFunctionBeginUser;
  last_ = SolveRecord{it, RunClock::now(), rnorm, err};
  last_recorded_ = it;
  if (opt_.target_error > 0 && exact_ && err <= opt_.target_error) target_hit_ = true;
  if (observer_) {
    PetscCall(PetscLogEventBegin(observe_event, 0, 0, 0, 0));
    PetscCall(observer_(last_, u));
    PetscCall(PetscLogEventEnd(observe_event, 0, 0, 0, 0));
  }
  PetscFunctionReturn(0);
}

// Between records: only the max error, only when a target is set.
PetscErrorCode Finisher::CheckTarget(PetscInt, Vec u) {
  PetscReal err;
  PetscFunctionBeginUser;
  if (opt_.target_error <= 0 || !exact_) PetscFunctionReturn(0);
  PetscCall(PetscLogEventBegin(record_event, 0, 0, 0, 0));
  if (!work_) PetscCall(VecDuplicate(b_, &work_));
  PetscCall(VecWAXPY(work_, -1.0, exact_, u));
  PetscCall(VecNorm(work_, NORM_INFINITY, &err));
  PetscCall(PetscLogEventEnd(record_event, 0, 0, 0, 0));
  if (err <= opt_.target_error) target_hit_ = true;
  PetscFunctionReturn(0);
}

PetscErrorCode Finisher::InstallKspHooks() {
  PetscFunctionBeginUser;
  PetscCall(KSPMonitorSet(ksp_, Monitor, this, nullptr));
  // Our test wraps PETSc's default one (kept as context), adding the target-error stop.
  PetscCall(KSPSetConvergenceTest(ksp_, Converged, this, nullptr));
  ksp_hooks_ = true;
  PetscFunctionReturn(0);
}

// -fpsolve_jacobi: plain Jacobi (KSPRICHARDSON + PCJACOBI diagonal, no abs, no self-scale)
// becomes the fused PC, classical (scale 1) or damped (any other positive -ksp_richardson_scale:
// the scale becomes the PC's weight, KSPRICHARDSON's stays 1, see SetRichardsonScale). Modified
// Jacobi keeps PETSc's PCJACOBI (same results, assembled speed); asking for "fused" explicitly
// there is an input error rather than a silent change of method.
PetscErrorCode Finisher::ShowOptions(MPI_Comm comm) {
  JacobiOptions defaults;
  PetscFunctionBeginUser;
  PetscCall(ReadJacobiOptions(comm, nullptr, &defaults));
  PetscFunctionReturn(0);
}

PetscErrorCode Finisher::ConfigureJacobi(MPI_Comm comm) {
  PetscBool rich, jac, abs, self = PETSC_FALSE;
  PetscReal scale = 1.0;
  PCJacobiType jtype;
  PC pc;
  PetscFunctionBeginUser;
  const char *prefix;
  PetscCall(KSPGetOptionsPrefix(ksp_, &prefix));
  JacobiOptions jo;
  jo.check_stride = opt_.check_stride;
  PetscCall(ReadJacobiOptions(comm, prefix, &jo));
  const PetscInt mode = jo.mode, check = jo.check_stride, depth = jo.halo_depth;
  const PetscBool mode_set = jo.mode_set;
  opt_.check_stride = check;
  PetscCall(KSPGetPC(ksp_, &pc));
  PetscCall(PetscObjectTypeCompare((PetscObject)ksp_, KSPRICHARDSON, &rich));
  PetscCall(PetscObjectTypeCompare((PetscObject)pc, PCJACOBI, &jac));
  // KSPRICHARDSON has no getter for these; the options are their only source here.
  if (rich) {
    PetscCall(PetscOptionsGetReal(nullptr, prefix, "-ksp_richardson_scale", &scale, nullptr));
    options_scale_ = scale;
  }
  if (mode != 0 || !rich || !jac) PetscFunctionReturn(0);
  PetscCall(PCJacobiGetType(pc, &jtype));
  PetscCall(PCJacobiGetUseAbs(pc, &abs));
  PetscCall(PetscOptionsGetBool(nullptr, prefix, "-ksp_richardson_self_scale", &self, nullptr));
  const bool plain =
      jtype == PC_JACOBI_DIAGONAL && !abs && !self && std::isfinite(scale) && scale > 0;
  if (!plain) {
    PetscCheck(!mode_set, comm, kErrBadInput,
               "-fpsolve_jacobi fused needs plain Jacobi (a positive -ksp_richardson_scale, no "
               "self-scale, -pc_jacobi_type diagonal, no abs); use -fpsolve_jacobi assembled");
    PetscCall(PetscInfo(ksp_, "modified Jacobi: PETSc's assembled PCJACOBI\n"));
    PetscFunctionReturn(0);
  }
  FusedJacobiConfig cfg;
  cfg.da = grid_.da;
  cfg.stencil = Stencil::FromGrid(grid_);
  cfg.exact = exact_;
  cfg.check_stride = opt_.check_stride;
  cfg.record_stride = opt_.record_stride;
  cfg.halo_depth = depth;
  cfg.hook = [this](const FusedJacobiCheck &c, Vec x, bool *stop) -> PetscErrorCode {
    PetscFunctionBeginUser;
    if (c.record_due)
      PetscCall(Publish(c.iteration, c.residual, c.max_error, x));
    else if (opt_.target_error > 0 && exact_ && c.max_error <= opt_.target_error)
      target_hit_ = true;
    *stop = target_hit_;
    PetscFunctionReturn(0);
  };
  PetscCall(PCSetFusedJacobi(pc, cfg));
  fused_ = true;
  PetscCall(SetRichardsonScale(scale));  // damped: the weight moves into the PC
  // The fused sweeps need no matrix and the residuals take the matrix-free operator: nothing
  // is assembled (the DM stays attached for its layout, not for computing operators).
  Mat A;
  PetscCall(LaplacianCreateMatrixFree(grid_, &A));
  PetscCall(KSPSetOperators(ksp_, A, A));
  PetscCall(MatDestroy(&A));
  PetscCall(KSPSetDMActive(ksp_, PETSC_FALSE));
  PetscFunctionReturn(0);
}

PetscErrorCode Finisher::Monitor(KSP ksp, PetscInt it, PetscReal, void *ctx) {
  auto *f = static_cast<Finisher *>(ctx);
  PetscFunctionBeginUser;
  const bool record = it % f->opt_.record_stride == 0;
  if (!record && it % f->opt_.check_stride != 0) PetscFunctionReturn(0);
  Vec u;
  PetscCall(KSPBuildSolution(ksp, nullptr, &u));
  if (record)
    PetscCall(f->Record(it, u));
  else
    PetscCall(f->CheckTarget(it, u));
  PetscFunctionReturn(0);
}

PetscErrorCode Finisher::Converged(KSP ksp, PetscInt it, PetscReal rnorm,
                                   KSPConvergedReason *reason, void *ctx) {
  auto *f = static_cast<Finisher *>(ctx);
  PetscFunctionBeginUser;
  PetscCall(KSPConvergedDefault(ksp, it, rnorm, reason, f->default_ctx_));
  if (*reason == KSP_CONVERGED_ITERATING && f->target_hit_) *reason = KSP_CONVERGED_ITS;
  if (*reason == KSP_CONVERGED_ITERATING && f->last_recorded_ == it &&
      !std::isfinite(f->last_.residual))
    *reason = KSP_DIVERGED_NANORINF;
  PetscFunctionReturn(0);
}

// With the fused PC the weight goes into the PC (omega D^{-1}) and the KSP's scale stays 1:
// KSPRICHARDSON then keeps handing it whole iterations (PETSc 3.18 calls PCApplyRichardson
// only with scale 1), and its own loop (a KSP monitor) iterates alike through the PC's apply.
PetscErrorCode Finisher::SetRichardsonScale(PetscReal w) {
  PetscFunctionBeginUser;
  if (fused_) {
    PC pc;
    PetscCall(KSPGetPC(ksp_, &pc));
    PetscCall(PCFusedJacobiSetWeight(pc, w));
    PetscCall(KSPRichardsonSetScale(ksp_, 1.0));
  } else {
    PetscCall(KSPRichardsonSetScale(ksp_, w));
  }
  PetscFunctionReturn(0);
}

PetscErrorCode Finisher::Solve(Vec guess, Vec u, SolveResult *result) {
  PetscFunctionBeginUser;
  target_hit_ = false;
  last_recorded_ = -1;
  // A KSP monitor (e.g. -ksp_monitor) makes KSPRICHARDSON skip the fused PC's whole-iteration
  // path for its own loop: then record through the KSP like any other solver.
  if (!ksp_hooks_ && ksp_->numbermonitors > 0) PetscCall(InstallKspHooks());
  if (fused_) {
    // Out of iterations: the same reason as KSPRICHARDSON's own loop (it depends on the norm).
    KSPNormType norm;
    PC pc;
    PetscCall(KSPGetNormType(ksp_, &norm));
    PetscCall(KSPGetPC(ksp_, &pc));
    PetscCall(PCFusedJacobiSetMaxItsReason(
        pc, norm == KSP_NORM_NONE ? KSP_CONVERGED_ITS : KSP_DIVERGED_ITS));
  }
  if (guess) {
    PetscCall(VecCopy(guess, u));
    PetscCall(KSPSetInitialGuessNonzero(ksp_, PETSC_TRUE));
  } else {
    PetscCall(VecZeroEntries(u));
    PetscCall(KSPSetInitialGuessNonzero(ksp_, PETSC_FALSE));
  }
  PetscCall(KSPSolve(ksp_, b_, u));
  PetscInt its;
  PetscCall(KSPGetIterationNumber(ksp_, &its));
  PetscCall(KSPGetConvergedReason(ksp_, &result->reason));
  if (last_recorded_ != its) PetscCall(Record(its, u));  // the final state is always recorded
  result->iterations = its;
  result->reached_target = target_hit_;
  result->last = last_;
  result->stop_reason = target_hit_ ? "target_error" : KSPConvergedReasons[result->reason];
  PetscFunctionReturn(0);
}

}  // namespace fpsolve
