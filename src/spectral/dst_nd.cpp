// DST-I over the interior of a 1D/2D/3D DMDA: FFTW-MPI r2r (RODFT00) slabs in 2D/3D, Dst's odd
// extension in 1D. See include/fpsolve/spectral/dst_nd.hpp for the convention and data path.
#include "fpsolve/spectral/dst_nd.hpp"

#include <fftw3-mpi.h>

#include <algorithm>
#include <cmath>

#include "dmda_natural.hpp"
#include "fpsolve/spectral/dst.hpp"
#include "spectral_log.hpp"

namespace fpsolve::spectral {

struct DstNd::Impl {
  MPI_Comm comm = MPI_COMM_NULL;  // the DMDA's communicator (not owned)
  PetscMPIInt rank = 0, size = 1;
  // 2D/3D: FFTW's slab split of the interior (slowest axis), buffers and plan.
  ptrdiff_t local_n0 = 0, local_0_start = 0;
  PetscInt slab_begin = 0, slab_count = 0;  // natural linear range of this rank's slab
  double *in = nullptr, *out = nullptr;
  fftw_plan plan = nullptr;
  Vec w_in = nullptr, w_out = nullptr;  // Vecs over in/out (no copies around the FFT)
  VecScatter to_slab = nullptr;         // DMDA global Vec -> w_in (reverse: w_out -> DMDA)
  double forward_scale = 1, inverse_scale = 1;
  // 1D: Dst, and the coefficient index k-1 <-> grid index k scatter for the inverse.
  std::unique_ptr<Dst> line;
  Vec line_grid = nullptr, line_coeffs = nullptr;
  VecScatter coeff_to_grid = nullptr;
  std::vector<PetscMPIInt> counts, displs;  // coefficient split of every rank, for Gather

