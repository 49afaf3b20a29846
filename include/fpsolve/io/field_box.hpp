#pragma once
// How a distributed grid field lies in a file: the global array in natural order, shape
// [nz][ny][nx] (x fastest; 1D stays [nx]), of which each rank owns one box. A DMDA global Vec
// holds exactly its rank's box in x-fastest order, so a field is written and read as one
// hyperslab per rank: no gather, no natural-order scatter, identical files on any rank count.
#include <hdf5.h>
#include <petscdm.h>

#include <cstdint>

namespace fpsolve::io {

struct FieldBox {
  int ndims = 1;
  hsize_t shape[3] = {0, 0, 0};  // global extent per file axis, slowest first ([nz][ny][nx])
  hsize_t start[3] = {0, 0, 0};  // this rank's box: first index per file axis
  hsize_t count[3] = {0, 0, 0};  // ... and its extent per file axis
  hsize_t box_size() const;      // elements this rank owns
  hsize_t total_size() const;    // elements of the whole field
};

// The box of this rank for a global Vec of the DMDA da (one degree of freedom a point).
PetscErrorCode FieldBoxFromDM(DM da, FieldBox *box);

// Order-independent checksum of a field: a sum over its elements of a hash of (natural index,
// bits), so any rank count and any process grid computes the same value from its own boxes.
// values: the box's elements in x-fastest order.
std::uint64_t FieldBoxHash(const FieldBox &box, const double *values);

}  // namespace fpsolve::io
