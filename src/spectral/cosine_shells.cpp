// 2D DCT-II shell errors (cosine_shells.hpp): one serial FFTW r2r plan, made once.
#include "fpsolve/spectral/cosine_shells.hpp"

#include <fftw3.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace fpsolve::spectral {

struct CosineShells::Plan {
  double *in = nullptr, *out = nullptr;
  fftw_plan plan = nullptr;
  ~Plan() {
    if (plan) fftw_destroy_plan(plan);
    fftw_free(in);
    fftw_free(out);
  }
};

CosineShells::CosineShells(int nx, int ny, int count, const std::vector<double> &target)
    : nx_(nx), ny_(ny), plan_(std::make_unique<Plan>()) {
  if (nx < 2 || ny < 2) throw std::invalid_argument("cosine shells: need at least 2x2 points");
  if (target.size() != std::size_t(nx) * ny)
    throw std::invalid_argument("cosine shells: target size does not match the grid");
  const std::size_t n = std::size_t(nx) * ny;
  plan_->in = fftw_alloc_real(n);
  plan_->out = fftw_alloc_real(n);
  // FFTW's 2D arrays are row-major with the last index fastest: (ny, nx) is our natural order.
  plan_->plan =
      fftw_plan_r2r_2d(ny, nx, plan_->in, plan_->out, FFTW_REDFT10, FFTW_REDFT10, FFTW_ESTIMATE);
  const double kmax = std::hypot(nx - 1, ny - 1);
  if (count <= 0) count = std::max(1, std::min(32, int(std::floor(kmax))));
  edges_.resize(count + 1);
  for (int s = 0; s <= count; ++s) edges_[s] = kmax * s / count;
  inv_width_ = count / kmax;
  shell_of_.resize(n);
  for (int ky = 0; ky < ny; ++ky)
    for (int kx = 0; kx < nx; ++kx) shell_of_[std::size_t(ky) * nx + kx] = ShellOf(kx, ky);
  target_spectrum_.resize(n);
  work_.resize(n);
  Transform(target.data(), target_spectrum_.data());
  target_energy_.assign(count, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    target_energy_[shell_of_[i]] += target_spectrum_[i] * target_spectrum_[i];
}

CosineShells::~CosineShells() = default;

int CosineShells::ShellOf(int kx, int ky) const {
  return std::min(count() - 1, int(std::hypot(kx, ky) * inv_width_));
}

void CosineShells::Transform(const double *f, double *F) {
  const std::size_t n = std::size_t(nx_) * ny_;
  std::copy(f, f + n, plan_->in);
  fftw_execute(plan_->plan);
  std::copy(plan_->out, plan_->out + n, F);
}

void CosineShells::TransformRef(int nx, int ny, const double *f, double *F) {
  for (int ky = 0; ky < ny; ++ky)
    for (int kx = 0; kx < nx; ++kx) {
      double s = 0;
      for (int jy = 0; jy < ny; ++jy)
        for (int jx = 0; jx < nx; ++jx)
          s += f[std::size_t(jy) * nx + jx] * std::cos(M_PI * (jx + 0.5) * kx / nx) *
               std::cos(M_PI * (jy + 0.5) * ky / ny);
      F[std::size_t(ky) * nx + kx] = 4 * s;
    }
}

std::vector<double> CosineShells::RelativeErrors(const std::vector<double> &approx) {
  const std::size_t n = std::size_t(nx_) * ny_;
  if (approx.size() != n) throw std::invalid_argument("cosine shells: wrong approximation size");
  Transform(approx.data(), work_.data());
  std::vector<double> err(count(), 0.0), rel(count(), 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const double d = work_[i] - target_spectrum_[i];
    err[shell_of_[i]] += d * d;
  }
  for (int s = 0; s < count(); ++s)
    rel[s] = target_energy_[s] > 0 ? std::sqrt(err[s] / target_energy_[s])
                                   : (err[s] > 0 ? INFINITY : 0.0);
  return rel;
}

}  // namespace fpsolve::spectral
