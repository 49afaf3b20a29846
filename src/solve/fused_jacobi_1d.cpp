// The fused Jacobi engine in 1D: contiguous ghosted ping-pong buffers, persistent depth-s halo
// exchanges (fused_jacobi_kernel.hpp has the layout and the loops).
#include <petscdmda.h>

#include <algorithm>
#include <vector>

#include "fused_jacobi_engine.hpp"
#include "fused_jacobi_kernel.hpp"

namespace fpsolve::fused {
namespace {

class Engine1D final : public Engine {
 public:
  ~Engine1D() override {
    if (!parallel_) return;
    for (auto &set : req_)
      for (auto &r : set) MPI_Request_free(&r);
  }

  PetscErrorCode Init(PC pc, const FusedJacobiConfig &cfg) {
    PetscMPIInt rank, size;
    PetscFunctionBeginUser;
    stencil_ = cfg.stencil;
    PetscCall(DMDAGetInfo(cfg.da, nullptr, &l_.mx, nullptr, nullptr, nullptr, nullptr, nullptr,
                          nullptr, nullptr, nullptr, nullptr, nullptr, nullptr));
    PetscCall(DMDAGetCorners(cfg.da, &l_.xs, nullptr, nullptr, &l_.xm, nullptr, nullptr));
    PetscCall(PetscObjectGetComm((PetscObject)pc, &comm_));
    PetscCallMPI(MPI_Comm_rank(comm_, &rank));
    PetscCallMPI(MPI_Comm_size(comm_, &size));
    parallel_ = size > 1;
    // s = min(requested, smallest piece) so a halo never reaches past the neighbour's piece.
    PetscInt s = std::max<PetscInt>(1, std::min(cfg.halo_depth, l_.xm));
    if (parallel_) PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &s, 1, MPIU_INT, MPI_MIN, comm_));
    l_.s = parallel_ ? s : 1;
    for (auto &v : buf_) v.assign(l_.xm + 2 * l_.s, 0.0);
    f_.assign(l_.xm + 2 * l_.s, 0.0);
    if (!parallel_) PetscFunctionReturn(0);
    // A 1D DMDA orders its pieces by rank: the neighbours are rank -+ 1.
    left_ = rank > 0 ? rank - 1 : MPI_PROC_NULL;
    right_ = rank < size - 1 ? rank + 1 : MPI_PROC_NULL;
    PetscCall(PetscObjectGetNewTag((PetscObject)pc, &tag_left_));
    PetscCall(PetscObjectGetNewTag((PetscObject)pc, &tag_right_));
    const PetscInt xm = l_.xm;
    for (int p = 0; p < 2; ++p) {
      PetscScalar *u = buf_[p].data();
      MPI_Request *r = req_[p];
      PetscCallMPI(MPI_Recv_init(u, s, MPIU_SCALAR, left_, tag_right_, comm_, &r[0]));
      PetscCallMPI(MPI_Recv_init(u + s + xm, s, MPIU_SCALAR, right_, tag_left_, comm_, &r[1]));
      PetscCallMPI(MPI_Send_init(u + s, s, MPIU_SCALAR, left_, tag_left_, comm_, &r[2]));
      PetscCallMPI(MPI_Send_init(u + xm, s, MPIU_SCALAR, right_, tag_right_, comm_, &r[3]));
    }
    PetscFunctionReturn(0);
  }

  PetscErrorCode Start(Vec b, Vec x, bool zero_guess) override {
    const PetscScalar *xx;
    PetscFunctionBeginUser;
    PetscCall(LoadRhs(b));
    PetscCall(VecGetArrayRead(x, &xx));
    for (PetscInt k = 0; k < l_.xm; ++k) buf_[0][l_.s + k] = zero_guess ? 0.0 : xx[k];
    PetscCall(VecRestoreArrayRead(x, &xx));
    p_ = 0;
    halo_fresh_ = false;
    PetscFunctionReturn(0);
  }

  void SetWeight(double omega) override { w_.SetOmega(omega); }

  // n iterations, one exchange per s of them (one rank: none at all).
  PetscErrorCode Sweeps(PetscInt n) override {
    PetscFunctionBeginUser;
    for (PetscInt done = 0; done < n;) {
      const PetscInt m = parallel_ ? std::min(l_.s, n - done) : n - done;
      PetscCall(Exchange());
      p_ = w_.omega == 1 ? SweepBlock<false>(l_, buf_, f_.data(), p_, m, w_)
                         : SweepBlock<true>(l_, buf_, f_.data(), p_, m, w_);
      halo_fresh_ = false;
      done += m;
    }
    PetscFunctionReturn(0);
  }

