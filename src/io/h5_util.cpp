#include "fpsolve/io/h5_util.hpp"

#include <algorithm>

namespace fpsolve::io {
namespace {

std::string Parent(const std::string &path) {
  const auto slash = path.find_last_of('/');
  return slash == 0 || slash == std::string::npos ? "/" : path.substr(0, slash);
}

// Collective transfer of this rank's block [start, start+count) of an ndims dataset: every rank
// calls H5Dwrite, ranks without data select nothing.
PetscErrorCode WriteSelection(hid_t dset, hid_t type, int ndims, const hsize_t *start,
                              const hsize_t *count, const void *data, const std::string &path) {
  PetscFunctionBeginUser;
  hid_t fspace = H5Dget_space(dset);
  hid_t mspace = H5Screate_simple(ndims, count, nullptr);
  hsize_t elements = 1;
  for (int d = 0; d < ndims; ++d) elements *= count[d];
  if (elements > 0) {
    FpH5Check(H5Sselect_hyperslab(fspace, H5S_SELECT_SET, start, nullptr, count, nullptr),
              "selecting a block");
  } else {
    H5Sselect_none(fspace);
    H5Sselect_none(mspace);
  }
  hid_t dxpl = H5Pcreate(H5P_DATASET_XFER);
  H5Pset_dxpl_mpio(dxpl, H5FD_MPIO_COLLECTIVE);
  // HDF5 rejects a null buffer even for an empty selection (an empty std::vector's data()).
  static const double nothing = 0;
  const herr_t status = H5Dwrite(dset, type, mspace, fspace, dxpl, data ? data : &nothing);
  H5Pclose(dxpl);
  H5Sclose(mspace);
  H5Sclose(fspace);
  FpH5Check(status, ("writing " + path).c_str());
  PetscFunctionReturn(0);
}

// Creates (or, when it exists with this shape, reopens) a fixed-size dataset and writes this
// rank's block of it, collectively.
PetscErrorCode WriteBlock(hid_t file, const std::string &path, hid_t type, int ndims,
                          const hsize_t *shape, const hsize_t *start, const hsize_t *count,
                          const void *data) {
  hid_t parent;
  PetscFunctionBeginUser;
  PetscCall(H5EnsureGroup(file, Parent(path), &parent));
  H5Gclose(parent);
  hid_t dset;
  if (H5Lexists(file, path.c_str(), H5P_DEFAULT) > 0) {
    // A restarted run writes its setup datasets again (same values): overwrite in place.
    dset = H5Dopen2(file, path.c_str(), H5P_DEFAULT);
    FpH5Check(dset, path.c_str());
    hid_t space = H5Dget_space(dset);
    hsize_t have[3] = {0, 0, 0};
    const int nd = H5Sget_simple_extent_ndims(space);
    bool same = nd == ndims;
    if (same) H5Sget_simple_extent_dims(space, have, nullptr);
    for (int d = 0; same && d < ndims; ++d) same = have[d] == shape[d];
    H5Sclose(space);
    if (!same) {
      H5Dclose(dset);
      SETERRQ(PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "HDF5: %s exists with another shape",
              path.c_str());
    }
  } else {
    hid_t space = H5Screate_simple(ndims, shape, nullptr);
    dset = H5Dcreate2(file, path.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Sclose(space);
    FpH5Check(dset, path.c_str());
  }
  hsize_t elements = 1;
  for (int d = 0; d < ndims; ++d) elements *= shape[d];
  // An empty dataset has nothing to transfer (and a zero-size memory space fails in H5Dwrite).
  PetscErrorCode ierr =
      elements == 0 ? 0 : WriteSelection(dset, type, ndims, start, count, data, path);
  H5Dclose(dset);
  PetscCheck(!ierr, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "HDF5 failed: writing %s", path.c_str());
  PetscFunctionReturn(0);
}

}  // namespace

PetscErrorCode H5EnsureGroup(hid_t file, const std::string &path, hid_t *group) {
  PetscFunctionBeginUser;
  if (path == "/") {
    *group = H5Gopen2(file, "/", H5P_DEFAULT);
    PetscFunctionReturn(0);
  }
  // Walk the components: H5Lexists on a path requires its parents to exist.
  std::size_t pos = 0;
  while (pos != std::string::npos) {
    pos = path.find('/', pos + 1);
    const std::string prefix = path.substr(0, pos);
    if (H5Lexists(file, prefix.c_str(), H5P_DEFAULT) <= 0) {
      hid_t g = H5Gcreate2(file, prefix.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
      FpH5Check(g, prefix.c_str());
      H5Gclose(g);
    }
  }
  *group = H5Gopen2(file, path.c_str(), H5P_DEFAULT);
  FpH5Check(*group, path.c_str());
  PetscFunctionReturn(0);
}

static PetscErrorCode OpenObject(hid_t file, const std::string &object, hid_t *obj) {
  PetscFunctionBeginUser;
  if (object != "/" && H5Lexists(file, object.c_str(), H5P_DEFAULT) > 0) {
    *obj = H5Oopen(file, object.c_str(), H5P_DEFAULT);
    FpH5Check(*obj, object.c_str());
  } else {
    PetscCall(H5EnsureGroup(file, object, obj));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteAttr(hid_t obj, const std::string &name, hid_t type, hid_t space,
                                const void *value) {
  PetscFunctionBeginUser;
  if (H5Aexists(obj, name.c_str()) > 0) H5Adelete(obj, name.c_str());
  hid_t attr = H5Acreate2(obj, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT);
  FpH5Check(attr, name.c_str());
  const herr_t status = H5Awrite(attr, type, value);
  H5Aclose(attr);
  FpH5Check(status, name.c_str());
  PetscFunctionReturn(0);
}

PetscErrorCode H5WriteAttribute(hid_t file, const std::string &object, const std::string &name,
                                const std::string &value) {
  hid_t obj;
  PetscFunctionBeginUser;
  PetscCall(OpenObject(file, object, &obj));
  hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, std::max<std::size_t>(1, value.size()));
  H5Tset_strpad(type, H5T_STR_NULLTERM);
  hid_t space = H5Screate(H5S_SCALAR);
  PetscErrorCode ierr = WriteAttr(obj, name, type, space, value.c_str());
  H5Sclose(space);
  H5Tclose(type);
  H5Oclose(obj);
  PetscCall(ierr);
  PetscFunctionReturn(0);
}

PetscErrorCode H5WriteAttribute(hid_t file, const std::string &object, const std::string &name,
                                hid_t type, const void *value) {
  hid_t obj;
  PetscFunctionBeginUser;
  PetscCall(OpenObject(file, object, &obj));
  hid_t space = H5Screate(H5S_SCALAR);
  PetscErrorCode ierr = WriteAttr(obj, name, type, space, value);
  H5Sclose(space);
  H5Oclose(obj);
  PetscCall(ierr);
  PetscFunctionReturn(0);
}

PetscErrorCode H5WriteRows(hid_t file, const std::string &path, hid_t type, hsize_t rows,
                           hsize_t cols, hsize_t offset, hsize_t count, const void *data) {
  PetscFunctionBeginUser;
  const hsize_t shape[2] = {rows, cols}, start[2] = {offset, 0}, block[2] = {count, cols};
  PetscCall(WriteBlock(file, path, type, cols == 1 ? 1 : 2, shape, start, block, data));
  PetscFunctionReturn(0);
}

PetscErrorCode H5WriteBox(hid_t file, const std::string &path, const FieldBox &box,
                          const double *data) {
  PetscFunctionBeginUser;
  PetscCall(
      WriteBlock(file, path, H5T_NATIVE_DOUBLE, box.ndims, box.shape, box.start, box.count, data));
  PetscFunctionReturn(0);
}

PetscErrorCode H5AppendRows(hid_t file, const std::string &path, hid_t type, hsize_t cols,
                            hsize_t offset, hsize_t count, bool writer, const void *data) {
  hid_t dset;
  PetscFunctionBeginUser;
  const int ndims = cols == 1 ? 1 : 2;
  if (offset == 0 && H5Lexists(file, path.c_str(), H5P_DEFAULT) <= 0) {
    hid_t parent;
    PetscCall(H5EnsureGroup(file, Parent(path), &parent));
    H5Gclose(parent);
    hsize_t dims[2] = {0, cols}, maxdims[2] = {H5S_UNLIMITED, cols};
    hsize_t chunk[2] = {std::max<hsize_t>(1, 8192 / cols), cols};
    hid_t space = H5Screate_simple(ndims, dims, maxdims);
    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_chunk(dcpl, ndims, chunk);
    dset = H5Dcreate2(file, path.c_str(), type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    H5Pclose(dcpl);
    H5Sclose(space);
  } else {
    dset = H5Dopen2(file, path.c_str(), H5P_DEFAULT);
  }
  FpH5Check(dset, path.c_str());
  hsize_t extent[2] = {offset + count, cols};
  PetscErrorCode ierr = 0;
  if (count > 0) {
    if (H5Dset_extent(dset, extent) < 0) ierr = PETSC_ERR_FILE_WRITE;
    const hsize_t start[2] = {offset, 0}, block[2] = {writer ? count : 0, cols};
    if (!ierr) ierr = WriteSelection(dset, type, ndims, start, block, data, path);
  }
  H5Dclose(dset);
  PetscCheck(!ierr, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "HDF5 failed: appending to %s",
             path.c_str());
  PetscFunctionReturn(0);
}

}  // namespace fpsolve::io
