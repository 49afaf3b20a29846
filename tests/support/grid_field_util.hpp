#pragma once
// DMDA fields given by a formula of their natural index, for layout tests: fill one on any
// process grid, check one read back, and read a dataset whole with serial HDF5.
#include <hdf5.h>
#include <petscdmda.h>

#include <string>
#include <vector>

namespace fpsolve::testing {

// Distinct and exact in double for every (i, j, k) of a small grid.
inline double FieldValue(PetscInt i, PetscInt j, PetscInt k) {
  return 0.25 + i + 1000.0 * j + 1.0e6 * k;
}

// A dim-D DMDA of n[0] x n[1] x n[2] points on procs[0] x procs[1] x procs[2] ranks
// (PETSC_DECIDE allowed), one value a point, stencil width 1.
inline DM MakeGrid(MPI_Comm comm, int dim, const PetscInt n[3], const PetscInt procs[3]) {
  DM da = nullptr;
  const DMBoundaryType b = DM_BOUNDARY_NONE;
  if (dim == 1) DMDACreate1d(comm, b, n[0], 1, 1, nullptr, &da);
  if (dim == 2)
    DMDACreate2d(comm, b, b, DMDA_STENCIL_STAR, n[0], n[1], procs[0], procs[1], 1, 1, nullptr,
                 nullptr, &da);
  if (dim == 3)
    DMDACreate3d(comm, b, b, b, DMDA_STENCIL_STAR, n[0], n[1], n[2], procs[0], procs[1], procs[2],
                 1, 1, nullptr, nullptr, nullptr, &da);
  DMSetUp(da);
  return da;
}

// Visits the owned points of da with their natural index and the position in the local array
// of a global Vec (x fastest within the rank's box).
template <class F>
void ForOwned(DM da, F &&f) {
  PetscInt xs, ys, zs, xm, ym, zm;
  DMDAGetCorners(da, &xs, &ys, &zs, &xm, &ym, &zm);
  PetscInt e = 0;
  for (PetscInt k = zs; k < zs + zm; ++k)
    for (PetscInt j = ys; j < ys + ym; ++j)
      for (PetscInt i = xs; i < xs + xm; ++i) f(i, j, k, e++);
}

inline void FillField(DM da, Vec v) {
  PetscScalar *a;
  VecGetArray(v, &a);
  ForOwned(da, [&](PetscInt i, PetscInt j, PetscInt k, PetscInt e) { a[e] = FieldValue(i, j, k); });
  VecRestoreArray(v, &a);
}

// Owned values of v that differ from FieldValue.
inline int FieldMismatches(DM da, Vec v) {
  const PetscScalar *a;
  int bad = 0;
  VecGetArrayRead(v, &a);
  ForOwned(da, [&](PetscInt i, PetscInt j, PetscInt k, PetscInt e) {
    bad += a[e] != FieldValue(i, j, k);
  });
  VecRestoreArrayRead(v, &a);
  return bad;
}

// A float64 dataset, whole, and its shape (serial HDF5).
inline std::vector<double> ReadWhole(const std::string &file, const std::string &path,
                                     std::vector<hsize_t> *dims) {
  std::vector<double> out;
  dims->clear();
  hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (f < 0) return out;
  hid_t d = H5Dopen2(f, path.c_str(), H5P_DEFAULT);
  if (d >= 0) {
    hid_t s = H5Dget_space(d);
    dims->assign(H5Sget_simple_extent_ndims(s), 0);
    H5Sget_simple_extent_dims(s, dims->data(), nullptr);
    out.resize(H5Sget_simple_extent_npoints(s));
    H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data());
    H5Sclose(s);
    H5Dclose(d);
  }
  H5Fclose(f);
  return out;
}

}  // namespace fpsolve::testing
