#pragma once
// Training samples. Every coordinate is a pure function of (seed, step, global sample index), so
// the global sample set of a step is the same however the batch is split over ranks: rank r
// draws the indices of its share and nothing else.
#include <cstdint>

#include "fpsolve/problem/problem.hpp"
#include "fpsolve/train/train_config.hpp"

namespace fpsolve::train {

// A contiguous share [offset, offset + count) of `total` items: even split, the remainder spread
// over the first ranks.
struct Share {
  long offset = 0;
  long count = 0;
};
Share split_evenly(long total, int parts, int index);

class Sampler {
 public:
  // batch: global interior samples per step. boundary_batch: global boundary samples per step
  // (ignored in 1D, where the two endpoints are the boundary). Grid sampling in dim >= 2 needs a
  // batch that is a perfect power m^dim (throws std::invalid_argument otherwise).
  Sampler(const Domain &domain, Sampling sampling, std::uint64_t seed, long batch,
          long boundary_batch);

  long global_interior() const { return batch_; }
  long global_boundary() const { return boundary_; }
  // Points for global indices [first, first + count) of `step`, point-major (x[i*dim + k]).
  void interior(long step, long first, long count, double *x) const;
  void boundary(long step, long first, long count, double *x) const;
  // Whether interior(step, ...) differs between steps (random) or not (grid).
  bool resamples() const { return sampling_ == Sampling::Random; }

 private:
  Domain domain_;
  Sampling sampling_;
  std::uint64_t seed_;
  long batch_, boundary_;
  long grid_per_axis_ = 0;
};

}  // namespace fpsolve::train
