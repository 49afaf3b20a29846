// Peak detection on an nD box of DST modes (see include/fpsolve/spectral/peaks_nd.hpp).
#include "fpsolve/spectral/peaks_nd.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace fpsolve::spectral {

namespace {

struct Box {
  int dim;
  int extent[3];
  long Linear(const int k[3]) const {  // 0-based k
    return (static_cast<long>(k[2]) * extent[1] + k[1]) * extent[0] + k[0];
  }
  bool Inside(const int k[3]) const {
    for (int a = 0; a < 3; ++a)
      if (k[a] < 0 || k[a] >= extent[a]) return false;
    return true;
  }
};

// Whether mode p (0-based multi-index, linear index lp) is >= its nearest present neighbour in
// every lattice direction (strictly > towards earlier modes).
bool IsLocalMax(const Box &box, const std::vector<double> &a, const std::vector<char> &present,
                const int p[3], long lp) {
  const int span[3] = {1, box.dim > 1 ? 1 : 0, box.dim > 2 ? 1 : 0};
  for (int dz = -span[2]; dz <= span[2]; ++dz)
    for (int dy = -span[1]; dy <= span[1]; ++dy)
      for (int dx = -span[0]; dx <= span[0]; ++dx) {
        if (dx == 0 && dy == 0 && dz == 0) continue;
        int q[3] = {p[0] + dx, p[1] + dy, p[2] + dz};
        while (box.Inside(q) && !present[box.Linear(q)]) q[0] += dx, q[1] += dy, q[2] += dz;
        if (!box.Inside(q)) continue;
        const long lq = box.Linear(q);
        if (a[lq] > a[lp] || (a[lq] == a[lp] && lq < lp)) return false;
      }
  return true;
}

}  // namespace

std::vector<Mode> find_peaks_nd(const std::vector<double> &spectrum, int dim, const int extent[3],
                                int count, const PeakOptions &opt) {
  const Box box{dim, {extent[0], extent[1], extent[2]}};
  const std::size_t size = spectrum.size();
  std::vector<double> a(size);
  double amax = 0;
  for (std::size_t i = 0; i < size; ++i) {
    a[i] = std::fabs(spectrum[i]);
    if (a[i] > amax) amax = a[i];  // NaN never becomes the maximum
  }
  std::vector<char> present(size);
  for (std::size_t i = 0; i < size; ++i) present[i] = a[i] > opt.absent_tol * amax;

  struct Candidate {
    int tier;  // 0: significant local maximum, 1: any other present mode
    double value;
    long index;
  };
  std::vector<Candidate> cand;
  int p[3];
  for (p[2] = 0; p[2] < extent[2]; ++p[2])
    for (p[1] = 0; p[1] < extent[1]; ++p[1])
      for (p[0] = 0; p[0] < extent[0]; ++p[0]) {
        const long lp = box.Linear(p);
        if (!present[lp]) continue;
        const bool peak = a[lp] >= opt.significant * amax && IsLocalMax(box, a, present, p, lp);
        cand.push_back({peak ? 0 : 1, a[lp], lp});
      }
  const std::size_t keep = std::min<std::size_t>(cand.size(), std::max(count, 0));
  std::partial_sort(cand.begin(), cand.begin() + keep, cand.end(),
                    [](const Candidate &x, const Candidate &y) {
                      if (x.tier != y.tier) return x.tier < y.tier;
                      return x.value != y.value ? x.value > y.value : x.index < y.index;
                    });
  std::vector<Mode> modes;
  for (std::size_t i = 0; i < keep; ++i) {
    long rest = cand[i].index;
    Mode k = {0, 0, 0};
    for (int ax = 0; ax < dim; ++ax)
      k[ax] = static_cast<int>(rest % extent[ax]) + 1, rest /= extent[ax];
    modes.push_back(k);
  }
  auto norm2 = [](const Mode &k) { return k[0] * k[0] + k[1] * k[1] + k[2] * k[2]; };
  std::sort(modes.begin(), modes.end(), [&](const Mode &x, const Mode &y) {
    if (norm2(x) != norm2(y)) return norm2(x) < norm2(y);
    return std::make_tuple(x[2], x[1], x[0]) < std::make_tuple(y[2], y[1], y[0]);
  });
  return modes;
}

}  // namespace fpsolve::spectral
