"""Field snapshots (/snapshots/{train,solve}/u, docs/output-format.md): the schedule (records 0, 1,
2, 4, ... and the stage's last record, capped by -snapshot_max), the values (each training
snapshot is the net on the grid at its record: its max error is that record's /train/record/
max_error; each solve snapshot is the iterate: its max error is the history's, the last one is
/solution/u; the KSP's first snapshot is the switch guess = the last training snapshot with the
boundary values), the same arrays from 1 and 2 ranks, in 1D, 2D (nx != ny) and 3D, sweep
members, and the byte budget."""

import subprocess
import sys

import numpy as np

from posthelp import TINY, Env, Fail, main

SMALL = ("-train_steps 100 -train_record_stride 20 -jacobi_record_stride 20 "
         "-ksp_max_it 3000").split()


def geometric(records, cap):
    """Record numbers the default schedule (-snapshot_ratio 2) takes, before the final one."""
    out, r = [], 0
    while r < records and len(out) < cap - 1:
        out.append(r)
        r = max(r + 1, 2 * r)
    return out


def check_stage(f, stage, path, cap=12):
    """Snapshots of a stage against its own records; returns (index, u)."""
    group = f[f"/snapshots/{stage}"] if stage in ("train", "solve") else f[stage]
    u, index, time = group["u"][()], group["index"][()], group["time"][()]
    if stage == "train":
        steps, times = f["/train/record/step"][()], f["/train/record/time"][()]
        errors = f["/train/record/max_error"][()]
    else:
        hist = f[(stage.rsplit("/snapshots", 1)[0] if "/sweep/" in stage else "") +
                 "/solve/history"]
        steps, times, errors = hist["iteration"][()], hist["time"][()], hist["max_error"][()]
    want = [int(steps[r]) for r in geometric(steps.size, cap)] + [int(steps[-1])]
    want = list(dict.fromkeys(want))
    if index.tolist() != want:
        raise Fail(f"{path} {stage}: snapshot index {index.tolist()}, want {want}")
    grid_shape = f["/problem/rhs"].shape
    if u.shape != (len(want), *grid_shape):
        raise Fail(f"{path} {stage}: u {u.shape}, grid {grid_shape}")
    exact = f["/problem/exact"][()]
    for k, i in enumerate(index):
        r = int(np.flatnonzero(steps == i)[0])
        err = np.abs(u[k] - exact).max()
        if abs(time[k] - times[r]) > 1e-12 or abs(err - errors[r]) > 1e-12 * max(1, err):
            raise Fail(f"{path} {stage} snapshot {k} (index {i}): time {time[k]} vs {times[r]}, "
                       f"max error {err} vs {errors[r]}")
    return index, u


def interior(a):
    return a[tuple(slice(1, -1) for _ in range(a.ndim))]


def check_run(path, mode):
    import h5py
    with h5py.File(path, "r") as f:
        out = {}
        if mode in ("dnn", "hybrid", "sweep"):
            out["train"] = check_stage(f, "train", path)[1]
        if mode in ("jacobi", "hybrid") or (mode == "sweep" and "/solve/history" in f):
            out["solve"] = check_stage(f, "solve", path)[1]
            if not np.array_equal(out["solve"][-1], f["/solution/u"][()]):
                raise Fail(f"{path}: last solve snapshot != /solution/u")
        if mode == "dnn" and not np.array_equal(out["train"][-1], f["/solution/u"][()]):
            raise Fail(f"{path}: last train snapshot != /solution/u (the net at the last step)")
        if mode == "hybrid":  # the KSP starts from the switch's net, boundary values imposed
            if not np.array_equal(interior(out["train"][-1]), interior(out["solve"][0])):
                raise Fail(f"{path}: first solve snapshot != last train snapshot (interior)")
        if mode == "sweep":
            for m in f["/sweep"]:
                out[m] = check_stage(f, f"/sweep/{m}/snapshots/solve", path)[1]
    print(f"ok: {path.rsplit('/', 1)[-1]} ({', '.join(f'{k} {v.shape}' for k, v in out.items())})")
    return out


def same(a, b, what, tol):
    diff = {k: np.abs(a[k] - b[k]).max() for k in a}
    for k, d in diff.items():
        if d > tol:
            raise Fail(f"{what} {k}: 1 and 2 ranks differ by {d:.3e}")
    print(f"ok: {what} from 1 and 2 ranks (max difference {max(diff.values()):.1e})")


def test():
    env = Env("snapshots")
    d2 = ["-problem_dim", "2", "-da_grid_x", "25", "-da_grid_y", "19", "-spectrum_modes",
          "2:2,4:2"]
    d3 = ["-problem_dim", "3", "-da_grid_x", "13", "-da_grid_y", "11", "-da_grid_z", "9",
          "-spectrum_modes", "2:2:2"]
    hyb = ["-hybrid_switch", "step:100"]
    for name, extra in (("d2", d2), ("d3", d3)):
        runs = {r: check_run(env.fpsolve("hybrid", f"{name}_hybrid_{r}.h5", *SMALL, *extra, *hyb,
                                         ranks=r), "hybrid") for r in (1, 2)}
        # The net's training sums the batch over ranks in another order: rounding only.
        same(runs[1], runs[2], f"{name} hybrid", 1e-9)
        jac = {r: check_run(env.fpsolve("jacobi", f"{name}_jacobi_{r}.h5", *SMALL, *extra,
                                        ranks=r), "jacobi") for r in (1, 2)}
        same(jac[1], jac[2], f"{name} jacobi", 0.0)
    check_run(env.fpsolve("dnn", "d2_dnn.h5", *SMALL, *d2, ranks=2), "dnn")
    check_run(env.fpsolve("sweep", "d2_sweep.h5", *SMALL, *d2, "-sweep_switch_steps", "40,100",
                          ranks=2), "sweep")
    check_run(env.fpsolve("hybrid", "d1_hybrid.h5", *SMALL, *hyb, ranks=2), "hybrid")
    # The byte budget: 2 stages x 2 fields of 25 x 19 doubles fit, 3 do not: first and last.
    field_mb = 25 * 19 * 8 / 1048576
    budget = ["-snapshot_max_mb", f"{4.5 * field_mb:.9f}"]
    path = env.fpsolve("hybrid", "d2_budget.h5", *SMALL, *d2, *hyb, *budget)
    # ... and says so in one line (progress output: -quiet off).
    out = subprocess.run([env.exe, *TINY, "-mode", "hybrid", *SMALL, *d2, *hyb, *budget,
                          "-quiet", "false", "-output", env.path("d2_note.h5")],
                         capture_output=True, text=True, timeout=120).stdout
    note = [ln for ln in out.splitlines() if "snapshots:" in ln]
    if len(note) != 1 or "2 per stage instead of 12" not in note[0]:
        raise Fail(f"budget note: {note}")
    import h5py
    with h5py.File(path, "r") as f:
        got = {s: f[f"/snapshots/{s}/index"][()].tolist() for s in ("train", "solve")}
        last = {"train": 100, "solve": int(f["/solve"].attrs["iterations"])}
    if got != {s: [0, last[s]] for s in got}:
        raise Fail(f"budget of 4.5 fields: snapshots {got}, want the first and last of each stage")
    print(f"ok: -snapshot_max_mb keeps the first and last of each stage {got}")
    path = env.fpsolve("hybrid", "d2_none.h5", *SMALL, *d2, *hyb, "-snapshot_max", "0")
    with h5py.File(path, "r") as f:
        if "/snapshots" in f:
            raise Fail("-snapshot_max 0 still wrote /snapshots")


if __name__ == "__main__":
    sys.exit(main(test))
