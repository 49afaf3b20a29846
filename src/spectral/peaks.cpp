// Peak detection and per-mode relative errors (see include/fpsolve/spectral/peaks.hpp).
#include "fpsolve/spectral/peaks.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace fpsolve::spectral {

std::vector<int> find_peaks(const std::vector<double> &spectrum, int count,
                            const PeakOptions &opt) {
  std::vector<double> a(spectrum.size());
  double amax = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    a[i] = std::fabs(spectrum[i]);
    if (a[i] > amax) amax = a[i];  // NaN never becomes the maximum
  }
  std::vector<std::size_t> present;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i] > opt.absent_tol * amax) present.push_back(i);

  // Rank: tier 0 = significant local maxima, tier 1 = everything else present.
  struct Candidate {
    int tier;
    double value;
    std::size_t index;
  };
  std::vector<Candidate> cand;
  cand.reserve(present.size());
  for (std::size_t p = 0; p < present.size(); ++p) {
    const double v = a[present[p]];
    // Strict on the left, non-strict on the right: a plateau yields its first mode only.
    const bool above_left = p == 0 || v > a[present[p - 1]];
    const bool above_right = p + 1 == present.size() || v >= a[present[p + 1]];
    const bool peak = above_left && above_right && v >= opt.significant * amax;
    cand.push_back({peak ? 0 : 1, v, present[p]});
  }
  std::stable_sort(cand.begin(), cand.end(), [](const Candidate &x, const Candidate &y) {
    return x.tier != y.tier ? x.tier < y.tier : x.value > y.value;
  });
  std::vector<int> modes;
  for (std::size_t i = 0; i < cand.size() && static_cast<int>(modes.size()) < count; ++i)
    modes.push_back(static_cast<int>(cand[i].index) + 1);
  std::sort(modes.begin(), modes.end());
  return modes;
}

void relative_errors(const double *U, const double *Uref, std::size_t m, double *e) {
  for (std::size_t i = 0; i < m; ++i) {
    const double diff = std::fabs(U[i] - Uref[i]), ref = std::fabs(Uref[i]);
    if (ref > 0) {
      e[i] = diff / ref;
    } else {
      e[i] = diff == 0 ? 0.0 : std::numeric_limits<double>::infinity();
    }
  }
}

std::vector<double> mode_errors(const std::vector<double> &U, const std::vector<double> &Uref,
                                const std::vector<int> &modes) {
  if (U.size() != Uref.size())
    throw std::out_of_range("mode_errors: spectra of sizes " + std::to_string(U.size()) + " and " +
                            std::to_string(Uref.size()));
  std::vector<double> e(modes.size());
  for (std::size_t i = 0; i < modes.size(); ++i) {
    const int k = modes[i];
    if (k < 1 || static_cast<std::size_t>(k) > U.size())
      throw std::out_of_range("mode_errors: mode " + std::to_string(k) + " outside 1.." +
                              std::to_string(U.size()));
    relative_errors(&U[k - 1], &Uref[k - 1], 1, &e[i]);
  }
  return e;
}

}  // namespace fpsolve::spectral
