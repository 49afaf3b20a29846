#!/bin/bash
# The spectral bias on the photograph (image fit, docs/image-fit.md): for each input embedding,
# the training step at which each cosine shell's relative error first drops below 0.1.
# IMAGE defaults to a 64x64 box average of inputs/camera_128.h5 (the CLI test's image); net
# 2-64-64-64-1 tanh (sin for mscale), batch 1024, Adam 2e-3, seed 1, 2 ranks.
# Usage: bench/embeddings_image.sh [BUILD_DIR] [OUT_DIR] [STEPS] [IMAGE.h5]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
exe=${1:-$here/build-ci}/fpsolve
out=${2:-out/embeddings_image}
steps=${3:-1000}
mkdir -p "$out"
img=${4:-$out/camera_64.h5}
if [ ! -e "$img" ]; then
  /usr/bin/python3 - "$here/inputs/camera_128.h5" "$img" <<'PY'
import sys, h5py, numpy as np
a = h5py.File(sys.argv[1], "r")["/image"][:].astype(float)
with h5py.File(sys.argv[2], "w") as f:
    f["/image"] = np.round(a.reshape(64, 2, 64, 2).mean(axis=(1, 3))).astype(np.uint8)
PY
fi
common=(-mode fit -problem_dim 2 -fit_image "$img" -dnn_widths 64,64,64 -train_batch 1024
        -train_lr 2e-3 -train_steps "$steps" -train_record_stride 25 -train_seed 1
        -fit_image_shells 16 -quiet)
declare -A runs=(
  [plain]="-dnn_input plain"
  [fourier_s2]="-dnn_input fourier -dnn_fourier_features 64 -dnn_fourier_sigma 2"
  [fourier_s4]="-dnn_input fourier -dnn_fourier_features 64 -dnn_fourier_sigma 4"
  [mscale_sin]="-dnn_input mscale -dnn_mscale 1,2,4,8,16 -dnn_activation sin"
  [mscale_tanh]="-dnn_input mscale -dnn_mscale 1,2,4,8,16"
)
for name in plain fourier_s2 fourier_s4 mscale_sin mscale_tanh; do
  # shellcheck disable=SC2086
  OPENBLAS_NUM_THREADS=1 ${FPSOLVE_MPIEXEC:-mpiexec} -n 2 "$exe" "${common[@]}" ${runs[$name]} \
    -output "$out/$name.h5"
done
/usr/bin/python3 "$here/bench/first_below.py" --what shells \
  "$out"/{plain,fourier_s2,fourier_s4,mscale_sin,mscale_tanh}.h5
