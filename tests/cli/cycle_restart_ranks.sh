# -mode cycle restarted on another rank count (docs/robustness.md, "Another rank count"), and the
# cycles on 4 ranks (oversubscribed on 2 cores):
#  - 1D (N = 65, target 2x the discretisation error): an uninterrupted run on 2 ranks with
#    checkpoints; its checkpoint in cycle 1's smoothing sweeps restarted on 1 rank, the one in
#    cycle 0's training on 4 ranks (nearly the whole run on 4 ranks). Each reaches the target,
#    keeps the checkpoint's history bitwise, continues it without gaps (cycles, running totals of
#    sweeps and steps, solve iterations, one loss per step) and makes the same decisions as the
#    2-rank run with the same numbers to 1e-6: a double-precision net, so what differs is only
#    the order of the gradient and residual sums (measured 4e-10 after 1700 steps on 4 ranks; a
#    single-precision net drifts further, docs/robustness.md);
#  - 2D (33^2, -ksp_rtol 1e-5, a forced bad correction): accepted, rejected, accepted with twice
#    the steps (then, as measured, finished by sweeps); restarted on 4 ranks in cycle 0's
#    training and on 1 rank in cycle 2's (after the rejection: the adapted schedule continues),
#    likewise, numbers to 1e-4 (cycle_mode_2d.sh's 1-vs-2-rank tolerance);
#  - the 1D checkpoint in the sweeps restarted on 2 ranks: bitwise the uninterrupted run (a
#    restart between corrections with an MscaleDNN net once failed at any rank count);
#  - -cycle_train_steps auto: a restart on 4 ranks measures the seconds per sweep again, one on 2
#    keeps the checkpoint's and is bitwise the uninterrupted run (from a checkpoint in the
#    finishing sweeps after damped smoothing);
#  - each restart says that the rank count changed; a checkpoint whose -train_batch is below the
#    new rank count is refused (exit 1, one line, nothing at -output).
source "$(dirname "$0")/../support/cli_lib.sh" "$@"
PY=/usr/bin/python3
CHECK="$PY $SRC/tests/cli/restart_ranks_check.py"
SAME="$PY $SRC/tests/cli/h5same.py"
cd "$WORK"
# wheres DIR: "checkpoint<TAB>where it was taken" for each checkpoint of DIR/a.h5 (one python);
# checkpoint DIR PATTERN: the first whose where matches PATTERN.
wheres() {
  $PY -c "
import glob, sys, h5py
for f in sorted(glob.glob(sys.argv[1] + '/a.h5.ckpt.*.h5')):
    print(f, h5py.File(f)['state'].attrs['where'].decode(), sep='\t')" "$1" >"$1/wheres"
}
checkpoint() { grep -m1 -E -- $'\t'"$2" "$1/wheres" | cut -f1 || true; }
# restart DIR NP PATTERN KIND VALUE RTOL -- ARGS...: restart DIR/a.h5's checkpoint at PATTERN on
# NP ranks, then check it (restart_ranks_check.py continued: converged to KIND VALUE, the history
# continued, the numbers to RTOL).
restart() {
  local d=$1 np=$2 pattern=$3 kind=$4 value=$5 rtol=$6 ck; shift 7
  ck=$(checkpoint "$d" "$pattern")
  [ -n "$ck" ] || { fail "$d: no checkpoint in '$pattern'"; return; }
  local out="$d/r${np}_${ck##*.ckpt.}"
  "$MPIEXEC" -n "$np" "$FPSOLVE" "$@" -output "$out" -restart "$ck" -progress_interval 1000 \
    >"$out.stdout" || { fail "$d: restart on $np ranks from $ck failed"; return; }
  local note="fpsolve: the checkpoint was written on 2 ranks, this run has $np: it continues"
  [ "$(grep -c "^$note correctly, not bit-identically$" "$out.stdout")" -eq 1 ] ||
    fail "$d: no line naming the change of rank count: $(head -c 300 "$out.stdout")"
  $CHECK continued "$d/a.h5" "$out" "$ck" "$np" "$rtol" "$kind" "$value" ||
    fail "$d: restart on $np ranks from $ck: not converged, or not the same continued history"
}

T=$($PY -c "import sys; sys.path.insert(0, '$SRC/postprocess'); from fppost import seed; print(2 * seed.discretisation_error(65))")
ONE=(-mode cycle -da_grid_x 65 -dnn_widths 64,32 -dnn_input mscale -dnn_activation sin
     -dnn_precision double -train_lr 3e-3 -train_batch 128 -train_seed 3 -cycle_train_steps 300
     -cycle_max 12 -jacobi_target_error "$T" -jacobi_record_stride 10 -jacobi_check_stride 10
     -checkpoint_interval 50 -checkpoint_keep 1000)
