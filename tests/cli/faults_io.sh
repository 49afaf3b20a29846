# Faults a cluster produces (docs/robustness.md): -output that is not a regular file, an
# existing output, a second run with the same -output (lock), and a full disk (a small tmpfs,
# as root) for the run file and for the checkpoints on 1 and 2 ranks. Each: the exit code, one
# "fpsolve: error:" line naming the cause, no complete-looking file, and the last complete
# checkpoint restarts bit-identically to an uninterrupted run.
source "$(dirname "$0")/../support/cli_lib.sh" "$@"
SAME="/usr/bin/python3 $SRC/tests/cli/h5same.py"
cd "$WORK"
expect() {  # expect CODE FRAGMENT LOG
  local rc=$1 want=$2 log=$3 got
  got=$(grep -c '^fpsolve: error:' "$log" || true)
  [ "$got" -eq 1 ] || fail "[$want] $got error lines: $(head -c 400 "$log")"
  grep -q -- "$want" "$log" || fail "[$want] message: $(grep '^fpsolve' "$log" | head -2)"
}
J=(-mode jacobi -da_grid_x 33 -ksp_max_it 200 -jacobi_record_stride 10 -spectrum_peaks 2 -quiet)

# --- 3. not a regular file, too long a name, an existing run file ---------------------------
mkdir dir.h5
rc=0; "$FPSOLVE" "${J[@]}" -output dir.h5 -output_overwrite 2>log || rc=$?
[ $rc -eq 1 ] || fail "directory -output: exit $rc"; expect 1 "is a directory" log
[ -d dir.h5 ] && [ ! -e dir.h5.partial ] || fail "directory -output was touched"
rc=0; "$FPSOLVE" "${J[@]}" -output /dev/null -output_overwrite 2>log || rc=$?
[ $rc -eq 1 ] || fail "/dev/null -output: exit $rc"; expect 1 "character device" log
[ -c /dev/null ] && [ ! -e /dev/null.partial ] || fail "/dev/null was replaced"
long=$(printf 'x%.0s' $(seq 240)).h5
rc=0; "$FPSOLVE" "${J[@]}" -output "$long" 2>log || rc=$?
[ $rc -eq 1 ] || fail "240-character -output: exit $rc"; expect 1 "leave room for its checkpoint" log
"$FPSOLVE" "${J[@]}" -output done.h5 >log 2>&1 || fail "plain run failed"
cp done.h5 done.copy
rc=0; "$FPSOLVE" "${J[@]}" -output done.h5 2>log || rc=$?
[ $rc -eq 1 ] || fail "existing -output: exit $rc"; expect 1 "not overwritten without -output_overwrite" log
cmp -s done.h5 done.copy || fail "an existing run file was changed"
"$FPSOLVE" "${J[@]/-quiet/-progress_interval}" 5 -output done.h5 -output_overwrite >log 2>&1 ||
  fail "-output_overwrite refused"
grep -q "^fpsolve: wrote done.h5" log || fail "the written path is not printed: $(tail -2 log)"

# --- 1. two runs with the same -output ------------------------------------------------------
N=(-mode dnn -dnn_widths 8 -train_batch 16 -da_grid_x 33 -train_record_stride 50
   -spectrum_peaks 2 -quiet -checkpoint_interval 100)
"$FPSOLVE" "${N[@]}" -train_steps 10000000 -checkpoint_keep 100000 -output same.h5 2>a.log &
first=$!
for _ in $(seq 200); do [ -e same.h5.ckpt.000001.h5 ] && break; sleep 0.1; done
[ -e same.h5.ckpt.000001.h5 ] || fail "the first run wrote no checkpoint in 20 s"
for np in 1 2; do
  rc=0; "$MPIEXEC" -n $np "$FPSOLVE" "${N[@]}" -train_steps 300 -output same.h5 -output_overwrite \
    2>log || rc=$?
  [ $rc -eq 1 ] || fail "second writer on $np ranks: exit $rc"
  expect 1 "in use by another run (pid $first holds same.h5.lock)" log
done
[ -s same.h5.partial ] || fail "the first run's partial file is gone"
kill -TERM $first; rc=0; wait $first || rc=$?
[ $rc -eq 3 ] || fail "first run: exit $rc after SIGTERM, want 3"
"$FPSOLVE" "${N[@]}" -train_steps 300 -output ref.h5 || fail "reference run failed"
"$FPSOLVE" "${N[@]}" -train_steps 300 -output again.h5 -restart same.h5.ckpt.000001.h5 ||
  fail "restart from the first run's checkpoint failed"
