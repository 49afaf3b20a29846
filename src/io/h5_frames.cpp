#include "fpsolve/io/h5_frames.hpp"

#include <algorithm>

#include "fpsolve/io/h5_util.hpp"

namespace fpsolve::io {
namespace {

// Chunks of at most ~32 MiB: one frame, cut along its slowest axis when larger (HDF5 caps a
// chunk at 4 GiB, and a chunk is the unit of I/O: a partial frame should not read a whole one).
void FrameChunk(const FieldBox &box, hsize_t *chunk) {
  chunk[0] = 1;
  hsize_t row = 8;  // bytes of one slice along the slowest frame axis
  for (int d = 1; d < box.ndims; ++d) row *= std::max<hsize_t>(1, box.shape[d]);
  const hsize_t budget = hsize_t(32) << 20;
  chunk[1] = std::clamp<hsize_t>(budget / row, 1, std::max<hsize_t>(1, box.shape[0]));
  for (int d = 1; d < box.ndims; ++d) chunk[1 + d] = std::max<hsize_t>(1, box.shape[d]);
}

}  // namespace

PetscErrorCode H5FrameCount(hid_t file, const std::string &path, hsize_t *frames) {
  PetscFunctionBeginUser;
  *frames = 0;
  if (H5Lexists(file, path.c_str(), H5P_DEFAULT) <= 0) PetscFunctionReturn(0);
  hid_t dset = H5Dopen2(file, path.c_str(), H5P_DEFAULT);
  FpH5Check(dset, path.c_str());
  hid_t space = H5Dget_space(dset);
  hsize_t dims[4] = {0, 0, 0, 0};
  if (H5Sget_simple_extent_ndims(space) >= 1) H5Sget_simple_extent_dims(space, dims, nullptr);
  H5Sclose(space);
  H5Dclose(dset);
  *frames = dims[0];
  PetscFunctionReturn(0);
}

PetscErrorCode H5AppendBox(hid_t file, const std::string &path, const FieldBox &box,
                           const double *data, hsize_t *frames) {
  const int nd = box.ndims + 1;
  hid_t dset;
  PetscFunctionBeginUser;
  if (H5Lexists(file, path.c_str(), H5P_DEFAULT) <= 0) {
    hid_t parent;
    PetscCall(H5EnsureGroup(file, path.substr(0, path.find_last_of('/')), &parent));
    H5Gclose(parent);
    hsize_t dims[4] = {0}, maxdims[4] = {H5S_UNLIMITED}, chunk[4];
    for (int d = 0; d < box.ndims; ++d) dims[1 + d] = maxdims[1 + d] = box.shape[d];
    FrameChunk(box, chunk);
    hid_t space = H5Screate_simple(nd, dims, maxdims);
    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_chunk(dcpl, nd, chunk);
    dset = H5Dcreate2(file, path.c_str(), H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    H5Pclose(dcpl);
    H5Sclose(space);
  } else {
    dset = H5Dopen2(file, path.c_str(), H5P_DEFAULT);
  }
  FpH5Check(dset, path.c_str());
  hid_t space = H5Dget_space(dset);
  hsize_t have[4] = {0, 0, 0, 0};
  bool same = H5Sget_simple_extent_ndims(space) == nd;
  if (same) H5Sget_simple_extent_dims(space, have, nullptr);
  for (int d = 0; same && d < box.ndims; ++d) same = have[1 + d] == box.shape[d];
  H5Sclose(space);
  if (!same) {
    H5Dclose(dset);
    SETERRQ(PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "HDF5: %s exists with another shape",
            path.c_str());
  }
  hsize_t extent[4] = {have[0] + 1}, start[4] = {have[0]}, count[4] = {1};
  for (int d = 0; d < box.ndims; ++d) {
    extent[1 + d] = box.shape[d];
    start[1 + d] = box.start[d];
    count[1 + d] = box.count[d];
  }
  herr_t status = H5Dset_extent(dset, extent);
  hid_t fspace = H5Dget_space(dset);
  hid_t mspace = H5Screate_simple(nd, count, nullptr);
  if (box.box_size() > 0) {
    H5Sselect_hyperslab(fspace, H5S_SELECT_SET, start, nullptr, count, nullptr);
  } else {  // in a collective write a rank without data still takes part, selecting nothing
    H5Sselect_none(fspace);
    H5Sselect_none(mspace);
  }
  hid_t dxpl = H5Pcreate(H5P_DATASET_XFER);
  H5Pset_dxpl_mpio(dxpl, H5FD_MPIO_COLLECTIVE);
  static const double nothing = 0;  // HDF5 rejects a null buffer even for an empty selection
  if (status >= 0)
    status = H5Dwrite(dset, H5T_NATIVE_DOUBLE, mspace, fspace, dxpl,
                      box.box_size() > 0 && data ? data : &nothing);
  H5Pclose(dxpl);
  H5Sclose(mspace);
  H5Sclose(fspace);
  H5Dclose(dset);
  FpH5Check(status, ("appending a frame to " + path).c_str());
  if (frames) *frames = have[0] + 1;
  PetscFunctionReturn(0);
}

PetscErrorCode H5AppendFrame(hid_t file, const std::string &path, hsize_t ny, hsize_t nx,
                             bool writer, const double *frame) {
  FieldBox box;
  box.ndims = 2;
  box.shape[0] = ny, box.shape[1] = nx;
  box.count[0] = writer ? ny : 0, box.count[1] = writer ? nx : 0;
  PetscFunctionBeginUser;
  PetscCall(H5AppendBox(file, path, box, frame));
  PetscFunctionReturn(0);
}

}  // namespace fpsolve::io
