#!/bin/bash
# The spectral bias on the 1D seed problem, moved by the input embeddings: for each input, the
# training step at which each tracked DST mode's relative error first drops below 0.1 (dnn mode,
# Ritz loss, net 1-64-32-1, Adam 1e-3, batch 1000, seed 0, 3000 steps, a record every 50 steps).
# Usage: bench/embeddings_seed.sh [BUILD_DIR] [OUT_DIR]   (about 1 minute per run on one core)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
exe=${1:-$here/build-ci}/fpsolve
out=${2:-out/embeddings_seed}
mkdir -p "$out"
common=(-mode dnn -problem seed -da_grid_x 1001 -dnn_widths 64,32 -train_loss ritz -train_lr 1e-3
        -train_batch 1000 -train_seed 0 -train_steps 3000 -train_record_stride 50
        -spectrum_modes 2,4,8,14,16,24,32 -quiet)
declare -A runs=(
  [plain]="-dnn_input plain"
  [plain_sin]="-dnn_input plain -dnn_activation sin"
  [fourier_s1]="-dnn_input fourier -dnn_fourier_features 32 -dnn_fourier_sigma 1"
  [fourier_s2]="-dnn_input fourier -dnn_fourier_features 32 -dnn_fourier_sigma 2"
  [fourier_s4]="-dnn_input fourier -dnn_fourier_features 32 -dnn_fourier_sigma 4"
  [mscale_1_16]="-dnn_input mscale -dnn_mscale 1,2,4,8,16"
  [mscale_1_16_sin]="-dnn_input mscale -dnn_mscale 1,2,4,8,16 -dnn_activation sin"
)
for name in plain plain_sin fourier_s1 fourier_s2 fourier_s4 mscale_1_16 mscale_1_16_sin; do
  # shellcheck disable=SC2086
  OPENBLAS_NUM_THREADS=1 "$exe" "${common[@]}" ${runs[$name]} -output "$out/$name.h5"
done
/usr/bin/python3 "$here/bench/first_below.py" --what modes "$out"/*.h5
