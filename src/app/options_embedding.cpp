// Options of the input embedding (-dnn_input, -dnn_fourier_*, -dnn_mscale; docs/embeddings.md).
// They are read whatever -dnn_input is (so an options file may carry them for a later run), and
// only the chosen embedding's are used.
#include <cmath>
#include <sstream>
#include <string>

#include "fpsolve/app/config.hpp"
#include "fpsolve/base/error.hpp"

namespace fpsolve {
namespace {

const char *const kInputs[] = {"plain", "fourier", "mscale"};

}  // namespace

PetscErrorCode ReadEmbeddingOptions(MPI_Comm comm, nn::EmbeddingSpec *in) {
  PetscInt idx = (PetscInt)in->kind, features = in->features, n = 64;
  PetscReal scales[64] = {0};
  PetscBool set;
  PetscFunctionBeginUser;
  std::ostringstream def;
  for (std::size_t i = 0; i < in->scales.size() && i < 64; ++i) {
    scales[i] = in->scales[i];
    def << (i ? "," : "") << in->scales[i];
  }
  const std::string mscale_help =
      "MscaleDNN input scales a1,a2,...: the first hidden layer's neurons form equal groups, "
      "group i sees a_i x (default " +
      def.str() + ")";
  PetscOptionsBegin(comm, nullptr, "fpsolve: input embedding", "fpsolve");
  PetscCall(PetscOptionsEList("-dnn_input",
                              "How x enters the net: plain, fourier (sin/cos of 2 pi B x), "
                              "mscale (MscaleDNN scaled first layer)",
                              "", kInputs, 3, kInputs[idx], &idx, nullptr));
  PetscCall(PetscOptionsBoundedInt("-dnn_fourier_features",
                                   "fourier: number M of random frequencies (2M inputs)", "",
                                   features, &features, nullptr, 1));
  PetscCall(PetscOptionsReal(
      "-dnn_fourier_sigma",
      "fourier: standard deviation of the frequency matrix B's entries (-mode cycle "
      "without it: the error's energy-weighted frequency, docs/cycles.md)",
      "", in->sigma, &in->sigma, nullptr));
  PetscCall(DeclareListOption("-dnn_mscale", mscale_help.c_str(), def.str(), PetscOptionsObject));
  PetscCall(PetscOptionsGetRealArray(nullptr, nullptr, "-dnn_mscale", scales, &n, &set));
  PetscOptionsEnd();
  in->kind = (nn::InputKind)idx;
  in->features = (int)features;
  if (set) {
    PetscCheck(n > 0, comm, kErrBadInput, "-dnn_mscale: expected a comma-separated list of scales");
    in->scales.assign(scales, scales + n);
  }
  PetscCheck(in->sigma > 0 && std::isfinite(in->sigma), comm, kErrBadInput,
             "-dnn_fourier_sigma %g: must be finite and > 0", (double)in->sigma);
  for (double a : in->scales)
    PetscCheck(a > 0 && std::isfinite(a), comm, kErrBadInput,
               "-dnn_mscale: scale %g must be finite and > 0", a);
  PetscFunctionReturn(0);
}

}  // namespace fpsolve
