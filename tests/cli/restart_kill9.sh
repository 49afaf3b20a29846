# kill -9 at a random moment during training, then -restart auto: the result equals an
# uninterrupted run (run file and final network state, bitwise). The moment is random (seeded
# by $RANDOM, printed for a rerun: FPSOLVE_KILL_DELAY=seconds). Whatever the kill interrupted
# (a step, a checkpoint being written, the run file), the newest complete checkpoint carries a
# complete copy of the run file, so the restart needs nothing else.
source "$(dirname "$0")/../support/cli_lib.sh" "$@"
SAME="/usr/bin/python3 $SRC/tests/cli/h5same.py"
cd "$WORK"
N=15000
RUN=(-mode hybrid -train_steps $N -hybrid_switch step:$N -dnn_widths 8,8 -train_batch 32
     -da_grid_x 33 -train_record_stride 50 -jacobi_record_stride 20 -jacobi_check_stride 20
     -ksp_max_it 300 -spectrum_peaks 2 -quiet -checkpoint_interval 500)
"$MPIEXEC" -n 2 "$FPSOLVE" "${RUN[@]}" -output ref.h5 || fail "reference run failed"
delay=${FPSOLVE_KILL_DELAY:-0.$((RANDOM % 6 + 3))$((RANDOM % 10))}
echo "kill -9 after $delay s"
"$MPIEXEC" -n 2 "$FPSOLVE" "${RUN[@]}" -output run.h5 >run.log 2>&1 &
mp=$!
sleep "$delay"
for pid in $(pgrep -P $mp || true); do kill -9 "$pid" 2>/dev/null || true; done
wait $mp || true
[ ! -e run.h5 ] || echo "note: the run finished before the kill (delay too long)"
{ ls run.h5.ckpt.* 2>/dev/null || echo "(no checkpoint before the kill)"; } | tr '\n' ' '; echo
rm -f run.h5
"$MPIEXEC" -n 2 "$FPSOLVE" "${RUN[@]}" -output run.h5 -restart auto || fail "restart failed"
$SAME ref.h5 run.h5 || fail "kill -9 + restart differs from the uninterrupted run"
last=$(ls ref.h5.ckpt.*.h5 | tail -1); last=${last##*.ckpt.}
$SAME ref.h5.ckpt.$last run.h5.ckpt.$last --only blobs/trainer ||
  fail "final network state differs"
finish
