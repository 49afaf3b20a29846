# The auto switch picks the net in 2D where the net genuinely pays: u = sin(pi x) sin(pi y) on
# (0,1)^2, 257^2, a small net (2-16-16-1, Ritz). The solution is the single mode Jacobi damps
# slowest (rho = cos(pi h): ~61000 sweeps from zero to max error 1e-2) and the one a net learns
# first (F-Principle): after ~600-1000 steps (about a second) the net's guess needs >= 4x fewer
# sweeps, so its predicted total (training + sweeps) beats the zero guess's by a wide margin on
# any load (both sides slow down together). Before that the net's guesses sit on a plateau of
# its training (max error ~0.95 until step ~400).
# Asserts the decision and the prediction (a bound: never below the sweeps taken), not speed.
source "$(dirname "$0")/../support/cli_lib.sh" "$@"
cd "$WORK"
"$MPIEXEC" -n 2 "$FPSOLVE" -mode hybrid -problem expr -problem_dim 2 -problem_domain 0,1,0,1 \
  -problem_rhs "2*pi^2*sin(pi*x)*sin(pi*y)" -problem_exact "sin(pi*x)*sin(pi*y)" \
  -da_grid_x 257 -dnn_widths 16,16 -train_lr 5e-3 -train_beta 100 -train_batch 256 \
  -train_seed 0 -train_record_stride 50 -train_steps 3000 -hybrid_switch auto \
  -jacobi_target_error 1e-2 -jacobi_record_stride 1000 -jacobi_check_stride 50 -quiet \
  -output auto.h5 || fail "hybrid auto run failed"
/usr/bin/python3 - auto.h5 <<'PY' || fail "auto switch in 2D"
import sys, h5py
f = h5py.File(sys.argv[1], "r")
h = f["/hybrid"].attrs
steps = list(f["/hybrid/auto/step"][()])
its = f["/hybrid/auto/predicted_iterations"][()]
total = f["/hybrid/auto/predicted_total_time"][()]
best = int(h["switch_step"])
reason = h["auto_stop_reason"].decode()
taken = int(f["/solve"].attrs["iterations"])
i = steps.index(best)
print(f"auto: net of step {best} ({reason}), predicted {its[i]:.0f} sweeps, {total[i]:.2f} s;"
      f" zero guess {its[0]:.0f} sweeps, {total[0]:.2f} s; taken {taken} sweeps")
assert steps[0] == -1 and best >= 0, "auto kept the zero guess"
assert reason in ("patience", "cannot_pay"), reason
assert total[i] < total[0], (total[i], total[0])
assert its[0] >= 4 * taken, (its[0], taken)  # the net genuinely saves sweeps
# The prediction bounds the sweeps (check stride 50); for a rough net error the sup bound is
# loose (measured 1.1-1.8x), never by more than 2.5x here.
assert 0.98 * taken - 50 <= its[i] <= 2.5 * taken, (its[i], taken)
PY
finish
