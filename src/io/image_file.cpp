// Reading the image-fit target (image_file.hpp): rank 0 reads with serial HDF5 (the file is
// small and read once), checks, scales, and broadcasts the pixels or the one-line error.
#include "fpsolve/io/image_file.hpp"

#include <hdf5.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "fpsolve/base/error.hpp"

namespace fpsolve::io {
namespace {

// HDF5 handles closed on scope exit, and HDF5's own error stack silenced while we probe.
struct Handle {
  hid_t id = H5I_INVALID_HID;
  herr_t (*close)(hid_t) = nullptr;
  ~Handle() {
    if (id >= 0 && close) close(id);
  }
};

struct QuietHdf5 {
  H5E_auto2_t func = nullptr;
  void *data = nullptr;
  QuietHdf5() {
    H5Eget_auto2(H5E_DEFAULT, &func, &data);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  }
  ~QuietHdf5() { H5Eset_auto2(H5E_DEFAULT, func, data); }
};

// The maximum of an integer HDF5 type (for the /max scaling), 0 for non-integers.
double IntegerTypeMax(hid_t type) {
  if (H5Tget_class(type) != H5T_INTEGER) return 0;
  const std::size_t bits = 8 * H5Tget_size(type);
  const bool is_signed = H5Tget_sign(type) == H5T_SGN_2;
  return std::ldexp(1.0, int(bits) - (is_signed ? 1 : 0)) - 1;
}

// Reads and scales on the calling rank; returns "" or the error (without the option prefix).
std::string ReadLocal(const std::string &file, const std::string &dataset, GreyImage *img) {
  QuietHdf5 quiet;
  Handle f{H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose};
  if (f.id < 0) return "cannot open " + file + " as an HDF5 file";
  if (H5Lexists(f.id, dataset.c_str(), H5P_DEFAULT) <= 0)
    return "no dataset " + dataset + " in " + file;
  Handle d{H5Dopen2(f.id, dataset.c_str(), H5P_DEFAULT), H5Dclose};
  if (d.id < 0) return dataset + " in " + file + " is not a dataset";
  Handle type{H5Dget_type(d.id), H5Tclose};
  const H5T_class_t cls = H5Tget_class(type.id);
  if (cls != H5T_INTEGER && cls != H5T_FLOAT)
    return dataset + " in " + file + " is not numeric (integer or floating point)";
  Handle space{H5Dget_space(d.id), H5Sclose};
  const int ndims = H5Sget_simple_extent_ndims(space.id);
  if (ndims != 2)
    return dataset + " in " + file + " has " + std::to_string(ndims) +
           " dimensions; a greyscale image is 2D [rows][cols] (convert colour images with "
           "postprocess/fpimage)";
  hsize_t dims[2];
  H5Sget_simple_extent_dims(space.id, dims, nullptr);
  if (dims[0] == 0 || dims[1] == 0) return dataset + " in " + file + " is empty";
  if (dims[0] < 3 || dims[1] < 3)
    return dataset + " in " + file + " is " + std::to_string(dims[0]) + "x" +
           std::to_string(dims[1]) + "; at least 3x3 pixels are needed";
  if (dims[0] * dims[1] > hsize_t(1) << 26)
    return dataset + " in " + file + " is too large (more than 2^26 pixels)";
  std::vector<double> raw(dims[0] * dims[1]);
  if (H5Dread(d.id, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()) < 0)
    return "cannot read " + dataset + " from " + file;
  for (std::size_t i = 0; i < raw.size(); ++i)
    if (!std::isfinite(raw[i]))
      return dataset + " in " + file + " has a non-finite pixel (row " +
             std::to_string(i / dims[1]) + ", column " + std::to_string(i % dims[1]) + ")";
  const auto [lo, hi] = std::minmax_element(raw.begin(), raw.end());
  double offset = 0, scale = 1;
  if (const double tmax = IntegerTypeMax(type.id); tmax > 0) {
    scale = 1 / tmax;
    img->scaling = "integer / " + std::to_string((long long)tmax);
  } else if (*lo >= 0 && *hi <= 1) {
    img->scaling = "as stored";
  } else {
    if (*hi == *lo) return dataset + " in " + file + " is constant and outside [0,1]";
    offset = *lo, scale = 1 / (*hi - *lo);
    img->scaling =
        "linear from [min, max] = [" + std::to_string(*lo) + ", " + std::to_string(*hi) + "]";
  }
  img->ny = int(dims[0]), img->nx = int(dims[1]);
  img->pixels.resize(raw.size());
  for (int r = 0; r < img->ny; ++r)  // picture row r (top first) -> grid row ny-1-r
    for (int c = 0; c < img->nx; ++c)
      img->pixels[std::size_t(img->ny - 1 - r) * img->nx + c] =
          (raw[std::size_t(r) * img->nx + c] - offset) * scale;
  return "";
}

PetscErrorCode BcastString(MPI_Comm comm, std::string *s) {
  int n = int(s->size());
  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Bcast(&n, 1, MPI_INT, 0, comm));
  s->resize(n);
  PetscCallMPI(MPI_Bcast(s->data(), n, MPI_CHAR, 0, comm));
  PetscFunctionReturn(0);
}

}  // namespace

void SplitImageSpec(const std::string &spec, std::string *file, std::string *dataset) {
  const auto colon = spec.rfind(":/");
  *file = colon == std::string::npos ? spec : spec.substr(0, colon);
  *dataset = colon == std::string::npos ? "/image" : spec.substr(colon + 1);
}

PetscErrorCode ReadGreyImage(MPI_Comm comm, const std::string &spec, GreyImage *img) {
  int rank;
  std::string error;
  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  SplitImageSpec(spec, &img->file, &img->dataset);
  if (rank == 0) error = ReadLocal(img->file, img->dataset, img);
  PetscCall(BcastString(comm, &error));
  PetscCheck(error.empty(), comm, kErrBadInput, "-fit_image %s: %s", spec.c_str(), error.c_str());
  int dims[2] = {img->nx, img->ny};
  PetscCallMPI(MPI_Bcast(dims, 2, MPI_INT, 0, comm));
  img->nx = dims[0], img->ny = dims[1];
  img->pixels.resize(std::size_t(img->nx) * img->ny);
  PetscCallMPI(MPI_Bcast(img->pixels.data(), int(img->pixels.size()), MPI_DOUBLE, 0, comm));
  PetscCall(BcastString(comm, &img->scaling));
  PetscFunctionReturn(0);
}

}  // namespace fpsolve::io
