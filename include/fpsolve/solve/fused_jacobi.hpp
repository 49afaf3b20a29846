#pragma once
// Matrix-free fused Jacobi for the 1D operator of laplacian.hpp, as a PCSHELL that performs
// whole Richardson iterations itself (PCShellSetApplyRichardson, as PCSOR does).
//
// KSPRICHARDSON hands its iterations to such a PC when the scale is 1, no KSP monitor is set
// and the convergence test is PETSc's default (PETSc 3.18 KSPSolve_Richardson). One iteration
// is then one pass u'_i = D^{-1} b_i + (u_{i-1} + u_{i+1})/2 over ping-pong buffers, instead
// of the four vector passes of MatMult + AYPX + PCApply + AXPY; on several ranks one halo
// exchange of depth s serves s iterations (fused_jacobi_kernel.hpp).
// Otherwise (e.g. -ksp_monitor) the KSP uses the PC's ordinary apply, y = D^{-1} x, and runs
// its own loop: same iterates, PETSc's per-iteration monitors and tests, assembled-path speed.
//
// In the fused loop the convergence tests are the PC's (as for PCSOR/PCMG): rtol, abstol and
// divtol are applied to the true residual ||b - A u||_2, relative to the initial one, at
// check points only (every check_stride iterations and at every record).
#include <petscksp.h>

#include <functional>

namespace fpsolve {

// The state at a check point (iteration 0, multiples of check_stride and of record_stride).
struct FusedJacobiCheck {
  PetscInt iteration = 0;
  PetscReal residual = 0;   // ||b - A u||_2, unpreconditioned
  PetscReal max_error = 0;  // max |u - exact|; NaN without an exact solution
  bool record_due = false;  // iteration % record_stride == 0; x then holds the iterate
};
// Called at each check point; setting *stop ends the solve there (KSP_CONVERGED_ITS).
using FusedJacobiHook = std::function<PetscErrorCode(const FusedJacobiCheck &, Vec x, bool *stop)>;

struct FusedJacobiConfig {
  DM da = nullptr;      // the 1D DMDA the operator lives on (stencil width >= 1)
  PetscReal h = 0;      // grid spacing: the operator's diagonal is 2/h^2, neighbours -1/h^2
  Vec exact = nullptr;  // optional: max error at check points
  PetscInt check_stride = 100;
  PetscInt record_stride = 100;
  PetscInt halo_depth = 8;  // iterations per halo exchange on several ranks (capped by pieces)
  FusedJacobiHook hook;     // optional
};

// Makes pc the fused Jacobi PC (type PCSHELL). PCSetUp checks the operator's diagonal.
PetscErrorCode PCSetFusedJacobi(PC pc, const FusedJacobiConfig &cfg);
// The reason reported when maxits run out: KSP_DIVERGED_ITS mirrors KSPRICHARDSON's own loop
// with a norm, KSP_CONVERGED_ITS (the default, as PCSOR/PCMG report it) its loop without one.
PetscErrorCode PCFusedJacobiSetMaxItsReason(PC pc, KSPConvergedReason reason);
// Replaces the hook of a fused Jacobi PC.
PetscErrorCode PCFusedJacobiSetHook(PC pc, FusedJacobiHook hook);
// Counters since creation, and the halo depth in use (for tests and benchmarks); any may be null.
PetscErrorCode PCFusedJacobiGetStats(PC pc, PetscInt *fused_calls, PetscInt *checks,
                                     PetscInt *halo_depth);

}  // namespace fpsolve
