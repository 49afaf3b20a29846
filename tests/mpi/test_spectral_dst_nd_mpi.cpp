// The nD DST (FFTW-MPI r2r slabs in 2D/3D, the odd extension in 1D) on the ranks ctest gives
// (1, 2, 4): against a direct O(n^{2d}) sum, the inverse, the DMDA <-> slab layout change, and
// shell binning (Parseval), on shapes with n not a power of 2 and nx != ny != nz, and on
// different process grids.
#include <gtest/gtest.h>
#include <petscdmda.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "direct_dst.hpp"
#include "fpsolve/spectral/dst_nd.hpp"
#include "fpsolve/spectral/dst_solve.hpp"
#include "fpsolve/spectral/shells.hpp"
#include "petsc_test_util.hpp"

namespace fpsolve::spectral {
namespace {

#define FPS_OK(expr) ASSERT_EQ(0, (expr))

struct Shape {
  int dim;
  PetscInt N[3];
  PetscInt procs[3];  // PETSC_DECIDE or a process count per axis (used when it divides size)
};

std::string Name(const Shape &s) {
  std::string out;
  for (int a = 0; a < s.dim; ++a) out += (a ? "x" : "") + std::to_string(s.N[a]);
  return out;
}

int Size() {
  int size;
  MPI_Comm_size(PETSC_COMM_WORLD, &size);
  return size;
}

// A grid function of the natural index (the same on every rank count), no symmetry.
double Wiggly(PetscInt i, PetscInt j, PetscInt k) {
  return std::sin(0.37 * i * i + 1.1 * i + 0.71 * j * j - 0.3 * j + 0.53 * k * k + 0.9 * k) +
         0.25 * std::cos(3.0 * i - 2.0 * j + k);
}

PetscErrorCode MakeGrid(const Shape &s, DM *da) {
  PetscInt p[3] = {PETSC_DECIDE, PETSC_DECIDE, PETSC_DECIDE};
  PetscInt prod = 1;
  for (int a = 0; a < s.dim; ++a) prod *= s.procs[a] > 0 ? s.procs[a] : 1;
  const bool explicit_grid = prod == Size() && s.procs[0] > 0;
  for (int a = 0; a < s.dim; ++a) p[a] = explicit_grid ? s.procs[a] : PETSC_DECIDE;
  PetscFunctionBegin;
  if (s.dim == 1) {
    PetscCall(DMDACreate1d(PETSC_COMM_WORLD, DM_BOUNDARY_NONE, s.N[0], 1, 1, nullptr, da));
  } else if (s.dim == 2) {
    PetscCall(DMDACreate2d(PETSC_COMM_WORLD, DM_BOUNDARY_NONE, DM_BOUNDARY_NONE, DMDA_STENCIL_STAR,
                           s.N[0], s.N[1], p[0], p[1], 1, 1, nullptr, nullptr, da));
  } else {
    PetscCall(DMDACreate3d(PETSC_COMM_WORLD, DM_BOUNDARY_NONE, DM_BOUNDARY_NONE, DM_BOUNDARY_NONE,
                           DMDA_STENCIL_STAR, s.N[0], s.N[1], s.N[2], p[0], p[1], p[2], 1, 1,
                           nullptr, nullptr, nullptr, da));
  }
  PetscCall(DMSetUp(*da));
  PetscFunctionReturn(0);
}

PetscErrorCode FillWiggly(DM da, Vec u) {
  PetscInt xs, ys, zs, xm, ym, zm;
  PetscFunctionBegin;
  PetscCall(DMDAGetCorners(da, &xs, &ys, &zs, &xm, &ym, &zm));
  PetscScalar *a;
  PetscCall(VecGetArray(u, &a));
  PetscInt l = 0;
  for (PetscInt k = zs; k < zs + zm; ++k)
    for (PetscInt j = ys; j < ys + ym; ++j)
      for (PetscInt i = xs; i < xs + xm; ++i) a[l++] = Wiggly(i, j, k);
  PetscCall(VecRestoreArray(u, &a));
  PetscFunctionReturn(0);
}

// The whole grid function in natural order on every rank.
std::vector<double> GatherNatural(DM da, Vec u) {
  Vec nat;
  DMDACreateNaturalVector(da, &nat);
  DMDAGlobalToNaturalBegin(da, u, INSERT_VALUES, nat);
  DMDAGlobalToNaturalEnd(da, u, INSERT_VALUES, nat);
  std::vector<double> all = fpsolve::testing::Gather(nat);
  VecDestroy(&nat);
  return all;
}

double MaxRelDiff(const std::vector<double> &a, const std::vector<double> &b) {
  double diff = 0, scale = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff = std::max(diff, std::fabs(a[i] - b[i]));
    scale = std::max(scale, std::fabs(b[i]));
  }
  return diff / scale;
}

bool Interior(const Shape &s, std::size_t idx) {
  PetscInt i[3] = {0, 0, 0};
  PetscInt rest = static_cast<PetscInt>(idx);
  for (int a = 0; a < s.dim; ++a) i[a] = rest % s.N[a], rest /= s.N[a];
  for (int a = 0; a < s.dim; ++a)
    if (i[a] == 0 || i[a] == s.N[a] - 1) return false;
  return true;
}

// n = N - 2 not powers of 2, unequal sides, thin slabs (fewer slab planes than ranks), and
// process grids split along x, along y/z, or both.
const std::vector<Shape> kShapes = {
    {1, {9, 1, 1}, {0, 0, 0}},  {1, {103, 1, 1}, {0, 0, 0}}, {2, {3, 3, 1}, {0, 0, 0}},
    {2, {13, 9, 1}, {0, 0, 0}}, {2, {9, 13, 1}, {4, 1, 0}},  {2, {33, 19, 1}, {1, 4, 0}},
    {2, {18, 6, 1}, {2, 2, 0}}, {3, {3, 3, 3}, {0, 0, 0}},   {3, {7, 6, 5}, {0, 0, 0}},
    {3, {6, 9, 7}, {1, 1, 4}},  {3, {8, 5, 11}, {2, 2, 1}},
};

// One shape's grid with a wiggly field u, a second grid vector `other`, the transform and a
// coefficient vector U; all destroyed with the case.
struct Case {
  DM da = nullptr;
  Vec u = nullptr, other = nullptr, U = nullptr;
  std::unique_ptr<DstNd> dst;
  PetscErrorCode Setup(const Shape &s) {
    PetscCall(MakeGrid(s, &da));
    PetscCall(DMCreateGlobalVector(da, &u));
    PetscCall(VecDuplicate(u, &other));
    PetscCall(FillWiggly(da, u));
    PetscCall(DstNd::Create(da, &dst));
    return dst->CreateCoeffVec(&U);
  }
  ~Case() {
    VecDestroy(&U);
    VecDestroy(&other);
    VecDestroy(&u);
    dst.reset();
    DMDestroy(&da);
  }
};

TEST(SpectralDstNdMpi, MatchesDirectSum) {
  for (const Shape &s : kShapes) {
    SCOPED_TRACE(Name(s));
    Case c;
    FPS_OK(c.Setup(s));
    auto &dst = c.dst;
    EXPECT_EQ(dst->dim(), s.dim);
    FPS_OK(dst->Forward(c.u, c.U));
    std::vector<double> got;
    FPS_OK(dst->Gather(c.U, got));
    const long long N[3] = {s.N[0], s.N[1], s.N[2]};
    const std::vector<double> ref =
        fpsolve::testing::DirectDstNd(GatherNatural(c.da, c.u), N, s.dim);
    ASSERT_EQ(got.size(), ref.size());
    EXPECT_LT(MaxRelDiff(got, ref), 1e-12);

    // The owned range, the multi-index visit and GatherModes agree with the gathered vector.
    std::vector<Mode> modes;
    PetscInt visited = 0;
    FPS_OK(dst->ForEachOwned(c.U, [&](const Mode &k, PetscScalar &c) {
      const PetscInt lin = dst->LinearOf(k);
      EXPECT_EQ(lin, dst->owned_begin() + visited);
      EXPECT_EQ(dst->ModeOf(lin), k);
      EXPECT_EQ(c, got[lin]);
      ++visited;
    }));
    EXPECT_EQ(visited, dst->owned_end() - dst->owned_begin());
    for (PetscInt lin : {PetscInt(0), dst->num_modes() / 2, dst->num_modes() - 1})
      modes.push_back(dst->ModeOf(lin));
    std::vector<double> picked;
    FPS_OK(dst->GatherModes(c.U, modes, picked));
    for (std::size_t i = 0; i < modes.size(); ++i)
      EXPECT_EQ(picked[i], got[dst->LinearOf(modes[i])]);

    // The low-frequency box, clipped to the grid.
    int extent[3] = {3, 2, 50};
    std::vector<double> box;
    FPS_OK(dst->GatherBox(c.U, extent, box));
    EXPECT_EQ(extent[0], std::min<int>(3, s.N[0] - 2));
    for (int kz = 1; kz <= extent[2]; ++kz)
      for (int ky = 1; ky <= extent[1]; ++ky)
        for (int kx = 1; kx <= extent[0]; ++kx) {
          const Mode k = {kx, s.dim > 1 ? ky : 0, s.dim > 2 ? kz : 0};
          EXPECT_EQ(box[((kz - 1) * extent[1] + ky - 1) * extent[0] + kx - 1],
                    got[dst->LinearOf(k)]);
        }
  }
}

TEST(SpectralDstNdMpi, InverseRestoresTheInteriorAndLeavesTheBoundary) {
  for (const Shape &s : kShapes) {
    SCOPED_TRACE(Name(s));
    Case c;
    FPS_OK(c.Setup(s));
    FPS_OK(c.dst->Forward(c.u, c.U));
    FPS_OK(VecSet(c.other, -7.0));
    FPS_OK(c.dst->Inverse(c.U, c.other));
    const std::vector<double> a = GatherNatural(c.da, c.u), b = GatherNatural(c.da, c.other);
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (Interior(s, i)) {
        EXPECT_NEAR(b[i], a[i], 1e-13) << "point " << i;
      } else {
        EXPECT_EQ(b[i], -7.0) << "boundary point " << i;
      }
    }
  }
}

