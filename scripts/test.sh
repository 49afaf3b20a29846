#!/usr/bin/env bash
# One command from a fresh Debian 12 machine: install the stack, build (warnings are errors),
# run the whole test suite (unit, MPI at 1/2/4 ranks, CLI, postprocessing, local SLURM).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset ci >/dev/null
cmake --build --preset ci
source scripts/env.sh
ctest --preset ci "$@"
