# Stop signals (docs/robustness.md): SIGTERM during training and during the KSP, sent to one
# rank of two (as a partial delivery would be): exit 3 within 10 s, one "stopped" line naming
# the checkpoint, no complete-looking -output, and the checkpoint restarts to the same result as
# an uninterrupted run. Two SIGINTs in a row: the second exits at once (128+2) if the first is
# still being handled, and the last complete checkpoint stays usable. (SIGUSR1 takes the same
# path: tests/unit/test_stop_signals.cpp.)
source "$(dirname "$0")/../support/cli_lib.sh" "$@"
SAME="/usr/bin/python3 $SRC/tests/cli/h5same.py"
cd "$WORK"
TRAIN=(-mode hybrid -dnn_widths 8,8 -train_batch 32 -da_grid_x 33 -train_record_stride 20
       -jacobi_record_stride 20 -jacobi_check_stride 20 -ksp_max_it 600 -spectrum_peaks 2)
LONG=(-train_steps 1000000 -hybrid_switch step:1000000)

# start_and_signal OUT PATTERN SIGNALS ARGS...: runs 2 ranks with progress lines every 0.1 s,
# waits until stdout shows PATTERN (the stage is running) or, for file:GLOB, such a file exists,
# then sends each listed signal to rank 1's process; sets rc and secs (first signal to exit).
start_and_signal() {
  local out=$1 pattern=$2 sigs=$3; shift 3
  "$MPIEXEC" -n 2 "$FPSOLVE" -output "$out" -progress_interval 0.1 "$@" >"$out.stdout" \
    2>"$out.stderr" &
  local mp=$! target="" i
  for i in $(seq 200); do
    if [ "${pattern#file:}" != "$pattern" ]; then  # file:GLOB: wait for such a file
      compgen -G "${pattern#file:}" >/dev/null && break
    else
      grep -q -- "$pattern" "$out.stdout" 2>/dev/null && break
    fi
    sleep 0.05
  done
  target=$(pgrep -P $mp | sort -n | tail -1 || true)
  local t0; t0=$(date +%s.%N)
  for s in $sigs; do
    [ -n "$target" ] && kill -"$s" "$target" 2>/dev/null || true
    sleep 0.002
  done
  rc=0; wait $mp || rc=$?
  secs=$(echo "$(date +%s.%N) - $t0" | bc)
}
stopped_ok() {  # NAME OUT
  [ "$rc" -eq 3 ] || fail "$1: exit $rc, want 3: $(head -c 300 "$2.stderr")"
  (( $(echo "$secs < 10" | bc) )) || fail "$1: took $secs s to stop"
  grep -q "^fpsolve: stopped: SIG.* at .*last good checkpoint: .*ckpt" "$2.stderr" ||
    fail "$1: no stop line: $(cat "$2.stderr")"
  [ ! -e "$2" ] || fail "$1: left a complete-looking $2"
}

# 1. SIGTERM during training.
start_and_signal t.h5 "train  step" TERM "${TRAIN[@]}" "${LONG[@]}"
stopped_ok training t.h5
step=$(grep -o 'training step [0-9]*' t.h5.stderr | head -1 | awk '{print $3}')
[ -n "$step" ] || fail "training: no step in the message"
n=$((step + 30))
"$MPIEXEC" -n 2 "$FPSOLVE" -output t.h5 "${TRAIN[@]}" -train_steps $n -hybrid_switch step:$n \
  -quiet -restart auto || fail "training: restart failed"
"$MPIEXEC" -n 2 "$FPSOLVE" -output ref.h5 "${TRAIN[@]}" -train_steps $n -hybrid_switch step:$n -quiet ||
  fail "training: reference run failed"
$SAME ref.h5 t.h5 || fail "training: signal + restart differs from an uninterrupted run"

# 2. SIGTERM during the KSP (2e6 Jacobi iterations on 4097 points: ~3 s on an idle machine,
#    long enough for the signal to land while the KSP runs).
KSP=(-mode jacobi -da_grid_x 4097 -ksp_max_it 2000000 -jacobi_record_stride 1000
     -jacobi_check_stride 1000 -spectrum_peaks 2)
start_and_signal k.h5 "solve  it" TERM "${KSP[@]}"
if grep -q "KSP iteration" k.h5.stderr; then
  stopped_ok ksp k.h5
  "$MPIEXEC" -n 2 "$FPSOLVE" -output k.h5 "${KSP[@]}" -quiet -restart auto || fail "ksp: restart failed"
  "$MPIEXEC" -n 2 "$FPSOLVE" -output kref.h5 "${KSP[@]}" -quiet || fail "ksp: reference run failed"
  $SAME kref.h5 k.h5 || fail "ksp: signal + restart differs from an uninterrupted run"
else
  fail "ksp: the signal did not arrive during the KSP: rc $rc $(head -c 300 k.h5.stderr)"
fi

# 3. Two signals in a row (the second exits at once if the first is still being handled; signals
# that arrive together merge into one): the checkpoints written before stay valid.
# tests/unit/test_stop_signals.cpp checks the immediate exit deterministically.
start_and_signal d.h5 "file:d.h5.ckpt.*.h5" "INT INT" "${TRAIN[@]}" "${LONG[@]}" -checkpoint_interval 500
[ "$rc" -eq 130 ] || [ "$rc" -eq 3 ] || fail "double signal: exit $rc"
(( $(echo "$secs < 10" | bc) )) || fail "double signal: took $secs s"
[ ! -e d.h5 ] || fail "double signal: left a complete-looking d.h5"
newest=$(ls d.h5.ckpt.*.h5 | tail -1)
step=$(/usr/bin/python3 -c "import h5py,sys; print(h5py.File(sys.argv[1],'r')['state'].attrs['step'])" "$newest")
n=$((step + 30))
"$MPIEXEC" -n 2 "$FPSOLVE" -output d.h5 "${TRAIN[@]}" -train_steps $n -hybrid_switch step:$n \
  -quiet -restart auto >d.restart 2>&1 || fail "double signal: restart failed: $(cat d.restart)"
rows=$(/usr/bin/python3 -c "import h5py,sys; print(len(h5py.File(sys.argv[1],'r')['train/history/loss']))" d.h5)
[ "$rows" = "$n" ] || fail "double signal: restarted run file has $rows loss rows, want $n"
finish
