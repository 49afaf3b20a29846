#pragma once
// Peak detection in a DST spectrum and per-mode relative errors (serial helpers on replicated
// data; modes are 1-based: element i of a spectrum vector is mode i+1).
#include <cstddef>
#include <vector>

namespace fpsolve::spectral {

struct PeakOptions {
  // Modes with |U_k| <= absent_tol * max|U| are absent (e.g. the odd modes of a solution that
  // is odd about the centre, like the seed's): never chosen and skipped as neighbours, so the
  // neighbours of mode k are the nearest present modes on each side.
  double absent_tol = 1e-10;
  // A local maximum counts as a peak only if |U_k| >= significant * max|U| (so that wiggles of
  // a round-off floor do not displace real components).
  double significant = 1e-3;
};

// The `count` peaks of |U| (input may be signed; its absolute value is used), as 1-based mode
// numbers sorted ascending. Priority: significant local maxima of |U| over the present modes
// (ends included, a plateau counts once), by magnitude; then, if fewer than `count` exist, the
// largest remaining present modes ("shoulders": components whose peak is hidden on the flank
// of a larger one). Returns fewer than `count` only if fewer modes are present.
//
// The seed problem at N = 1001 shows why the second tier exists: its exact solution's present
// (even) modes are |U|/max = 1, .160, .141, .022, .002, .007, .025, .046, .011, ... for modes
// 2, 4, 6, ..., 18, so the only local maxima are modes 2 and 16; sin 4x and sin 8x show up as
// the shoulders 4 and 6. Result for count = 4: {2, 4, 6, 16}.
std::vector<int> find_peaks(const std::vector<double> &spectrum, int count,
                            const PeakOptions &opt = {});

// e_i = |U_i - Uref_i| / |Uref_i| for i < m. If Uref_i == 0 the relative error is undefined:
// 0 when U_i == 0 too, +inf otherwise (never choose such a mode; find_peaks does not).
void relative_errors(const double *U, const double *Uref, std::size_t m, double *e);

// Relative errors at the given 1-based modes of two full spectra (each of size n).
// Throws std::out_of_range for a mode outside 1..n or spectra of different sizes.
std::vector<double> mode_errors(const std::vector<double> &U, const std::vector<double> &Uref,
                                const std::vector<int> &modes);

}  // namespace fpsolve::spectral
