#pragma once
// The records of the image fit (-mode fit -fit_image; docs/image-fit.md): every record, the net's
// image is gathered to rank 0 in natural order, and
//   /fit/snapshots/step   i64 [records]            the step
//   /fit/snapshots/image  f64 [records][sy][sx]    the net's image, box-averaged by an integer
//                                                  factor so that sy, sx <= 256 (attr `factor`)
//   /spectrum/train/shell_error f64 [records x shells]  per-shell relative error of the 2D
//                                                  cosine spectrum of (net - image)
// once: /fit/target [ny][nx] (the image on the grid), /spectrum/shells (shell edges in |k|, with
// attr `transform`). Collective over the grid's communicator; rank 0 computes, every rank
// appends the same rows (RunFile's discipline).
#include <petscvec.h>

#include <memory>
#include <vector>

#include "fpsolve/io/run_file.hpp"
#include "fpsolve/problem/grid.hpp"
#include "fpsolve/spectral/cosine_shells.hpp"

namespace fpsolve::hybrid {

class ImageFitRecord {
 public:
  // grid: 2D, nx x ny points; target: the image on the grid, natural order (x fastest).
  // shells <= 0: CosineShells' default count. Writes /fit/target and /spectrum/shells.
  static PetscErrorCode Create(const Grid &grid, const std::vector<double> &target, int shells,
                               io::RunFile &file, std::unique_ptr<ImageFitRecord> *out);
  ~ImageFitRecord();
  // Records the net's values unet (a global Vec of grid.da) at `step`.
  PetscErrorCode Record(int step, Vec unet);

  // Box average of an nx x ny image by `factor` (partial blocks at the edges average the pixels
  // they have): ceil(nx/factor) x ceil(ny/factor) values. Not collective.
  static std::vector<double> Downsample(const std::vector<double> &img, int nx, int ny, int factor);
  // The smallest factor that brings both sizes to <= max_side.
  static int FactorFor(int nx, int ny, int max_side = 256);

 private:
  ImageFitRecord() = default;
  const Grid *grid_ = nullptr;
  io::RunFile *file_ = nullptr;
  int rank_ = 0, factor_ = 1, sx_ = 0, sy_ = 0, nshells_ = 0;
  std::unique_ptr<spectral::CosineShells> shells_;  // rank 0 only
  Vec natural_ = nullptr, on_zero_ = nullptr;
  VecScatter to_zero_ = nullptr;
  std::vector<double> image_;
};

}  // namespace fpsolve::hybrid
