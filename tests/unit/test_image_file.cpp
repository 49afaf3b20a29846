// The image-fit reader: scaling (integer / type max, floats kept or min-max mapped),
// orientation (picture row 0 = the top = the last grid row) and one-line errors naming
// -fit_image for bad datasets. (tests/cli/image_fit.sh runs the same bad files end to end.)
#include <gtest/gtest.h>
#include <hdf5.h>
#include <petscsys.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "fpsolve/io/image_file.hpp"

using fpsolve::io::GreyImage;

namespace {

const char *kFile = "test_image_file.h5";

void write(const char *name, hid_t type, std::vector<hsize_t> dims, const void *data) {
  hid_t f = H5Fopen(kFile, H5F_ACC_RDWR, H5P_DEFAULT);
  hid_t space = H5Screate_simple(int(dims.size()), dims.data(), nullptr);
  hid_t d = H5Dcreate2(f, name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (data) H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data);
  H5Dclose(d);
  H5Sclose(space);
  H5Fclose(f);
}

// "" on success, else the error's message.
std::string read(const std::string &spec, GreyImage *img) {
  PetscPushErrorHandler(PetscReturnErrorHandler, nullptr);
  const PetscErrorCode ierr = fpsolve::io::ReadGreyImage(PETSC_COMM_WORLD, spec, img);
  PetscPopErrorHandler();
  if (!ierr) return "";
  const char *text;
  char *specific = nullptr;
  PetscErrorMessage(ierr, &text, &specific);
  return specific ? specific : "error";
}

}  // namespace

TEST(ImageFile, ScalesOrientsAndRefusesBadDatasets) {
  PetscMPIInt rank;
  MPI_Comm_rank(PETSC_COMM_WORLD, &rank);
  if (rank == 0) {
    H5Fclose(H5Fcreate(kFile, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT));
    const unsigned char u8[3][4] = {{255, 0, 0, 0}, {0, 51, 0, 0}, {0, 0, 0, 102}};
    write("/image", H5T_NATIVE_UCHAR, {3, 4}, u8);
    const double wide[9] = {-2, 0, 2, 0, 0, 0, 0, 0, 0};
    write("/wide", H5T_NATIVE_DOUBLE, {3, 3}, wide);
    const double nan[9] = {0, 0, 0, 0, NAN, 0, 0, 0, 0};
    write("/nan", H5T_NATIVE_DOUBLE, {3, 3}, nan);
    write("/cube", H5T_NATIVE_UCHAR, {3, 3, 3}, std::vector<unsigned char>(27).data());
    write("/empty", H5T_NATIVE_UCHAR, {0, 4}, nullptr);
    write("/thin", H5T_NATIVE_UCHAR, {2, 4}, std::vector<unsigned char>(8).data());
  }
  MPI_Barrier(PETSC_COMM_WORLD);
  GreyImage img;
  ASSERT_EQ(read(kFile, &img), "");  // dataset defaults to /image
  EXPECT_EQ(img.nx, 4);
  EXPECT_EQ(img.ny, 3);
  EXPECT_DOUBLE_EQ(img.at(0, 2), 1.0);  // picture's top-left pixel: last grid row
  EXPECT_DOUBLE_EQ(img.at(1, 1), 0.2);
  EXPECT_DOUBLE_EQ(img.at(3, 0), 0.4);  // picture's bottom row: grid row 0
  ASSERT_EQ(read(std::string(kFile) + ":/wide", &img), "");
  EXPECT_DOUBLE_EQ(img.at(0, 2), 0.0);  // min-max: -2 -> 0, 2 -> 1, 0 -> 0.5
  EXPECT_DOUBLE_EQ(img.at(2, 2), 1.0);
  EXPECT_DOUBLE_EQ(img.at(1, 1), 0.5);
  const std::pair<const char *, const char *> bad[] = {
      {":/nothing", "no dataset /nothing"},
      {":/nan", "non-finite pixel (row 1, column 1)"},
      {":/cube", "3 dimensions"},
      {":/empty", "is empty"},
      {":/thin", "at least 3x3"}};
  for (auto [suffix, want] : bad) {
    const std::string msg = read(kFile + std::string(suffix), &img);
    EXPECT_NE(msg.find("-fit_image"), std::string::npos) << msg;
    EXPECT_NE(msg.find(want), std::string::npos) << suffix << ": " << msg;
  }
  EXPECT_NE(read("no_such_file.h5", &img).find("cannot open"), std::string::npos);
  MPI_Barrier(PETSC_COMM_WORLD);
  if (rank == 0) std::remove(kFile);
}
