#include "fpsolve/hybrid/coarse_net_on_grid.hpp"

#include <algorithm>

#include "fpsolve/base/error.hpp"
#include "fpsolve/base/log_event.hpp"
#include "fpsolve/spectral/sine_prolongation.hpp"

namespace fpsolve::hybrid {

PetscErrorCode CoarseNetOnGrid::Create(const Grid &grid, PetscInt points, CoarseNetOnGrid *out) {
  GridBox box;
  PetscMPIInt rank, size;
  PetscFunctionBeginUser;
  PetscCheck(points >= 1, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "coarse points must be >= 1");
  out->grid_ = &grid;
  PetscCall(PetscObjectGetComm((PetscObject)grid.da, &out->comm_));
  PetscCallMPI(MPI_Comm_rank(out->comm_, &rank));
  PetscCallMPI(MPI_Comm_size(out->comm_, &size));
  PetscCall(GridOwnedBox(grid, &box));
  long long total = 1;
  for (int a = 0; a < 3; ++a) {
    out->m_[a] = a < grid.dim ? (int)std::min<PetscInt>(points, grid.n[a] - 2) : 1;
    out->rows_[a] = (int)box.count[a];
    total *= out->m_[a];
  }
  PetscCheck(total <= 2000000000LL, out->comm_, PETSC_ERR_ARG_OUTOFRANGE,
             "%lld coarse points: too many", total);
  for (int a = 0; a < grid.dim; ++a)
    out->p_[a] = spectral::SineProlongationMatrix((int)grid.n[a], (int)box.start[a], out->rows_[a],
                                                  out->m_[a]);
  // Rank r evaluates the coarse points [total r / size, total (r+1) / size) (x fastest).
  out->counts_.resize(size), out->displs_.resize(size);
  for (int r = 0; r < size; ++r) {
    out->displs_[r] = int(total * r / size);
    out->counts_[r] = int(total * (r + 1) / size) - out->displs_[r];
  }
  const int first = out->displs_[rank], mine = out->counts_[rank];
  out->share_points_.resize(std::size_t(mine) * grid.dim);
  for (int q = 0; q < mine; ++q) {
    int idx = first + q;
    for (int a = 0; a < grid.dim; ++a) {
      const int j = idx % out->m_[a];
      idx /= out->m_[a];
      const double lo = grid.domain.lo[a], hi = grid.domain.hi[a];
      out->share_points_[std::size_t(q) * grid.dim + a] =
          lo + (hi - lo) * (j + 1) / (out->m_[a] + 1);
    }
  }
  out->share_values_.resize(mine);
  out->coarse_.resize(total);
  PetscFunctionReturn(0);
}

PetscErrorCode CoarseNetOnGrid::Evaluate(const Net &net, Vec u) {
  static LogEvent net_event("FpCoarseNet"), prolong_event("FpCoarseProlong");
  PetscScalar *a;
  PetscInt n;
  PetscFunctionBeginUser;
  PetscCall(VecGetLocalSize(u, &n));
  PetscCheck(n == (PetscInt)rows_[0] * rows_[1] * rows_[2], PETSC_COMM_SELF, PETSC_ERR_ARG_SIZ,
             "vector does not match the grid");
  PetscCall(net_event.Begin());
  FpCallCXX(PETSC_COMM_SELF,
            net(share_points_.data(), (int)share_values_.size(), share_values_.data()));
  PetscCall(net_event.End());
  PetscCall(prolong_event.Begin());
  PetscCallMPI(MPI_Allgatherv(share_values_.data(), (int)share_values_.size(), MPI_DOUBLE,
                              coarse_.data(), counts_.data(), displs_.data(), MPI_DOUBLE, comm_));
  const double *p[3] = {p_[0].data(), grid_->dim > 1 ? p_[1].data() : nullptr,
                        grid_->dim > 2 ? p_[2].data() : nullptr};
  PetscCall(VecGetArray(u, &a));
  static_assert(sizeof(PetscScalar) == sizeof(double), "real double PETSc");
  spectral::ProlongTensor(grid_->dim, p, rows_, m_, coarse_.data(), (double *)a, work_);
  PetscCall(VecRestoreArray(u, &a));
  PetscCall(prolong_event.End());
  PetscFunctionReturn(0);
}

}  // namespace fpsolve::hybrid
