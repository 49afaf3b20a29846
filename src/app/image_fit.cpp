// The image fit (-mode fit -problem_dim 2 -fit_image FILE.h5[:/dataset]; docs/image-fit.md): the
// image is read before the grid exists (the grid is the image's size), becomes the trainer's
// target between the pixels (bilinear) and the reference on the grid, and its records
// (snapshots, cosine shell errors) are taken at every training record.
#include "fpsolve/app/run.hpp"
#include "fpsolve/base/error.hpp"
#include "fpsolve/problem/pixel_function.hpp"

namespace fpsolve {

PetscErrorCode ReadImageFitOptions(MPI_Comm comm, AppConfig *cfg) {
  char buf[PETSC_MAX_PATH_LEN] = "";
  PetscInt shells = cfg->fit_image_shells;
  PetscFunctionBeginUser;
  PetscOptionsBegin(comm, nullptr, "fpsolve: image fit", "fpsolve");
  PetscCall(PetscOptionsString("-fit_image",
                               "fit mode in 2D: fit this greyscale image, FILE.h5[:/dataset] "
                               "(default dataset /image; postprocess/fpimage converts PNG/JPEG)",
                               "", buf, buf, sizeof buf, nullptr));
  PetscCall(PetscOptionsBoundedInt("-fit_image_shells",
                                   "Cosine-spectrum shells recorded by the image fit (0: "
                                   "min(32, |k_max|))",
                                   "", shells, &shells, nullptr, 0));
  PetscOptionsEnd();
  cfg->fit_image = buf;
  cfg->fit_image_shells = (int)shells;
  PetscFunctionReturn(0);
}

PetscErrorCode PrepareImageFit(Run &run) {
  const AppConfig &cfg = run.cfg;
  PetscFunctionBeginUser;
  if (cfg.fit_image.empty()) PetscFunctionReturn(0);
  PetscCheck(cfg.mode == Mode::Fit, run.comm, kErrBadInput, "-fit_image needs -mode fit");
  PetscCheck(run.problem->dim() == 2, run.comm, kErrBadInput,
             "-fit_image needs -problem_dim 2 (an image is 2D)");
  PetscCheck(cfg.fit_target.empty(), run.comm, kErrBadInput,
             "-fit_image and -fit_target are two targets: give one");
  auto image = std::make_shared<io::GreyImage>();
  PetscCall(io::ReadGreyImage(run.comm, cfg.fit_image, image.get()));
  // The grid is the image's: one grid point per pixel.
  const int size[2] = {image->nx, image->ny};
  const char *names[2] = {"-da_grid_x", "-da_grid_y"};
  for (int a = 0; a < 2; ++a) {
    PetscInt given;
    PetscBool set;
    PetscCall(PetscOptionsGetInt(nullptr, nullptr, names[a], &given, &set));
    PetscCheck(!set || given == size[a], run.comm, kErrBadInput,
               "%s %" PetscInt_FMT
               ": the image fit's grid is the image's size (%d x %d pixels); "
               "leave -da_grid_x/-da_grid_y unset",
               names[a], given, image->nx, image->ny);
    PetscCall(PetscOptionsSetValue(nullptr, names[a], std::to_string(size[a]).c_str()));
  }
  run.image = image;
  PetscFunctionReturn(0);
}

train::TargetFn ImageFitTarget(const Run &run) {
  const io::GreyImage &img = *run.image;
  return make_pixel_function(img.nx, img.ny, img.pixels, run.problem->domain());
}

PetscErrorCode CreateImageFitRecord(Run &run) {
  PetscFunctionBeginUser;
  if (!run.image) PetscFunctionReturn(0);
  PetscCall(hybrid::ImageFitRecord::Create(run.grid, run.image->pixels, run.cfg.fit_image_shells,
                                           *run.file, &run.image_record));
  PetscCall(run.file->SetAttribute("/fit", "image", run.cfg.fit_image));
  PetscCall(run.file->SetAttribute("/fit", "image_scaling", run.image->scaling));
  PetscFunctionReturn(0);
}

}  // namespace fpsolve
