#!/usr/bin/env bash
# Submit the switch sweep (job array) and, chained with --dependency=afterok, the figures.
#   jobscripts/submit_sweep.sh [sbatch options for the array --] [fpsolve options...]
#   FPSOLVE_SWITCHES="jacobi dnn step:200 step:400" jobscripts/submit_sweep.sh -n 2 -- -train_steps 600
# Prints "<array job id> <postprocessing job id>". Same environment as the jobscripts.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
sbatch_opts=()
if [[ " $* " == *" -- "* ]]; then
  while [[ $1 != -- ]]; do sbatch_opts+=("$1"); shift; done
  shift
fi
read -r -a switches <<<"${FPSOLVE_SWITCHES:-jacobi dnn step:500 step:1000 step:2000}"
export FPSOLVE_SWITCHES="${switches[*]}"
outdir=${FPSOLVE_OUTDIR:-$PWD/runs}

array=$(sbatch --parsable --array=0-$((${#switches[@]} - 1)) "${sbatch_opts[@]}" \
  "$here/fpsolve_sweep_array.sbatch" "$@")
array=${array%%;*}  # "id;cluster" on multi-cluster sites
post=$(sbatch --parsable --dependency=afterok:"$array" --kill-on-invalid-dep=yes \
  "$here/fpsolve_postprocess.sbatch" "$outdir/sweep_${array}_*.h5")
echo "$array ${post%%;*}"
