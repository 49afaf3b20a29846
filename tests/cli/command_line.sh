# The command line guides: -version prints fpsolve's and PETSc's versions and exits 0; a bare
# `fpsolve` (no -mode anywhere) runs nothing: one line, exit 1, no file; the progress line says
# which training record its error is from.
source "$(dirname "$0")/../support/cli_lib.sh" "$@"
cd "$WORK"
rc=0
"$MPIEXEC" -n 2 "$FPSOLVE" -version >version 2>&1 || rc=$?
[ "$rc" -eq 0 ] || fail "-version exit $rc: $(cat version)"
version=$(sed -n 's/^project(fpsolve VERSION \([0-9.]*\).*/\1/p' "$SRC/CMakeLists.txt")
grep -q "^fpsolve $version (git " version || fail "-version lacks 'fpsolve $version': $(cat version)"
grep -qi "petsc release version 3" version || fail "-version lacks PETSc's version: $(cat version)"
[ "$(wc -l <version)" -eq 2 ] || fail "-version on 2 ranks: $(wc -l <version) lines, want 2 (rank 0 only)"
ls ./*.h5 >/dev/null 2>&1 && fail "-version wrote a run file"
# Nothing chosen: no run (the default net is the paper's: an hour).
rc=0
"$FPSOLVE" >stdout 2>stderr || rc=$?
[ "$rc" -eq 1 ] || fail "bare fpsolve: exit $rc, want 1"
[ "$(wc -l <stderr)" -eq 1 ] && grep -q "^fpsolve: error: nothing to run: give -mode" stderr ||
  fail "bare fpsolve: $(cat stderr)"
[ ! -e fpsolve.h5 ] && [ ! -e fpsolve.h5.partial ] || fail "bare fpsolve wrote fpsolve.h5"
rc=0
"$FPSOLVE" -da_grid_x 33 -output x.h5 >stdout 2>stderr || rc=$?
[ "$rc" -eq 1 ] && grep -q "nothing to run" stderr || fail "no -mode: exit $rc: $(cat stderr)"
# -mode in an options file is a choice.
printf -- '-mode jacobi\n-da_grid_x 33\n-ksp_max_it 20\n' >jac.opts
"$FPSOLVE" -options_file jac.opts -output j.h5 -quiet || fail "-mode from an options file refused"
# Progress: the error between records is the last record's, and says so.
"$FPSOLVE" -mode dnn -da_grid_x 33 -dnn_widths 8 -train_batch 16 -train_steps 20000 \
  -train_record_stride 5000 -spectrum_modes 2 -progress_interval 0.005 -output p.h5 >progress 2>&1 ||
  fail "progress run failed: $(tail -3 progress)"
grep -q "error [0-9.e+-]* (record at step [0-9]*)" progress || fail "progress: $(grep train progress | head -3)"
grep "record at step" progress | sed -E 's/.*step +([0-9]+)\/.*record at step ([0-9]+)\).*/\1 \2/' |
  awk '$2 > $1 || $1 - $2 > 5000 { bad = 1 } END { exit bad }' ||
  fail "progress names a record that is not the last one: $(grep train progress | head -3)"
finish
