#pragma once
// Peaks of an nD DST spectrum (serial, on a replicated box of modes; see peaks.hpp for 1D).
// A mode is a 1-based multi-index (Mode from dst_nd.hpp); the box holds the modes with
// 1 <= k_a <= extent[a] in natural order (kx fastest), e.g. from DstNd::GatherBox.
#include <vector>

#include "fpsolve/spectral/dst_nd.hpp"
#include "fpsolve/spectral/peaks.hpp"

namespace fpsolve::spectral {

// The `count` peaks of |U| over the box, sorted by |k| (then kz, ky, kx). Rules as in 1D
// (peaks.hpp): absent modes (|U| <= absent_tol max|U|) are never chosen and are stepped over
// when looking for neighbours, so the seed's tensor-product spectrum (its odd modes vanish on
// every axis) is judged on its present lattice; a significant mode that is >= its nearest
// present neighbour in each of the 3^dim - 1 lattice directions (> for neighbours earlier in
// natural order, so a plateau counts once) is a peak; peaks rank by magnitude, then the
// largest remaining present modes fill up to `count` (shoulders).
// extent[a] for a >= dim must be 1. Returns fewer than count only if fewer modes are present.
std::vector<Mode> find_peaks_nd(const std::vector<double> &box, int dim, const int extent[3],
                                int count, const PeakOptions &opt = {});

}  // namespace fpsolve::spectral