  ~Impl() {
    PetscCallVoid(VecScatterDestroy(&to_slab));
    PetscCallVoid(VecDestroy(&w_in));
    PetscCallVoid(VecDestroy(&w_out));
    PetscCallVoid(VecScatterDestroy(&coeff_to_grid));
    PetscCallVoid(VecDestroy(&line_grid));
    PetscCallVoid(VecDestroy(&line_coeffs));
    if (plan) fftw_destroy_plan(plan);  // collective: every rank destroys together
    fftw_free(in);
    fftw_free(out);
  }
};

namespace {

using Impl = DstNd::Impl;

// FFTW's slab split must be contiguous in rank order for a PETSc Vec to wrap it: checked.
PetscErrorCode CheckContiguous(MPI_Comm comm, Vec v, PetscInt expected_start, PetscInt local) {
  PetscInt lo, hi;
  PetscFunctionBegin;
  PetscCall(VecGetOwnershipRange(v, &lo, &hi));
  int ok = local == 0 || lo == expected_start, all_ok = 0;
  PetscCallMPI(MPI_Allreduce(&ok, &all_ok, 1, MPI_INT, MPI_MIN, comm));
  PetscCheck(all_ok, comm, PETSC_ERR_PLIB, "FFTW's slab split is not contiguous in rank order");
  PetscFunctionReturn(0);
}

PetscErrorCode PlanSlabs(Impl &d, int dim, const PetscInt n[3], bool measure) {
  PetscFunctionBegin;
  EnsureFftwMpiInit();
  // FFTW's dimensions run slowest first: (n_y, n_x) or (n_z, n_y, n_x).
  ptrdiff_t dims[3];
  for (int a = 0; a < dim; ++a) dims[a] = n[dim - 1 - a];
  const ptrdiff_t alloc = fftw_mpi_local_size(dim, dims, d.comm, &d.local_n0, &d.local_0_start);
  d.in = fftw_alloc_real(std::max<ptrdiff_t>(alloc, 1));
  d.out = fftw_alloc_real(std::max<ptrdiff_t>(alloc, 1));
  const fftw_r2r_kind kinds[3] = {FFTW_RODFT00, FFTW_RODFT00, FFTW_RODFT00};
  d.plan = fftw_mpi_plan_r2r(dim, dims, d.in, d.out, d.comm, kinds,
                             measure ? FFTW_MEASURE : FFTW_ESTIMATE);
  int ok = d.plan != nullptr, all_ok = 0;
  PetscCallMPI(MPI_Allreduce(&ok, &all_ok, 1, MPI_INT, MPI_MIN, d.comm));
  PetscCheck(all_ok, d.comm, PETSC_ERR_LIB, "FFTW-MPI could not plan a %dD RODFT00 transform", dim);
  // RODFT00 is 2 sum_j x_j sin(...) per axis; its square is prod 2(n_a+1) times the identity.
  d.forward_scale = 1.0, d.inverse_scale = 1.0;
  for (int a = 0; a < dim; ++a) {
    d.forward_scale *= 0.5;
    d.inverse_scale /= (n[a] + 1.0);
  }
  const PetscInt plane = n[0] * (dim == 3 ? n[1] : 1);  // entries per slab index
  d.slab_begin = static_cast<PetscInt>(d.local_0_start) * plane;
  d.slab_count = static_cast<PetscInt>(d.local_n0) * plane;
  const PetscInt total = n[0] * n[1] * n[2];
  PetscCall(VecCreateMPIWithArray(d.comm, 1, d.slab_count, total, d.in, &d.w_in));
  PetscCall(VecCreateMPIWithArray(d.comm, 1, d.slab_count, total, d.out, &d.w_out));
  PetscCall(CheckContiguous(d.comm, d.w_in, d.slab_begin, d.slab_count));
  PetscFunctionReturn(0);
}

// DMDA interior <-> slab: entry l of the slab is the interior point of natural linear index
// slab_begin + l, i.e. grid point (jx+1, jy+1, jz+1).
PetscErrorCode CreateSlabScatter(DM da, Impl &d, int dim, const PetscInt n[3]) {
  DmdaNaturalOrder order;
  Vec u;
  IS is_from, is_to;
  PetscFunctionBegin;
  PetscCall(DmdaNaturalOrder::Create(da, &order));
  std::vector<PetscInt> from(d.slab_count);
  for (PetscInt l = 0; l < d.slab_count; ++l) {
    const PetscInt lin = d.slab_begin + l;
    const PetscInt i[3] = {lin % n[0] + 1, (lin / n[0]) % n[1] + 1,
                           dim == 3 ? lin / (n[0] * n[1]) + 1 : 0};
    from[l] = order.PetscIndex(i);
  }
  PetscCall(ISCreateGeneral(d.comm, d.slab_count, from.data(), PETSC_COPY_VALUES, &is_from));
  PetscCall(ISCreateStride(d.comm, d.slab_count, d.slab_begin, 1, &is_to));
  PetscCall(DMCreateGlobalVector(da, &u));
  PetscCall(VecScatterCreate(u, is_from, d.w_in, is_to, &d.to_slab));
  PetscCall(VecDestroy(&u));
  PetscCall(ISDestroy(&is_from));
  PetscCall(ISDestroy(&is_to));
  PetscFunctionReturn(0);
}

// 1D inverse support: coefficient k-1 -> grid point k (1D DMDA: PETSc order is natural).
PetscErrorCode CreateLineInverse(DM da, Impl &d) {
  IS is_from, is_to;
  PetscInt lo, hi;
  PetscFunctionBegin;
  PetscCall(DMCreateGlobalVector(da, &d.line_grid));
  PetscCall(d.line->CreateCoeffVec(&d.line_coeffs));
  PetscCall(VecGetOwnershipRange(d.line_coeffs, &lo, &hi));
  PetscCall(ISCreateStride(d.comm, hi - lo, lo, 1, &is_from));
  PetscCall(ISCreateStride(d.comm, hi - lo, lo + 1, 1, &is_to));
  PetscCall(VecScatterCreate(d.line_coeffs, is_from, d.line_grid, is_to, &d.coeff_to_grid));
  PetscCall(ISDestroy(&is_from));
  PetscCall(ISDestroy(&is_to));
  PetscFunctionReturn(0);
}

}  // namespace

DstNd::DstNd() : impl_(std::make_unique<Impl>()) {}
DstNd::~DstNd() = default;

PetscErrorCode DstNd::Create(DM da, std::unique_ptr<DstNd> *out, const DstNdOptions &opt) {
  const SpectralEvents *ev;
  PetscInt dim, N[3], dof;
  PetscFunctionBegin;
  PetscCall(GetSpectralEvents(&ev));
  PetscCall(PetscLogEventBegin(ev->setup, 0, 0, 0, 0));
  std::unique_ptr<DstNd> t(new DstNd());
  Impl &d = *t->impl_;
  d.comm = PetscObjectComm(reinterpret_cast<PetscObject>(da));
  PetscCallMPI(MPI_Comm_rank(d.comm, &d.rank));
  PetscCallMPI(MPI_Comm_size(d.comm, &d.size));
  PetscCall(DMDAGetInfo(da, &dim, &N[0], &N[1], &N[2], nullptr, nullptr, nullptr, &dof, nullptr,
                        nullptr, nullptr, nullptr, nullptr));
  PetscCheck(dim >= 1 && dim <= 3 && dof == 1, d.comm, PETSC_ERR_ARG_WRONG,
             "DstNd needs a 1D-3D DMDA with one dof (got dim %" PetscInt_FMT ", dof %" PetscInt_FMT
             ")",
             dim, dof);
  t->dim_ = static_cast<int>(dim);
  for (int a = 0; a < dim; ++a) {
    PetscCheck(N[a] >= 3, d.comm, PETSC_ERR_ARG_OUTOFRANGE,
               "DstNd needs >= 3 points per axis (axis %d has %" PetscInt_FMT ")", a, N[a]);
    t->n_[a] = N[a] - 2;
  }
  PetscInt count;
  if (dim == 1) {
    DstOptions line_opt;
    line_opt.measure = opt.measure;
    PetscCall(Dst::Create(da, &d.line, line_opt));
    PetscCall(CreateLineInverse(da, d));
    PetscCall(VecGetOwnershipRange(d.line_coeffs, &t->owned_lo_, &t->owned_hi_));
  } else {
    PetscCall(PlanSlabs(d, t->dim_, t->n_, opt.measure));
    PetscCall(CreateSlabScatter(da, d, t->dim_, t->n_));
    t->owned_lo_ = d.slab_begin;
    t->owned_hi_ = d.slab_begin + d.slab_count;
  }
  count = t->owned_hi_ - t->owned_lo_;
  d.counts.resize(d.size);
  d.displs.assign(d.size, 0);
  const PetscMPIInt count_mpi = static_cast<PetscMPIInt>(count);
  PetscCallMPI(MPI_Allgather(&count_mpi, 1, MPI_INT, d.counts.data(), 1, MPI_INT, d.comm));
  for (PetscMPIInt r = 1; r < d.size; ++r) d.displs[r] = d.displs[r - 1] + d.counts[r - 1];
  *out = std::move(t);
  PetscCall(PetscLogEventEnd(ev->setup, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

Mode DstNd::ModeOf(PetscInt linear) const {
  Mode k = {0, 0, 0};
  for (int a = 0; a < dim_; ++a) {
    k[a] = static_cast<int>(linear % n_[a]) + 1;
    linear /= n_[a];
  }
  return k;
}

PetscInt DstNd::LinearOf(const Mode &k) const {
  PetscInt lin = 0;
  for (int a = dim_ - 1; a >= 0; --a) lin = lin * n_[a] + (k[a] - 1);
  return lin;
}

PetscErrorCode DstNd::CreateCoeffVec(Vec *coeffs) const {
  PetscFunctionBegin;
  if (impl_->line) {
    PetscCall(impl_->line->CreateCoeffVec(coeffs));
  } else {
    PetscCall(VecDuplicate(impl_->w_in, coeffs));
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DstNd::GetOwnedArray(Vec coeffs, PetscScalar **a) const {
  PetscInt local;
  PetscFunctionBegin;
  PetscCall(VecGetLocalSize(coeffs, &local));
  PetscCheck(local == owned_hi_ - owned_lo_, PETSC_COMM_SELF, PETSC_ERR_ARG_SIZ,
             "DstNd: coefficient Vec not from CreateCoeffVec");
  PetscCall(VecGetArray(coeffs, a));
  PetscFunctionReturn(0);
}

PetscErrorCode DstNd::Forward(Vec u, Vec coeffs) {
  Impl &d = *impl_;
  const SpectralEvents *ev;
  PetscFunctionBegin;
  if (d.line) {
    PetscCall(d.line->Apply(u, coeffs));
    PetscFunctionReturn(0);
  }
  PetscCall(GetSpectralEvents(&ev));
  PetscCall(PetscLogEventBegin(ev->apply, 0, 0, 0, 0));
  PetscCall(ToFftwLayout(u, d.w_in));
  PetscCall(PetscLogEventBegin(ev->fft, 0, 0, 0, 0));
  fftw_execute(d.plan);
  PetscCall(PetscLogEventEnd(ev->fft, 0, 0, 0, 0));
  PetscScalar *c;
  PetscCall(GetOwnedArray(coeffs, &c));
  for (PetscInt l = 0; l < d.slab_count; ++l) c[l] = d.forward_scale * d.out[l];
  PetscCall(VecRestoreArray(coeffs, &c));
  PetscCall(PetscLogEventEnd(ev->apply, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

PetscErrorCode DstNd::Inverse(Vec coeffs, Vec u) {
  Impl &d = *impl_;
  const SpectralEvents *ev;
  PetscFunctionBegin;
  if (d.line) {
    // DST-I is its own inverse up to 2/(n+1): transform the coefficients as a grid function.
    PetscCall(
        VecScatterBegin(d.coeff_to_grid, coeffs, d.line_grid, INSERT_VALUES, SCATTER_FORWARD));
    PetscCall(VecScatterEnd(d.coeff_to_grid, coeffs, d.line_grid, INSERT_VALUES, SCATTER_FORWARD));
    PetscCall(d.line->Apply(d.line_grid, d.line_coeffs));
    PetscCall(VecScale(d.line_coeffs, 2.0 / (n_[0] + 1.0)));
    PetscCall(VecScatterBegin(d.coeff_to_grid, d.line_coeffs, u, INSERT_VALUES, SCATTER_FORWARD));
    PetscCall(VecScatterEnd(d.coeff_to_grid, d.line_coeffs, u, INSERT_VALUES, SCATTER_FORWARD));
    PetscFunctionReturn(0);
  }
  PetscCall(GetSpectralEvents(&ev));
  PetscCall(PetscLogEventBegin(ev->apply, 0, 0, 0, 0));
  PetscCall(VecCopy(coeffs, d.w_in));
  PetscCall(PetscLogEventBegin(ev->fft, 0, 0, 0, 0));
  fftw_execute(d.plan);
  PetscCall(PetscLogEventEnd(ev->fft, 0, 0, 0, 0));
  PetscCall(VecScale(d.w_out, d.inverse_scale));
  PetscCall(FromFftwLayout(d.w_out, u));
  PetscCall(PetscLogEventEnd(ev->apply, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

PetscErrorCode DstNd::GatherModes(Vec coeffs, const std::vector<Mode> &modes,
                                  std::vector<double> &values) const {
  PetscScalar *c;
  PetscFunctionBegin;
  values.assign(modes.size(), 0.0);
  for (const Mode &k : modes)
    for (int a = 0; a < 3; ++a)
      PetscCheck(a < dim_ ? (k[a] >= 1 && k[a] <= n_[a]) : k[a] == 0, impl_->comm,
                 PETSC_ERR_ARG_OUTOFRANGE,
                 "mode (%d,%d,%d) outside the grid's %" PetscInt_FMT "x%" PetscInt_FMT
                 "x%" PetscInt_FMT " modes",
                 k[0], k[1], k[2], n_[0], n_[1], n_[2]);
  PetscCall(GetOwnedArray(coeffs, &c));
  for (std::size_t i = 0; i < modes.size(); ++i) {
    const PetscInt lin = LinearOf(modes[i]);
    if (lin >= owned_lo_ && lin < owned_hi_) values[i] = c[lin - owned_lo_];
  }
  PetscCall(VecRestoreArray(coeffs, &c));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, values.data(), static_cast<int>(values.size()),
                             MPI_DOUBLE, MPI_SUM, impl_->comm));
  PetscFunctionReturn(0);
}

PetscErrorCode DstNd::GatherBox(Vec coeffs, int extent[3], std::vector<double> &box) const {
  PetscFunctionBegin;
  std::size_t size = 1;
  for (int a = 0; a < 3; ++a) {
    extent[a] = a < dim_ ? static_cast<int>(std::min<PetscInt>(std::max(extent[a], 1), n_[a])) : 1;
    size *= extent[a];
  }
  PetscCheck(size <= static_cast<std::size_t>(PETSC_MPI_INT_MAX), impl_->comm,
             PETSC_ERR_ARG_OUTOFRANGE, "DstNd::GatherBox: box too large");
  box.assign(size, 0.0);
  PetscCall(ForEachOwned(coeffs, [&](const Mode &k, PetscScalar &c) {
    if (k[0] <= extent[0] && (dim_ < 2 || k[1] <= extent[1]) && (dim_ < 3 || k[2] <= extent[2]))
      box[(static_cast<std::size_t>(std::max(k[2], 1) - 1) * extent[1] + (std::max(k[1], 1) - 1)) *
              extent[0] +
          (k[0] - 1)] = c;
  }));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, box.data(), static_cast<int>(size), MPI_DOUBLE, MPI_SUM,
                             impl_->comm));
  PetscFunctionReturn(0);
}

PetscErrorCode DstNd::Gather(Vec coeffs, std::vector<double> &all, int root) const {
  const Impl &d = *impl_;
  PetscScalar *c;
  PetscFunctionBegin;
  PetscCheck(num_modes() <= PETSC_MPI_INT_MAX, d.comm, PETSC_ERR_ARG_OUTOFRANGE,
             "DstNd::Gather: too many modes to replicate");
  PetscCall(GetOwnedArray(coeffs, &c));
  const PetscMPIInt mine = d.counts[d.rank];
  if (root < 0 || d.rank == root) {
    all.resize(num_modes());
  } else {
    all.clear();
  }
  if (root < 0) {
    PetscCallMPI(MPI_Allgatherv(c, mine, MPI_DOUBLE, all.data(), d.counts.data(), d.displs.data(),
                                MPI_DOUBLE, d.comm));
  } else {
    PetscCallMPI(MPI_Gatherv(c, mine, MPI_DOUBLE, all.data(), d.counts.data(), d.displs.data(),
                             MPI_DOUBLE, root, d.comm));
  }
  PetscCall(VecRestoreArray(coeffs, &c));
  PetscFunctionReturn(0);
}

PetscErrorCode DstNd::CreateFftwLayoutVec(Vec *w) const {
  PetscFunctionBegin;
  if (impl_->line) {
    PetscCall(impl_->line->CreateFftwLayoutVec(w));
  } else {
    PetscCall(VecDuplicate(impl_->w_in, w));
  }
  PetscFunctionReturn(0);
}

// The DMDA <-> slab layout change, logged as the scatter event (one place for both directions).
static PetscErrorCode LoggedScatter(VecScatter sc, Vec from, Vec to, ScatterMode mode) {
  const SpectralEvents *ev;
  PetscFunctionBegin;
  PetscCall(GetSpectralEvents(&ev));
  PetscCall(PetscLogEventBegin(ev->scatter, 0, 0, 0, 0));
  PetscCall(VecScatterBegin(sc, from, to, INSERT_VALUES, mode));
  PetscCall(VecScatterEnd(sc, from, to, INSERT_VALUES, mode));
  PetscCall(PetscLogEventEnd(ev->scatter, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

PetscErrorCode DstNd::ToFftwLayout(Vec u, Vec w) {
  PetscFunctionBegin;
  if (impl_->line)
    PetscCall(impl_->line->ToFftwLayout(u, w));
  else
    PetscCall(LoggedScatter(impl_->to_slab, u, w, SCATTER_FORWARD));
  PetscFunctionReturn(0);
}

PetscErrorCode DstNd::FromFftwLayout(Vec w, Vec u) {
  PetscFunctionBegin;
  if (impl_->line)
    PetscCall(impl_->line->FromFftwLayout(w, u));
  else
    PetscCall(LoggedScatter(impl_->to_slab, w, u, SCATTER_REVERSE));
  PetscFunctionReturn(0);
}

}  // namespace fpsolve::spectral
