#pragma once
// Counter-based random numbers: a value is a pure function of (seed, stream, counter), so any
// rank can produce any element of a random sequence without communication or shared state.
// Used for the initial weights (identical on every rank) and for the training samples (the
// global sample set of a step does not depend on how it is split over ranks).
#include <cmath>
#include <cstdint>

namespace fpsolve::nn {

// splitmix64's finaliser: a bijective 64-bit mixer with good avalanche.
inline std::uint64_t mix64(std::uint64_t z) {
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Chained mixing: each key word passes through a full mixer before the next is folded in.
inline std::uint64_t counter_hash(std::uint64_t seed, std::uint64_t stream, std::uint64_t counter) {
  return mix64(mix64(mix64(seed) ^ stream) ^ counter);
}

// The top 53 bits as a double in [0, 1).
inline double unit_from_bits(std::uint64_t h) {
  return static_cast<double>(h >> 11) * 0x1.0p-53;
}

inline double counter_uniform(std::uint64_t seed, std::uint64_t stream, std::uint64_t counter) {
  return unit_from_bits(counter_hash(seed, stream, counter));
}

// Standard normal by Box-Muller from two independent counters (2c, 2c+1).
inline double counter_normal(std::uint64_t seed, std::uint64_t stream, std::uint64_t counter) {
  const double u1 = 1.0 - counter_uniform(seed, stream, 2 * counter);  // (0, 1]: log is finite
  const double u2 = counter_uniform(seed, stream, 2 * counter + 1);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

}  // namespace fpsolve::nn
