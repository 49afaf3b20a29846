#pragma once
// Matrix-free fused Jacobi for the operator of stencil.hpp (1D, 2D and 3D), as a PCSHELL that
// performs whole Richardson iterations itself (PCShellSetApplyRichardson, as PCSOR does).
//
// KSPRICHARDSON hands its iterations to such a PC when the scale is 1, no KSP monitor is set
// and the convergence test is PETSc's default (PETSc 3.18 KSPSolve_Richardson). One iteration
// is then one pass u'_p = D^{-1} b_p + sum_d w_d (u_{p-e_d} + u_{p+e_d}) over ping-pong
// buffers, instead of the four vector passes of MatMult + AYPX + PCApply + AXPY. In 1D one
// halo exchange of depth s serves s iterations on several ranks (fused_jacobi_kernel.hpp); in
// 2D/3D the buffers are the DMDA's ghosted local vectors with one in-place halo exchange an
// iteration (fused_jacobi_nd_kernel.hpp; deeper halos did not pay there, see
// docs/performance-jacobi.md).
// Otherwise (e.g. -ksp_monitor) the KSP uses the PC's ordinary apply, y = D^{-1} x, and runs
// its own loop: same iterates, PETSc's per-iteration monitors and tests, assembled-path speed.
//
// Damped Jacobi: with a weight omega (PCFusedJacobiSetWeight) the PC is omega D^{-1}, in its
// apply and in its whole iterations, u' = u + omega D^{-1} (b - A u) = (1 - omega) u + omega
// J(u): PETSc's Richardson scale omega + PCJACOBI, with the KSP's scale left at 1 so that
// KSPRICHARDSON keeps handing the PC whole iterations.
//
// In the fused loop the convergence tests are the PC's (as for PCSOR/PCMG): rtol, abstol and
// divtol are applied to the true residual ||b - A u||_2, relative to the initial one, at
// check points only (every check_stride iterations and at every record).
#include <petscksp.h>

#include <functional>

#include "fpsolve/solve/stencil.hpp"

namespace fpsolve {

// The state at a check point (iteration 0, multiples of check_stride and of record_stride,
// and the last iteration, which is always a record).
struct FusedJacobiCheck {
  PetscInt iteration = 0;
  PetscReal residual = 0;   // ||b - A u||_2, unpreconditioned
  PetscReal max_error = 0;  // max |u - exact|; NaN without an exact solution
  bool record_due = false;  // a multiple of record_stride or the last; x holds the iterate
};
// Called at each check point; setting *stop ends the solve there (KSP_CONVERGED_ITS).
using FusedJacobiHook = std::function<PetscErrorCode(const FusedJacobiCheck &, Vec x, bool *stop)>;

struct FusedJacobiConfig {
  DM da = nullptr;      // the DMDA the operator lives on (1D, 2D or 3D; stencil width >= 1)
  Stencil stencil;      // the operator (Stencil::FromGrid)
  Vec exact = nullptr;  // optional: max error at check points
  PetscInt check_stride = 100;
  PetscInt record_stride = 100;
  PetscInt halo_depth = 8;  // 1D: iterations per halo exchange on several ranks (capped by
                            // the smallest piece); 2D/3D: 1
  FusedJacobiHook hook;     // optional
};

// Makes pc the fused Jacobi PC (type PCSHELL). PCSetUp checks the operator's diagonal.
PetscErrorCode PCSetFusedJacobi(PC pc, const FusedJacobiConfig &cfg);
// The reason reported when maxits run out: KSP_DIVERGED_ITS mirrors KSPRICHARDSON's own loop
// with a norm, KSP_CONVERGED_ITS (the default, as PCSOR/PCMG report it) its loop without one.
PetscErrorCode PCFusedJacobiSetMaxItsReason(PC pc, KSPConvergedReason reason);
// The weight omega > 0 of the next solves: 1 (the default) is classical Jacobi, any other
// value damped Jacobi (the KSP's Richardson scale must stay 1).
PetscErrorCode PCFusedJacobiSetWeight(PC pc, PetscReal omega);
// Replaces the hook of a fused Jacobi PC.
PetscErrorCode PCFusedJacobiSetHook(PC pc, FusedJacobiHook hook);
// Counters since creation, and the halo depth in use (for tests and benchmarks); any may be null.
PetscErrorCode PCFusedJacobiGetStats(PC pc, PetscInt *fused_calls, PetscInt *checks,
                                     PetscInt *halo_depth);

}  // namespace fpsolve
