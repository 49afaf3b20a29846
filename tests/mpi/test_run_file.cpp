// The run file round-trips: everything written collectively reads back (serially) unchanged.
#include <gtest/gtest.h>
#include <petscdmda.h>

#include <cstdio>
#include <fstream>

#include "fpsolve/base/error.hpp"
#include "fpsolve/io/run_file.hpp"

namespace fpsolve {
namespace {

std::string TempPath(const char *name) {
  char buf[256] = "";
  int rank;
  MPI_Comm_rank(PETSC_COMM_WORLD, &rank);
  if (rank == 0) std::snprintf(buf, sizeof buf, "/tmp/fpsolve_test_%d_%s.h5", (int)getpid(), name);
  MPI_Bcast(buf, sizeof buf, MPI_CHAR, 0, PETSC_COMM_WORLD);
  return buf;
}

bool Exists(const std::string &p) {
  return std::ifstream(p).good();
}

std::vector<double> ReadDoubles(hid_t f, const char *path, std::vector<hsize_t> *dims) {
  hid_t d = H5Dopen2(f, path, H5P_DEFAULT);
  EXPECT_GE(d, 0) << path;
  hid_t s = H5Dget_space(d);
  dims->assign(H5Sget_simple_extent_ndims(s), 0);
  H5Sget_simple_extent_dims(s, dims->data(), nullptr);
  hsize_t n = 1;
  for (auto v : *dims) n *= v;
  std::vector<double> out(n);
  H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data());
  H5Sclose(s);
  H5Dclose(d);
  return out;
}

std::string ReadStringAttr(hid_t f, const char *obj, const char *name) {
  hid_t a = H5Aopen_by_name(f, obj, name, H5P_DEFAULT, H5P_DEFAULT);
  hid_t t = H5Aget_type(a);
  std::string s(H5Tget_size(t), '\0');
  H5Aread(a, t, s.data());
  H5Tclose(t);
  H5Aclose(a);
  return s.c_str();
}

TEST(RunFile, RoundTripsEveryKindOfDataset) {
  const std::string path = TempPath("roundtrip");
  DM da;
  Vec v;
  ASSERT_EQ(DMDACreate1d(PETSC_COMM_WORLD, DM_BOUNDARY_NONE, 37, 1, 1, nullptr, &da), 0);
  DMSetUp(da);
  DMCreateGlobalVector(da, &v);
  PetscInt lo, hi;
  VecGetOwnershipRange(v, &lo, &hi);
  for (PetscInt i = lo; i < hi; ++i) VecSetValue(v, i, 0.5 * i, INSERT_VALUES);
  VecAssemblyBegin(v), VecAssemblyEnd(v);

  io::RunFile *rf = nullptr;
  ASSERT_EQ(io::RunFile::Create(PETSC_COMM_WORLD, path, &rf), 0);
  EXPECT_TRUE(Exists(path + ".partial"));
  EXPECT_FALSE(Exists(path));
  ASSERT_EQ(rf->SetAttribute("/", "mode", std::string("jacobi")), 0);
  ASSERT_EQ(rf->SetAttribute("/solve", "iterations", 42LL), 0);
  ASSERT_EQ(rf->SetAttribute("/solve", "final_residual", 1.25), 0);
  ASSERT_EQ(rf->WriteVec("/grid/x", da, v), 0);
  ASSERT_EQ(rf->WriteArray("/spectrum/modes_f", std::vector<double>{2, 4, 6, 16}), 0);
  ASSERT_EQ(rf->WriteArray("/spectrum/table", std::vector<double>{1, 2, 3, 4, 5, 6}, 3), 0);
  for (int k = 0; k < 25; ++k) {
    ASSERT_EQ(rf->Append("/solve/history/iteration", 10.0 * k, io::SeriesType::Int64), 0);
    ASSERT_EQ(rf->Append("/solve/history/time", 0.1 * k), 0);
    const double row[3] = {1.0 * k, 2.0 * k, 3.0 * k};
    ASSERT_EQ(rf->Append("/spectrum/solve/peak_error", row, 3), 0);
    if (k % 7 == 0) ASSERT_EQ(rf->Flush(), 0);  // several extends
  }
  ASSERT_EQ(io::RunFile::Commit(&rf), 0);
  EXPECT_EQ(rf, nullptr);
  VecDestroy(&v);
  DMDestroy(&da);

  int rank;
  MPI_Comm_rank(PETSC_COMM_WORLD, &rank);
  if (rank == 0) {
    EXPECT_FALSE(Exists(path + ".partial"));
    hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    ASSERT_GE(f, 0);
    std::vector<hsize_t> dims;
    auto x = ReadDoubles(f, "/grid/x", &dims);
    ASSERT_EQ(dims, std::vector<hsize_t>{37});
    for (int i = 0; i < 37; ++i) EXPECT_EQ(x[i], 0.5 * i);
    auto it = ReadDoubles(f, "/solve/history/iteration", &dims);
    ASSERT_EQ(dims, std::vector<hsize_t>{25});
    for (int k = 0; k < 25; ++k) EXPECT_EQ(it[k], 10.0 * k);
    auto pe = ReadDoubles(f, "/spectrum/solve/peak_error", &dims);
    ASSERT_EQ(dims, (std::vector<hsize_t>{25, 3}));
    for (int k = 0; k < 25; ++k) EXPECT_EQ(pe[3 * k + 2], 3.0 * k);
    auto tab = ReadDoubles(f, "/spectrum/table", &dims);
    ASSERT_EQ(dims, (std::vector<hsize_t>{2, 3}));
    EXPECT_EQ(tab[5], 6.0);
    EXPECT_EQ(ReadStringAttr(f, "/", "mode"), "jacobi");
    long long its = 0;
    hid_t a = H5Aopen_by_name(f, "/solve", "iterations", H5P_DEFAULT, H5P_DEFAULT);
    H5Aread(a, H5T_NATIVE_LLONG, &its);
    H5Aclose(a);
    EXPECT_EQ(its, 42);
    long long layout = 0;
    a = H5Aopen_by_name(f, "/", "layout_version", H5P_DEFAULT, H5P_DEFAULT);
    H5Aread(a, H5T_NATIVE_LLONG, &layout);
    H5Aclose(a);
    EXPECT_EQ(layout, io::RunFile::kLayoutVersion);
    H5Fclose(f);
    std::remove(path.c_str());
  }
}

// Per-rank numbers (wall-clock readings) reach the collective attribute call as rank 0's.
TEST(RunFile, NumberAttributesAreRankZeros) {
  const std::string path = TempPath("rank0attr");
  int rank;
  MPI_Comm_rank(PETSC_COMM_WORLD, &rank);
  io::RunFile *rf = nullptr;
  ASSERT_EQ(io::RunFile::Create(PETSC_COMM_WORLD, path, &rf), 0);
  ASSERT_EQ(rf->SetAttribute("/", "wall_time", 2.5 + rank), 0);
  ASSERT_EQ(rf->SetAttribute("/solve", "iterations", 7LL + rank), 0);
  ASSERT_EQ(io::RunFile::Commit(&rf), 0);
  if (rank == 0) {
    hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    ASSERT_GE(f, 0);
    double wall = 0;
    long long its = 0;
    hid_t a = H5Aopen_by_name(f, "/", "wall_time", H5P_DEFAULT, H5P_DEFAULT);
    H5Aread(a, H5T_NATIVE_DOUBLE, &wall);
    H5Aclose(a);
    a = H5Aopen_by_name(f, "/solve", "iterations", H5P_DEFAULT, H5P_DEFAULT);
    H5Aread(a, H5T_NATIVE_LLONG, &its);
    H5Aclose(a);
    EXPECT_EQ(wall, 2.5);
    EXPECT_EQ(its, 7);
    H5Fclose(f);
    std::remove(path.c_str());
  }
}

TEST(RunFile, AbandonLeavesNothing) {
  const std::string path = TempPath("abandon");
  io::RunFile *rf = nullptr;
  ASSERT_EQ(io::RunFile::Create(PETSC_COMM_WORLD, path, &rf), 0);
  ASSERT_EQ(rf->Append("/train/history/loss", 1.0), 0);
  ASSERT_EQ(io::RunFile::Abandon(&rf), 0);
  MPI_Barrier(PETSC_COMM_WORLD);
  EXPECT_FALSE(Exists(path));
  EXPECT_FALSE(Exists(path + ".partial"));
}

TEST(RunFile, UnwritablePathIsBadInput) {
  io::RunFile *rf = nullptr;
  PetscPushErrorHandler(PetscIgnoreErrorHandler, nullptr);
  const PetscErrorCode err = io::RunFile::Create(PETSC_COMM_WORLD, "/nonexistent/dir/x.h5", &rf);
  PetscPopErrorHandler();
  EXPECT_EQ(err, kErrBadInput);
  EXPECT_EQ(rf, nullptr);
}

}  // namespace
}  // namespace fpsolve
