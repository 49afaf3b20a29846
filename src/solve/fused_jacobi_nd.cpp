// The fused Jacobi engine in 2D/3D: the DMDA's ghosted local vectors as ping-pong buffers, one
// halo exchange of the owned faces before each sweep on several ranks (fused_jacobi_nd_kernel.hpp
// has the loops). The exchange is our own (faces only: the stencil is a star) rather than
// DMLocalToLocal, whose scatter costs ~24 bytes a point more (measured with -malloc_view).
#include <petscdmda.h>

#include <algorithm>
#include <vector>

#include "fpsolve/solve/fused_jacobi_nd_kernel.hpp"
#include "fused_jacobi_engine.hpp"

namespace fpsolve::fused {
namespace {

class EngineND final : public Engine {
 public:
  ~EngineND() override {
    VecDestroy(&buf_[0]);
    VecDestroy(&buf_[1]);
  }

  PetscErrorCode Init(PC pc, const FusedJacobiConfig &cfg) {
    PetscMPIInt size;
    PetscInt dim;
    PetscFunctionBeginUser;
    da_ = cfg.da;
    diag_ = cfg.stencil.diagonal;
    w_.dinv = cfg.stencil.inv_diagonal;
    for (int d = 0; d < cfg.stencil.dim; ++d) w_.w[d] = cfg.stencil.NeighbourWeight(d);
    PetscCall(DMDAGetInfo(da_, &dim, &box_.n[0], &box_.n[1], &box_.n[2], nullptr, nullptr, nullptr,
                          nullptr, nullptr, nullptr, nullptr, nullptr, nullptr));
    box_.dim = (int)dim;
    PetscCall(DMDAGetCorners(da_, &box_.s[0], &box_.s[1], &box_.s[2], &box_.m[0], &box_.m[1],
                             &box_.m[2]));
    PetscCall(DMDAGetGhostCorners(da_, &box_.gs[0], &box_.gs[1], &box_.gs[2], &box_.gm[0],
                                  &box_.gm[1], &box_.gm[2]));
    box_.SetInterior();
    bnd_at_ = BoundaryPoints(box_);
    PetscCallMPI(MPI_Comm_size(PetscObjectComm((PetscObject)pc), &size));
    parallel_ = size > 1;
    if (parallel_) PetscCall(CreateFaces(pc));
    // Boundary points stay 0 in both buffers for good (see the kernel's header).
    for (Vec &v : buf_) {
      PetscCall(DMCreateLocalVector(da_, &v));
      PetscCall(VecSet(v, 0.0));
    }
    PetscFunctionReturn(0);
  }

  PetscErrorCode Start(Vec b, Vec x, bool zero_guess) override {
    PetscScalar *u;
    const PetscScalar *xx;
    PetscFunctionBeginUser;
    b_ = b, x_guess_ = x;
    if (zero_guess) PetscCall(VecSet(x, 0.0));  // its boundary values are the iterate's at 0
    PetscCall(VecGetArray(buf_[0], &u));
    PetscCall(VecGetArrayRead(x, &xx));
    ForEachInteriorRow(
        [&](PetscInt g, PetscInt o, PetscInt len) { std::copy_n(xx + o, len, u + g); });
    PetscCall(VecRestoreArrayRead(x, &xx));
    PetscCall(VecRestoreArray(buf_[0], &u));
    p_ = 0;
    swept_ = false;
    halo_fresh_ = false;
    if (w_.omega != 1) PetscCall(StartBoundary(b, x));
    PetscFunctionReturn(0);
  }

  void SetWeight(double omega) override { w_.SetOmega(omega); }

  PetscErrorCode Sweeps(PetscInt n) override {
    PetscScalar *u, *un;
    const PetscScalar *b;
    PetscFunctionBeginUser;
    PetscCall(VecGetArrayRead(b_, &b));
    for (PetscInt t = 0; t < n; ++t) {
      PetscCall(Exchange());
      PetscCall(VecGetArray(buf_[p_], &u));
      PetscCall(VecGetArray(buf_[1 - p_], &un));
      if (box_.dim == 2)
        SweepInterior<2>(box_, w_, u, un, b);
      else
        SweepInterior<3>(box_, w_, u, un, b);
      PetscCall(VecRestoreArray(buf_[1 - p_], &un));
      PetscCall(VecRestoreArray(buf_[p_], &u));
      p_ = 1 - p_;
      halo_fresh_ = false;
    }
    if (n > 0) swept_ = true;
    if (w_.omega != 1) SweepBoundary(w_, bnd_f_.data(), bnd_.data(), bnd_.size(), n);
    PetscCall(VecRestoreArrayRead(b_, &b));
    PetscFunctionReturn(0);
  }

