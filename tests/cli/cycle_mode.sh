# -mode cycle on the seed problem at N = 129 (and 257), fixed seeds, a small net:
#  - cycle reaches max error 2x the discretisation error (2 x 8.547e-4 at N = 129); one-shot
#    hybrid with the same training steps and the same sweep budget does not;
#  - every accepted correction lowered the error energy, and the recorded energy is the true one
#    (recomputed here from /solution/u by a direct solve);
#  - a forced bad correction (-cycle_test_reject 1) is rejected, leaves the iterate alone, and
#    the run still reaches the target;
#  - cycle needs far fewer sweeps than Jacobi from zero at N = 129 and 257 (the exponents of
#    both in N are printed; docs/cycles.md says why they are alike with a fixed net).
source "$(dirname "$0")/../support/cli_lib.sh" "$@"
PY=/usr/bin/python3
CHECK="$PY $SRC/tests/cli/cycle_check.py"
NET=(-dnn_widths 100,50 -train_lr 3e-3 -train_batch 256 -train_seed 3 -quiet
     -jacobi_record_stride 100 -jacobi_check_stride 100)
CYCLE=(-mode cycle "${NET[@]}" -cycle_train_steps 700 -cycle_max 12 -cycle_smooth_mode 8)
target() { $PY -c "import sys; sys.path.insert(0, '$SRC/postprocess'); from fppost import seed; print(2 * seed.discretisation_error($1))"; }
cd "$WORK"
T129=$(target 129)
T257=$(target 257)
"$FPSOLVE" "${CYCLE[@]}" -da_grid_x 129 -jacobi_target_error "$T129" -output c129.h5 ||
  fail "cycle run failed"
$CHECK converged c129.h5 "$T129" || fail "cycle did not reach 2x the discretisation error"
$CHECK energies c129.h5 || fail "energies: an accepted correction did not lower the error energy"
read -r STEPS SWEEPS < <($CHECK budget c129.h5)
"$FPSOLVE" -mode hybrid "${NET[@]}" -da_grid_x 129 -train_steps "$STEPS" \
  -hybrid_switch step:"$STEPS" -ksp_max_it "$SWEEPS" -jacobi_target_error "$T129" \
  -output h129.h5 || fail "hybrid run failed"
$CHECK not_converged h129.h5 "$T129" ||
  fail "one-shot hybrid with $STEPS steps and $SWEEPS sweeps reached the target too"
"$FPSOLVE" "${CYCLE[@]}" -da_grid_x 129 -jacobi_target_error "$T129" -cycle_test_reject 1 \
  -output r129.h5 || fail "cycle run with a forced bad correction failed"
$CHECK rejected r129.h5 1 "$T129" || fail "the forced bad correction was not rejected"
"$FPSOLVE" "${CYCLE[@]}" -da_grid_x 257 -jacobi_target_error "$T257" -output c257.h5 ||
  fail "cycle run at 257 failed"
for n in 129 257; do
  t=$(eval echo \$T$n)
  "$FPSOLVE" -mode jacobi -da_grid_x $n -jacobi_target_error "$t" -quiet \
    -jacobi_record_stride 100 -jacobi_check_stride 100 -output j$n.h5 || fail "jacobi $n failed"
done
$CHECK scaling c129.h5 c257.h5 j129.h5 j257.h5 || fail "cycle sweeps not clearly below Jacobi's"
finish
