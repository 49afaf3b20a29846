// Jacobi in 2D and 3D: PETSc's assembled Richardson + PCJACOBI and the fused matrix-free PC give
// the hand-written sweep's iterates on every process grid, classical and damped, from zero and
// from a guess; the fused sweep kernel is its plain _ref twin bit for bit.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "fpsolve/problem/grid.hpp"
#include "fpsolve/solve/finisher.hpp"
#include "fpsolve/solve/fused_jacobi.hpp"
#include "fpsolve/solve/fused_jacobi_nd_kernel.hpp"
#include "nd_solve_util.hpp"
#include "petsc_test_util.hpp"
#include "solve_util.hpp"

namespace fpsolve {
namespace {

using testing::ExpectClose;
using testing::ExpectSameSolve;
using testing::HandWrittenJacobi;
using testing::Manufactured;
using testing::ProcessGrids;
using testing::ScopedOptions;

TEST(SolveNDJacobi, AssembledJacobiIsTheHandWrittenSweep) {
  for (int dim : {2, 3}) {
    auto p = Manufactured(dim);
    const PetscInt n[3] = {11, 9, dim == 3 ? 7 : 1};
    const int sweeps = 13;
    const auto ref = HandWrittenJacobi(*p, dim, n, sweeps);
    std::string grid = "-da_grid_x 11 -da_grid_y 9" + std::string(dim == 3 ? " -da_grid_z 7" : "");
    for (const std::string &procs : ProcessGrids(dim)) {
      auto s = testing::SolveOnce(PETSC_COMM_WORLD, *p,
                                  grid + " -fpsolve_jacobi assembled -ksp_norm_type none " +
                                      "-ksp_max_it " + std::to_string(sweeps) + " " + procs);
      ExpectClose(s.u, ref, 1e-13, std::to_string(dim) + "D " + procs);
    }
  }
}

// The default for classical Jacobi in 2D/3D is the fused matrix-free PC: its iterates equal the
// assembled Richardson + PCJACOBI ones and the hand-written sweep, on every process grid, with
// records and checks in between (they must not disturb the iterate) and nonzero boundary data.
// Damped (weight omega, Finisher::SetRichardsonScale): the fused PC against PETSc's Richardson
// scale omega + PCJACOBI, boundary rows included.
TEST(SolveNDJacobi, FusedJacobiIsTheAssembledAndTheHandWrittenSweep) {
  for (double omega : {1.0, 0.6}) {
    for (int dim : {2, 3}) {
      auto p = Manufactured(dim);
      const PetscInt n[3] = {13, 10, dim == 3 ? 9 : 1};
      const int sweeps = 23;
      const auto ref = HandWrittenJacobi(*p, dim, n, sweeps, omega);
      std::string grid =
          "-da_grid_x 13 -da_grid_y 10" + std::string(dim == 3 ? " -da_grid_z 9" : "");
      grid += " -ksp_max_it " + std::to_string(sweeps) + " -jacobi_record_stride 5";
      const auto weight = [omega](Finisher &fin) { EXPECT_EQ(fin.SetRichardsonScale(omega), 0); };
      for (const std::string &procs : ProcessGrids(dim)) {
        const std::string what =
            std::to_string(dim) + "D " + procs + " omega " + std::to_string(omega);
        bool fused = false;
        PetscInt calls = 0;
        auto f = testing::SolveOnce(
            PETSC_COMM_WORLD, *p, grid + " -jacobi_check_stride 3 " + procs, {},
            [&](Finisher &fin) {
              fused = fin.fused();
              PC pc;
              KSPGetPC(fin.ksp(), &pc);
              if (fused) PCFusedJacobiGetStats(pc, &calls, nullptr, nullptr);
            },
            weight);
        auto a = testing::SolveOnce(PETSC_COMM_WORLD, *p,
                                    grid + " -fpsolve_jacobi assembled " + procs, {}, {}, weight);
        EXPECT_TRUE(fused) << what;
        EXPECT_EQ(calls, 1) << what << ": the whole-iteration path did not run";
        ExpectClose(f.u, ref, 1e-13, what + " fused vs hand-written");
        ExpectSameSolve(f, a, 1e-13, what + " fused vs assembled");
      }
    }
  }
}

// The fused loop from a nonzero guess (the hybrid's and the cycle's case): its first residual
// and max error are the guess's, boundary rows included; damped, the boundary rows move from the
// guess's values towards u_b by (1 - omega)^m, as PETSc's do.
TEST(SolveNDJacobi, FusedJacobiFromAGuessMatchesTheAssembledPath) {
  auto p = Manufactured(2);
  const std::string opts = "-da_grid_x 17 -da_grid_y 12 -ksp_max_it 40 -jacobi_record_stride 10";
  for (double omega : {1.0, 0.6}) {
    std::vector<testing::SolvedRun> runs;
    for (const char *mode : {"fused", "assembled"}) {
      ScopedOptions scoped(opts + " -fpsolve_jacobi " + mode);
      Grid grid;
      ASSERT_EQ(GridCreate(PETSC_COMM_WORLD, p->domain(), &grid), 0);
      FinishOptions fo;
      fo.record_stride = 10;
      Finisher *f = nullptr;
      ASSERT_EQ(Finisher::Create(grid, *p, fo, &f), 0);
      ASSERT_EQ(f->SetRichardsonScale(omega), 0);
      testing::SolvedRun out;
      f->set_observer([&](const SolveRecord &r, Vec) -> PetscErrorCode {
        out.history.push_back(r);
        return 0;
      });
      Vec guess, u;
      DMCreateGlobalVector(grid.da, &guess);
      VecDuplicate(guess, &u);
      GridFill(
          grid, [](const double *x) { return std::cos(3 * x[0]) * x[1]; }, guess);
      ASSERT_EQ(f->Solve(guess, u, &out.result), 0);
      out.u = testing::GatherNatural(grid.da, u);
      runs.push_back(out);
      VecDestroy(&u), VecDestroy(&guess);
      Finisher::Destroy(&f);
      GridDestroy(&grid);
    }
    const std::string what = "fused vs assembled from a guess, omega " + std::to_string(omega);
    ExpectSameSolve(runs[0], runs[1], 1e-13, what);
  }
}

// The optimised sweep against its plain _ref twin, bit for bit, on a box with ghosts on some
// sides and the domain boundary on others, classical and damped.
TEST(SolveNDJacobi, SweepKernelIsItsReference) {
  std::vector<double> classical;
  for (double omega : {1.0, 0.7})
    for (int dim : {2, 3}) {
      fused::Box B;
      B.dim = dim;
      const PetscInt n[3] = {20, 15, dim == 3 ? 11 : 1};
      for (int d = 0; d < 3; ++d) B.n[d] = n[d];
      // owned: x 5..13 (ghosts both sides), y 0..6 (domain boundary below), z 4..10 (top)
      const PetscInt s[3] = {5, 0, dim == 3 ? 4 : 0}, m[3] = {9, 7, dim == 3 ? 7 : 1};
      for (int d = 0; d < 3; ++d) {
        B.s[d] = s[d], B.m[d] = m[d];
        const bool used = d < dim;
        B.gs[d] = used ? std::max<PetscInt>(0, s[d] - 1) : 0;
        B.gm[d] = used ? std::min(n[d], s[d] + m[d] + 1) - B.gs[d] : 1;
      }
      B.SetInterior();
      fused::Weights W{0.1, {0.3, 0.15, 0.05}};
      W.SetOmega(omega);
      std::mt19937 gen(7);
      std::uniform_real_distribution<double> U(-1, 1);
      std::vector<double> u(B.gm[0] * B.gm[1] * B.gm[2]), b(m[0] * m[1] * m[2]);
      for (double &v : u) v = U(gen);
      for (double &v : b) v = U(gen);
      std::vector<double> fast(u.size(), -7.0), ref(u.size(), -7.0);
      if (dim == 2)
        fused::SweepInterior<2>(B, W, u.data(), fast.data(), b.data());
      else
        fused::SweepInterior<3>(B, W, u.data(), fast.data(), b.data());
      fused::SweepInterior_ref(B, W, u.data(), ref.data(), b.data());
      EXPECT_EQ(fast, ref) << dim << "D omega " << omega;
      EXPECT_NE(fast, std::vector<double>(u.size(), -7.0)) << dim << "D: nothing swept";
      if (dim == 2 && omega == 1) classical = fast;
      if (dim == 2 && omega != 1) EXPECT_NE(fast, classical) << "the weight changed nothing";
    }
}

}  // namespace
}  // namespace fpsolve