  PetscErrorCode LocalCheck(Vec exact, double *sumsq, double *maxerr) override {
    const PetscScalar *u, *b, *xg = nullptr, *e = nullptr;
    PetscFunctionBeginUser;
    PetscCall(Exchange());  // stays fresh: the next sweep skips its exchange
    PetscCall(VecGetArrayRead(buf_[p_], &u));
    PetscCall(VecGetArrayRead(b_, &b));
    const bool damped = w_.omega != 1, read_guess = !swept_ && !damped;
    if (read_guess) PetscCall(VecGetArrayRead(x_guess_, &xg));
    if (exact) PetscCall(VecGetArrayRead(exact, &e));
    const PetscScalar *bnd = damped ? bnd_.data() : nullptr;
    if (exact)
      CheckSums<true>(box_, w_, diag_, u, b, swept_, xg, e, sumsq, maxerr, bnd);
    else
      CheckSums<false>(box_, w_, diag_, u, b, swept_, xg, e, sumsq, maxerr, bnd);
    if (exact) PetscCall(VecRestoreArrayRead(exact, &e));
    if (read_guess) PetscCall(VecRestoreArrayRead(x_guess_, &xg));
    PetscCall(VecRestoreArrayRead(b_, &b));
    PetscCall(VecRestoreArrayRead(buf_[p_], &u));
    PetscFunctionReturn(0);
  }

  // Interior points from the buffer; boundary points D^{-1} b once swept (before, x still
  // holds the guess's), or, damped, the values the engine carries.
  PetscErrorCode CopyOut(Vec x) override {
    PetscScalar *xx;
    const PetscScalar *u, *b;
    PetscFunctionBeginUser;
    PetscCall(VecGetArray(x, &xx));
    PetscCall(VecGetArrayRead(buf_[p_], &u));
    PetscCall(VecGetArrayRead(b_, &b));
    if (w_.omega != 1) {
      for (size_t q = 0; q < bnd_at_.size(); ++q) xx[bnd_at_[q]] = bnd_[q];
    } else if (swept_) {
      const PetscInt count = box_.m[0] * box_.m[1] * box_.m[2];
      for (PetscInt o = 0; o < count; ++o) xx[o] = w_.dinv * b[o];
    }
    ForEachInteriorRow(
        [&](PetscInt g, PetscInt o, PetscInt len) { std::copy_n(u + g, len, xx + o); });
    PetscCall(VecRestoreArrayRead(b_, &b));
    PetscCall(VecRestoreArrayRead(buf_[p_], &u));
    PetscCall(VecRestoreArray(x, &xx));
    PetscFunctionReturn(0);
  }

  PetscInt halo_depth() const override { return 1; }
  double flops_per_sweep() const override {
    return (3.0 * box_.dim + 1 + (w_.omega != 1 ? 3 : 0)) * (box_.hi[0] - box_.lo[0]) *
           (box_.hi[1] - box_.lo[1]) * (box_.hi[2] - box_.lo[2]);
  }

 private:
  // f(ghosted index, owned index, length) for each owned x-row's interior run.
  template <class F>
  void ForEachInteriorRow(F &&f) const {
    const PetscInt len = box_.hi[0] - box_.lo[0];
    if (len <= 0) return;
    for (PetscInt k = box_.lo[2]; k < box_.hi[2]; ++k)
      for (PetscInt j = box_.lo[1]; j < box_.hi[1]; ++j)
        f(box_.G(box_.lo[0], j, k), box_.O(box_.lo[0], j, k), len);
  }

  // One face of the owned box: the layer sent to the neighbour across axis d on side `side`
  // (the owned points next to it) and the ghost layer received from it.
  struct Face {
    PetscMPIInt rank = MPI_PROC_NULL;
    PetscMPIInt send_tag = 0, recv_tag = 0;
    std::vector<PetscInt> send_at, recv_at;  // ghosted-array indices
    std::vector<PetscScalar> send, recv;
  };

  // Damped: the boundary values start at the guess's (x), f = D^{-1} b there.
  PetscErrorCode StartBoundary(Vec b, Vec x) {
    const PetscScalar *bb, *xx;
    PetscFunctionBeginUser;
    bnd_.resize(bnd_at_.size());
    bnd_f_.resize(bnd_at_.size());
    PetscCall(VecGetArrayRead(b, &bb));
    PetscCall(VecGetArrayRead(x, &xx));
    for (size_t q = 0; q < bnd_at_.size(); ++q) {
      bnd_[q] = xx[bnd_at_[q]];
      bnd_f_[q] = w_.dinv * bb[bnd_at_[q]];
    }
    PetscCall(VecRestoreArrayRead(x, &xx));
    PetscCall(VecRestoreArrayRead(b, &bb));
    PetscFunctionReturn(0);
  }

