#include "fpsolve/io/field_box.hpp"

#include <petscdmda.h>

#include <cstring>

namespace fpsolve::io {

hsize_t FieldBox::box_size() const {
  hsize_t n = 1;
  for (int d = 0; d < ndims; ++d) n *= count[d];
  return n;
}

hsize_t FieldBox::total_size() const {
  hsize_t n = 1;
  for (int d = 0; d < ndims; ++d) n *= shape[d];
  return n;
}

PetscErrorCode FieldBoxFromDM(DM da, FieldBox *box) {
  PetscInt dim, dof, n[3], s[3], m[3];
  PetscFunctionBeginUser;
  PetscCall(DMDAGetInfo(da, &dim, &n[0], &n[1], &n[2], nullptr, nullptr, nullptr, &dof, nullptr,
                        nullptr, nullptr, nullptr, nullptr));
  PetscCheck(dof == 1, PetscObjectComm((PetscObject)da), PETSC_ERR_SUP,
             "grid fields have one value a point, this DMDA has %" PetscInt_FMT, dof);
  PetscCall(DMDAGetCorners(da, &s[0], &s[1], &s[2], &m[0], &m[1], &m[2]));
  box->ndims = (int)dim;
  for (int d = 0; d < box->ndims; ++d) {  // file axis d is grid axis dim-1-d (x last)
    const int axis = box->ndims - 1 - d;
    box->shape[d] = (hsize_t)n[axis];
    box->start[d] = (hsize_t)s[axis];
    box->count[d] = (hsize_t)m[axis];
  }
  PetscFunctionReturn(0);
}

namespace {
std::uint64_t EntryHash(std::uint64_t index, double v) {
  std::uint64_t bits;
  std::memcpy(&bits, &v, 8);
  std::uint64_t h = bits ^ (0x9e3779b97f4a7c15ull * (index + 1));
  h ^= h >> 33, h *= 0xff51afd7ed558ccdull, h ^= h >> 33, h *= 0xc4ceb9fe1a85ec53ull;
  return h ^ (h >> 33);
}
}  // namespace

std::uint64_t FieldBoxHash(const FieldBox &box, const double *values) {
  // Pad to three file axes ([1][1][nx] in 1D) so one loop nest serves every dimension.
  hsize_t shape[3] = {1, 1, 1}, start[3] = {0, 0, 0}, count[3] = {1, 1, 1};
  const int pad = 3 - box.ndims;
  for (int d = 0; d < box.ndims; ++d)
    shape[pad + d] = box.shape[d], start[pad + d] = box.start[d], count[pad + d] = box.count[d];
  std::uint64_t sum = 0;
  std::size_t e = 0;
  for (hsize_t k = 0; k < count[0]; ++k)
    for (hsize_t j = 0; j < count[1]; ++j) {
      const std::uint64_t row = ((start[0] + k) * shape[1] + start[1] + j) * shape[2] + start[2];
      for (hsize_t i = 0; i < count[2]; ++i) sum += EntryHash(row + i, values[e++]);
    }
  return sum;
}

}  // namespace fpsolve::io
