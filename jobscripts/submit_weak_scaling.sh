#!/usr/bin/env bash
# Weak scaling, one job per size: P ranks solve a grid of P * POINTS_PER_RANK points and train
# with a batch of P * BATCH_PER_RANK, so the work per rank stays fixed (inputs/scaling.opts:
# fixed step and iteration counts, no target error). A separate one-core job chained with
# afterok on all of them draws the weak-scaling figures.
#   FPSOLVE_NODES="1 2 4 8" FPSOLVE_TASKS_PER_NODE=32 jobscripts/submit_weak_scaling.sh
#   FPSOLVE_RANKS="1 2 4 8" jobscripts/submit_weak_scaling.sh -mode jacobi   # within one node
# The site settings (jobscripts/site.sh) are checked here first: nothing is submitted if the
# executable, the launcher or the figures' Python is missing.
# Prints the job ids (the last one is the figures job).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export FPSOLVE_ROOT=${FPSOLVE_ROOT:-$(dirname "$here")}
source "$here/site.sh"
export FPSOLVE_OPTS=${FPSOLVE_OPTS:--options_file $FPSOLVE_ROOT/inputs/scaling.opts}
points=${POINTS_PER_RANK:-100000}           # EDIT: grid points per rank
batch=${BATCH_PER_RANK:-1000}               # EDIT: training batch per rank
per_node=${FPSOLVE_TASKS_PER_NODE:-}        # EDIT: ranks per node (with FPSOLVE_NODES)
outdir=${FPSOLVE_OUTDIR:-$PWD/runs}
tag=weak_$(date +%Y%m%d_%H%M%S)
site_check_run "${FPSOLVE_EXE:-$FPSOLVE_ROOT/build/fpsolve}" "$outdir"
site_check_python

shapes=()  # "P sbatch-shape-options"
if [[ -n ${FPSOLVE_NODES:-} ]]; then
  [[ -n $per_node ]] || site_die "FPSOLVE_NODES needs FPSOLVE_TASKS_PER_NODE"
  for n in $FPSOLVE_NODES; do shapes+=("$((n * per_node)) --nodes=$n --ntasks-per-node=$per_node"); done
else
  for p in ${FPSOLVE_RANKS:-1 2 4 8}; do shapes+=("$p --nodes=1 --ntasks=$p"); done
fi
ids=()
for shape in "${shapes[@]}"; do
  read -r p sbatch_shape <<<"$shape"
  read -r -a sbatch_shape <<<"$sbatch_shape"
  id=$(FPSOLVE_OUTPUT=$outdir/${tag}_P$p.h5 sbatch --parsable --job-name="fpsolve-weak-P$p" \
    "${sbatch_shape[@]}" "$here/fpsolve_single.sbatch" "$@" \
    -da_grid_x $((p * points + 1)) -train_batch $((p * batch)))
  ids+=("${id%%;*}")
done
deps=$(IFS=:; echo "${ids[*]}")
post=$(FPPLOT_ARGS="--only scaling --scaling weak" FPPLOT_OUTDIR=${FPPLOT_OUTDIR:-$PWD/figs/$tag} \
  sbatch --parsable --dependency=afterok:"$deps" --kill-on-invalid-dep=yes \
  "$here/fpsolve_postprocess.sbatch" "$outdir/${tag}_P*.h5")
echo "${ids[*]} ${post%%;*}"
