#!/usr/bin/env bash
# Strong scaling: one allocation of FPSOLVE_NODES nodes x FPSOLVE_TASKS_PER_NODE ranks runs
# the problem on P = 1, 2, 4, ... ranks (jobscripts/fpsolve_strong_scaling.sbatch); a separate
# one-core job chained with afterok draws the scaling figures.
#   FPSOLVE_NODES=4 FPSOLVE_TASKS_PER_NODE=32 jobscripts/submit_strong_scaling.sh [fpsolve options]
# The site settings (jobscripts/site.sh) are checked here first: nothing is submitted if the
# executable, the launcher or the figures' Python is missing.
# Prints "<runs job id> <figures job id>".
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export FPSOLVE_ROOT=${FPSOLVE_ROOT:-$(dirname "$here")}
source "$here/site.sh"
nodes=${FPSOLVE_NODES:-1}                  # EDIT: nodes
per_node=${FPSOLVE_TASKS_PER_NODE:-8}      # EDIT: MPI ranks per node (cores per node)
outdir=${FPSOLVE_OUTDIR:-$PWD/runs}
export FPSOLVE_OUTDIR=$outdir
site_check_run "${FPSOLVE_EXE:-$FPSOLVE_ROOT/build/fpsolve}" "$outdir"
site_check_python

runs=$(sbatch --parsable --nodes="$nodes" --ntasks-per-node="$per_node" \
  "$here/fpsolve_strong_scaling.sbatch" "$@")
runs=${runs%%;*}
post=$(FPPLOT_ARGS="--only scaling --scaling strong" \
  FPPLOT_OUTDIR=${FPPLOT_OUTDIR:-$PWD/figs/strong_$runs} \
  sbatch --parsable --dependency=afterok:"$runs" --kill-on-invalid-dep=yes \
  "$here/fpsolve_postprocess.sbatch" "$outdir/strong_${runs}_P*.h5")
echo "$runs ${post%%;*}"
