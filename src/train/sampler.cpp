#include "fpsolve/train/sampler.hpp"

#include <cmath>
#include <stdexcept>

#include "fpsolve/nn/counter_rng.hpp"

namespace fpsolve::train {
namespace {
// Streams keep interior, boundary-face and boundary-coordinate draws independent.
constexpr std::uint64_t kInteriorStream = 0x1000000000000000ULL;
constexpr std::uint64_t kBoundaryStream = 0x2000000000000000ULL;

std::uint64_t stream_of(std::uint64_t base, long step) {
  return base ^ std::uint64_t(step);
}
}  // namespace

Share split_evenly(long total, int parts, int index) {
  const long base = total / parts, extra = total % parts;
  Share s;
  s.count = base + (index < extra ? 1 : 0);
  s.offset = index * base + (index < extra ? index : extra);
  return s;
}

Sampler::Sampler(const Domain &domain, Sampling sampling, std::uint64_t seed, long batch,
                 long boundary_batch)
    : domain_(domain), sampling_(sampling), seed_(seed), batch_(batch) {
  boundary_ = domain_.dim == 1 ? 2 : boundary_batch;
  if (sampling_ == Sampling::Grid) {
    grid_per_axis_ = std::lround(std::pow(double(batch), 1.0 / domain_.dim));
    long count = 1;
    for (int d = 0; d < domain_.dim; ++d) count *= grid_per_axis_;
    if (count != batch)
      throw std::invalid_argument("grid sampling in dimension " + std::to_string(domain_.dim) +
                                  " needs a batch that is a perfect power m^dim");
  }
}

void Sampler::interior(long step, long first, long count, double *x) const {
  const int dim = domain_.dim;
  for (long i = 0; i < count; ++i) {
    const long g = first + i;
    long rest = g;
    for (int k = 0; k < dim; ++k) {
      double u;
      if (sampling_ == Sampling::Random) {
        u = nn::counter_uniform(seed_, stream_of(kInteriorStream, step),
                                std::uint64_t(g) * dim + k);
      } else {  // cell-free uniform grid strictly inside: (j + 1) / (m + 1)
        u = double(rest % grid_per_axis_ + 1) / double(grid_per_axis_ + 1);
        rest /= grid_per_axis_;
      }
      x[i * dim + k] = domain_.lo[k] + (domain_.hi[k] - domain_.lo[k]) * u;
    }
  }
}

void Sampler::boundary(long step, long first, long count, double *x) const {
  const int dim = domain_.dim;
  // Fixed boundary points for grid sampling: always draw them as at step 0.
  const long key = sampling_ == Sampling::Random ? step : 0;
  for (long i = 0; i < count; ++i) {
    const long g = first + i;
    if (dim == 1) {
      x[i] = g == 0 ? domain_.lo[0] : domain_.hi[0];
      continue;
    }
    // A face (axis, side) chosen uniformly, then uniform on it. Faces of unequal measure are
    // sampled equally often: the penalty is a mean over samples, not a surface integral.
    const std::uint64_t stream = stream_of(kBoundaryStream, key);
    const std::uint64_t face =
        nn::counter_hash(seed_, stream, std::uint64_t(g) * (dim + 1)) % (2 * dim);
    for (int k = 0; k < dim; ++k) {
      double u;
      if (k == int(face / 2))
        u = face % 2 ? 1.0 : 0.0;
      else
        u = nn::counter_uniform(seed_, stream, std::uint64_t(g) * (dim + 1) + 1 + k);
      x[i * dim + k] = domain_.lo[k] + (domain_.hi[k] - domain_.lo[k]) * u;
    }
  }
}

}  // namespace fpsolve::train
