# Bad input: exit 1, exactly one line on stderr naming the problem, no file at -output.
source "$(dirname "$0")/../support/cli_lib.sh" "$@"
check() {  # check NP EXPECTED_FRAGMENT ARGS...
  local np=$1 want=$2; shift 2
  local out="$WORK/run.h5" rc=0
  rm -f "$out" "$out.partial"
  "$MPIEXEC" -n "$np" "$FPSOLVE" -output "$out" -quiet "$@" >"$WORK/stdout" 2>"$WORK/stderr" || rc=$?
  local lines; lines=$(grep -c '^fpsolve: error:' "$WORK/stderr" || true)
  [ "$rc" -eq 1 ] || fail "[$*] exit $rc, want 1: $(head -c 300 "$WORK/stderr")"
  [ "$lines" -eq 1 ] || fail "[$*] $lines error lines, want 1: $(cat "$WORK/stderr")"
  grep -q -- "$want" "$WORK/stderr" || fail "[$*] message lacks '$want': $(cat "$WORK/stderr")"
  [ ! -e "$out" ] && [ ! -e "$out.partial" ] || fail "[$*] left a file at -output"
}
check 1 "-bogus_option" -mode jacobi -bogus_option 3
check 1 "-ksp_typo" -mode jacobi -ksp_typo cg
check 1 "-problem_rhs" -mode jacobi -problem expr -problem_rhs 'sin(x'
check 1 "-problem_exact" -mode jacobi -problem expr -problem_rhs 1 -problem_exact 'q*x'
check 1 "-mode" -mode nonsense
check 1 "-train_steps" -mode jacobi -train_steps abc
check 1 "-train_lr" -mode jacobi -train_lr -1
check 1 "-dnn_init" -mode jacobi -dnn_init normal:zero
check 1 "-hybrid_switch" -mode jacobi -hybrid_switch later
check 1 "-jacobi_target_error" -mode jacobi -problem expr -problem_rhs 1 -jacobi_target_error 1e-3
check 1 "-da_grid_x" -mode jacobi -da_grid_x 2
check 4 "too small for 4 MPI ranks" -mode jacobi -da_grid_x 3
# an unwritable -output path (a directory that does not exist)
rc=0
"$FPSOLVE" -mode jacobi -quiet -output "$WORK/missing/dir/run.h5" 2>"$WORK/stderr" || rc=$?
[ "$rc" -eq 1 ] || fail "unwritable output: exit $rc"
grep -q -- "-output" "$WORK/stderr" || fail "unwritable output: $(cat "$WORK/stderr")"
[ ! -e "$WORK/missing" ] || fail "unwritable output created something"
finish
