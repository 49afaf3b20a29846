# C++ exceptions that no layer expects (FPSOLVE_TEST_THROW, base/test_fault.hpp; out of memory)
# end in one 'fpsolve: error:' line and exit 4 (internal), with no file at -output and no
# .partial left: inside a -mode cycle correction's training step and in -mode dnn's (caught
# there), before the mode runs (caught by app/main.cpp's guard, which still tears down), on 1
# and 2 ranks; std::bad_alloc from a huge -train_batch under a 4 GB address-space limit.
# Before: the first and third aborted (std::terminate, exit 134).
source "$(dirname "$0")/../support/cli_lib.sh" "$@"
RUN=(-da_grid_x 65 -cycle_max 1 -cycle_train_steps 5 -cycle_sweeps 10 -train_steps 5 -quiet)
check() {  # check NP FAULT MESSAGE ARGS...
  local np=$1 fault=$2 want=$3; shift 3
  local out="$WORK/run.h5" rc=0
  rm -f "$out" "$out.partial"
  FPSOLVE_TEST_THROW=$fault "$MPIEXEC" -n "$np" "$FPSOLVE" "${RUN[@]}" -output "$out" "$@" \
    >"$WORK/stdout" 2>"$WORK/stderr" || rc=$?
  local lines; lines=$(grep -c '^fpsolve: error:' "$WORK/stderr" || true)
  [ "$rc" -eq 4 ] || fail "[$np $fault $*] exit $rc, want 4: $(head -c 300 "$WORK/stderr")"
  [ "$lines" -eq 1 ] || fail "[$np $fault $*] $lines error lines, want 1: $(cat "$WORK/stderr")"
  grep -q -- "^fpsolve: error: $want" "$WORK/stderr" ||
    fail "[$np $fault $*] message lacks '$want': $(cat "$WORK/stderr")"
  [ ! -e "$out" ] && [ ! -e "$out.partial" ] || fail "[$np $fault $*] left a file at -output"
}
check 1 train_step "cycle 0 training: test fault at train_step" -mode cycle
check 2 train_step "cycle 0 training: test fault at train_step" -mode cycle
check 1 train_step "training step 0: test fault at train_step" -mode dnn
check 1 execute "test fault at execute" -mode jacobi
check 2 execute "test fault at execute" -mode cycle
# Out of memory: the trainer's batch cannot be allocated (2e8 points x the net's widths).
(failures=0 && ulimit -v 4000000 && check 1 none "out of memory" -mode cycle \
  -train_batch 200000000 && [ "$failures" -eq 0 ]) || fail "out of memory: see above"
finish
