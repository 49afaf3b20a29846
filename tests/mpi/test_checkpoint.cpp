// Checkpoint files (src/io/checkpoint.cpp) and the run-file snapshot they carry, at any rank
// count: a written checkpoint reads back exactly (scalars, bytes, positions, the fields, also
// on another rank count and process grid, through the app's CheckpointState mapping);
// damaged, incomplete or foreign files are refused as bad input and skipped by the search for
// the newest valid one; pruning keeps the newest; a resumed run file continues its series.
#include <gtest/gtest.h>
#include <petscdmda.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "fpsolve/app/checkpoint_state.hpp"
#include "fpsolve/base/error.hpp"
#include "fpsolve/io/checkpoint.hpp"
#include "fpsolve/io/run_file.hpp"
#include "grid_field_util.hpp"

namespace fpsolve {
namespace {

std::string TempDir() {
  char buf[256] = "";
  int rank;
  MPI_Comm_rank(PETSC_COMM_WORLD, &rank);
  if (rank == 0) {
    std::snprintf(buf, sizeof buf, "/tmp/fpsolve_ckpt_%d_XXXXXX", (int)getpid());
    if (!mkdtemp(buf)) buf[0] = 0;
  }
  MPI_Bcast(buf, sizeof buf, MPI_CHAR, 0, PETSC_COMM_WORLD);
  return buf;
}

int Rank() {
  int r;
  MPI_Comm_rank(PETSC_COMM_WORLD, &r);
  return r;
}

struct Fixture {
  DM da = nullptr;
  Vec u = nullptr, v = nullptr;
  Fixture(PetscInt n) {
    DMDACreate1d(PETSC_COMM_WORLD, DM_BOUNDARY_NONE, n, 1, 1, nullptr, &da);
    DMSetUp(da);
    DMCreateGlobalVector(da, &u);
    VecDuplicate(u, &v);
    PetscInt lo, hi;
    VecGetOwnershipRange(u, &lo, &hi);
    for (PetscInt i = lo; i < hi; ++i) VecSetValue(u, i, 1.0 / (i + 3.0), INSERT_VALUES);
    VecAssemblyBegin(u);
    VecAssemblyEnd(u);
  }
  ~Fixture() {
    VecDestroy(&u);
    VecDestroy(&v);
    DMDestroy(&da);
  }
};

CheckpointState State() {
  CheckpointState st;
  st.mode = "hybrid";
  st.stage = "solve";
  st.step = 200, st.records = 7, st.iteration = 340, st.train_seconds = 1.5, st.clock = 9.25;
  st.switch_step = 200, st.switch_time = 1.25, st.solve_residual0 = 3.5;
  st.grid = "41", st.ranks = 2, st.problem = "seed", st.precision = "single";
  for (int i = 0; i < 1000; ++i) st.trainer.push_back((unsigned char)(i * 7));
  st.series = {{"/train/history/loss", 1, 200, io::SeriesType::Float64},
               {"/spectrum/train/peak_error", 3, 11, io::SeriesType::Float64},
               {"/solve/history/iteration", 1, 18, io::SeriesType::Int64}};
  return st;
}

PetscErrorCode Write(const std::string &path, const CheckpointState &st, const Fixture &fx) {
  io::Checkpoint ck = ToCheckpoint(st);
  ck.fields[kIterateField] = {fx.da, fx.u};
  return io::CheckpointWrite(PETSC_COMM_WORLD, path, ck);
}

PetscErrorCode Read(const std::string &path, const Fixture &fx) {
  io::Checkpoint ck;
  ck.fields[kIterateField] = {fx.da, fx.v};
  return io::CheckpointRead(PETSC_COMM_WORLD, path, &ck);
}

TEST(Checkpoint, RoundTripsEverythingAtAnyRankCount) {
  const std::string dir = TempDir();
  Fixture fx(41);
  CheckpointState st = State();
  if (Rank() == 0) st.run_file.assign(5000, 0x5a);  // only rank 0 holds the snapshot
  const std::string path = io::CheckpointPath(dir, "run.h5", 3);
  EXPECT_EQ(path, dir + "/run.h5.ckpt.000003.h5");
  ASSERT_EQ(Write(path, st, fx), 0);
  io::Checkpoint ck;
  ck.fields[kIterateField] = {fx.da, fx.v};
  ck.fields[kBestField] = {fx.da, fx.u};
  ASSERT_EQ(io::CheckpointRead(PETSC_COMM_WORLD, path, &ck), 0);
  EXPECT_EQ(ck.fields.count(kIterateField), 1u);
  EXPECT_EQ(ck.fields.count(kBestField), 0u);  // not in the file: erased
  CheckpointState back;
  ASSERT_EQ(FromCheckpoint(PETSC_COMM_WORLD, path, ck, &back), 0);
  EXPECT_EQ(back.mode, "hybrid");
  EXPECT_EQ(back.stage, "solve");
  EXPECT_EQ(back.step, 200);
  EXPECT_EQ(back.records, 7);
  EXPECT_EQ(back.iteration, 340);
  EXPECT_EQ(back.solve_residual0, 3.5);
  EXPECT_EQ(back.switch_step, 200);
  EXPECT_EQ(back.grid, "41");
  EXPECT_EQ(back.trainer, st.trainer);
  EXPECT_EQ(back.run_file, std::vector<unsigned char>(5000, 0x5a));  // on every rank
  ASSERT_EQ(back.series.size(), 3u);
  EXPECT_EQ(back.series[1].path, "/spectrum/train/peak_error");
  EXPECT_EQ(back.series[1].cols, 3u);
  EXPECT_EQ(back.series[1].rows, 11u);
  EXPECT_EQ(back.series[2].type, io::SeriesType::Int64);
  PetscBool equal;
  VecEqual(fx.u, fx.v, &equal);
  EXPECT_TRUE(equal);
}

// Wall-clock readings (the clock, seconds of training) differ between ranks, but HDF5's
// attribute calls are collective and want one value: the file holds rank 0's, on any rank count.
TEST(Checkpoint, ScalarsThatDifferBetweenRanksAreRankZeros) {
  const std::string dir = TempDir();
  Fixture fx(41);
  CheckpointState st = State();
  st.clock = 9.25 + Rank(), st.train_seconds = 1.5 + 0.5 * Rank();
  st.mode_reals["cycle_train_seconds"] = 0.75 * (Rank() + 1);
  st.mode_ints["cycle_index"] = 10 + Rank();
  const std::string path = io::CheckpointPath(dir, "run.h5", 1);
  ASSERT_EQ(Write(path, st, fx), 0);
  io::Checkpoint ck;
  ck.fields[kIterateField] = {fx.da, fx.v};
  ASSERT_EQ(io::CheckpointRead(PETSC_COMM_WORLD, path, &ck), 0);
  CheckpointState back;
  ASSERT_EQ(FromCheckpoint(PETSC_COMM_WORLD, path, ck, &back), 0);
  EXPECT_EQ(back.clock, 9.25);
  EXPECT_EQ(back.train_seconds, 1.5);
  EXPECT_EQ(back.mode_reals["cycle_train_seconds"], 0.75);
  EXPECT_EQ(back.mode_ints["cycle_index"], 10);
}

TEST(Checkpoint, DamagedFilesAreBadInputAndSkipped) {
  const std::string dir = TempDir();
  Fixture fx(41);
  CheckpointState st = State();
  const std::string good = io::CheckpointPath(dir, "run.h5", 1);
  ASSERT_EQ(Write(good, st, fx), 0);
  // Newer files: truncated, not HDF5, a leftover temporary.
  const std::string trunc = io::CheckpointPath(dir, "run.h5", 2);
  const std::string text = io::CheckpointPath(dir, "run.h5", 3);
  if (Rank() == 0) {
    std::ifstream in(good, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::ofstream(trunc, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
    std::ofstream(text) << "hello";
    std::ofstream(io::CheckpointPath(dir, "run.h5", 4) + ".tmp") << "partial";
  }
  MPI_Barrier(PETSC_COMM_WORLD);
  PetscPushErrorHandler(PetscIgnoreErrorHandler, nullptr);
  EXPECT_EQ(Read(trunc, fx), kErrBadInput);
  EXPECT_EQ(Read(text, fx), kErrBadInput);
  Fixture other(43);  // another grid size
  EXPECT_EQ(Read(good, other), kErrBadInput);
  PetscPopErrorHandler();
  std::string newest;
  ASSERT_EQ(io::CheckpointFindNewest(PETSC_COMM_WORLD, dir, "run.h5", &newest), 0);
  EXPECT_EQ(newest, good);
  // A flipped value in the iterate of an otherwise perfect newer file: skipped as well.
  const std::string flipped = io::CheckpointPath(dir, "run.h5", 5);
  ASSERT_EQ(Write(flipped, st, fx), 0);
  if (Rank() == 0) {
    hid_t f = H5Fopen(flipped.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    hid_t d = H5Dopen2(f, "/fields/iterate", H5P_DEFAULT);
    std::vector<double> u(41);
    H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, u.data());
    u[17] += 1e-9;
    H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, u.data());
    H5Dclose(d);
    H5Fclose(f);
  }
  MPI_Barrier(PETSC_COMM_WORLD);
  ASSERT_EQ(io::CheckpointFindNewest(PETSC_COMM_WORLD, dir, "run.h5", &newest), 0);
  EXPECT_EQ(newest, good);
  PetscPushErrorHandler(PetscIgnoreErrorHandler, nullptr);
  EXPECT_EQ(Read(flipped, fx), kErrBadInput);
  PetscPopErrorHandler();
  // Pruning at sequence 1 keeping 1: the "future" files (2, 3, 5) and the temporary go.
  ASSERT_EQ(io::CheckpointPrune(PETSC_COMM_WORLD, dir, "run.h5", 1, 1), 0);
  MPI_Barrier(PETSC_COMM_WORLD);
  EXPECT_EQ(access(good.c_str(), F_OK), 0);
  EXPECT_NE(access(trunc.c_str(), F_OK), 0);
  EXPECT_NE(access(text.c_str(), F_OK), 0);
  EXPECT_NE(access((io::CheckpointPath(dir, "run.h5", 4) + ".tmp").c_str(), F_OK), 0);
}

// A 2D and a 3D field written from 2 ranks (the first two; all ranks when there is one) reads
// back as the same field on 1 rank (each rank alone) and on every rank with other process grids.
TEST(Checkpoint, FieldsReadBackAtAnotherRankCount) {
  int size;
  MPI_Comm_size(PETSC_COMM_WORLD, &size);
  const std::string dir = TempDir();
  MPI_Comm writers;
  MPI_Comm_split(PETSC_COMM_WORLD, Rank() < 2 ? 0 : MPI_UNDEFINED, Rank(), &writers);
  for (int dim = 2; dim <= 3; ++dim) {
    const PetscInt n[3] = {11, 7, dim == 3 ? 5 : 1},
                   decide[3] = {PETSC_DECIDE, PETSC_DECIDE, PETSC_DECIDE};
    const std::string path = io::CheckpointPath(dir, "grid.h5", dim);
    if (writers != MPI_COMM_NULL) {
      DM da = testing::MakeGrid(writers, dim, n, decide);
      Vec u;
      DMCreateGlobalVector(da, &u);
      testing::FillField(da, u);
      io::Checkpoint ck;
      ck.strings["what"] = "a field";
      ck.fields["u"] = {da, u};
      EXPECT_EQ(io::CheckpointWrite(writers, path, ck), 0);
      VecDestroy(&u);
      DMDestroy(&da);
    }
    MPI_Barrier(PETSC_COMM_WORLD);
    // Readers: each rank alone; all ranks with PETSc's process grid; all ranks along one axis.
    const PetscInt along_x[3] = {size, 1, 1}, along_last[3] = {1, dim == 2 ? size : 1, size};
    const struct {
      MPI_Comm comm;
      const PetscInt *procs;
    } readers[] = {{PETSC_COMM_SELF, decide},
                   {PETSC_COMM_WORLD, decide},
                   {PETSC_COMM_WORLD, along_x},
                   {PETSC_COMM_WORLD, along_last}};
    for (const auto &r : readers) {
      const PetscInt procs[3] = {r.procs[0], r.procs[1], dim == 3 ? r.procs[2] : 1};
      DM da = testing::MakeGrid(r.comm, dim, n, procs);
      Vec v;
      DMCreateGlobalVector(da, &v);
      VecSet(v, -1.0);
      io::Checkpoint ck;
      ck.fields["u"] = {da, v};
      EXPECT_EQ(io::CheckpointRead(r.comm, path, &ck), 0);
      EXPECT_EQ(ck.strings["what"], "a field");
      EXPECT_EQ(ck.fields.count("u"), 1u);
      EXPECT_EQ(testing::FieldMismatches(da, v), 0)
          << dim << "D, procs " << procs[0] << "x" << procs[1] << "x" << procs[2];
      VecDestroy(&v);
      DMDestroy(&da);
    }
  }
  if (writers != MPI_COMM_NULL) MPI_Comm_free(&writers);
}

TEST(Checkpoint, SequenceNamesParseStrictly) {
  EXPECT_EQ(io::CheckpointSequence("a.h5", "a.h5.ckpt.000012.h5"), 12);
  EXPECT_EQ(io::CheckpointSequence("a.h5", "a.h5.ckpt.12.h5.tmp"), -1);
  EXPECT_EQ(io::CheckpointSequence("a.h5", "b.h5.ckpt.000012.h5"), -1);
  EXPECT_EQ(io::CheckpointSequence("a.h5", "a.h5.ckpt.0x1.h5"), -1);
  EXPECT_EQ(io::CheckpointSequence("a.h5", "a.h5.ckpt..h5"), -1);
}

TEST(RunFileSnapshot, ResumedSeriesContinueWithoutGapsOrDuplicates) {
  const std::string dir = TempDir();
  const std::string path = dir + "/run.h5";
  io::RunFile *rf = nullptr;
  ASSERT_EQ(io::RunFile::Create(PETSC_COMM_WORLD, path, &rf), 0);
  for (int i = 0; i < 5; ++i) ASSERT_EQ(rf->Append("/h/x", (double)i), 0);
  std::vector<unsigned char> bytes;
  std::vector<io::SeriesPosition> series;
  ASSERT_EQ(rf->Snapshot(&bytes, &series), 0);
  for (int i = 5; i < 9; ++i) ASSERT_EQ(rf->Append("/h/x", 100.0 + i), 0);  // lost by "the crash"
  ASSERT_EQ(io::RunFile::Abandon(&rf), 0);
  // Every rank needs the bytes only on rank 0 (the checkpoint reader gives them to all).
  ASSERT_EQ(series.size(), 1u);
  EXPECT_EQ(series[0].rows, 5u);
  ASSERT_EQ(io::RunFile::Resume(PETSC_COMM_WORLD, path, bytes, series, &rf), 0);
  for (int i = 5; i < 8; ++i) ASSERT_EQ(rf->Append("/h/x", (double)i), 0);
  ASSERT_EQ(io::RunFile::Commit(&rf), 0);
  if (Rank() == 0) {
    hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    ASSERT_GE(f, 0);
    hid_t d = H5Dopen2(f, "/h/x", H5P_DEFAULT);
    hid_t s = H5Dget_space(d);
    hsize_t n = 0;
    H5Sget_simple_extent_dims(s, &n, nullptr);
    std::vector<double> x(n);
    H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, x.data());
    H5Sclose(s);
    H5Dclose(d);
    H5Fclose(f);
    EXPECT_EQ(x, (std::vector<double>{0, 1, 2, 3, 4, 5, 6, 7}));
  }
}

}  // namespace
}  // namespace fpsolve