  PetscErrorCode LocalCheck(Vec exact, double *sumsq, double *maxerr) override {
    PetscFunctionBeginUser;
    PetscCall(Exchange());  // stays fresh: the next sweep block skips its exchange
    const PetscScalar *u = buf_[p_].data();
    if (exact) {
      const PetscScalar *e;
      PetscCall(VecGetArrayRead(exact, &e));
      CheckSums<true>(l_, u, f_.data(), e, stencil_.diagonal, sumsq, maxerr);
      PetscCall(VecRestoreArrayRead(exact, &e));
    } else {
      CheckSums<false>(l_, u, f_.data(), nullptr, stencil_.diagonal, sumsq, maxerr);
    }
    PetscFunctionReturn(0);
  }

  PetscErrorCode CopyOut(Vec x) override {
    PetscScalar *a;
    PetscFunctionBeginUser;
    PetscCall(VecGetArrayWrite(x, &a));
    std::copy_n(buf_[p_].begin() + l_.s, l_.xm, a);
    PetscCall(VecRestoreArrayWrite(x, &a));
    PetscFunctionReturn(0);
  }

  PetscInt halo_depth() const override { return l_.s; }
  double flops_per_sweep() const override { return (w_.omega == 1 ? 3.0 : 6.0) * l_.xm; }

 private:
  PetscErrorCode Exchange() {
    PetscFunctionBeginUser;
    if (parallel_ && !halo_fresh_) {
      PetscCallMPI(MPI_Startall(4, req_[p_]));
      PetscCallMPI(MPI_Waitall(4, req_[p_], MPI_STATUSES_IGNORE));
    }
    halo_fresh_ = true;
    PetscFunctionReturn(0);
  }

  // f = D^{-1} b on the owned points and the halo (halo rows are computed redundantly).
  PetscErrorCode LoadRhs(Vec b) {
    const PetscScalar *bb;
    PetscFunctionBeginUser;
    PetscCall(VecGetArrayRead(b, &bb));
    for (PetscInt k = 0; k < l_.xm; ++k) f_[l_.s + k] = stencil_.inv_diagonal * bb[k];
    PetscCall(VecRestoreArrayRead(b, &bb));
    if (parallel_) {
      const PetscInt s = l_.s, xm = l_.xm;
      MPI_Request r[4];
      PetscScalar *f = f_.data();
      PetscCallMPI(MPI_Irecv(f, s, MPIU_SCALAR, left_, tag_right_, comm_, &r[0]));
      PetscCallMPI(MPI_Irecv(f + s + xm, s, MPIU_SCALAR, right_, tag_left_, comm_, &r[1]));
      PetscCallMPI(MPI_Isend(f + s, s, MPIU_SCALAR, left_, tag_left_, comm_, &r[2]));
      PetscCallMPI(MPI_Isend(f + xm, s, MPIU_SCALAR, right_, tag_right_, comm_, &r[3]));
      PetscCallMPI(MPI_Waitall(4, r, MPI_STATUSES_IGNORE));
    }
    PetscFunctionReturn(0);
  }

  Stencil stencil_;
  MPI_Comm comm_ = MPI_COMM_NULL;
  Layout l_;
  Damping w_;  // the weight (omega 1: classical)
  PetscMPIInt left_ = MPI_PROC_NULL, right_ = MPI_PROC_NULL;
  PetscMPIInt tag_left_ = 0, tag_right_ = 0;  // values moving to the left / right neighbour
  bool parallel_ = false;
  std::vector<PetscScalar> buf_[2], f_;  // ghosted iterates (ping-pong) and f = D^{-1} b
  MPI_Request req_[2][4];                // persistent depth-s halo exchange of buf_[p]
  int p_ = 0;                            // buf_[p_] holds the iterate
  bool halo_fresh_ = false;              // buf_[p_]'s halo matches the neighbours
};

}  // namespace

PetscErrorCode CreateEngine1D(PC pc, const FusedJacobiConfig &cfg, std::unique_ptr<Engine> *out) {
  PetscFunctionBeginUser;
  auto e = std::make_unique<Engine1D>();
  PetscCall(e->Init(pc, cfg));
  *out = std::move(e);
  PetscFunctionReturn(0);
}

}  // namespace fpsolve::fused
