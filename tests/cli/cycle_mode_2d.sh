# -mode cycle in 2D (seed problem, 65^2) and 3D (17^3), fixed seeds, a small net:
#  - cycle reaches max error 2x the discretisation error; one-shot hybrid with the same net,
#    training steps and sweep budget does not;
#  - every accepted correction lowered the error energy, and the recorded energy is the true
#    one (recomputed here by a direct solve of the run's own /problem/rhs);
#  - a forced bad correction (-cycle_test_reject 1) is rejected and the next one accepted;
#  - the same cycles on 1 and 2 ranks (decisions identical, numbers to 1e-4), with candidates
#    on a coarse grid (-cycle_candidate_points 24);
#  - -cycle_start net: hybrid mode's training and switch first, its guess better than zero;
#  - 3D on 2 ranks runs and writes its records (per-shell error spectrum), candidates on a
#    coarse grid (8^3 of the 15^3 interior points).
source "$(dirname "$0")/../support/cli_lib.sh" "$@"
PY=/usr/bin/python3
CHECK="$PY $SRC/tests/cli/cycle_check.py"
NET=(-dnn_widths 100,50 -train_lr 3e-3 -train_batch 256 -train_seed 3 -quiet
     -jacobi_record_stride 100 -jacobi_check_stride 100)
# Fourier-feature input (the default sigma: the error's energy, 0.66 here): with the plain input the corrections
# lower the energy only ~3x each in 2D and the cycle needs 8 of them (docs/cycles.md).
CYCLE=(-mode cycle "${NET[@]}" -cycle_train_steps 700 -problem_dim 2 -dnn_input fourier)
cd "$WORK"
T=$($PY -c "import sys; sys.path.insert(0, '$SRC/postprocess'); from fppost import seed; print(2 * seed.discretisation_error_nd(65, 2))")
"$FPSOLVE" "${CYCLE[@]}" -da_grid_x 65 -cycle_max 12 -jacobi_target_error "$T" -output c65.h5 ||
  fail "2D cycle run failed"
$CHECK converged c65.h5 "$T" || fail "2D cycle did not reach 2x the discretisation error"
$CHECK energies c65.h5 || fail "2D energies: an accepted correction did not lower the error energy"
read -r STEPS SWEEPS < <($CHECK budget c65.h5)
SIGMA=$($PY -c "import h5py; print(h5py.File('c65.h5', 'r')['/cycle'].attrs['fourier_sigma'])")
"$FPSOLVE" -mode hybrid "${NET[@]}" -problem_dim 2 -da_grid_x 65 -train_steps "$STEPS" \
  -dnn_input fourier -dnn_fourier_sigma "$SIGMA" \
  -hybrid_switch step:"$STEPS" -ksp_max_it "$SWEEPS" -jacobi_target_error "$T" \
  -output h65.h5 || fail "2D hybrid run failed"
$CHECK not_converged h65.h5 "$T" ||
  fail "2D one-shot hybrid with $STEPS steps and $SWEEPS sweeps reached the target too"
for np in 1 2; do
  "$MPIEXEC" -n $np "$FPSOLVE" "${CYCLE[@]}" -da_grid_x 65 -cycle_max 3 -cycle_test_reject 1 \
    -cycle_candidate_points 24 \
    -output r65_np$np.h5 || fail "2D cycle run with a forced bad correction failed on $np ranks"
done
$CHECK rejected_only r65_np1.h5 1 || fail "2D: the forced bad correction was not rejected"
$CHECK same_history r65_np1.h5 r65_np2.h5 || fail "2D: 1 and 2 ranks ran different cycles"
"$FPSOLVE" "${CYCLE[@]}" -da_grid_x 65 -cycle_max 1 -cycle_start net -hybrid_switch step:700 \
  -output s65.h5 || fail "2D cycle run from a net start failed"
$CHECK started_from_net s65.h5 r65_np1.h5 700 || fail "2D: -cycle_start net"
"$MPIEXEC" -n 2 "$FPSOLVE" -mode cycle "${NET[@]}" -problem_dim 3 -da_grid_x 17 \
  -cycle_train_steps 300 -cycle_max 2 -cycle_smooth_mode 4 -cycle_candidate_points 8 \
  -output c3d.h5 || fail "3D cycle run failed"
$CHECK datasets_nd c3d.h5 3 || fail "3D cycle records"
finish