  // The star stencil needs the 2 dim face neighbours only (DMDAGetNeighbors lists all 3^dim).
  PetscErrorCode CreateFaces(PC pc) {
    const PetscMPIInt *nb;
    PetscMPIInt tags[3][2];
    PetscFunctionBeginUser;
    comm_ = PetscObjectComm((PetscObject)pc);
    PetscCall(DMDAGetNeighbors(da_, &nb));
    for (int d = 0; d < box_.dim; ++d)
      for (int t = 0; t < 2; ++t) PetscCall(PetscObjectGetNewTag((PetscObject)pc, &tags[d][t]));
    const PetscInt centre = box_.dim == 2 ? 4 : 13, step[3] = {1, 3, 9};
    for (int d = 0; d < box_.dim; ++d) {
      for (int side = 0; side < 2; ++side) {
        Face &f = faces_[d][side];
        const PetscMPIInt r = nb[centre + (side ? 1 : -1) * step[d]];
        f.rank = r >= 0 ? r : MPI_PROC_NULL;
        // Values travelling towards +d carry tags[d][1], towards -d tags[d][0].
        f.send_tag = tags[d][side], f.recv_tag = tags[d][1 - side];
        const PetscInt send_layer = side ? box_.s[d] + box_.m[d] - 1 : box_.s[d];
        const PetscInt recv_layer = side ? box_.s[d] + box_.m[d] : box_.s[d] - 1;
        if (f.rank == MPI_PROC_NULL) continue;
        PetscInt lo[3], hi[3];
        for (int e = 0; e < 3; ++e) lo[e] = box_.s[e], hi[e] = box_.s[e] + box_.m[e];
        for (PetscInt layer : {send_layer, recv_layer}) {
          lo[d] = layer, hi[d] = layer + 1;
          auto &at = layer == send_layer ? f.send_at : f.recv_at;
          for (PetscInt k = lo[2]; k < hi[2]; ++k)
            for (PetscInt j = lo[1]; j < hi[1]; ++j)
              for (PetscInt i = lo[0]; i < hi[0]; ++i) at.push_back(box_.G(i, j, k));
        }
        f.send.resize(f.send_at.size());
        f.recv.resize(f.recv_at.size());
      }
    }
    PetscFunctionReturn(0);
  }

  PetscErrorCode Exchange() {
    PetscScalar *u;
    MPI_Request req[12];
    int nreq = 0;
    PetscFunctionBeginUser;
    if (!parallel_ || halo_fresh_) {
      halo_fresh_ = true;
      PetscFunctionReturn(0);
    }
    PetscCall(VecGetArray(buf_[p_], &u));
    for (int d = 0; d < box_.dim; ++d)
      for (Face &f : faces_[d]) {
        if (f.rank == MPI_PROC_NULL) continue;
        PetscCallMPI(MPI_Irecv(f.recv.data(), (int)f.recv.size(), MPIU_SCALAR, f.rank, f.recv_tag,
                               comm_, &req[nreq++]));
      }
    for (int d = 0; d < box_.dim; ++d)
      for (Face &f : faces_[d]) {
        if (f.rank == MPI_PROC_NULL) continue;
        for (size_t q = 0; q < f.send_at.size(); ++q) f.send[q] = u[f.send_at[q]];
        PetscCallMPI(MPI_Isend(f.send.data(), (int)f.send.size(), MPIU_SCALAR, f.rank, f.send_tag,
                               comm_, &req[nreq++]));
      }
    PetscCallMPI(MPI_Waitall(nreq, req, MPI_STATUSES_IGNORE));
    for (int d = 0; d < box_.dim; ++d)
      for (Face &f : faces_[d])
        for (size_t q = 0; q < f.recv_at.size(); ++q) u[f.recv_at[q]] = f.recv[q];
    PetscCall(VecRestoreArray(buf_[p_], &u));
    halo_fresh_ = true;
    PetscFunctionReturn(0);
  }

  DM da_ = nullptr;
  MPI_Comm comm_ = MPI_COMM_NULL;
  Face faces_[3][2];  // [axis][0: the -d side, 1: the +d side]
  Box box_;
  Weights w_;
  double diag_ = 0;
  bool parallel_ = false;
  Vec buf_[2] = {nullptr, nullptr};       // ghosted local iterates (ping-pong)
  Vec b_ = nullptr, x_guess_ = nullptr;   // Start's rhs and x (x: the guess's boundary values)
  int p_ = 0;                             // buf_[p_] holds the iterate
  bool swept_ = false;                    // at least one sweep since Start
  std::vector<PetscInt> bnd_at_;          // owned boundary points (owned indices)
  std::vector<PetscScalar> bnd_, bnd_f_;  // damped: their values, and D^{-1} b there
  bool halo_fresh_ = false;               // buf_[p_]'s ghosts match the neighbours
};

}  // namespace

PetscErrorCode CreateEngineND(PC pc, const FusedJacobiConfig &cfg, std::unique_ptr<Engine> *out) {
  PetscFunctionBeginUser;
  auto e = std::make_unique<EngineND>();
  PetscCall(e->Init(pc, cfg));
  *out = std::move(e);
  PetscFunctionReturn(0);
}

}  // namespace fpsolve::fused
