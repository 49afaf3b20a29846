#pragma once
// Shared by the checkpoint writer (checkpoint.cpp) and reader (checkpoint_read.cpp): the format
// name and version, checksums, and the encoding of the run-file series positions.
#include <cstdint>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

#include "fpsolve/io/run_file.hpp"

namespace fpsolve::io::detail {

constexpr const char *kFormat = "fpsolve-checkpoint";
constexpr long long kFormatVersion = 1;

inline std::uint64_t Fnv1a(const unsigned char *p, std::size_t n) {
  std::uint64_t h = 1469598103934665603ull;
  for (std::size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 1099511628211ull;
  return h;
}

// Order-independent checksum of a distributed vector: a sum over entries of a hash of (global
// index, bits), so any rank count computes the same value from its own slice.
inline std::uint64_t EntryHash(long long i, double v) {
  std::uint64_t bits;
  std::memcpy(&bits, &v, 8);
  std::uint64_t h = bits ^ (0x9e3779b97f4a7c15ull * (std::uint64_t)(i + 1));
  h ^= h >> 33, h *= 0xff51afd7ed558ccdull, h ^= h >> 33, h *= 0xc4ceb9fe1a85ec53ull;
  return h ^ (h >> 33);
}
inline std::uint64_t SliceHash(long long lo, const double *a, long long n) {
  std::uint64_t s = 0;
  for (long long i = 0; i < n; ++i) s += EntryHash(lo + i, a[i]);
  return s;
}

inline std::string EncodeSeries(const std::vector<SeriesPosition> &series) {
  std::ostringstream os;
  for (const auto &s : series)
    os << s.path << '\t' << s.cols << '\t' << s.rows << '\t'
       << (s.type == SeriesType::Int64 ? "i" : "f") << '\n';
  return os.str();
}

inline bool DecodeSeries(const std::string &text, std::vector<SeriesPosition> *series) {
  std::istringstream is(text);
  std::string line;
  series->clear();
  while (std::getline(is, line)) {
    std::istringstream ls(line);
    SeriesPosition p;
    std::string type;
    if (!std::getline(ls, p.path, '\t') || !(ls >> p.cols >> p.rows >> type)) return false;
    if (p.path.empty() || p.path[0] != '/' || p.cols < 1 || (type != "i" && type != "f"))
      return false;
    p.type = type == "i" ? SeriesType::Int64 : SeriesType::Float64;
    series->push_back(p);
  }
  return true;
}

}  // namespace fpsolve::io::detail
