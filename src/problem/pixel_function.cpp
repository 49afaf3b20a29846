#include "fpsolve/problem/pixel_function.hpp"

#include <algorithm>
#include <cmath>
#include <memory>

namespace fpsolve {

std::function<double(const double *)> make_pixel_function(int nx, int ny,
                                                          std::vector<double> values,
                                                          const Domain &domain) {
  auto v = std::make_shared<const std::vector<double>>(std::move(values));
  const double x0 = domain.lo[0], y0 = domain.lo[1];
  const double sx = (nx - 1) / (domain.hi[0] - domain.lo[0]);
  const double sy = (ny - 1) / (domain.hi[1] - domain.lo[1]);
  return [v, nx, ny, x0, y0, sx, sy](const double *p) {
    // Continuous pixel coordinates, clamped to the box; the cell's lower-left pixel.
    const double fx = std::clamp((p[0] - x0) * sx, 0.0, double(nx - 1));
    const double fy = std::clamp((p[1] - y0) * sy, 0.0, double(ny - 1));
    const int i = std::min(int(fx), nx - 2), j = std::min(int(fy), ny - 2);
    const double tx = fx - i, ty = fy - j;
    const double *r0 = v->data() + std::size_t(j) * nx + i, *r1 = r0 + nx;
    return (1 - ty) * ((1 - tx) * r0[0] + tx * r0[1]) + ty * ((1 - tx) * r1[0] + tx * r1[1]);
  };
}

}  // namespace fpsolve
