#pragma once
// Extendable stacks of grid-shaped frames, [frames][nz][ny][nx] f64 (the image fit's snapshots,
// the field snapshots of training and of the KSP): created on first use, then extended by one
// frame per call; the number of frames already there is read from the dataset, so a restarted
// run (its file restored from a checkpoint) simply continues. Collective over the file's
// communicator: every rank calls with the same frame shape, each writes its own box (possibly
// empty) of the new frame as one hyperslab.
#include <hdf5.h>
#include <petscsys.h>

#include <string>

#include "fpsolve/io/field_box.hpp"

namespace fpsolve::io {

// Appends one frame of box.shape; data: this rank's box in x-fastest order. *frames (optional)
// receives the number of frames after the append.
PetscErrorCode H5AppendBox(hid_t file, const std::string &path, const FieldBox &box,
                           const double *data, hsize_t *frames = nullptr);
// A whole ny x nx frame from one rank (`writer`); the others write nothing.
PetscErrorCode H5AppendFrame(hid_t file, const std::string &path, hsize_t ny, hsize_t nx,
                             bool writer, const double *frame);
// Frames already in the stack at path (0 when it does not exist). Collective.
PetscErrorCode H5FrameCount(hid_t file, const std::string &path, hsize_t *frames);

}  // namespace fpsolve::io
