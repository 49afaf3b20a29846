// DST-I over the interior of a 1D DMDA via the odd extension and FFTW's (MPI) complex DFT.
// See include/fpsolve/spectral/dst.hpp for the convention and the data path.
#include "fpsolve/spectral/dst.hpp"

#include <fftw3-mpi.h>

#include <algorithm>
#include <cmath>

#include "spectral_log.hpp"

namespace fpsolve::spectral {

void EnsureFftwMpiInit() {
  // fftw_mpi_init must precede any fftw_mpi call; guard it so creating many Dst objects (one
  // per grid, tests) initialises FFTW's MPI planner once per process.
  static bool done = false;
  if (!done) {
    fftw_mpi_init();
    done = true;
  }
}

struct Dst::Impl {
  MPI_Comm comm = MPI_COMM_NULL;  // the DMDA's communicator (not owned)
  PetscMPIInt rank = 0, size = 1;
  PetscInt N = 0, n = 0, M = 0;  // grid points, interior points/modes, extension length
  // FFTW's split: input x_j for j in [i0, i0+ni), output X_k for k in [o0, o0+no).
  ptrdiff_t ni = 0, i0 = 0, no = 0, o0 = 0;
  fftw_complex *in = nullptr, *out = nullptr;
  fftw_plan plan = nullptr;  // null on ranks that do not take part (root layout, rank > 0)
  Vec w = nullptr;           // real, FFTW input split: unsigned odd extension
  VecScatter to_fftw = nullptr, from_fftw = nullptr;
  Vec coeffs = nullptr;                     // scratch result in FFTW's output split
  PetscInt k_lo = 1, k_hi = 1;              // owned modes [k_lo, k_hi), 1-based
  std::vector<PetscMPIInt> counts, displs;  // coefficient split of every rank, for gathers

