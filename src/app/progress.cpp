#include "fpsolve/app/progress.hpp"

#include <cmath>
#include <cstdio>

#include "fpsolve/base/clock.hpp"

namespace fpsolve {

Progress::Progress(MPI_Comm comm, bool enabled, double interval)
    : enabled_(enabled), interval_(interval), last_(RunClock::now()) {
  int rank;
  MPI_Comm_rank(comm, &rank);
  enabled_ = enabled_ && rank == 0;
}

bool Progress::due() const {
  return enabled_ && RunClock::now() - last_ >= interval_;
}

void Progress::print(const std::string &line) {
  if (!enabled_) return;
  last_ = RunClock::now();
  std::printf("[%8.1fs] %s\n", last_, line.c_str());
  std::fflush(stdout);
}

std::string Progress::eta(double remaining, double rate) {
  if (!(rate > 0) || !std::isfinite(remaining) || remaining < 0) return "";
  char buf[48];
  std::snprintf(buf, sizeof buf, " ETA %.0fs", remaining / rate);
  return buf;
}

}  // namespace fpsolve
