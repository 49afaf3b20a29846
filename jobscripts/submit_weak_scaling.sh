#!/usr/bin/env bash
# Weak scaling, one job per size: P ranks solve a grid of P * POINTS_PER_RANK points and train
# with a batch of P * BATCH_PER_RANK, so the work per rank stays fixed. A postprocessing job
# chained with --dependency=afterok on all of them draws the weak-scaling figures.
#   jobscripts/submit_weak_scaling.sh [fpsolve options...]
#   FPSOLVE_RANKS="1 2 4 8 16" POINTS_PER_RANK=100000 jobscripts/submit_weak_scaling.sh -mode jacobi
# Prints the job ids (the last one is the postprocessing job).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
read -r -a ranks <<<"${FPSOLVE_RANKS:-1 2 4 8}"   # EDIT: rank counts
points=${POINTS_PER_RANK:-1000}                     # EDIT: grid points per rank
batch=${BATCH_PER_RANK:-1000}                       # EDIT: training batch per rank
outdir=${FPSOLVE_OUTDIR:-$PWD/runs}
tag=weak_$(date +%Y%m%d_%H%M%S)

ids=()
for p in "${ranks[@]}"; do
  id=$(FPSOLVE_OUTPUT=$outdir/${tag}_P$p.h5 sbatch --parsable --job-name="fpsolve-weak-P$p" \
    --ntasks="$p" "$here/fpsolve_single.sbatch" "$@" \
    -da_grid_x $((p * points + 1)) -train_batch $((p * batch)))
  ids+=("${id%%;*}")
done
deps=$(IFS=:; echo "${ids[*]}")
post=$(FPPLOT_ARGS="--scaling weak" FPPLOT_OUTDIR=${FPPLOT_OUTDIR:-$PWD/figs/$tag} \
  sbatch --parsable --dependency=afterok:"$deps" --kill-on-invalid-dep=yes \
  "$here/fpsolve_postprocess.sbatch" "$outdir/${tag}_P*.h5")
echo "${ids[*]} ${post%%;*}"
