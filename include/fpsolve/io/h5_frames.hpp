#pragma once
// An extendable stack of 2D frames, [frames][ny][nx] f64 (the image fit's snapshots): created on
// first use, then extended by one frame per call; the number of frames already there is read
// from the dataset, so a restarted run (its file restored from a checkpoint) simply continues.
// Collective over the file's communicator; only `writer` transfers data.
#include <hdf5.h>
#include <petscsys.h>

#include <string>

namespace fpsolve::io {

PetscErrorCode H5AppendFrame(hid_t file, const std::string &path, hsize_t ny, hsize_t nx,
                             bool writer, const double *frame);

}  // namespace fpsolve::io
