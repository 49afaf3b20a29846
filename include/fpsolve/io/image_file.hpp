#pragma once
// A greyscale image from an HDF5 dataset, the target of the image fit (-fit_image
// FILE.h5[:/dataset]; docs/image-fit.md). postprocess/fpimage writes such files from PNG/JPEG.
//
// The dataset must be 2D [rows][cols] of a numeric type, both sizes >= 3 (the grid needs a
// boundary and an interior), every value finite. Scaling to [0,1]: integer types are divided by
// their type's maximum (uint8: /255); floating types are kept if already within [0,1], else
// mapped linearly from [min, max] (a constant image outside [0,1] is refused). Orientation: image
// row 0 is the top of the picture, so it becomes the last grid row (y = y_max): the grid's
// natural order [ny][nx] holds the picture upright when y points up.
#include <mpi.h>
#include <petscsys.h>

#include <string>
#include <vector>

namespace fpsolve::io {

struct GreyImage {
  int nx = 0, ny = 0;          // columns, rows
  std::vector<double> pixels;  // [ny][nx], y index 0 = the picture's bottom row, values in [0,1]
  std::string file, dataset;
  std::string scaling;  // how the values were brought to [0,1], for the run file
  double at(int i, int j) const { return pixels[std::size_t(j) * nx + i]; }
};

// Splits "FILE[:/dataset]" (the dataset defaults to /image). Not collective.
void SplitImageSpec(const std::string &spec, std::string *file, std::string *dataset);

// Rank 0 reads and checks the dataset, every rank receives the image (collective). Bad files
// give kErrBadInput with one line naming -fit_image and what is wrong (missing file or dataset,
// not 2D, empty or smaller than 3x3, non-numeric, non-finite pixels).
PetscErrorCode ReadGreyImage(MPI_Comm comm, const std::string &spec, GreyImage *img);

}  // namespace fpsolve::io
