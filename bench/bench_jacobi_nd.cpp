// Fused Jacobi in 2D/3D (issue 10, "Benchmark"), side by side in one run:
//   fused   the fused PC inside KSPSolve (KSPRICHARDSON + the engine of fused_jacobi_nd.cpp),
//           no records or checks (strides beyond the run)
//   plain   a plain C loop of the same stencil on this rank's ghosted box, as one would write
//           it by hand (PlainSweep2/3), with the same halo exchange
//           (DMLocalToLocal) on more than one rank
//   bound   the STREAM-style time of the bytes a sweep must move: 24 B/point (read u, read b,
//           write u'; neighbours from cache) at the measured triad bandwidth
//   damped  the fused PC with weight omega (-weight, default 2/3: -mode cycle's smoother), set
//           as the cycle sets it (Finisher::SetRichardsonScale: the PC's weight, KSP scale 1)
//   asm-d   PETSc's own damped loop: KSPRICHARDSON scale omega + PCJACOBI on the AIJ matrix
//           (-fpsolve_jacobi assembled; norm type none, so no VecNorm: its cheapest form)
// Per-sweep time is the slope (T(K) - T(1)) / (K - 1) (a KSPSolve's fixed cost apart); medians
// of -repeats interleaved repeats; times are the slowest rank's; ns per point per sweep over
// all points of the grid, aggregate over ranks (so 2 ranks ideally halve it).
//
//   mpiexec -n 1 build/bench/bench_jacobi_nd -dim 2 -sizes 65,257,1025,4097
//   mpiexec -n 2 build/bench/bench_jacobi_nd -dim 3 -sizes 17,65,129,257
//   mpiexec -n 2 build/bench/bench_jacobi_nd -dim 2 -sizes 513,1025 -weight 0.6666666666666666
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
#include "fpsolve/solve/stencil.hpp"

namespace {

using fpsolve::Grid;
using namespace fpsolve::bench;  // MakeSolver, MakeDampedSolvers, SolveIts, Median, Timed, TriadGBs

// The plain loop, as one would write it by hand: one function per dimension, restrict
// pointers, the row's start computed once and the x index running inside it.
__attribute__((noinline)) void PlainSweep2(const double *__restrict u, double *__restrict un,
                                           const double *__restrict b, PetscInt nx, PetscInt ny,
                                           PetscInt sy, PetscInt bsy, double dinv, double wx,
                                           double wy) {
  for (PetscInt j = 0; j < ny; ++j) {
    const PetscInt q0 = j * sy, o0 = j * bsy;
    for (PetscInt i = 0; i < nx; ++i)
      un[q0 + i] = dinv * b[o0 + i] + wx * (u[q0 + i - 1] + u[q0 + i + 1]) +
                   wy * (u[q0 + i - sy] + u[q0 + i + sy]);
  }
}

__attribute__((noinline)) void PlainSweep3(const double *__restrict u, double *__restrict un,
                                           const double *__restrict b, PetscInt nx, PetscInt ny,
                                           PetscInt nz, PetscInt sy, PetscInt sz, PetscInt bsy,
                                           PetscInt bsz, double dinv, double wx, double wy,
                                           double wz) {
  for (PetscInt k = 0; k < nz; ++k)
    for (PetscInt j = 0; j < ny; ++j) {
      const PetscInt q0 = k * sz + j * sy, o0 = k * bsz + j * bsy;
      for (PetscInt i = 0; i < nx; ++i)
        un[q0 + i] = dinv * b[o0 + i] + wx * (u[q0 + i - 1] + u[q0 + i + 1]) +
                     wy * (u[q0 + i - sy] + u[q0 + i + sy]) +
                     wz * (u[q0 + i - sz] + u[q0 + i + sz]);
    }
}

// The plain loop on this rank's ghosted box (the DMDA split), the same halo exchange.
struct PlainLoop {
  DM da;
  bool parallel;
  int dim;
  PetscInt n[3], s[3], m[3], gs[3], gm[3];
  double dinv, w[3];
  Vec u[2];
  std::vector<double> b;
  int p = 0;

