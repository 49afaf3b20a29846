#pragma once
// FNV-1a (64 bit) over raw bytes: the project's one byte checksum (replica agreement of the
// trainer's parameters, checkpoint payloads).
#include <cstddef>
#include <cstdint>

namespace fpsolve {

inline std::uint64_t Fnv1a(const void *data, std::size_t bytes) {
  const auto *p = static_cast<const unsigned char *>(data);
  std::uint64_t h = 1469598103934665603ull;
  for (std::size_t i = 0; i < bytes; ++i) h = (h ^ p[i]) * 1099511628211ull;
  return h;
}

}  // namespace fpsolve
