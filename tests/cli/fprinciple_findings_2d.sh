# The three findings of the paper in 2D (the seed u1(x)u1(y) on 65^2, net 2-64-64-1, seeded),
# per |k| shell: the tracked peaks are (2,2), (16,2), (2,16), (16,16); their shells are the
# lowest (|k| ~ 2.8) and the highest (|k| ~ 22.6) that hold a peak.
# (a) training: the lowest peak shell's relative error < 0.1 while the highest is > 0.5;
# (b) Jacobi from zero: the highest < 1e-3 while the lowest is > 0.5;
# (c) from the best of five snapshots Jacobi reaches max error 3e-2 in >= 5x fewer sweeps;
# and the auto switch's predicted sweeps are within 25 % of the sweeps the KSP then takes.
source "$(dirname "$0")/../support/cli_lib.sh" "$@"
cd "$WORK"
GRID=(-problem_dim 2 -da_grid_x 65 -jacobi_target_error 3e-2
      -jacobi_record_stride 5 -ksp_max_it 3000 -quiet)
NET=(-dnn_widths 64,64 -train_lr 5e-3 -train_beta 100 -train_batch 500 -train_seed 0
     -train_record_stride 50)
"$MPIEXEC" -n 2 "$FPSOLVE" "${GRID[@]}" "${NET[@]}" -mode sweep -train_steps 3000 \
  -sweep_switch_steps 2000,2250,2500,2750,3000 -output sweep.h5 || fail "sweep run failed"
"$MPIEXEC" -n 2 "$FPSOLVE" "${GRID[@]}" -mode jacobi -output jacobi.h5 || fail "jacobi run failed"
"$MPIEXEC" -n 2 "$FPSOLVE" "${GRID[@]}" "${NET[@]}" -mode hybrid -train_steps 3000 \
  -hybrid_switch auto -hybrid_auto_patience 4 -output auto.h5 || fail "hybrid auto run failed"
/usr/bin/python3 - sweep.h5 jacobi.h5 auto.h5 <<'PY' || fail "findings"
import sys, h5py, numpy as np
s, j, a = (h5py.File(p, "r") for p in sys.argv[1:])
modes = s["/spectrum/modes"][()]
assert modes.tolist() == [[2, 2], [16, 2], [2, 16], [16, 16]], modes
edges = s["/spectrum/shells"][()]
shell = np.clip(np.searchsorted(edges, np.sqrt((modes ** 2).sum(1)), side="right") - 1, 0,
                edges.size - 2)
lo, hi = shell.min(), shell.max()
print("peak shells:", shell.tolist(), "edges", edges[lo], edges[hi])
tr = s["/spectrum/train/shell_error"][()]
rows = [(x, y) for x, y in zip(tr[:, lo], tr[:, hi]) if x < 0.1 and y > 0.5]
print("(a) training records with lowest peak shell < 0.1 and highest > 0.5:", len(rows))
assert rows, tr[:, [lo, hi]]
js = j["/spectrum/solve/shell_error"][()]
rows = [(x, y) for x, y in zip(js[:, lo], js[:, hi]) if y < 1e-3 and x > 0.5]
print("(b) Jacobi records with highest peak shell < 1e-3 and lowest > 0.5:", len(rows))
assert rows, js[:, [lo, hi]]
zero = int(j["/solve"].attrs["iterations"])
its = [int(s[f"/sweep/{k}/solve"].attrs["iterations"]) for k in sorted(s["/sweep"])]
print("(c) sweeps from the snapshots:", its, "vs", zero, "from zero")
assert min(its) * 5 <= zero, (its, zero)
steps = a["/hybrid/auto/step"][()]
pred = a["/hybrid/auto/predicted_iterations"][()]
best = int(a["/hybrid"].attrs["switch_step"])
taken = int(a["/solve"].attrs["iterations"])
predicted = float(pred[list(steps).index(best)])
print("auto: switch at step", best, "predicted", predicted, "taken", taken)
assert abs(predicted - taken) <= 0.25 * taken, (predicted, taken)
PY
finish
