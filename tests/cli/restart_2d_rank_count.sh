# A 2D run file is the same image on any rank count, and a 2D KSP checkpoint written on 2 ranks
# continues on 1 and 4 ranks with the same field: classical Jacobi updates every point by the
# same arithmetic whatever the partition, so the restarted solutions equal the uninterrupted one
# bitwise (residual norms only to rounding: their sums are ordered by the partition).
source "$(dirname "$0")/../support/cli_lib.sh" "$@"
SAME="/usr/bin/python3 $SRC/tests/cli/h5same.py"
cd "$WORK"
RUN=(-mode jacobi -problem_dim 2 -da_grid_x 33 -da_grid_y 25 -ksp_max_it 400
     -jacobi_record_stride 20 -jacobi_check_stride 20 -spectrum_peaks 2 -quiet)
"$MPIEXEC" -n 2 "$FPSOLVE" "${RUN[@]}" -checkpoint_interval 100 -checkpoint_keep 10 \
  -output ref.h5 || fail "2-rank run failed"
"$MPIEXEC" -n 4 "$FPSOLVE" "${RUN[@]}" -output np4.h5 || fail "4-rank run failed"
/usr/bin/python3 - ref.h5 np4.h5 <<'PY' || fail "2D run file layout"
import sys
import h5py, numpy as np
for path in sys.argv[1:]:
    f = h5py.File(path, "r")
    assert int(f.attrs["layout_version"]) == 2, path
    x, y = f["/grid/x"][()], f["/grid/y"][()]
    assert x.shape == (33,) and y.shape == (25,) and x[0] == -1 and x[-1] == 1, path
    for name in ("/problem/rhs", "/problem/exact", "/solution/u"):
        assert f[name].shape == (25, 33), (path, name, f[name].shape)
a, b = (h5py.File(p, "r") for p in sys.argv[1:])
for name in ("/problem/rhs", "/problem/exact", "/solution/u"):
    assert np.array_equal(a[name][()], b[name][()]), name + " differs between 2 and 4 ranks"
PY
ck=ref.h5.ckpt.000002.h5  # KSP iteration 200
[ -e $ck ] || fail "no checkpoint $ck (have: $(ls ref.h5.ckpt.* 2>/dev/null | tr '\n' ' '))"
for np in 1 4; do
  "$MPIEXEC" -n $np "$FPSOLVE" "${RUN[@]}" -output r$np.h5 -restart $ck ||
    fail "restart of the 2-rank checkpoint on $np ranks failed"
  $SAME ref.h5 r$np.h5 --only solution/u,solve/history/iteration,solve/history/max_error ||
    fail "restart on $np ranks: not the same field"
  $SAME ref.h5 r$np.h5 --close 1e-10 --only solve/history/residual ||
    fail "restart on $np ranks: residuals differ"
done
finish
