# Shared by the CLI tests (sourced by tests/cli/*.sh).
# Usage in a test: source "$(dirname "$0")/../support/cli_lib.sh" "$@"
set -euo pipefail
FPSOLVE=$1
SRC=$2
WORK=$(mktemp -d "${3:-/tmp}/cli.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
MPIEXEC=${FPSOLVE_MPIEXEC:-mpiexec}
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
finish() { [ "$failures" -eq 0 ] && echo "all passed" || { echo "$failures failure(s)"; exit 1; }; }
