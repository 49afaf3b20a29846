// Image-fit records (image_fit_record.hpp): gather the net's image to rank 0 in natural order,
// snapshot it (box-averaged) and bin the cosine spectrum of its error into shells.
#include "fpsolve/hybrid/image_fit_record.hpp"

#include <petscdmda.h>

#include <algorithm>
#include <cmath>

#include "fpsolve/base/error.hpp"

namespace fpsolve::hybrid {

int ImageFitRecord::FactorFor(int nx, int ny, int max_side) {
  const int side = std::max(nx, ny);
  return (side + max_side - 1) / max_side;
}

std::vector<double> ImageFitRecord::Downsample(const std::vector<double> &img, int nx, int ny,
                                               int factor) {
  const int sx = (nx + factor - 1) / factor, sy = (ny + factor - 1) / factor;
  std::vector<double> out(std::size_t(sx) * sy, 0.0), count(out.size(), 0.0);
  for (int j = 0; j < ny; ++j)
    for (int i = 0; i < nx; ++i) {
      const std::size_t o = std::size_t(j / factor) * sx + i / factor;
      out[o] += img[std::size_t(j) * nx + i];
      count[o] += 1;
    }
  for (std::size_t o = 0; o < out.size(); ++o) out[o] /= count[o];
  return out;
}

PetscErrorCode ImageFitRecord::Create(const Grid &grid, const std::vector<double> &target,
                                      int shells, io::RunFile &file,
                                      std::unique_ptr<ImageFitRecord> *out) {
  std::unique_ptr<ImageFitRecord> r(new ImageFitRecord());
  PetscFunctionBeginUser;
  PetscCheck(grid.dim == 2, PETSC_COMM_SELF, kErrBadInput, "the image fit needs a 2D grid");
  const int nx = int(grid.n[0]), ny = int(grid.n[1]);
  MPI_Comm comm;
  PetscCall(PetscObjectGetComm((PetscObject)grid.da, &comm));
  PetscCallMPI(MPI_Comm_rank(comm, &r->rank_));
  r->grid_ = &grid;
  r->file_ = &file;
  r->factor_ = FactorFor(nx, ny);
  r->sx_ = (nx + r->factor_ - 1) / r->factor_;
  r->sy_ = (ny + r->factor_ - 1) / r->factor_;
  FpCallCXX(comm, r->shells_ = std::make_unique<spectral::CosineShells>(nx, ny, shells, target));
  r->nshells_ = r->shells_->count();
  const std::vector<double> edges = r->shells_->edges();
  if (r->rank_ != 0) r->shells_.reset();  // rank 0 computes; the others only need the count
  PetscCall(DMDACreateNaturalVector(grid.da, &r->natural_));
  PetscCall(VecScatterCreateToZero(r->natural_, &r->to_zero_, &r->on_zero_));
  PetscCall(file.WriteArray("/fit/target", target, hsize_t(nx)));
  PetscCall(file.WriteArray("/spectrum/shells", edges));
  PetscCall(file.SetAttribute("/spectrum", "shell_transform",
                              "DCT-II (cosine) of the net's image minus the target, |k| 0-based"));
  PetscCall(file.SetAttribute("/fit", "snapshot_factor", (long long)r->factor_));
  *out = std::move(r);
  PetscFunctionReturn(0);
}

ImageFitRecord::~ImageFitRecord() {
  VecScatterDestroy(&to_zero_);
  VecDestroy(&on_zero_);
  VecDestroy(&natural_);
}

PetscErrorCode ImageFitRecord::Record(int step, Vec unet) {
  const int nx = int(grid_->n[0]), ny = int(grid_->n[1]);
  std::vector<double> rel(nshells_), frame(std::size_t(sx_) * sy_);
  PetscFunctionBeginUser;
  PetscCall(DMDAGlobalToNaturalBegin(grid_->da, unet, INSERT_VALUES, natural_));
  PetscCall(DMDAGlobalToNaturalEnd(grid_->da, unet, INSERT_VALUES, natural_));
  PetscCall(VecScatterBegin(to_zero_, natural_, on_zero_, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecScatterEnd(to_zero_, natural_, on_zero_, INSERT_VALUES, SCATTER_FORWARD));
  if (rank_ == 0) {
    const PetscScalar *a;
    PetscCall(VecGetArrayRead(on_zero_, &a));
    image_.assign(a, a + std::size_t(nx) * ny);
    PetscCall(VecRestoreArrayRead(on_zero_, &a));
    rel = shells_->RelativeErrors(image_);
    frame = Downsample(image_, nx, ny, factor_);
  }
  MPI_Comm comm;
  PetscCall(PetscObjectGetComm((PetscObject)grid_->da, &comm));
  PetscCallMPI(MPI_Bcast(rel.data(), nshells_, MPI_DOUBLE, 0, comm));
  PetscCall(file_->Append("/spectrum/train/shell_error", rel.data(), hsize_t(nshells_)));
  PetscCall(file_->Append("/fit/snapshots/step", double(step), io::SeriesType::Int64));
  PetscCall(file_->AppendFrame("/fit/snapshots/image", hsize_t(sy_), hsize_t(sx_), frame.data()));
  PetscFunctionReturn(0);
}

}  // namespace fpsolve::hybrid