  ~Impl() {
    PetscCallVoid(VecScatterDestroy(&to_fftw));
    PetscCallVoid(VecScatterDestroy(&from_fftw));
    PetscCallVoid(VecDestroy(&w));
    PetscCallVoid(VecDestroy(&coeffs));
    if (plan) fftw_destroy_plan(plan);  // collective for MPI plans: all ranks destroy together
    fftw_free(in);
    fftw_free(out);
  }
};

namespace {

using Impl = Dst::Impl;

// Plans the transform in the requested layout; falls back to the root layout if FFTW cannot
// plan the MPI transform on some rank (decided collectively so every rank agrees).
PetscErrorCode PlanTransform(Impl &d, DstOptions::Layout *layout, bool measure) {
  const unsigned flags = measure ? FFTW_MEASURE : FFTW_ESTIMATE;
  PetscFunctionBegin;
  if (*layout == DstOptions::Layout::kDistributed) {
    EnsureFftwMpiInit();
    const ptrdiff_t alloc =
        fftw_mpi_local_size_1d(d.M, d.comm, FFTW_FORWARD, flags, &d.ni, &d.i0, &d.no, &d.o0);
    d.in = fftw_alloc_complex(std::max<ptrdiff_t>(alloc, 1));
    d.out = fftw_alloc_complex(std::max<ptrdiff_t>(alloc, 1));
    d.plan = fftw_mpi_plan_dft_1d(d.M, d.in, d.out, d.comm, FFTW_FORWARD, flags);
    int ok = d.plan != nullptr, all_ok = 0;
    PetscCallMPI(MPI_Allreduce(&ok, &all_ok, 1, MPI_INT, MPI_MIN, d.comm));
    if (all_ok) PetscFunctionReturn(0);
    PetscCall(PetscInfo(nullptr,
                        "FFTW-MPI cannot plan a 1D DFT of length %" PetscInt_FMT
                        "; DST falls back to rank 0\n",
                        d.M));
    if (d.plan) fftw_destroy_plan(d.plan);
    fftw_free(d.in);
    fftw_free(d.out);
    d.plan = nullptr;
    *layout = DstOptions::Layout::kRoot;
  }
  d.ni = d.no = d.rank == 0 ? d.M : 0;
  d.i0 = d.o0 = 0;
  d.in = fftw_alloc_complex(std::max<ptrdiff_t>(d.ni, 1));
  d.out = fftw_alloc_complex(std::max<ptrdiff_t>(d.ni, 1));
  if (d.rank == 0) {
    d.plan = fftw_plan_dft_1d(static_cast<int>(d.M), d.in, d.out, FFTW_FORWARD, flags);
    PetscCheck(d.plan, PETSC_COMM_SELF, PETSC_ERR_LIB,
               "FFTW could not plan a DFT of length %" PetscInt_FMT, d.M);
  }
  PetscFunctionReturn(0);
}

// A Vec whose contiguous ownership must be [start, start+local) on every rank: FFTW's splits are
// in rank order, which this checks (collectively) rather than assumes.
PetscErrorCode CreateSplitVec(MPI_Comm comm, PetscInt local, PetscInt start, PetscInt global,
                              Vec *v) {
  PetscFunctionBegin;
  PetscCall(VecCreateMPI(comm, local, global, v));
  PetscInt lo, hi;
  PetscCall(VecGetOwnershipRange(*v, &lo, &hi));
  int ok = local == 0 || lo == start, all_ok = 0;
  PetscCallMPI(MPI_Allreduce(&ok, &all_ok, 1, MPI_INT, MPI_MIN, comm));
  PetscCheck(all_ok, comm, PETSC_ERR_PLIB, "FFTW's split is not contiguous in rank order");
  PetscFunctionReturn(0);
}

// The two layout scatters. Indices are natural grid indices mapped through the DMDA's AO, so
// this stays right even where PETSc's global order is not the natural one.
PetscErrorCode CreateScatters(DM da, Impl &d) {
  PetscFunctionBegin;
  Vec u;
  AO ao;
  PetscCall(DMCreateGlobalVector(da, &u));
  PetscCall(DMDAGetAO(da, &ao));
  std::vector<PetscInt> from, to;
  // DMDA -> FFTW: each rank asks for the entries of its own FFTW slab, mirror half included.
  for (ptrdiff_t j = d.i0; j < d.i0 + d.ni; ++j) {
    if (j >= 1 && j <= d.n) {
      from.push_back(static_cast<PetscInt>(j));
      to.push_back(static_cast<PetscInt>(j));
    } else if (j >= d.n + 2) {
      from.push_back(static_cast<PetscInt>(d.M - j));
      to.push_back(static_cast<PetscInt>(j));
    }
  }
  PetscCall(AOApplicationToPetsc(ao, static_cast<PetscInt>(from.size()), from.data()));
  IS is_from, is_to;
  PetscCall(ISCreateGeneral(d.comm, static_cast<PetscInt>(from.size()), from.data(),
                            PETSC_COPY_VALUES, &is_from));
  PetscCall(ISCreateGeneral(d.comm, static_cast<PetscInt>(to.size()), to.data(), PETSC_COPY_VALUES,
                            &is_to));
  PetscCall(VecScatterCreate(u, is_from, d.w, is_to, &d.to_fftw));
  PetscCall(ISDestroy(&is_from));
  PetscCall(ISDestroy(&is_to));

  // FFTW -> DMDA: each rank asks for its own interior points from w_1..w_n.
  PetscInt xs, xm;
  PetscCall(DMDAGetCorners(da, &xs, nullptr, nullptr, &xm, nullptr, nullptr));
  from.clear();
  to.clear();
  for (PetscInt j = std::max<PetscInt>(xs, 1); j < std::min<PetscInt>(xs + xm, d.n + 1); ++j) {
    from.push_back(j);
    to.push_back(j);
  }
  PetscCall(AOApplicationToPetsc(ao, static_cast<PetscInt>(to.size()), to.data()));
  PetscCall(ISCreateGeneral(d.comm, static_cast<PetscInt>(from.size()), from.data(),
                            PETSC_COPY_VALUES, &is_from));
  PetscCall(ISCreateGeneral(d.comm, static_cast<PetscInt>(to.size()), to.data(), PETSC_COPY_VALUES,
                            &is_to));
  PetscCall(VecScatterCreate(d.w, is_from, u, is_to, &d.from_fftw));
  PetscCall(ISDestroy(&is_from));
  PetscCall(ISDestroy(&is_to));
  PetscCall(VecDestroy(&u));
  PetscFunctionReturn(0);
}

}  // namespace

Dst::Dst(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Dst::~Dst() = default;

PetscErrorCode Dst::Create(DM da, std::unique_ptr<Dst> *out, const DstOptions &opt) {
  const SpectralEvents *ev;
  PetscFunctionBegin;
  PetscCall(GetSpectralEvents(&ev));
  PetscCall(PetscLogEventBegin(ev->setup, 0, 0, 0, 0));
  auto d = std::make_unique<Impl>();
  d->comm = PetscObjectComm(reinterpret_cast<PetscObject>(da));
  PetscCallMPI(MPI_Comm_rank(d->comm, &d->rank));
  PetscCallMPI(MPI_Comm_size(d->comm, &d->size));
  PetscInt dim, dof;
  PetscCall(DMDAGetInfo(da, &dim, &d->N, nullptr, nullptr, nullptr, nullptr, nullptr, &dof, nullptr,
                        nullptr, nullptr, nullptr, nullptr));
  PetscCheck(dim == 1 && dof == 1, d->comm, PETSC_ERR_ARG_WRONG,
             "Dst needs a 1D DMDA with one dof (got dim %" PetscInt_FMT ", dof %" PetscInt_FMT ")",
             dim, dof);
  PetscCheck(d->N >= 3 && d->N <= PETSC_MAX_INT / 2 - 2, d->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "Dst needs 3 <= N <= %" PetscInt_FMT " grid points (got %" PetscInt_FMT ")",
             PETSC_MAX_INT / 2 - 2, d->N);
  d->n = d->N - 2;
  d->M = 2 * (d->n + 1);

  DstOptions::Layout layout = opt.layout;
  PetscCall(PlanTransform(*d, &layout, opt.measure));
  PetscCall(CreateSplitVec(d->comm, static_cast<PetscInt>(d->ni), static_cast<PetscInt>(d->i0),
                           d->M, &d->w));
  PetscCall(VecSet(d->w, 0.0));
  PetscCall(CreateScatters(da, *d));

  // Modes 1..n of FFTW's output split; X_0 and X_{n+1..M-1} are redundant and dropped.
  if (d->no > 0) {
    d->k_lo = static_cast<PetscInt>(std::max<ptrdiff_t>(d->o0, 1));
    d->k_hi = static_cast<PetscInt>(std::min<ptrdiff_t>(d->o0 + d->no, d->n + 1));
  }
  if (d->k_hi < d->k_lo) d->k_hi = d->k_lo;
  const PetscInt nk = d->k_hi - d->k_lo;
  PetscCall(CreateSplitVec(d->comm, nk, d->k_lo - 1, d->n, &d->coeffs));
  PetscInt lo, hi;
  PetscCall(VecGetOwnershipRange(d->coeffs, &lo, &hi));
  d->k_lo = lo + 1;  // also right for empty ranks, whose o0 FFTW leaves at 0
  d->k_hi = hi + 1;
  d->counts.resize(d->size);
  d->displs.resize(d->size);
  const PetscMPIInt nk_mpi = static_cast<PetscMPIInt>(nk);
  PetscCallMPI(MPI_Allgather(&nk_mpi, 1, MPI_INT, d->counts.data(), 1, MPI_INT, d->comm));
  for (PetscMPIInt r = 1; r < d->size; ++r) d->displs[r] = d->displs[r - 1] + d->counts[r - 1];

  out->reset(new Dst(std::move(d)));
  (*out)->n_ = (*out)->impl_->n;
  (*out)->layout_ = layout;
  PetscCall(PetscLogEventEnd(ev->setup, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

PetscErrorCode Dst::CreateCoeffVec(Vec *coeffs) const {
  PetscFunctionBegin;
  PetscCall(VecDuplicate(impl_->coeffs, coeffs));
  PetscFunctionReturn(0);
}

PetscErrorCode Dst::CreateFftwLayoutVec(Vec *w) const {
  PetscFunctionBegin;
  PetscCall(VecDuplicate(impl_->w, w));
  PetscFunctionReturn(0);
}

PetscErrorCode Dst::ToFftwLayout(Vec u, Vec w) {
  const SpectralEvents *ev;
  PetscFunctionBegin;
  PetscCall(GetSpectralEvents(&ev));
  PetscCall(PetscLogEventBegin(ev->scatter, 0, 0, 0, 0));
  PetscCall(VecScatterBegin(impl_->to_fftw, u, w, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecScatterEnd(impl_->to_fftw, u, w, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(PetscLogEventEnd(ev->scatter, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

PetscErrorCode Dst::FromFftwLayout(Vec w, Vec u) {
  PetscFunctionBegin;
  PetscCall(VecScatterBegin(impl_->from_fftw, w, u, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecScatterEnd(impl_->from_fftw, w, u, INSERT_VALUES, SCATTER_FORWARD));
  PetscFunctionReturn(0);
}

PetscErrorCode Dst::Transform(Vec u, Vec coeffs) {
  Impl &d = *impl_;
  const SpectralEvents *ev;
  PetscFunctionBegin;
  PetscCall(GetSpectralEvents(&ev));
  PetscInt size, nk;
  PetscCall(VecGetSize(u, &size));
  PetscCheck(size == d.N, d.comm, PETSC_ERR_ARG_SIZ,
             "Dst: vector of length %" PetscInt_FMT ", grid has %" PetscInt_FMT " points", size,
             d.N);
  PetscCall(VecGetLocalSize(coeffs, &nk));
  PetscCheck(nk == d.k_hi - d.k_lo, PETSC_COMM_SELF, PETSC_ERR_ARG_SIZ,
             "Dst: coefficient Vec not from CreateCoeffVec");
  PetscCall(PetscLogEventBegin(ev->apply, 0, 0, 0, 0));
  PetscCall(ToFftwLayout(u, d.w));

  // Sign the mirror half and zero x_0, x_{n+1} while packing into FFTW's complex buffer.
  const PetscScalar *wa;
  PetscCall(VecGetArrayRead(d.w, &wa));
  for (ptrdiff_t l = 0; l < d.ni; ++l) {
    const ptrdiff_t j = d.i0 + l;
    const double v = (j == 0 || j == d.n + 1) ? 0.0 : (j <= d.n ? wa[l] : -wa[l]);
    d.in[l][0] = v;
    d.in[l][1] = 0.0;
  }
  PetscCall(VecRestoreArrayRead(d.w, &wa));

  PetscCall(PetscLogEventBegin(ev->fft, 0, 0, 0, 0));
  if (d.plan) fftw_execute(d.plan);
  PetscCall(PetscLogEventEnd(ev->fft, 0, 0, 0, 0));
  if (d.ni > 0) PetscCall(PetscLogFlops(5.0 * d.ni * std::log2(static_cast<double>(d.M))));

  // X_k = -2i U_k for the odd extension.
  PetscScalar *c;
  PetscCall(VecGetArray(coeffs, &c));
  for (PetscInt k = d.k_lo; k < d.k_hi; ++k) c[k - d.k_lo] = -0.5 * d.out[k - d.o0][1];
  PetscCall(VecRestoreArray(coeffs, &c));
  PetscCall(PetscLogEventEnd(ev->apply, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

PetscErrorCode Dst::Apply(Vec u, Vec coeffs) {
  PetscFunctionBegin;
  PetscCall(Transform(u, coeffs));
  PetscFunctionReturn(0);
}

PetscErrorCode Dst::Apply(Vec u, std::vector<double> &coeffs_all) {
  PetscFunctionBegin;
  PetscCall(Transform(u, impl_->coeffs));
  PetscCall(Gather(impl_->coeffs, coeffs_all));
  PetscFunctionReturn(0);
}

PetscErrorCode Dst::ErrorSpectrum(Vec u, Vec ref_coeffs, std::vector<double> &abs_err_all) {
  PetscFunctionBegin;
  PetscCall(Transform(u, impl_->coeffs));
  PetscCall(VecAXPY(impl_->coeffs, -1.0, ref_coeffs));
  PetscCall(VecAbs(impl_->coeffs));
  PetscCall(Gather(impl_->coeffs, abs_err_all));
  PetscFunctionReturn(0);
}

PetscErrorCode Dst::Gather(Vec coeffs, std::vector<double> &all, int root) {
  Impl &d = *impl_;
  const SpectralEvents *ev;
  PetscFunctionBegin;
  PetscCall(GetSpectralEvents(&ev));
  PetscCall(PetscLogEventBegin(ev->gather, 0, 0, 0, 0));
  const PetscScalar *c;
  PetscCall(VecGetArrayRead(coeffs, &c));
  const PetscMPIInt nk = d.counts[d.rank];
  if (root < 0) {
    all.resize(d.n);
    PetscCallMPI(MPI_Allgatherv(c, nk, MPI_DOUBLE, all.data(), d.counts.data(), d.displs.data(),
                                MPI_DOUBLE, d.comm));
  } else {
    if (d.rank == root) {
      all.resize(d.n);
    } else {
      all.clear();
    }
    PetscCallMPI(MPI_Gatherv(c, nk, MPI_DOUBLE, all.data(), d.counts.data(), d.displs.data(),
                             MPI_DOUBLE, root, d.comm));
  }
  PetscCall(VecRestoreArrayRead(coeffs, &c));
  PetscCall(PetscLogEventEnd(ev->gather, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

PetscErrorCode Dst::GatherModes(Vec coeffs, const std::vector<int> &modes,
                                std::vector<double> &values) {
  Impl &d = *impl_;
  PetscFunctionBegin;
  values.assign(modes.size(), 0.0);
  const PetscScalar *c;
  PetscCall(VecGetArrayRead(coeffs, &c));
  for (std::size_t i = 0; i < modes.size(); ++i) {
    const PetscInt k = modes[i];
    PetscCheck(k >= 1 && k <= d.n, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
               "DST mode %" PetscInt_FMT " outside 1..%" PetscInt_FMT, k, d.n);
    if (k >= d.k_lo && k < d.k_hi) values[i] = c[k - d.k_lo];
  }
  PetscCall(VecRestoreArrayRead(coeffs, &c));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, values.data(), static_cast<int>(values.size()),
                             MPI_DOUBLE, MPI_SUM, d.comm));
  PetscFunctionReturn(0);
}

}  // namespace fpsolve::spectral