mkdir d1
"$MPIEXEC" -n 2 "$FPSOLVE" "${ONE[@]}" -quiet -output d1/a.h5 || fail "1D: 2-rank run failed"
wheres d1
restart d1 4 "cycle 0, training step 100 " target "$T" 1e-6 -- "${ONE[@]}"
restart d1 1 "cycle 1, sweep" target "$T" 1e-6 -- "${ONE[@]}"
# The same checkpoint on 2 ranks: bitwise the uninterrupted run. (Restarts between corrections
# once failed with -dnn_input mscale: the net was loaded into one made before the cut-off band
# set its scales.)
ck=$(checkpoint d1 "cycle 1, sweep")
"$MPIEXEC" -n 2 "$FPSOLVE" "${ONE[@]}" -quiet -output d1/same.h5 -restart "$ck" ||
  fail "1D: restart on 2 ranks failed"
$SAME d1/a.h5 d1/same.h5 || fail "1D: restart on 2 ranks differs from the uninterrupted run"

TWO=(-mode cycle -problem_dim 2 -da_grid_x 33 -dnn_widths 32,32 -dnn_input fourier
     -train_lr 3e-3 -train_batch 128 -train_seed 3 -cycle_train_steps 200 -cycle_max 8
     -ksp_rtol 1e-5 -cycle_test_reject 1 -jacobi_record_stride 10 -jacobi_check_stride 10
     -checkpoint_interval 100 -checkpoint_keep 1000)
mkdir d2
"$MPIEXEC" -n 2 "$FPSOLVE" "${TWO[@]}" -quiet -output d2/a.h5 || fail "2D: 2-rank run failed"
wheres d2
accepted=$($PY -c "import h5py; print(*h5py.File('d2/a.h5')['cycle/history/accepted'][()])")
[ "${accepted:0:5}" = "1 0 1" ] ||
  fail "2D: the 2-rank run did not accept, reject, accept: $accepted"
restart d2 4 "cycle 0, training step 100 " rtol 1e-5 1e-4 -- "${TWO[@]}"
restart d2 1 "cycle 2, training step 300 " rtol 1e-5 1e-4 -- "${TWO[@]}"

# -cycle_train_steps auto: a restart on another rank count measures the seconds per sweep
# again (its train-or-finish model), one on the same count keeps the checkpoint's (bitwise).
# The run finishes by sweeps after damped smoothing: its checkpoint is in the finishing sweeps
# (they once lost their records, checkpoints and signal polls after a damped solve).
AUTO=(-mode cycle -da_grid_x 65 -dnn_widths 16 -train_batch 16 -cycle_train_steps auto
      -jacobi_target_error "$T" -jacobi_record_stride 10 -jacobi_check_stride 10 -quiet
      -checkpoint_interval 400 -checkpoint_keep 100)
mkdir d4
"$MPIEXEC" -n 2 "$FPSOLVE" "${AUTO[@]}" -output d4/a.h5 || fail "auto: 2-rank run failed"
for np in 2 4; do
  "$MPIEXEC" -n $np "$FPSOLVE" "${AUTO[@]}" -output d4/r$np.h5 -restart d4/a.h5.ckpt.000001.h5 ||
    fail "auto: restart on $np ranks failed"
done
$SAME d4/a.h5 d4/r2.h5 || fail "auto: restart on 2 ranks differs from the uninterrupted run"
$PY - <<'PY' || fail "auto: seconds per sweep not measured again on 4 ranks, or not kept on 2"
import h5py
state = h5py.File("d4/a.h5.ckpt.000001.h5")["state"].attrs
assert state["cycle_phase"] == 1, "the checkpoint is not in the finishing sweeps"
ck = state["cycle_seconds_per_sweep"]
t = {n: h5py.File(f"d4/r{n}.h5")["cycle"].attrs["seconds_per_sweep"] for n in (2, 4)}
print(f"seconds per sweep: checkpoint {ck:.3e}, restarted on 2 ranks {t[2]:.3e}, on 4 {t[4]:.3e}")
assert t[2] == ck and t[4] != ck
PY

# -train_batch 3 on 2 ranks cannot continue on 4 (the batch is split over the ranks and a
# restart must keep it): refused before anything is written.
SMALL=(-mode cycle -da_grid_x 17 -dnn_widths 8 -train_batch 3 -cycle_train_steps 20 -cycle_sweeps 20
       -cycle_max 2 -spectrum_peaks 2 -jacobi_record_stride 10 -jacobi_check_stride 10 -quiet
       -checkpoint_interval 10 -checkpoint_keep 100)
mkdir d3
"$MPIEXEC" -n 2 "$FPSOLVE" "${SMALL[@]}" -output d3/a.h5 || fail "small-batch run failed"
wheres d3
ck=$(checkpoint d3 "cycle 0, training")
rc=0
"$MPIEXEC" -n 4 "$FPSOLVE" "${SMALL[@]}" -output d3/x.h5 -restart "$ck" 2>d3/x.stderr || rc=$?
[ "$rc" -eq 1 ] || fail "small batch on 4 ranks: exit $rc, want 1"
[ "$(grep -c '^fpsolve: error: -train_batch: must be at least the number of MPI ranks (4), got 3$' \
  d3/x.stderr)" -eq 1 ] || fail "small batch on 4 ranks: $(head -c 300 d3/x.stderr)"
[ ! -e d3/x.h5 ] && [ ! -e d3/x.h5.partial ] || fail "small batch on 4 ranks: left a file"
finish
