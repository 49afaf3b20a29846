# kill -9 at a deterministic point of training, right after the k-th checkpoint became visible
# (FPSOLVE_KILL_AFTER, default 3), then -restart auto: the result equals an uninterrupted run
# (run file and final network state, bitwise). The run is long enough that the kill always
# lands in training; the test fails if the run finished first. Whatever the kill interrupted
# (a step, the next checkpoint being written, the run file), the newest complete checkpoint
# carries a complete copy of the run file, so the restart needs nothing else.
source "$(dirname "$0")/../support/cli_lib.sh" "$@"
SAME="/usr/bin/python3 $SRC/tests/cli/h5same.py"
cd "$WORK"
N=60000
RUN=(-mode hybrid -train_steps $N -hybrid_switch step:$N -dnn_widths 8,8 -train_batch 32
     -da_grid_x 33 -train_record_stride 50 -jacobi_record_stride 20 -jacobi_check_stride 20
     -ksp_max_it 300 -spectrum_peaks 2 -quiet -checkpoint_interval 2000
     -checkpoint_keep 1000)  # keep every checkpoint: on an idle machine the k-th is otherwise
                            # pruned within milliseconds, before the poll below can see it
"$MPIEXEC" -n 2 "$FPSOLVE" "${RUN[@]}" -output ref.h5 || fail "reference run failed"
k=${FPSOLVE_KILL_AFTER:-3}
"$MPIEXEC" -n 2 "$FPSOLVE" "${RUN[@]}" -output run.h5 >run.log 2>&1 &
mp=$!
ck=$(printf 'run.h5.ckpt.%06d.h5' "$k")
for _ in $(seq 600); do [ -e "$ck" ] || [ -e run.h5 ] && break; sleep 0.05; done
echo "kill -9 after checkpoint $k ($ck)"
for pid in $(pgrep -P $mp || true); do kill -9 "$pid" 2>/dev/null || true; done
wait $mp || true
[ -e "$ck" ] || fail "checkpoint $k never appeared"
[ ! -e run.h5 ] || fail "the run finished before the kill: the test proves nothing"
ls run.h5.ckpt.* 2>/dev/null | tr '\n' ' '; echo
rm -f run.h5
"$MPIEXEC" -n 2 "$FPSOLVE" "${RUN[@]}" -output run.h5 -restart auto || fail "restart failed"
$SAME ref.h5 run.h5 || fail "kill -9 + restart differs from the uninterrupted run"
last=$(ls ref.h5.ckpt.*.h5 | tail -1); last=${last##*.ckpt.}
$SAME ref.h5.ckpt.$last run.h5.ckpt.$last --only blobs/trainer ||
  fail "final network state differs"
finish
