#pragma once
// Thin, checked wrappers over parallel HDF5 for the run file and checkpoints.
// All are collective over the file's communicator: parallel HDF5 needs every metadata call
// (create, extend, attributes) on every rank with the same arguments, and every rank in each
// collective H5Dwrite, with an empty selection when it has nothing to write.
#include <hdf5.h>
#include <petscsys.h>

#include <string>

#include "fpsolve/io/field_box.hpp"

// HDF5 returns negative ids/codes on failure; turn that into a one-line PETSc error.
#define FpH5Check(expr, what)                                                                \
  do {                                                                                       \
    if ((expr) < 0) SETERRQ(PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "HDF5 failed: %s", what); \
  } while (0)

namespace fpsolve::io {

// Opens the group at path (creating it and its parents if needed). Caller closes.
PetscErrorCode H5EnsureGroup(hid_t file, const std::string &path, hid_t *group);
// String or scalar attribute on an object (group or dataset; groups are created if missing).
PetscErrorCode H5WriteAttribute(hid_t file, const std::string &object, const std::string &name,
                                const std::string &value);
PetscErrorCode H5WriteAttribute(hid_t file, const std::string &object, const std::string &name,
                                hid_t type, const void *value);
// Creates a rows x cols dataset (1D if cols == 1) and writes rows [offset, offset+count)
// from this rank, collectively.
PetscErrorCode H5WriteRows(hid_t file, const std::string &path, hid_t type, hsize_t rows,
                           hsize_t cols, hsize_t offset, hsize_t count, const void *data);
// Creates the grid-shaped dataset of box (float64) and writes this rank's box, collectively.
PetscErrorCode H5WriteBox(hid_t file, const std::string &path, const FieldBox &box,
                          const double *data);
// Extendable (unlimited rows) dataset: creates on first call (offset 0), extends to
// offset+count rows and writes them from the writer rank, collectively.
PetscErrorCode H5AppendRows(hid_t file, const std::string &path, hid_t type, hsize_t cols,
                            hsize_t offset, hsize_t count, bool writer, const void *data);

}  // namespace fpsolve::io
