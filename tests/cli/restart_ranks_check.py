"""Checks of tests/cli/cycle_restart_ranks.sh: a -mode cycle run restarted on another rank count
from a checkpoint of an uninterrupted run (usage: see the script)."""
import os
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cycle_check import same_history  # noqa: E402


def continued(ref, out, ckpt, ranks, rtol, kind, value):
    """`out`, restarted on `ranks` ranks from `ckpt` (a checkpoint of the uninterrupted `ref`):
    - both reached their convergence test (`kind` `value`: see reached);
    - provenance: mpi_ranks the first run's, restart_mpi_ranks this one's, restarted_from ckpt;
    - the history up to the checkpoint is the checkpoint's, bitwise (cycles, solve records, loss);
    - the history is continuous: cycles 0..K-1, running totals of sweeps and training steps are
      the sums of the per-cycle counts, solve iterations strictly increasing up to the total,
      one loss per training step, one error spectrum row per cycle;
    - the same stop reason and the same decisions as `ref`, numbers to rtol (same_history)."""
    r, o, c = h5py.File(ref, "r"), h5py.File(out, "r"), h5py.File(ckpt, "r")
    state = c["/state"].attrs
    written = int(state["ranks"])
    cycle_at, steps_at = int(state["cycle_index"]), int(state["step"])
    problems = []
    if int(o.attrs["mpi_ranks"]) != written or int(o.attrs["restart_mpi_ranks"]) != int(ranks):
        problems.append("mpi_ranks / restart_mpi_ranks")
    came = o.attrs["restarted_from"]
    came = came.decode() if isinstance(came, bytes) else str(came)
    if os.path.basename(came) != os.path.basename(ckpt):
        problems.append("restarted_from " + came)
    h, hr = o["/cycle/history"], r["/cycle/history"]
    for k in ("cycle", "accepted", "sweeps", "train_steps", "energy", "max_error"):
        if not np.array_equal(h[k][:cycle_at], hr[k][:cycle_at]):
            problems.append(f"/cycle/history/{k} before cycle {cycle_at} is not the checkpoint's")
    loss, loss_ref = o["/cycle/train/loss"][:], r["/cycle/train/loss"][:]
    if not np.array_equal(loss[:steps_at], loss_ref[:steps_at]):
        problems.append(f"/cycle/train/loss before step {steps_at} is not the checkpoint's")
    k = len(h["cycle"])
    sweeps, steps = int(o["/solve"].attrs["iterations"]), int(o["/train"].attrs["steps"])
    its = o["/solve/history/iteration"][:]
    if not np.array_equal(h["cycle"][:], np.arange(k)):
        problems.append(f"cycles {list(h['cycle'][:])}")
    if not np.array_equal(h["sweeps"][:], np.cumsum(h["cycle_sweeps"][:])):
        problems.append("sweeps are not the running sum of cycle_sweeps")
    if not np.array_equal(h["train_steps"][:], np.cumsum(h["cycle_train_steps"][:])):
        problems.append("train_steps are not the running sum of cycle_train_steps")
    if h["sweeps"][-1] != sweeps or h["train_steps"][-1] != steps or len(loss) != steps:
        problems.append(f"totals: {h['sweeps'][-1]} / {sweeps} sweeps, {h['train_steps'][-1]} / "
                        f"{steps} steps, {len(loss)} losses")
    if not (np.all(np.diff(its) > 0) and its[-1] <= sweeps):
        problems.append("/solve/history/iteration not strictly increasing up to the total")
    if o["/cycle/error_spectrum"].shape[0] != k:
        problems.append("/cycle/error_spectrum rows")
    if o["/cycle"].attrs["stop_reason"] != r["/cycle"].attrs["stop_reason"]:
        problems.append(f"stop reason {o['/cycle'].attrs['stop_reason']}")
    print(f"{out}: restarted on {ranks} ranks from {state['where']} ({written} ranks), "
          f"{k} cycles, {sweeps} sweeps, {steps} steps, stop {o['/cycle'].attrs['stop_reason']}")
    for p in problems:
        print("  " + p)
    converged = reached(ref, kind, value) and reached(out, kind, value)
    return same_history(ref, out, rtol) and converged and not problems


def reached(path, kind, value):
    """Stopped by its convergence test: `target` max error <= value, or `rtol` residual <=
    value * ||b|| (a zero start: ||b|| is the residual of the first solve record)."""
    f = h5py.File(path, "r")
    s = f["/solve"].attrs
    if kind == "target":
        got, limit = float(s["final_max_error"]), float(value)
    else:
        got, limit = float(s["final_residual"]), float(value) * f["/solve/history/residual"][0]
    print(f"{path}: {kind} {got:.3e} <= {limit:.3e}, stop {f['/cycle'].attrs['stop_reason']}")
    want = b"target_error" if kind == "target" else b"rtol"
    return got <= limit and f["/cycle"].attrs["stop_reason"] == want


if __name__ == "__main__":
    sys.exit(0 if globals()[sys.argv[1]](*sys.argv[2:]) else 1)
