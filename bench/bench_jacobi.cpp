// Jacobi throughput, side by side in one run (issue 2 "Benchmark", issue 7 item 4):
//   assembled  KSPRICHARDSON + PCJACOBI on the AIJ matrix (-fpsolve_jacobi assembled)
//   fused      the fused PC inside KSPSolve, no records (strides beyond the run)
//   plain      a plain C loop u'_i = f_i + (u_{i-1} + u_{i+1})/2 on the same split (blocking
//              MPI_Sendrecv halo per iteration on more than one rank)
//   damped     the fused PC with weight omega (-weight, default 2/3: -mode cycle's smoother),
//              and asm-d, PETSc's KSPRICHARDSON scale omega + PCJACOBI on the AIJ matrix
// Per-iteration time is the slope (T(K) - T(1)) / (K - 1): a KSPSolve's fixed cost (the fused
// PC scales b, copies the guess in and the result out and checks iteration 0: about 4.5
// vector passes) is printed apart ("fix us"); real solves run 1e4..1e5 iterations.
// Also: the cost of one check (true residual + max error, one reduction) and the extra of one
// record (copy out + an empty observer), from runs checking / recording every iteration, so
// noise does not drown a few per cent; the overhead at the default strides is then
// check / (check_stride t) + extra / (record_stride t). Plus a STREAM triad (a = b + s c) and
// the halo exchange alone (DMGlobalToLocal vs the PC's persistent neighbour exchange).
// Medians of -repeats interleaved repeats; times are the slowest rank's. Bandwidth model:
// 24 bytes/point/iteration (read u, read f, write u'; no write-allocate), the STREAM
// convention (triad: 24 bytes/element).
//
//   mpiexec -n 1 build/bench/bench_jacobi -sizes 1001,10001,100001,1000001,10000001
//   mpiexec -n 2 build/bench/bench_jacobi -sizes 1001,10001,100001,1000001,10000001
#include <petscdmda.h>
#include <petscksp.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "bench_solver.hpp"
#include "bench_timing.hpp"
#include "fpsolve/problem/grid.hpp"
#include "fpsolve/problem/problem.hpp"
#include "fpsolve/solve/finisher.hpp"

namespace {

using namespace fpsolve::bench;  // MakeSolver, MakeDampedSolvers, SolveIts, Median, Timed, TriadGBs

using fpsolve::Finisher;
using fpsolve::FinishOptions;
using fpsolve::Grid;

// The plain C loop: one function, restrict pointers, as anyone would write it.
__attribute__((noinline)) void PlainSweep(const double *__restrict u, const double *__restrict f,
                                          double *__restrict un, PetscInt j0, PetscInt j1) {
  for (PetscInt j = j0; j <= j1; ++j) un[j] = f[j] + 0.5 * (u[j - 1] + u[j + 1]);
}

// The plain loop on this rank's piece of the DMDA split (ghosted arrays, fixed boundaries).
struct PlainLoop {
  MPI_Comm comm;
  PetscMPIInt left, right;
  PetscInt xm, j0, j1;  // updated rows [j0, j1]
  bool parallel;
  std::vector<double> u[2], f;
  int p = 0;

  PlainLoop(MPI_Comm c, PetscInt mx, PetscInt xs, PetscInt m) : comm(c), xm(m) {
    PetscMPIInt rank, size;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);
    parallel = size > 1;
    left = rank > 0 ? rank - 1 : MPI_PROC_NULL;
    right = rank < size - 1 ? rank + 1 : MPI_PROC_NULL;
    j0 = xs == 0 ? 2 : 1;
    j1 = xs + xm == mx ? xm - 1 : xm;
    for (auto &v : u) v.assign(xm + 2, 0.0);
    f.assign(xm + 2, 1e-6);
  }
  void Run(PetscInt its) {
    for (PetscInt k = 0; k < its; ++k) {
      double *a = u[p].data();
      if (parallel) {
        MPI_Sendrecv(&a[1], 1, MPI_DOUBLE, left, 0, &a[xm + 1], 1, MPI_DOUBLE, right, 0, comm,
                     MPI_STATUS_IGNORE);
        MPI_Sendrecv(&a[xm], 1, MPI_DOUBLE, right, 1, &a[0], 1, MPI_DOUBLE, left, 1, comm,
                     MPI_STATUS_IGNORE);
      }
      PlainSweep(a, f.data(), u[1 - p].data(), j0, j1);
      p = 1 - p;
    }
  }
};

