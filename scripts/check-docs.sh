#!/usr/bin/env bash
# Checks that the numbers the docs quote from cheap runs are what the documented commands print
# now (seconds on 1 rank: Jacobi from zero at N = 1001). A doc row that no longer matches fails
# with the row as it should read. Numbers from expensive runs (training, N = 10001) name their
# command in the doc instead, and are not rerun here.
#   scripts/check-docs.sh [BUILD/fpsolve]        (ctest: doc_numbers)
set -euo pipefail
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
exe=$(realpath "${1:-$src/build/fpsolve}")
py=/usr/bin/python3
work=$(mktemp -d "${TMPDIR:-/tmp}/check-docs.XXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0

expect_row() {  # expect_row DOC ROW: the doc holds this exact line
  if grep -qxF -- "$2" "$src/$1"; then
    echo "ok: $1: $2"
  else
    echo "STALE: $1 should read: $2" >&2
    failures=$((failures + 1))
  fi
}

iterations() {  # iterations RUN.h5: the KSP's iteration count
  "$py" -c 'import h5py, sys; print(int(h5py.File(sys.argv[1])["/solve"].attrs["iterations"]))' "$1"
}

# docs/hybrid.md, from one Jacobi run to 3e-3 with the seed_quick options (what
# bench/hybrid_report.py does for its Jacobi rows): the first record at or below each max
# error, and the first record at which each tracked mode's relative error is below 0.1.
"$exe" -options_file "$src/inputs/seed_quick.opts" -mode jacobi -jacobi_target_error 3e-3 \
  -quiet -output "$work/jacobi.h5" >/dev/null  # (a warning: the file's -hybrid_switch)
rows=$("$py" - "$work/jacobi.h5" <<'EOF'
import sys
import h5py
import numpy as np
with h5py.File(sys.argv[1]) as f:
    its = f["/solve/history/iteration"][()]
    err = f["/solve/history/max_error"][()]
    mode_err = f["/spectrum/solve/peak_error"][()]
def first(e, level):
    return str(its[np.flatnonzero(e <= level)[0]])
print("| Jacobi from zero | " + " | ".join(first(err, t) + " it" for t in (3e-2, 1e-2, 3e-3)) + " |")
print("| Jacobi iteration (from zero) | "
      + " | ".join(first(mode_err[:, i], 0.0999999) for i in range(mode_err.shape[1])) + " |")
EOF
)
while IFS= read -r row; do expect_row docs/hybrid.md "$row"; done <<<"$rows"

# inputs/jacobi_seed.opts and the README: "about 1.4e5 iterations" to max error 3e-2.
"$exe" -options_file "$src/inputs/jacobi_seed.opts" -quiet -output "$work/jacobi_seed.h5"
about=$("$py" -c 'import sys; print(f"{float(sys.argv[1]):.1e}".replace("e+0", "e"))' \
  "$(iterations "$work/jacobi_seed.h5")")
for doc in README.md inputs/jacobi_seed.opts; do
  if grep -q "about $about iterations" "$src/$doc"; then
    echo "ok: $doc: about $about iterations"
  else
    echo "STALE: $doc should say: about $about iterations" >&2
    failures=$((failures + 1))
  fi
done

((failures == 0)) || { echo "$failures stale doc number(s)"; exit 1; }
echo "all doc numbers checked are current"