  PlainLoop(const Grid &g, bool par) : da(g.da), parallel(par), dim(g.dim) {
    const fpsolve::Stencil st = fpsolve::Stencil::FromGrid(g);
    dinv = st.inv_diagonal;
    for (int d = 0; d < 3; ++d) {
      n[d] = g.n[d];
      w[d] = d < dim ? st.NeighbourWeight(d) : 0;
    }
    DMDAGetCorners(da, &s[0], &s[1], &s[2], &m[0], &m[1], &m[2]);
    DMDAGetGhostCorners(da, &gs[0], &gs[1], &gs[2], &gm[0], &gm[1], &gm[2]);
    for (Vec &v : u) DMCreateLocalVector(da, &v), VecSet(v, 0.0);
    b.assign(m[0] * m[1] * m[2], 1e-6);
  }
  ~PlainLoop() {
    VecDestroy(&u[0]);
    VecDestroy(&u[1]);
  }
  void Run(PetscInt its) {
    const PetscInt sy = gm[0], sz = gm[0] * gm[1];
    PetscInt lo[3], hi[3];
    for (int d = 0; d < 3; ++d) {
      lo[d] = d < dim ? std::max<PetscInt>(s[d], 1) : 0;
      hi[d] = d < dim ? std::min(s[d] + m[d], n[d] - 1) : 1;
    }
    const PetscInt q = (lo[0] - gs[0]) + sy * (lo[1] - gs[1]) + sz * (lo[2] - gs[2]);
    const PetscInt o = (lo[0] - s[0]) + m[0] * ((lo[1] - s[1]) + m[1] * (lo[2] - s[2]));
    for (PetscInt t = 0; t < its; ++t) {
      if (parallel) DMLocalToLocalBegin(da, u[p], INSERT_VALUES, u[p]);
      if (parallel) DMLocalToLocalEnd(da, u[p], INSERT_VALUES, u[p]);
      double *a, *an;
      VecGetArray(u[p], &a);
      VecGetArray(u[1 - p], &an);
      if (dim == 2)
        PlainSweep2(a + q, an + q, b.data() + o, hi[0] - lo[0], hi[1] - lo[1], sy, m[0], dinv, w[0],
                    w[1]);
      else
        PlainSweep3(a + q, an + q, b.data() + o, hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2], sy,
                    sz, m[0], m[0] * m[1], dinv, w[0], w[1], w[2]);
      VecRestoreArray(u[1 - p], &an);
      VecRestoreArray(u[p], &a);
      p = 1 - p;
    }
  }
};

PetscErrorCode BenchSize(int dim, PetscInt n, PetscInt repeats, double target_s, double triad,
                         double omega) {
  MPI_Comm comm = PETSC_COMM_WORLD;
  PetscMPIInt size;
  Grid grid;
  PetscFunctionBeginUser;
  MPI_Comm_size(comm, &size);
  PetscCall(PetscOptionsSetValue(nullptr, "-da_grid_x", std::to_string(n).c_str()));
  auto problem = fpsolve::make_seed_problem(dim);
  PetscCall(GridCreate(comm, problem->domain(), &grid));
  double points = 1;
  for (int d = 0; d < dim; ++d) points *= grid.n[d];
  {
    Solver fused, damped, asm_damped;
    PetscCall(MakeSolver(grid, *problem, "fused", 0, 0, &fused));
    PetscCall(MakeDampedSolvers(grid, *problem, omega, &damped, &asm_damped));
    PlainLoop plain(grid, size > 1);
    // Sweeps a repeat: about target_s at a guessed 1 ns/point.
    const double guess = 1e-9 * points / size + 2e-6;
    const PetscInt its = std::max<PetscInt>(10, std::min<PetscInt>(100000, target_s / guess));
    const PetscInt its_asm = std::max<PetscInt>(10, its / 10);  // ~10x slower a sweep
    std::vector<double> tf, tp, td, ta;
    PetscErrorCode ierr = 0;
    for (PetscInt r = 0; r <= repeats; ++r) {  // r = 0: warm-up
      const double f = Timed(comm, [&] { ierr = ierr ? ierr : SolveIts(fused, its); });
      const double f1 = Timed(comm, [&] { ierr = ierr ? ierr : SolveIts(fused, 1); });
      const double p = Timed(comm, [&] { plain.Run(its); });
      const double p1 = Timed(comm, [&] { plain.Run(1); });
      const double d = Timed(comm, [&] { ierr = ierr ? ierr : SolveIts(damped, its); });
      const double d1 = Timed(comm, [&] { ierr = ierr ? ierr : SolveIts(damped, 1); });
      const double a = Timed(comm, [&] { ierr = ierr ? ierr : SolveIts(asm_damped, its_asm); });
      const double a1 = Timed(comm, [&] { ierr = ierr ? ierr : SolveIts(asm_damped, 1); });
      PetscCall(ierr);
      if (r == 0) continue;
      tf.push_back((f - f1) / (its - 1)), tp.push_back((p - p1) / (its - 1));
      td.push_back((d - d1) / (its - 1)), ta.push_back((a - a1) / (its_asm - 1));
    }
    const double f = Median(tf), p = Median(tp), d = Median(td), a = Median(ta);
    const double bound = 24.0 * points / (triad * 1e9);
    const double mb = 24.0 * points / size / 1e6;  // a rank's u + u' + b, MB
    PetscCall(PetscPrintf(comm,
                          "%dD %6" PetscInt_FMT " %11.0f %2d %6" PetscInt_FMT
                          " %8.1f | %8.3f %8.3f %6.2f | %8.3f %6.2f %6.2f | %8.3f %8.3f %6.2f "
                          "%6.2f | %7.3f %7.3f %7.3f\n",
                          dim, n, points, size, its, mb, f / points * 1e9, p / points * 1e9, f / p,
                          bound / points * 1e9, bound / f, bound / p, d / points * 1e9,
                          a / points * 1e9, d / f, a / d, f * 1e3, d * 1e3, a * 1e3));
  }
  PetscCall(GridDestroy(&grid));
  PetscFunctionReturn(0);
}

}  // namespace

