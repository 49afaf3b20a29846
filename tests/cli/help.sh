# -help lists every fpsolve option with its default and exits 0 without writing a run file.
source "$(dirname "$0")/../support/cli_lib.sh" "$@"
rc=0
"$FPSOLVE" -help -output "$WORK/run.h5" >"$WORK/help" 2>&1 || rc=$?
[ "$rc" -eq 0 ] || fail "-help exit $rc"
[ ! -e "$WORK/run.h5" ] || fail "-help wrote a run file"
for opt in -mode -output -quiet -progress_interval -problem -problem_rhs -problem_exact -problem_bc \
  -problem_domain -dnn_widths -dnn_activation -dnn_precision -dnn_init -train_loss -train_steps \
  -train_batch -train_lr -train_beta -train_seed -train_sampling -train_record_stride \
  -hybrid_switch -sweep_switch_steps -jacobi_record_stride -jacobi_target_error -spectrum_modes \
  -spectrum_peaks -da_grid_x -ksp_type -pc_type; do
  grep -q -- "^ *$opt[ <:]" "$WORK/help" || fail "-help does not list $opt"
done
grep -qE -- "-train_steps <(now )?5000" "$WORK/help" || fail "-help shows no default for -train_steps"
# PETSc's viewer options are read after the solve, not typos: accepted.
"$FPSOLVE" -mode jacobi -da_grid_x 51 -ksp_max_it 10 -ksp_converged_reason -quiet \
  -output "$WORK/view.h5" >/dev/null 2>"$WORK/err" || fail "-ksp_converged_reason refused: $(cat "$WORK/err")"
# An options file shared between modes: another mode's options are ignored with a warning.
"$FPSOLVE" -options_file "$SRC/inputs/seed_quick.opts" -mode jacobi -da_grid_x 51 -ksp_max_it 10 \
  -quiet -output "$WORK/shared.h5" >"$WORK/out" 2>&1 || fail "shared options file refused: $(cat "$WORK/out")"
grep -q "warning: -hybrid_switch is for -mode hybrid" "$WORK/out" || fail "no warning: $(cat "$WORK/out")"
finish
