#!/usr/bin/env bash
# One command from a fresh Debian 12 machine: install the stack, build, run the main demo.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
source scripts/env.sh
mkdir -p out
opts=${FPSOLVE_DEMO_OPTS:-inputs/seed_quick.opts}
echo "demo: mpiexec -n 2 build/fpsolve -options_file $opts -output out/demo.h5"
mpiexec -n 2 build/fpsolve -options_file "$opts" -output out/demo.h5 -output_overwrite
echo "demo: run file written to $(pwd)/out/demo.h5"
echo "demo: figures: postprocess/fpplot out/demo.h5 -o out/figs   layout: docs/output-format.md"
