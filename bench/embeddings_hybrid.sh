#!/bin/bash
# The hybrid with embedded inputs (1D seed, 1001 points): one training per input, Jacobi
# (Richardson + Jacobi, scale 1) continued from snapshots at several steps until max error
# <= 1e-2; prints the sweeps from each snapshot and the best (sweep mode). Jacobi from zero
# needs 196529 sweeps to 1e-2 on this grid.
# Usage: bench/embeddings_hybrid.sh [BUILD_DIR] [OUT_DIR]   (a few minutes on 2 cores)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
exe=${1:-$here/build-ci}/fpsolve
out=${2:-out/embeddings_hybrid}
mkdir -p "$out"
common=(-mode sweep -problem seed -da_grid_x 1001 -dnn_widths 200,100,50 -train_lr 1e-3
        -train_batch 1000 -train_seed 0 -train_steps 2000 -train_record_stride 100
        -sweep_switch_steps 250,500,1000,1500,2000 -jacobi_target_error 1e-2 -quiet)
declare -A runs=(
  [plain]="-dnn_input plain"
  [fourier]="-dnn_input fourier -dnn_fourier_features 32 -dnn_fourier_sigma 2"
  [mscale_sin]="-dnn_input mscale -dnn_mscale 1,2,4,8,16 -dnn_activation sin"
)
for name in plain fourier mscale_sin; do
  # shellcheck disable=SC2086
  OPENBLAS_NUM_THREADS=1 "$exe" "${common[@]}" ${runs[$name]} -output "$out/$name.h5"
done
/usr/bin/python3 - "$out" <<'PY'
import sys, os, h5py
print("| input | sweeps to 1e-2 from the snapshot at step ... | best | training s |")
print("|---|---|---|---|")
for name in ["plain", "fourier", "mscale_sin"]:
    f = h5py.File(os.path.join(sys.argv[1], name + ".h5"), "r")
    cells, best = [], None
    for m in sorted(f["/sweep"]):
        a = f[f"/sweep/{m}/solve"].attrs
        s, its, err = int(f[f"/sweep/{m}"].attrs["switch_step"]), int(a["iterations"]), float(a["final_max_error"])
        ok = err <= 1e-2
        cells.append(f"{s}: {its}" + ("" if ok else " (not reached)"))
        if ok and (best is None or its < best):
            best = its
    print(f"| {name} | {', '.join(cells)} | {best} | {float(f['/train'].attrs['seconds']):.0f} |")
PY