TEST(SpectralDstNdMpi, LayoutChangeIsTheIdentity) {
  for (const Shape &s : kShapes) {
    if (s.dim == 1) continue;  // 1D: Dst's odd extension, tested in test_spectral_dst_mpi
    SCOPED_TRACE(Name(s));
    Case c;
    Vec w;
    FPS_OK(c.Setup(s));
    FPS_OK(c.dst->CreateFftwLayoutVec(&w));
    FPS_OK(c.dst->ToFftwLayout(c.u, w));
    // The slab vector is the interior in natural order, bit for bit.
    const std::vector<double> a = GatherNatural(c.da, c.u), wall = fpsolve::testing::Gather(w);
    std::vector<double> interior;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (Interior(s, i)) interior.push_back(a[i]);
    EXPECT_EQ(wall, interior);
    FPS_OK(VecSet(c.other, -7.0));
    FPS_OK(c.dst->FromFftwLayout(w, c.other));
    const std::vector<double> b = GatherNatural(c.da, c.other);
    for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(b[i], Interior(s, i) ? a[i] : -7.0);
    FPS_OK(VecDestroy(&w));
  }
}

TEST(SpectralDstNdMpi, ShellBinningKeepsParsevalAndMeasuresRelativeErrors) {
  for (const Shape &s : kShapes) {
    SCOPED_TRACE(Name(s));
    Case c;
    Vec Uhalf;
    std::unique_ptr<ShellBinning> shells;
    FPS_OK(c.Setup(s));
    auto &dst = c.dst;
    const Vec U = c.U;
    FPS_OK(dst->Forward(c.u, U));
    FPS_OK(ShellBinning::Create(*dst, 0, &shells));
    ASSERT_GE(shells->count(), 1);
    EXPECT_EQ(shells->edges().size(), static_cast<std::size_t>(shells->count() + 1));
    std::vector<double> energy;
    FPS_OK(shells->Energies(U, energy));
    double spectral = 0, physical = 0, factor = 1;
    for (double e : energy) spectral += e;
    const std::vector<double> a = GatherNatural(c.da, c.u);
    for (std::size_t i = 0; i < a.size(); ++i)
      if (Interior(s, i)) physical += a[i] * a[i];
    for (int ax = 0; ax < s.dim; ++ax) factor *= (s.N[ax] - 1) / 2.0;
    EXPECT_NEAR(spectral, factor * physical, 1e-12 * spectral);
    // Every shell of the default binning holds a mode.
    for (int sh = 0; sh < shells->count(); ++sh) EXPECT_GT(energy[sh], 0.0) << "shell " << sh;

    // Against itself: 0 everywhere; half of it: 0.5 in every shell; the shell of a mode.
    std::vector<double> rel;
    FPS_OK(shells->SetReference(U));
    FPS_OK(shells->RelativeErrors(U, rel));
    for (double r : rel) EXPECT_EQ(r, 0.0);
    FPS_OK(VecDuplicate(U, &Uhalf));
    FPS_OK(VecCopy(U, Uhalf));
    FPS_OK(VecScale(Uhalf, 0.5));
    FPS_OK(shells->RelativeErrors(Uhalf, rel));
    for (double r : rel) EXPECT_NEAR(r, 0.5, 1e-14);
    // A zero reference holds no signal in any shell: undefined (NaN), not 0 or inf.
    FPS_OK(VecScale(Uhalf, 0.0));
    FPS_OK(shells->SetReference(Uhalf));
    FPS_OK(shells->RelativeErrors(U, rel));
    for (double r : rel) EXPECT_TRUE(std::isnan(r));
    const Mode lowest = dst->ModeOf(0), highest = dst->ModeOf(dst->num_modes() - 1);
    EXPECT_EQ(shells->ShellOf(lowest), 0);
    EXPECT_EQ(shells->ShellOf(highest), shells->count() - 1);
    FPS_OK(VecDestroy(&Uhalf));
    shells.reset();
  }
}

