#pragma once
// The KSP finish as the Jacobi benchmarks drive it (bench_jacobi, bench_jacobi_nd,
// bench_scaling): a Finisher forced onto one Jacobi path with chosen record/check strides (or
// damped), and KSPSolve for exactly `its` iterations from the zero guess.
#include <petscksp.h>

#include <string>

#include "fpsolve/problem/grid.hpp"
#include "fpsolve/problem/problem.hpp"
#include "fpsolve/solve/finisher.hpp"

namespace fpsolve::bench {

struct Solver {
  Finisher *f = nullptr;
  Vec u = nullptr;
  ~Solver() {
    VecDestroy(&u);
    Finisher::Destroy(&f);
  }
};

// strides: record and check every `stride` iterations (0: never).
inline PetscErrorCode MakeSolver(const Grid &grid, const Problem &problem, const char *mode,
                                 PetscInt stride_record, PetscInt stride_check, Solver *s) {
  FinishOptions fo;
  PetscFunctionBeginUser;
  PetscCall(PetscOptionsSetValue(nullptr, "-fpsolve_jacobi", mode));
  PetscCall(PetscOptionsSetValue(nullptr, "-ksp_norm_type", "none"));
  fo.record_stride = stride_record > 0 ? stride_record : 1000000000;
  const PetscInt check = stride_check > 0 ? stride_check : 1000000000;
  PetscCall(PetscOptionsSetValue(nullptr, "-jacobi_check_stride", std::to_string(check).c_str()));
  PetscCall(Finisher::Create(grid, problem, fo, &s->f));
  s->f->set_observer([](const SolveRecord &, Vec) -> PetscErrorCode { return 0; });
  PetscCall(DMCreateGlobalVector(grid.da, &s->u));
  PetscFunctionReturn(0);
}

// Damped Jacobi of weight omega both ways: the fused PC with the weight set as -mode cycle sets
// it (Finisher::SetRichardsonScale: the PC's weight, KSP scale 1), and PETSc's own loop,
// KSPRICHARDSON scale omega + PCJACOBI on the assembled matrix. No records or checks.
inline PetscErrorCode MakeDampedSolvers(const Grid &grid, const Problem &problem, double omega,
                                        Solver *fused, Solver *assembled) {
  PetscFunctionBeginUser;
  PetscCall(MakeSolver(grid, problem, "fused", 0, 0, fused));
  PetscCall(fused->f->SetRichardsonScale(omega));
  PetscCall(MakeSolver(grid, problem, "assembled", 0, 0, assembled));
  PetscCall(assembled->f->SetRichardsonScale(omega));
  PetscFunctionReturn(0);
}

// KSPSolve itself from a zero guess (Finisher::Solve would add its final record).
inline PetscErrorCode SolveIts(Solver &s, PetscInt its) {
  PetscInt done;
  PetscFunctionBeginUser;
  PetscCall(KSPSetTolerances(s.f->ksp(), 1e-300, 1e-300, 1e300, its));
  PetscCall(KSPSetInitialGuessNonzero(s.f->ksp(), PETSC_FALSE));
  PetscCall(KSPSolve(s.f->ksp(), s.f->rhs(), s.u));
  PetscCall(KSPGetIterationNumber(s.f->ksp(), &done));
  PetscCheck(done == its, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "ran %d of %d iterations", (int)done,
             (int)its);
  PetscFunctionReturn(0);
}

}  // namespace fpsolve::bench