// Per-exchange time of DMGlobalToLocal and of a persistent one-value neighbour exchange.
PetscErrorCode HaloTimes(const Grid &grid, PetscInt reps, double *dm_us, double *nb_us) {
  Vec g, l;
  MPI_Comm comm;
  PetscMPIInt rank, size;
  PetscFunctionBeginUser;
  PetscCall(PetscObjectGetComm((PetscObject)grid.da, &comm));
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  PetscCall(DMCreateGlobalVector(grid.da, &g));
  PetscCall(DMCreateLocalVector(grid.da, &l));
  PetscErrorCode ierr = 0;
  const double tdm = Timed(comm, [&] {
    for (PetscInt k = 0; k < reps && !ierr; ++k) {
      ierr = DMGlobalToLocalBegin(grid.da, g, INSERT_VALUES, l);
      if (!ierr) ierr = DMGlobalToLocalEnd(grid.da, g, INSERT_VALUES, l);
    }
  });
  PetscCall(ierr);
  double buf[4] = {0, 0, 0, 0};
  MPI_Request req[4];
  const PetscMPIInt left = rank > 0 ? rank - 1 : MPI_PROC_NULL;
  const PetscMPIInt right = rank < size - 1 ? rank + 1 : MPI_PROC_NULL;
  MPI_Recv_init(&buf[0], 1, MPI_DOUBLE, left, 1, comm, &req[0]);
  MPI_Recv_init(&buf[1], 1, MPI_DOUBLE, right, 0, comm, &req[1]);
  MPI_Send_init(&buf[2], 1, MPI_DOUBLE, left, 0, comm, &req[2]);
  MPI_Send_init(&buf[3], 1, MPI_DOUBLE, right, 1, comm, &req[3]);
  const double tnb = Timed(comm, [&] {
    for (PetscInt k = 0; k < reps; ++k) {
      MPI_Startall(4, req);
      MPI_Waitall(4, req, MPI_STATUSES_IGNORE);
    }
  });
  for (auto &r : req) MPI_Request_free(&r);
  *dm_us = tdm / reps * 1e6;
  *nb_us = tnb / reps * 1e6;
  PetscCall(VecDestroy(&g));
  PetscCall(VecDestroy(&l));
  PetscFunctionReturn(0);
}

PetscErrorCode BenchSize(PetscInt n, PetscInt repeats, double target_s, double triad,
                         double omega) {
  MPI_Comm comm = PETSC_COMM_WORLD;
  PetscMPIInt size;
  Grid grid;
  PetscFunctionBeginUser;
  MPI_Comm_size(comm, &size);
  PetscCall(PetscOptionsSetValue(nullptr, "-da_grid_x", std::to_string(n).c_str()));
  auto problem = fpsolve::make_seed_problem();
  PetscCall(GridCreate(comm, problem->domain(), &grid));
  {
    Solver assembled, fused, check1, record1, damped, asm_damped;
    PetscCall(MakeSolver(grid, *problem, "assembled", 0, 0, &assembled));
    PetscCall(MakeSolver(grid, *problem, "fused", 0, 0, &fused));
    PetscCall(MakeSolver(grid, *problem, "fused", 0, 1, &check1));
    PetscCall(MakeSolver(grid, *problem, "fused", 1, 1, &record1));
    PetscCall(MakeDampedSolvers(grid, *problem, omega, &damped, &asm_damped));
    PetscInt xs, xm;
    PetscCall(DMDAGetCorners(grid.da, &xs, nullptr, nullptr, &xm, nullptr, nullptr));
    PlainLoop plain(comm, n, xs, xm);
    // Iterations a repeat: about target_s of the fused path (0.4 ns/point + 1 us guessed).
    const double guess = 0.4e-9 * n / size + 1e-6;
    const PetscInt its = std::max<PetscInt>(20, std::min<PetscInt>(200000, target_s / guess));
    const PetscInt its_ev = std::max<PetscInt>(10, its / 8);  // runs checking every iteration
    std::vector<double> ta, tf, tp, tc, tr, tfix, td, tad;
    PetscErrorCode ierr = 0;
    for (PetscInt r = 0; r <= repeats; ++r) {  // r = 0: warm-up
      const double a = Timed(comm, [&] { ierr = ierr ? ierr : SolveIts(assembled, its); });
      const double a1 = Timed(comm, [&] { ierr = ierr ? ierr : SolveIts(assembled, 1); });
      const double f = Timed(comm, [&] { ierr = ierr ? ierr : SolveIts(fused, its); });
      const double f1 = Timed(comm, [&] { ierr = ierr ? ierr : SolveIts(fused, 1); });
      const double p = Timed(comm, [&] { plain.Run(its); });
      const double p1 = Timed(comm, [&] { plain.Run(1); });
      const double f8 = Timed(comm, [&] { ierr = ierr ? ierr : SolveIts(fused, its_ev); });
      const double c = Timed(comm, [&] { ierr = ierr ? ierr : SolveIts(check1, its_ev); });
      const double rc = Timed(comm, [&] { ierr = ierr ? ierr : SolveIts(record1, its_ev); });
      const double d = Timed(comm, [&] { ierr = ierr ? ierr : SolveIts(damped, its); });
      const double d1 = Timed(comm, [&] { ierr = ierr ? ierr : SolveIts(damped, 1); });
      const double ad = Timed(comm, [&] { ierr = ierr ? ierr : SolveIts(asm_damped, its); });
      const double ad1 = Timed(comm, [&] { ierr = ierr ? ierr : SolveIts(asm_damped, 1); });
      PetscCall(ierr);
      if (r == 0) continue;
      ta.push_back((a - a1) / (its - 1)), tf.push_back((f - f1) / (its - 1));
      tp.push_back((p - p1) / (its - 1)), tfix.push_back(f1 - (f - f1) / (its - 1));
      tc.push_back((c - f8) / its_ev), tr.push_back((rc - c) / its_ev);
      td.push_back((d - d1) / (its - 1)), tad.push_back((ad - ad1) / (its - 1));
    }
    const double d = Median(td), ad = Median(tad);
    const double a = Median(ta), f = Median(tf), p = Median(tp);
    const double check = Median(tc), record = Median(tr), fix = Median(tfix);
    const FinishOptions defaults;
    const double overhead = (check / defaults.check_stride + record / defaults.record_stride) / f;
    double dm_us = 0, nb_us = 0;
    PetscCall(HaloTimes(grid, 2000, &dm_us, &nb_us));
    const double bytes = 24.0 * n;
    PetscCall(PetscPrintf(comm,
                          "%9" PetscInt_FMT " %2d %7" PetscInt_FMT
                          " | %9.3f %9.3f %9.3f | %6.2f %6.2f | %8.1f %8.3f %8.3f %5.2f%% | %9.3g "
                          "%7.1f %7.1f %7.1f | %5.2f %5.2f | %7.3f %7.3f | %8.3f %8.3f %5.2f "
                          "%5.2f\n",
                          n, size, its, a * 1e6, f * 1e6, p * 1e6, f / p, a / f, fix * 1e6,
                          check * 1e6, record * 1e6, 100.0 * overhead, 1.0 / f, bytes / a / 1e9,
                          bytes / f / 1e9, bytes / p / 1e9, bytes / f / 1e9 / triad,
                          bytes / p / 1e9 / triad, dm_us, nb_us, d * 1e6, ad * 1e6, d / f, ad / d));
  }
  PetscCall(GridDestroy(&grid));
  PetscFunctionReturn(0);
}

}  // namespace

