// GoogleTest main for fpsolve: initialises PETSc (and MPI) once, prints from rank 0 only,
// and makes the exit code agree across ranks so mpiexec reports a failure on any rank.
#include <gtest/gtest.h>
#include <petscsys.h>

int main(int argc, char **argv) {
  ::testing::InitGoogleTest(&argc, argv);
  PetscCall(PetscInitialize(&argc, &argv, nullptr, nullptr));
  PetscMPIInt rank;
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  if (rank != 0) {
    auto &listeners = ::testing::UnitTest::GetInstance()->listeners();
    delete listeners.Release(listeners.default_result_printer());
  }
  int local = RUN_ALL_TESTS(), global = 0;
  PetscCallMPI(MPI_Allreduce(&local, &global, 1, MPI_INT, MPI_MAX, PETSC_COMM_WORLD));
  PetscCall(PetscFinalize());
  return global;
}
