#pragma once
// Timing helpers shared by the Jacobi benchmarks: medians, the slowest rank's seconds, and the
// STREAM triad that gives the machine's byte bound.
#include <mpi.h>

#include <algorithm>
#include <cstddef>
#include <vector>

namespace fpsolve::bench {

inline double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Wall time of fn() on the slowest rank, ranks started together.
template <class Fn>
double Timed(MPI_Comm comm, Fn &&fn) {
  MPI_Barrier(comm);
  const double t0 = MPI_Wtime();
  fn();
  double t = MPI_Wtime() - t0, tmax;
  MPI_Allreduce(&t, &tmax, 1, MPI_DOUBLE, MPI_MAX, comm);
  return tmax;
}

// STREAM triad on every rank at once; aggregate GB/s (24 B/element), median of repeats.
inline double TriadGBs(MPI_Comm comm, int repeats) {
  int size;
  MPI_Comm_size(comm, &size);
  const std::size_t n = std::size_t(1) << 25;  // 3 x 256 MiB a rank: far beyond the 32 MiB L3
  std::vector<double> a(n, 0.0), b(n, 1.0), c(n, 2.0);
  std::vector<double> rates;
  for (int r = 0; r < repeats + 1; ++r) {
    const double t = Timed(comm, [&] {
      double *__restrict pa = a.data();
      const double *__restrict pb = b.data(), *__restrict pc = c.data();
      for (std::size_t i = 0; i < n; ++i) pa[i] = pb[i] + 3.0 * pc[i];
    });
    if (r > 0) rates.push_back(24.0 * n * size / t / 1e9);  // r = 0 faults the pages in
  }
  return Median(rates);
}

}  // namespace fpsolve::bench