int main(int argc, char **argv) {
  PetscCall(PetscInitialize(&argc, &argv, nullptr,
                            "bench_jacobi [-sizes n1,n2,...] [-repeats R] [-target_ms T] "
                            "[-weight OMEGA]\n"));
  PetscInt sizes[16] = {1001, 10001, 100001, 1000001}, nsizes = 16, repeats = 5;
  PetscReal target_ms = 30, omega = 2.0 / 3;
  PetscBool set;
  PetscCall(PetscOptionsGetIntArray(nullptr, nullptr, "-sizes", sizes, &nsizes, &set));
  if (!set) nsizes = 4;
  PetscCall(PetscOptionsGetInt(nullptr, nullptr, "-repeats", &repeats, nullptr));
  PetscCall(PetscOptionsGetReal(nullptr, nullptr, "-target_ms", &target_ms, nullptr));
  PetscCall(PetscOptionsGetReal(nullptr, nullptr, "-weight", &omega, nullptr));
  PetscMPIInt size;
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  const double triad = TriadGBs(PETSC_COMM_WORLD, 5);
  const FinishOptions defaults;
  PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                        "bench_jacobi: %d rank(s), %" PetscInt_FMT
                        " repeats (medians), STREAM triad %.1f GB/s aggregate (24 B/element)\n"
                        "overhead (ovhd) at the default record stride %" PetscInt_FMT
                        " and check stride %" PetscInt_FMT "; check/rec+ = cost of one check / "
                        "the extra of a record, us\n"
                        "per-iteration times in us; bandwidth = 24 B/point/iteration / time\n"
                        "damped = fused, weight %g; asm-d = KSPRICHARDSON scale %g + PCJACOBI "
                        "(assembled), us an iteration\n",
                        size, repeats, triad, defaults.record_stride, defaults.check_stride,
                        (double)omega, (double)omega));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                        "%9s %2s %7s | %9s %9s %9s | %6s %6s | %8s %8s %8s %6s | %9s %7s %7s %7s | "
                        "%5s %5s | %7s %7s | %8s %8s %5s %5s\n",
                        "N", "P", "its", "assembled", "fused", "plain", "fus/pl", "asm/fu",
                        "fix us", "check us", "rec+ us", "ovhd", "fused it/s", "GB/s asm", "fused",
                        "plain", "f/tri", "p/tri", "G2L us", "nbr us", "damped", "asm-d", "d/fu",
                        "ad/d"));
  for (PetscInt i = 0; i < nsizes; ++i)
    PetscCall(BenchSize(sizes[i], repeats, target_ms / 1e3, triad, omega));
  PetscCall(PetscFinalize());
  return 0;
}
