#pragma once
// The per-shell relative error of a 2D cosine spectrum: how "coarse first" an image fit is.
//
// Why cosine and not the sine transform of the solvers: an image does not vanish on its
// boundary. The DST-I's odd extension would put a jump at every edge, whose 1/k tail spreads
// the edge values over every shell of both the image's and the error's spectrum; the DCT-II's
// even extension is continuous there (the transform of JPEG), so a shell's energy is the
// picture's content at that scale.
//
// Convention (FFTW's REDFT10 on both axes, unnormalised): for an nx x ny grid function f
// (natural order, x fastest),
//     F_k = 4 sum_{j} f_j cos(pi (jx + 1/2) kx / nx) cos(pi (jy + 1/2) ky / ny),  k_a = 0..n_a-1.
// Shells are `count` equal-width intervals of |k| = sqrt(kx^2 + ky^2) covering [0, |k_max|]
// (k_max = (nx-1, ny-1)), shell s = [edges[s], edges[s+1]), the last one closed; shell 0 holds
// the mean (k = 0). Relative error of shell s for an approximation a of the target t:
//     e_s = sqrt( sum_{k in s} (A_k - T_k)^2 / sum_{k in s} T_k^2 )  (0 if both vanish).
// Serial (FFTW, not MPI): the image fit gathers the net's image on one rank at a record anyway.
#include <memory>
#include <vector>

namespace fpsolve::spectral {

class CosineShells {
 public:
  // nx, ny >= 2; count <= 0: min(32, floor(|k_max|)) shells (each >= 1 wide), at least 1.
  // target: nx*ny values in natural order (copied; its spectrum is computed once).
  CosineShells(int nx, int ny, int count, const std::vector<double> &target);
  ~CosineShells();
  CosineShells(const CosineShells &) = delete;
  CosineShells &operator=(const CosineShells &) = delete;

  int count() const { return int(edges_.size()) - 1; }
  const std::vector<double> &edges() const { return edges_; }
  int ShellOf(int kx, int ky) const;
  // Target energy per shell (sum of T_k^2).
  const std::vector<double> &target_energy() const { return target_energy_; }
  // e_s of approx (nx*ny values, natural order).
  std::vector<double> RelativeErrors(const std::vector<double> &approx);

  // The transform alone (REDFT10 x REDFT10, as above), and its direct O((nx ny)^2) formula.
  void Transform(const double *f, double *F);
  static void TransformRef(int nx, int ny, const double *f, double *F);

 private:
  struct Plan;
  int nx_, ny_;
  std::unique_ptr<Plan> plan_;
  std::vector<double> edges_, target_spectrum_, target_energy_, work_;
  std::vector<int> shell_of_;  // per coefficient
  double inv_width_ = 1;
};

}  // namespace fpsolve::spectral
