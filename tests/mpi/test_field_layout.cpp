// Grid fields in the run file are the grid's natural-order array with the grid's shape
// ([nz][ny][nx], x fastest; 1D [nx]), whatever the rank count and process grid: each rank writes
// its DMDA box. Checked against the formula at every natural index, so the files written at 1,
// 2 and 4 ranks (ctest runs this at each) are the same array.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>

#include "fpsolve/io/run_file.hpp"
#include "grid_field_util.hpp"

namespace fpsolve {
namespace {

using testing::FieldValue;

struct Case {
  int dim;
  PetscInt n[3], procs[3];  // procs: 0 = PETSC_DECIDE, -1 = all ranks on this axis
};

std::string WriteCase(const Case &c, int index) {
  int size, rank;
  MPI_Comm_size(PETSC_COMM_WORLD, &size);
  MPI_Comm_rank(PETSC_COMM_WORLD, &rank);
  PetscInt procs[3];
  for (int d = 0; d < 3; ++d)
    procs[d] = c.procs[d] == 0 ? PETSC_DECIDE : c.procs[d] < 0 ? size : c.procs[d];
  DM da = testing::MakeGrid(PETSC_COMM_WORLD, c.dim, c.n, procs);
  Vec v;
  DMCreateGlobalVector(da, &v);
  testing::FillField(da, v);
  char path[256] = "";
  if (rank == 0)
    std::snprintf(path, sizeof path, "/tmp/fpsolve_layout_%d_%d.h5", (int)getpid(), index);
  MPI_Bcast(path, sizeof path, MPI_CHAR, 0, PETSC_COMM_WORLD);
  io::RunFile *rf = nullptr;
  EXPECT_EQ(io::RunFile::Create(PETSC_COMM_WORLD, path, &rf), 0);
  EXPECT_EQ(rf->WriteVec("/solution/u", da, v), 0);
  EXPECT_EQ(io::RunFile::Commit(&rf), 0);
  VecDestroy(&v);
  DMDestroy(&da);
  return path;
}

TEST(FieldLayout, NaturalOrderWithTheGridShapeOnAnyProcessGrid) {
  const Case cases[] = {
      {1, {37, 1, 1}, {0, 0, 0}},  {2, {13, 9, 1}, {0, 0, 0}}, {2, {13, 9, 1}, {-1, 1, 1}},
      {2, {13, 9, 1}, {1, -1, 1}}, {3, {7, 5, 6}, {0, 0, 0}},  {3, {7, 5, 6}, {1, 1, -1}},
      {3, {7, 5, 6}, {-1, 1, 1}},
  };
  int rank;
  MPI_Comm_rank(PETSC_COMM_WORLD, &rank);
  for (int c = 0; c < (int)(sizeof cases / sizeof cases[0]); ++c) {
    const Case &k = cases[c];
    const std::string path = WriteCase(k, c);
    if (rank != 0) continue;
    std::vector<hsize_t> dims, expect;
    for (int d = k.dim - 1; d >= 0; --d) expect.push_back(k.n[d]);  // [nz][ny][nx]
    const std::vector<double> a = testing::ReadWhole(path, "/solution/u", &dims);
    EXPECT_EQ(dims, expect) << "case " << c;
    int bad = 0;
    for (std::size_t e = 0; e < a.size(); ++e) {
      const PetscInt i = e % k.n[0], j = e / k.n[0] % k.n[1], l = e / (k.n[0] * k.n[1]);
      bad += a[e] != FieldValue(i, j, l);
    }
    EXPECT_EQ(bad, 0) << "case " << c << ": values off their natural index";
    std::remove(path.c_str());
  }
}

}  // namespace
}  // namespace fpsolve
