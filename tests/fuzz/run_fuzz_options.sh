#!/bin/bash
# Builds the libFuzzer target with clang (ASan + UBSan on the options/expression sources; the
# rest of fpsolve_lib from BUILD_DIR as built by gcc) and fuzzes for SECONDS.
#   tests/fuzz/run_fuzz_options.sh build-rob 600
set -euo pipefail
SRC=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$(cd "${1:?build dir}" && pwd)
SECONDS_TO_RUN=${2:-60}
command -v clang++ >/dev/null || { echo "clang++ not found: use tests/unit/test_options_fuzz.cpp"; exit 0; }
OUT=$BUILD/fuzz
mkdir -p "$OUT/corpus"
SAN="-fsanitize=fuzzer,address,undefined -fno-omit-frame-pointer -g -O1"
INC="-I$SRC/include -I$BUILD/generated -I/usr/include/hdf5/openmpi -I/usr/include/muParser $(pkg-config --cflags petsc)"
OMPI_CXX=clang++ mpicxx -std=c++17 $SAN $INC -o "$OUT/fuzz_options" \
  "$SRC/tests/fuzz/fuzz_options.cpp" "$SRC/src/app/options.cpp" "$SRC/src/app/validate.cpp" \
  "$SRC/src/app/exit_status.cpp" "$SRC/src/problem/expr_problem.cpp" \
  "$BUILD/libfpsolve_lib.a" "$BUILD/libfpsolve_nn.a" \
  $(pkg-config --libs petsc) -lhdf5_openmpi -lmuparser -lfftw3_mpi -lfftw3 -lopenblas -lm
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 ASAN_OPTIONS=detect_leaks=0
# RSS grows slowly in a long run: PETSc's options blocks keep their title and prefix when an
# error returns early from inside them (harmless in fpsolve: one ReadConfig per process), and
# ASan quarantines freed memory. Hence the raised limit.
"$OUT/fuzz_options" -max_total_time="$SECONDS_TO_RUN" -max_len=512 -rss_limit_mb=6144 "$OUT/corpus"