// U_k = B_k / lambda_k with the 3/5/7-point Laplacian's eigenvalues solves the interior system
// exactly: the hand-applied stencil of the result (zero boundary) gives b back.
TEST(SpectralDstNdMpi, DstSolveInvertsTheFiniteDifferenceLaplacian) {
  for (const Shape &s : kShapes) {
    SCOPED_TRACE(Name(s));
    Case c;  // b = the wiggly field c.u, the solution in c.other
    FPS_OK(c.Setup(s));
    FPS_OK(VecSet(c.other, 0.0));
    double inv_h2[3] = {0, 0, 0};
    for (int a = 0; a < s.dim; ++a) inv_h2[a] = std::pow((s.N[a] - 1) / (1.0 + a), 2);
    auto lambda = [&](const Mode &k) {
      double l = 0;
      for (int a = 0; a < s.dim; ++a)
        l += (2 - 2 * std::cos(M_PI * k[a] / (s.N[a] - 1.0))) * inv_h2[a];
      return l;
    };
    FPS_OK(DstSolve(*c.dst, lambda, c.u, c.U, c.other));
    const std::vector<double> ua = GatherNatural(c.da, c.other), ba = GatherNatural(c.da, c.u);
    const PetscInt stride[3] = {1, s.N[0], s.N[0] * s.N[1]};
    double err = 0, scale = 0;
    for (std::size_t i = 0; i < ua.size(); ++i) {
      if (!Interior(s, i)) {
        EXPECT_EQ(ua[i], 0.0);
        continue;
      }
      double Au = 0;
      for (int a = 0; a < s.dim; ++a)
        Au += (2 * ua[i] - ua[i - stride[a]] - ua[i + stride[a]]) * inv_h2[a];
      err = std::max(err, std::fabs(Au - ba[i]));
      scale = std::max(scale, std::fabs(ba[i]));
    }
    EXPECT_LT(err, 1e-11 * scale);
  }
}

}  // namespace
}  // namespace fpsolve::spectral
