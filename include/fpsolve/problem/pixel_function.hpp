#pragma once
// A grid of values as a function on the box: bilinear interpolation between the pixels, pixel
// (i, j) sitting at lo + (hi - lo) * (i/(nx-1), j/(ny-1)) (the grid point of the same index).
// The image fit trains on random points of the box, so it needs the image between the pixels;
// on the pixels themselves the function is the image exactly.
#include <functional>
#include <vector>

#include "fpsolve/problem/problem.hpp"

namespace fpsolve {

// values: nx*ny in natural order (x fastest); domain.dim == 2; nx, ny >= 2.
std::function<double(const double *)> make_pixel_function(int nx, int ny,
                                                          std::vector<double> values,
                                                          const Domain &domain);

}  // namespace fpsolve
