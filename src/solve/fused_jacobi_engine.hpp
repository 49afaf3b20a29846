#pragma once
// What the fused Jacobi PC (fused_jacobi_pc.cpp) asks of the data layout it sweeps: one
// engine per dimension. The PC owns the iteration loop, the check points, PETSc's tolerance
// tests and the hook; an engine owns the buffers, the halo exchange and the kernels.
//   1D (fused_jacobi_1d.cpp): contiguous ping-pong buffers, depth-s halos (one exchange per s
//      iterations; fused_jacobi_kernel.hpp).
//   2D/3D (fused_jacobi_nd.cpp): two ghosted local Vecs of the DMDA, one in-place
//      DMLocalToLocal halo exchange per iteration (fused_jacobi_nd_kernel.hpp).
#include <petscksp.h>

#include <memory>

#include "fpsolve/solve/fused_jacobi.hpp"

namespace fpsolve::fused {

class Engine {
 public:
  virtual ~Engine() = default;
  // Start of one PCApplyRichardson: the rhs b and the guess x (zero when zero_guess).
  virtual PetscErrorCode Start(Vec b, Vec x, bool zero_guess) = 0;
  // The weight omega of the next sweeps (1: classical; otherwise damped, u' = u + omega
  // D^{-1} (b - A u)). Set between solves, not inside one.
  virtual void SetWeight(double omega) = 0;
  // n Jacobi iterations of the current weight.
  virtual PetscErrorCode Sweeps(PetscInt n) = 0;
  // This rank's share of a check: sum of squares of b - A u, and max |u - exact| (exact may
  // be null: then 0). A NaN anywhere makes both NaN.
  virtual PetscErrorCode LocalCheck(Vec exact, double *sumsq, double *maxerr) = 0;
  // The current iterate into x (a global Vec of the DMDA).
  virtual PetscErrorCode CopyOut(Vec x) = 0;
  virtual PetscInt halo_depth() const = 0;
  virtual double flops_per_sweep() const = 0;  // this rank's, for PetscLogFlops
};

PetscErrorCode CreateEngine1D(PC pc, const FusedJacobiConfig &cfg, std::unique_ptr<Engine> *out);
PetscErrorCode CreateEngineND(PC pc, const FusedJacobiConfig &cfg, std::unique_ptr<Engine> *out);

}  // namespace fpsolve::fused
