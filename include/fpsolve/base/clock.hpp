#pragma once
// Wall-clock seconds since the start of the run (MPI_Wtime based): the run file's time axis
// (docs/output-format.md).
#include <mpi.h>

namespace fpsolve {

class RunClock {
 public:
  static void start() { t0() = MPI_Wtime(); }
  static double now() { return MPI_Wtime() - t0(); }
  // A restart continues the clock of the run it restarts (checkpoint time = elapsed).
  static void resume(double elapsed) { t0() = MPI_Wtime() - elapsed; }

 private:
  static double &t0() {
    static double value = MPI_Wtime();
    return value;
  }
};

}  // namespace fpsolve
