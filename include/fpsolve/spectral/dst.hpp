#pragma once
// DST-I of a 1D DMDA grid function over its interior points, in parallel with FFTW-MPI.
//
// Convention (unnormalised, 1-based modes): for a DMDA global Vec u of length N (boundary points
// included), n = N - 2 interior values u_1..u_n and
//     U_k = sum_{j=1}^{n} u_j sin(pi j k / (n+1)),   k = 1..n.
// The inverse is u_j = 2/(n+1) sum_k U_k sin(pi j k/(n+1)). The sines are the eigenvectors of
// the Jacobi iteration for the 3-point Laplacian, so U_k is "how much of mode k" a grid function
// (an error, a residual) holds. Boundary values are ignored.
//
// How: FFTW-MPI has no parallel 1D r2r transform (docs/platform.md), so the DST is the complex DFT
// of the odd extension x (length M = 2(n+1): x_j = u_j, x_{M-j} = -u_j, x_0 = x_{n+1} = 0),
// for which X_k = -2i U_k. A PETSc VecScatter moves u from the DMDA split into FFTW's slab
// split (which differs, and may leave ranks empty) and builds the mirror half at the same time.
// M is always even, hence composite, as the 1D MPI DFT needs; FFTW's split follows a
// factorisation of M, so an N-1 with small factors (1000 for the default N = 1001) balances
// best. When N-1 is prime only two ranks hold FFT data (correct, just less parallel).
//
// Every method is collective over the DMDA's communicator (FFTW-MPI plans/executions are).
// Destroy a Dst before PetscFinalize (its FFTW plan holds a duplicated communicator).
//
// Typical use (per run; see also mode_projector.hpp and peaks.hpp):
//   std::unique_ptr<Dst> dst;          Dst::Create(da, &dst);
//   Vec ref_c;  dst->CreateCoeffVec(&ref_c);  dst->Apply(u_ref, ref_c);
//   std::vector<double> Uref;          dst->Gather(ref_c, Uref);          // all ranks
//   modes = -spectrum_modes, or find_peaks(Uref, npeaks);
//   ModeProjector::Create(da, modes, &proj);  proj->SetReference(u_ref);
//   every record:        proj->Errors(u, e);                 // m values, all ranks
//   every coarse record: dst->ErrorSpectrum(u, ref_c, spec); // n values, all ranks
#include <petscdmda.h>

#include <memory>
#include <vector>

namespace fpsolve::spectral {

// Calls fftw_mpi_init() once per process; later calls do nothing. Not thread-safe.
void EnsureFftwMpiInit();

struct DstOptions {
  // kDistributed: FFTW-MPI over the whole communicator (default).
  // kRoot: everything on rank 0 with serial FFTW (other ranks only scatter). Used as the
  // automatic fallback when FFTW cannot plan the MPI transform; also a fair choice for small N
  // on many ranks, where the MPI DFT's three all-to-all transposes cost more than the FFT.
  enum class Layout { kDistributed, kRoot } layout = Layout::kDistributed;
  // FFTW_MEASURE-style planning (collective, costs ~100x a transform once); default estimate.
  bool measure = false;
};

class Dst {
 public:
  // da: a 1D DMDA with dof 1 and N >= 3 points. Plans and scatters are made here, once.
  static PetscErrorCode Create(DM da, std::unique_ptr<Dst> *out, const DstOptions &opt = {});
  ~Dst();
  Dst(const Dst &) = delete;
  Dst &operator=(const Dst &) = delete;

  PetscInt n() const { return n_; }  // number of interior points = number of modes
  DstOptions::Layout layout() const { return layout_; }

  // A distributed Vec for n coefficients: entry k-1 holds U_k. Its split is FFTW's output
  // split (no further communication after the FFT); use it with Apply / Gather.
  PetscErrorCode CreateCoeffVec(Vec *coeffs) const;
  // u (a global Vec of the DMDA) -> distributed coefficients (from CreateCoeffVec).
  PetscErrorCode Apply(Vec u, Vec coeffs);
  // u -> all n coefficients replicated on every rank (resized to n; no allocation once sized).
  PetscErrorCode Apply(Vec u, std::vector<double> &coeffs_all);
  // |U_k - Uref_k| for k = 1..n replicated on every rank: the error spectrum |DST(u - u_ref)|
  // (the DST is linear). ref_coeffs: Uref in a Vec from CreateCoeffVec.
  PetscErrorCode ErrorSpectrum(Vec u, Vec ref_coeffs, std::vector<double> &abs_err_all);

  // Distributed coefficients -> replicated on every rank (root < 0) or only on rank `root`
  // (other ranks get an empty vector).
  PetscErrorCode Gather(Vec coeffs, std::vector<double> &all, int root = -1);
  // Selected 1-based modes of distributed coefficients, replicated on every rank.
  PetscErrorCode GatherModes(Vec coeffs, const std::vector<int> &modes,
                             std::vector<double> &values);

  // The layout change alone (exposed for tests and diagnostics): w is a real Vec of length
  // M = 2(n+1) in FFTW's input split holding the unsigned odd extension (w_j = w_{M-j} = u_j,
  // w_0 = w_{n+1} = 0). FromFftwLayout writes w_1..w_n back to the interior of u.
  PetscErrorCode CreateFftwLayoutVec(Vec *w) const;
  PetscErrorCode ToFftwLayout(Vec u, Vec w);
  PetscErrorCode FromFftwLayout(Vec w, Vec u);

  struct Impl;  // opaque: FFTW plan and buffers, scatters, splits (keeps fftw3-mpi.h private)

 private:
  explicit Dst(std::unique_ptr<Impl> impl);
  PetscErrorCode Transform(Vec u, Vec coeffs);

  std::unique_ptr<Impl> impl_;
  PetscInt n_ = 0;
  DstOptions::Layout layout_ = DstOptions::Layout::kDistributed;
};

}  // namespace fpsolve::spectral