$SAME ref.h5 again.h5 || fail "restart after the refused second writer differs"
/usr/bin/python3 -c "import h5py,sys; a=h5py.File('again.h5').attrs; o, r = str(a['options']), str(a['restart_options']); sys.exit(not ('-train_steps 10000000' in o and '-train_steps 300' in r and 'same.h5.ckpt.000001.h5' in r))" ||
  fail "the restarted run file does not record the first run's and the restart's options"

# --- 5. what used to crash or hang: -da_grid_x 3, a garbage options file on 2 ranks --------
"$FPSOLVE" -mode hybrid -da_grid_x 3 -spectrum_peaks 1 -dnn_widths 4 -train_steps 20 -quiet \
  -output tiny.h5 || fail "-da_grid_x 3: exit $?"
printf 'mode jacobi\n' >garbage.opts
rc=0; timeout 60 "$MPIEXEC" -n 2 "$FPSOLVE" -options_file garbage.opts "${J[@]}" -output g.h5 \
  2>log || rc=$?
[ $rc -eq 1 ] || fail "garbage options file on 2 ranks: exit $rc (124: hung)"
expect 1 "garbage.opts: line 1" log

# --- 2. full disk: the checkpoints, then the run file, on 1 and 2 ranks --------------------
mkdir full
if [ "$(id -u)" -ne 0 ] || ! mount -t tmpfs -o size=3m tmpfs full 2>/dev/null; then
  echo "SKIP full-disk cases: mounting a tmpfs needs root (uid $(id -u))"
  finish
  exit 0
fi
trap 'umount "$WORK/full" 2>/dev/null; rm -rf "$WORK"' EXIT
H=(-mode hybrid -dnn_widths 16 -train_steps 200 -hybrid_switch step:200 -da_grid_x 2001
   -train_record_stride 10 -spectrum_full_every 1 -ksp_max_it 10 -quiet -checkpoint_interval 20
   -checkpoint_keep 2)
"$FPSOLVE" "${H[@]}" -output href1.h5 || fail "full-disk reference run failed"
"$MPIEXEC" -n 2 "$FPSOLVE" "${H[@]}" -output href2.h5 || fail "full-disk reference run (2 ranks) failed"
for np in 1 2; do
  # The checkpoints on the full disk (the run file elsewhere), the run file, and both with the
  # free-space check off, so that HDF5 itself runs into ENOSPC inside a collective write.
  for where in checkpoints output hdf5; do
    rm -rf full/* roomy; mkdir roomy
    case $where in
      checkpoints) at=(-output roomy/o.h5 -checkpoint_dir full) ;;
      output) at=(-output full/o.h5 -checkpoint_dir roomy) ;;
      hdf5) at=(-output full/o.h5) ;;
    esac
    rc=0
    FPSOLVE_TEST_NO_SPACE_CHECK=$([ $where = hdf5 ] && echo 1) \
      timeout 120 "$MPIEXEC" -n $np "$FPSOLVE" "${H[@]}" "${at[@]}" >log 2>&1 || rc=$?
    [ $rc -ne 124 ] || { fail "np $np, full $where: hung (killed after 120 s)"; continue; }
    [ $rc -eq 5 ] || fail "np $np, full $where: exit $rc, want 5"
    expect 5 "full/o.h5.*: disk full" log
    ls full/o.h5 full/o.h5.partial roomy/o.h5 roomy/o.h5.partial >/dev/null 2>&1 &&
      fail "np $np, $where: a run file was left"
    ls full/*.tmp roomy/*.tmp >/dev/null 2>&1 && fail "np $np, $where: a temporary was left"
    ls full/*.lock roomy/*.lock >/dev/null 2>&1 && fail "np $np, $where: a lock file was left"
    dir=roomy
    if [ $where != output ]; then dir=full; grep -q 'ckpt.*tmp: disk full' log ||
      fail "np $np, $where: the checkpoint write was not the one that failed"; fi
    last=$(ls $dir/o.h5.ckpt.*.h5 2>/dev/null | tail -1)
    [ -n "$last" ] || { fail "np $np, full $where: no complete checkpoint before the failure"; continue; }
    echo "np $np, full $where: $(grep '^fpsolve: error' log); restarting from $last"
    cp "$last" roomy/from.h5
    "$MPIEXEC" -n $np "$FPSOLVE" "${H[@]}" -output roomy/r.h5 -checkpoint_dir roomy \
      -restart roomy/from.h5 || { fail "np $np, $where: restart failed"; continue; }
    $SAME href$np.h5 roomy/r.h5 || fail "np $np, $where: restart differs"
  done
done
finish