int main(int argc, char **argv) {
  PetscCall(PetscInitialize(&argc, &argv, nullptr,
                            "bench_jacobi_nd -dim 2|3 [-sizes n1,n2,...] [-repeats R] "
                            "[-target_ms T] [-weight OMEGA]\n"));
  PetscInt sizes[16] = {65, 257, 1025, 4097}, nsizes = 16, repeats = 5, dim = 2;
  PetscReal target_ms = 200, omega = 2.0 / 3;
  PetscBool set;
  PetscCall(PetscOptionsGetInt(nullptr, nullptr, "-dim", &dim, nullptr));
  PetscCall(PetscOptionsGetIntArray(nullptr, nullptr, "-sizes", sizes, &nsizes, &set));
  if (!set) {
    nsizes = 4;
    if (dim == 3) sizes[0] = 17, sizes[1] = 65, sizes[2] = 129, sizes[3] = 257;
  }
  PetscCall(PetscOptionsGetInt(nullptr, nullptr, "-repeats", &repeats, nullptr));
  PetscCall(PetscOptionsGetReal(nullptr, nullptr, "-target_ms", &target_ms, nullptr));
  PetscCall(PetscOptionsGetReal(nullptr, nullptr, "-weight", &omega, nullptr));
  PetscMPIInt size;
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  const double triad = TriadGBs(PETSC_COMM_WORLD, 5);
  PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                        "bench_jacobi_nd: %d rank(s), %" PetscInt_FMT
                        " repeats (medians), STREAM triad %.1f GB/s aggregate\n"
                        "ns/pt = ns per grid point per sweep (aggregate); MB = a rank's "
                        "u + u' + b; bound = 24 B/point at the triad rate\n"
                        "damped = fused, weight %g; asm-d = KSPRICHARDSON scale %g + PCJACOBI "
                        "(assembled); ms = median ms a sweep (fused, damped, asm-d)\n",
                        size, repeats, triad, (double)omega, (double)omega));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                        "%2s %6s %11s %2s %6s %8s | %8s %8s %6s | %8s %6s %6s | %8s %8s %6s %6s | "
                        "%7s %7s %7s\n",
                        "", "n", "points", "P", "its", "MB/rank", "fused", "plain", "fu/pl",
                        "bound", "b/fu", "b/pl", "damped", "asm-d", "d/fu", "asm/d", "ms fu",
                        "ms d", "ms asm"));
  for (PetscInt i = 0; i < nsizes; ++i)
    PetscCall(BenchSize((int)dim, sizes[i], repeats, target_ms / 1e3, triad, omega));
  PetscCall(PetscFinalize());
  return 0;
}
