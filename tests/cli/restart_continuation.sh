# Restart continues bit-identically (same rank count): 200 training steps straight vs 100 +
# checkpoint + restart + 100, and likewise from a checkpoint inside the KSP after the switch;
# at 1 and 2 ranks. The run files (every dataset but wall-clock times), the final network state
# (params, Adam moments, step) and the KSP iterate in the last checkpoints must match bitwise.
# A different rank count continues correctly (not bitwise): hybrid 1 -> 2 ranks, dnn 2 -> 1 and 4.
source "$(dirname "$0")/../support/cli_lib.sh" "$@"
SAME="/usr/bin/python3 $SRC/tests/cli/h5same.py"
RUN=(-mode hybrid -hybrid_switch step:200 -train_steps 200 -dnn_widths 8,8 -train_batch 32
     -da_grid_x 33 -train_record_stride 20 -jacobi_record_stride 20 -jacobi_check_stride 20
     -ksp_max_it 600 -spectrum_peaks 2 -quiet -checkpoint_interval 50 -checkpoint_keep 100)
cd "$WORK"
for np in 1 2; do
  d="np$np"; mkdir "$d"
  "$MPIEXEC" -n $np "$FPSOLVE" "${RUN[@]}" -output $d/a.h5 || fail "np $np: straight run failed"
  # Checkpoints: 1-4 at steps 50..200 (the last one at the switch), then in the KSP at the first
  # check point (multiple of 20) 50 iterations after the previous one: 5 at 60, 6 at 120, ...
  last=$(ls $d/a.h5.ckpt.*.h5 | tail -1); last=${last##*.ckpt.}
  [ -e $d/a.h5.ckpt.000002.h5 ] && [ -e $d/a.h5.ckpt.000006.h5 ] || fail "np $np: checkpoints missing"
  for from in 000002 000006; do  # step 100 (training), a KSP iteration after the switch
    out=$d/b$from.h5
    "$MPIEXEC" -n $np "$FPSOLVE" "${RUN[@]}" -output $out -restart $d/a.h5.ckpt.$from.h5 ||
      fail "np $np: restart from $from failed"
    $SAME $d/a.h5 $out || fail "np $np: run file after restart from $from differs"
    $SAME $d/a.h5.ckpt.$last $out.ckpt.$last --only blobs/trainer,fields/iterate ||
      fail "np $np: final network state or KSP iterate after restart from $from differs"
  done
done
# Time-based checkpoints (every 2 ms: wherever they fall) restart bit-identically too.
"$FPSOLVE" "${RUN[@]}" -output np1/t.h5 -checkpoint_interval 0.002s || fail "time-based run failed"
first=$(ls np1/t.h5.ckpt.*.h5 | head -1)
"$FPSOLVE" "${RUN[@]}" -output np1/tr.h5 -restart "$first" || fail "restart from $first failed"
$SAME np1/a.h5 np1/tr.h5 || fail "restart from the time-based $first differs"
# Another rank count: the 1-rank checkpoint at step 100 continued on 2 ranks (not bitwise: the
# gradient sums are ordered differently), close to the 1-rank run.
"$MPIEXEC" -n 2 "$FPSOLVE" "${RUN[@]}" -output np1/c.h5 -restart np1/a.h5.ckpt.000002.h5 ||
  fail "restart on another rank count failed"
$SAME np1/a.h5 np1/c.h5 --close 1e-3 --only train/history/loss,solution/u ||
  fail "restart on another rank count diverged from the 1-rank run"
# -mode dnn: a 2-rank checkpoint at step 100 continued on 1 and on 4 ranks (oversubscribed),
# close to the 2-rank run: losses, recorded errors and the net on the grid to 1e-4.
DNN=(-mode dnn -train_steps 200 -dnn_widths 8,8 -train_batch 32 -da_grid_x 33
     -train_record_stride 20 -spectrum_peaks 2 -quiet -checkpoint_interval 50 -checkpoint_keep 100)
mkdir dnn
"$MPIEXEC" -n 2 "$FPSOLVE" "${DNN[@]}" -output dnn/a.h5 || fail "dnn: 2-rank run failed"
for np in 1 4; do
  "$MPIEXEC" -n $np "$FPSOLVE" "${DNN[@]}" -output dnn/r$np.h5 -restart dnn/a.h5.ckpt.000002.h5 ||
    fail "dnn: restart of the 2-rank checkpoint on $np ranks failed"
  $SAME dnn/a.h5 dnn/r$np.h5 --close 1e-4 \
    --only train/history/step,train/history/loss,train/record/max_error,solution/u ||
    fail "dnn: restart on $np ranks diverged from the 2-rank run"
done
finish
