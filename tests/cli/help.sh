# -help lists fpsolve's own options (not PETSc's hundreds) with their defaults, list defaults
# whole; -help_petsc gives PETSc's full list; neither writes a run file; both exit 0.
source "$(dirname "$0")/../support/cli_lib.sh" "$@"
rc=0
"$FPSOLVE" -help -output "$WORK/run.h5" >"$WORK/help" 2>&1 || rc=$?
[ "$rc" -eq 0 ] || fail "-help exit $rc"
[ ! -e "$WORK/run.h5" ] || fail "-help wrote a run file"
for opt in -mode -output -quiet -progress_interval -problem -problem_rhs -problem_exact -problem_bc \
  -problem_domain -dnn_widths -dnn_activation -dnn_precision -dnn_init -train_loss -train_steps \
  -train_batch -train_lr -train_beta -train_seed -train_sampling -train_record_stride \
  -hybrid_switch -sweep_switch_steps -sweep_jacobi -jacobi_record_stride -jacobi_target_error \
  -spectrum_modes -spectrum_peaks -da_grid_x -ksp_type -pc_type -help_petsc \
  -fpsolve_jacobi -jacobi_check_stride -fpsolve_jacobi_halo_depth; do
  grep -q -- "^ *$opt[ <:]\| $opt\b" "$WORK/help" || fail "-help does not list $opt"
done
grep -qE -- "-train_steps <(now )?5000" "$WORK/help" || fail "-help shows no default for -train_steps"
grep -qE -- "-dnn_widths <(now )?4000,500,400 " "$WORK/help" || fail "-dnn_widths default: $(grep -- -dnn_widths "$WORK/help")"
grep -qE -- "-problem_domain <(now )?-1,1 " "$WORK/help" || fail "-problem_domain default: $(grep -- -problem_domain "$WORK/help")"
grep -qE -- "-dnn_mscale <(now )?1,2,4,8,16,32 " "$WORK/help" || fail "-dnn_mscale default: $(grep -- -dnn_mscale "$WORK/help")"
lines=$(wc -l <"$WORK/help")
[ "$lines" -lt 120 ] || fail "-help is $lines lines, want fpsolve's options only"
! grep -qE -- "-(vec_type|malloc_debug|ksp_monitor_lg|draw_pause)" "$WORK/help" || fail "-help lists PETSc's own options"
# A value given on the command line shows as the current one.
"$FPSOLVE" -help -dnn_widths 8,4 >"$WORK/help2" 2>&1 || fail "-help with options: exit $?"
grep -qE -- "-dnn_widths <now 8,4 : formerly 4000,500,400>" "$WORK/help2" || fail "-help -dnn_widths 8,4: $(grep -- -dnn_widths "$WORK/help2")"
# PETSc's full list is behind -help_petsc.
"$FPSOLVE" -help_petsc -output "$WORK/run.h5" >"$WORK/full" 2>&1 || fail "-help_petsc exit $?"
grep -q -- "-ksp_monitor" "$WORK/full" || fail "-help_petsc lacks PETSc's KSP options"
grep -q -- "-dnn_widths" "$WORK/full" || fail "-help_petsc lacks fpsolve's options"
[ ! -e "$WORK/run.h5" ] || fail "-help_petsc wrote a run file"
# PETSc's viewer options are read after the solve, not typos: accepted.
"$FPSOLVE" -mode jacobi -da_grid_x 51 -ksp_max_it 10 -ksp_converged_reason -quiet \
  -output "$WORK/view.h5" >/dev/null 2>"$WORK/err" || fail "-ksp_converged_reason refused: $(cat "$WORK/err")"
# An options file shared between modes: another mode's options are ignored with a warning.
"$FPSOLVE" -options_file "$SRC/inputs/seed_quick.opts" -mode jacobi -da_grid_x 51 -ksp_max_it 10 \
  -quiet -output "$WORK/shared.h5" >"$WORK/out" 2>&1 || fail "shared options file refused: $(cat "$WORK/out")"
grep -q "warning: -hybrid_switch is for -mode hybrid" "$WORK/out" || fail "no warning: $(cat "$WORK/out")"
finish
