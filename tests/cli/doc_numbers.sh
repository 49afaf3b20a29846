# The numbers the docs quote from cheap runs are what their commands print now
# (scripts/check-docs.sh: Jacobi from zero at N = 1001, 1 rank, seconds).
source "$(dirname "$0")/../support/cli_lib.sh" "$@"
TMPDIR=$WORK bash "$SRC/scripts/check-docs.sh" "$FPSOLVE" || fail "stale doc numbers (see above)"
finish
