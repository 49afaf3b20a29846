#include "fpsolve/io/h5_frames.hpp"

#include <algorithm>

#include "fpsolve/io/h5_util.hpp"

namespace fpsolve::io {

PetscErrorCode H5AppendFrame(hid_t file, const std::string &path, hsize_t ny, hsize_t nx,
                             bool writer, const double *frame) {
  hid_t dset;
  PetscFunctionBeginUser;
  if (H5Lexists(file, path.c_str(), H5P_DEFAULT) <= 0) {
    hid_t parent;
    PetscCall(H5EnsureGroup(file, path.substr(0, path.find_last_of('/')), &parent));
    H5Gclose(parent);
    hsize_t dims[3] = {0, ny, nx}, maxdims[3] = {H5S_UNLIMITED, ny, nx}, chunk[3] = {1, ny, nx};
    hid_t space = H5Screate_simple(3, dims, maxdims);
    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_chunk(dcpl, 3, chunk);
    dset = H5Dcreate2(file, path.c_str(), H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    H5Pclose(dcpl);
    H5Sclose(space);
  } else {
    dset = H5Dopen2(file, path.c_str(), H5P_DEFAULT);
  }
  FpH5Check(dset, path.c_str());
  hid_t space = H5Dget_space(dset);
  hsize_t have[3] = {0, 0, 0};
  const int nd = H5Sget_simple_extent_ndims(space);
  H5Sget_simple_extent_dims(space, have, nullptr);
  H5Sclose(space);
  if (nd != 3 || have[1] != ny || have[2] != nx) {
    H5Dclose(dset);
    SETERRQ(PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "HDF5: %s exists with another shape",
            path.c_str());
  }
  hsize_t extent[3] = {have[0] + 1, ny, nx}, start[3] = {have[0], 0, 0}, count[3] = {1, ny, nx};
  herr_t status = H5Dset_extent(dset, extent);
  hid_t fspace = H5Dget_space(dset);
  hid_t mspace = H5Screate_simple(3, count, nullptr);
  if (writer) {
    H5Sselect_hyperslab(fspace, H5S_SELECT_SET, start, nullptr, count, nullptr);
  } else {
    H5Sselect_none(fspace);
    H5Sselect_none(mspace);
  }
  hid_t dxpl = H5Pcreate(H5P_DATASET_XFER);
  H5Pset_dxpl_mpio(dxpl, H5FD_MPIO_COLLECTIVE);
  static const double nothing = 0;  // HDF5 rejects a null buffer even for an empty selection
  if (status >= 0)
    status = H5Dwrite(dset, H5T_NATIVE_DOUBLE, mspace, fspace, dxpl, writer ? frame : &nothing);
  H5Pclose(dxpl);
  H5Sclose(mspace);
  H5Sclose(fspace);
  H5Dclose(dset);
  FpH5Check(status, ("appending a frame to " + path).c_str());
  PetscFunctionReturn(0);
}

}  // namespace fpsolve::io
