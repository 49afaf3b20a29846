#pragma once
// One progress line per interval on rank 0 (-progress_interval, -quiet).
#include <mpi.h>

#include <string>

namespace fpsolve {

class Progress {
 public:
  Progress(MPI_Comm comm, bool enabled, double interval);
  // True when a line is due (cheap: one clock read); then call print().
  bool due() const;
  void print(const std::string &line);
  // ETA from a rate and a remaining amount; "" if unknown.
  static std::string eta(double remaining, double rate);

 private:
  bool enabled_;
  double interval_, last_;
};

}  // namespace fpsolve
