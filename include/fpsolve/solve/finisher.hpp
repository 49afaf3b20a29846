#pragma once
// The KSP finish: solves A u = b from a given guess with whatever KSP/PC the options choose
// (default Richardson + Jacobi, scale 1 = the classical Jacobi iteration), recording every
// record_stride iterations and stopping at a target max error when the exact solution is known.
//
// Jacobi (KSPRICHARDSON + plain PCJACOBI, the default; classical at scale 1, damped at any other
// positive -ksp_richardson_scale) runs by default as the matrix-free fused PC of fused_jacobi.hpp
// (-fpsolve_jacobi fused|assembled): KSPSolve hands it whole iterations, and records and the
// target-error test happen at its check points. With a KSP monitor set (-ksp_monitor ...)
// KSPRICHARDSON runs its own loop instead; the Finisher then records through a KSP monitor and
// tests through a wrapped KSPConvergedDefault, as for any other KSP/PC. The target error is tested
// every -jacobi_check_stride iterations (and at every record) on both paths.
// docs/performance-jacobi.md has the design and the figures.
#include <petscksp.h>

#include <functional>
#include <string>

#include "fpsolve/problem/grid.hpp"
#include "fpsolve/problem/problem.hpp"

namespace fpsolve {

struct SolveRecord {
  PetscInt iteration = 0;
  double time = 0;       // RunClock seconds
  double residual = 0;   // true residual ||b - A u||_2 (unpreconditioned, unscaled)
  double max_error = 0;  // max |u - u_exact| on the grid; NaN without an exact solution
};

// Default strides, measured (docs/performance-jacobi.md) so that checks + records cost < 5% of
// the fused solve at the smallest grid (N = 1001, 1 and 2 ranks), the app's HDF5 appends
// (about 10 us a record on 1 rank, 60 us on 2) included. Cost falls with N.
struct FinishOptions {
  PetscInt record_stride = 2000;  // -jacobi_record_stride
  PetscReal target_error = -1;    // -jacobi_target_error; <= 0: off
  // -jacobi_check_stride (read by Finisher::Create, this is its default): iterations between
  // target-error tests (and, in the fused path, PETSc tolerance tests); records are tests too.
  PetscInt check_stride = 500;
};

struct SolveResult {
  PetscInt iterations = 0;
  KSPConvergedReason reason = KSP_CONVERGED_ITERATING;
  bool reached_target = false;
  SolveRecord last;
  std::string stop_reason;  // "target_error", or PETSc's KSPConvergedReason name
};

// Called at each record with the current iterate (a Vec of the grid's DMDA).
using SolveObserver = std::function<PetscErrorCode(const SolveRecord &, Vec u)>;

class Finisher {
 public:
  // Creates the KSP (prefix none), sets fpsolve's defaults, then KSPSetFromOptions. Optional:
  // problem.rhs and problem.exact already evaluated at every owned point (Vecs of grid.da): the
  // rhs is made from g_values, and exact_values is kept (referenced) instead of filled again.
  static PetscErrorCode Create(const Grid &grid, const Problem &problem, const FinishOptions &opt,
                               Finisher **out, Vec g_values = nullptr, Vec exact_values = nullptr);
  static PetscErrorCode Destroy(Finisher **f);
  // Reads the Jacobi finish's own options (-fpsolve_jacobi, -jacobi_check_stride,
  // -fpsolve_jacobi_halo_depth) without a run: with -help set, PETSc prints them with their
  // defaults (fpsolve -help).
  static PetscErrorCode ShowOptions(MPI_Comm comm);

  void set_observer(SolveObserver obs) { observer_ = std::move(obs); }
  // The Richardson scale of the next solves: 1 is classical Jacobi, any other weight damped
  // Jacobi. With the fused PC installed the weight becomes the PC's (omega D^{-1}, the KSP's
  // scale stays 1), so damped solves run fused too, with the same records, checks and stops;
  // otherwise it is KSPRICHARDSON's scale.
  PetscErrorCode SetRichardsonScale(PetscReal w);
  // The scale the options chose (-ksp_richardson_scale, 1 if unset or not Richardson): what a
  // caller that changed the scale for some solves (the cycle's damped smoothing) restores.
  PetscReal options_richardson_scale() const { return options_scale_; }
  // Solves from guess (nullptr: zero guess with boundary values). u receives the iterate.
  PetscErrorCode Solve(Vec guess, Vec u, SolveResult *result);

  KSP ksp() const { return ksp_; }
  bool fused() const { return fused_; }                        // the fused Jacobi PC is installed
  PetscInt check_stride() const { return opt_.check_stride; }  // as -jacobi_check_stride set it
  Vec rhs() const { return b_; }
  Vec exact() const { return exact_; }  // nullptr without an exact solution
  const Grid &grid() const { return grid_; }

 private:
  Finisher(const Grid &grid, const Problem &problem, const FinishOptions &opt)
      : grid_(grid), problem_(problem), opt_(opt) {}
  static PetscErrorCode Monitor(KSP, PetscInt, PetscReal, void *);
  static PetscErrorCode Converged(KSP, PetscInt, PetscReal, KSPConvergedReason *, void *);
  PetscErrorCode Record(PetscInt it, Vec u);
  PetscErrorCode Publish(PetscInt it, PetscReal rnorm, PetscReal err, Vec u);
  PetscErrorCode CheckTarget(PetscInt it, Vec u);
  PetscErrorCode ConfigureJacobi(MPI_Comm comm);
  PetscErrorCode InstallKspHooks();

  const Grid &grid_;
  const Problem &problem_;
  FinishOptions opt_;
  KSP ksp_ = nullptr;
  Vec b_ = nullptr, exact_ = nullptr, work_ = nullptr;
  SolveObserver observer_;
  void *default_ctx_ = nullptr;
  PetscInt last_recorded_ = -1;
  bool target_hit_ = false;
  bool fused_ = false;           // the PC is the fused Jacobi shell
  bool ksp_hooks_ = false;       // our KSP monitor + convergence test are installed
  PetscReal options_scale_ = 1;  // -ksp_richardson_scale as the options set it
  SolveRecord last_;
};

}  // namespace fpsolve
