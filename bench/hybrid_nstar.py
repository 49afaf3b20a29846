#!/usr/bin/python3
"""N*: the grid size from which the hybrid beats Jacobi alone in wall time, training included.

For each size N (points per axis) runs, with the options file's net and problem, to max error
--target, with sparse records (-jacobi_record_stride 1000000: the spectra a record computes cost
as much as ~100 sweeps on a 2D grid and would inflate Jacobi's time) and the target tested
every 50 sweeps:
  - one sweep run: training once, the hybrid from the nets of --switch steps and Jacobi from
    zero in the same process (side by side: the same load for both);
  - one hybrid run with -hybrid_switch auto.
Prints per N the sweeps and seconds (hybrid: training seconds up to the switch + its solve;
auto: all its training + its solve; Jacobi: its solve) and the ratio to Jacobi; with --repeat R
the median of R sweep runs' ratios. Then N*: between the largest N where the best fixed switch
loses and the smallest where it wins (the same for auto). Nothing here asserts.

  bench/hybrid_nstar.py [--opts inputs/seed2d_quick.opts] [--sizes 257,385,513]
      [--switch 1000,2000,3000] [--target 1e-2] [--np 2] [--repeat 1] [--exe build/fpsolve]
      [--keep DIR] [--no-auto]
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile

import h5py

HERE = os.path.dirname(os.path.abspath(__file__))


def run(a, out, *extra):
    cmd = ["mpiexec", "-n", str(a.np), a.exe, "-options_file", a.opts, "-da_grid_x", str(a.N),
           "-jacobi_target_error", f"{a.target:g}", "-jacobi_check_stride", "50",
           "-jacobi_record_stride", "1000000", "-quiet", "-output", out, *extra]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return " ".join(cmd[3:])


def attr(group, name):
    v = group.attrs[name]
    return v.decode() if isinstance(v, bytes) else v


def sweep_run(a, out):
    """(jacobi (sweeps, s), [(step, sweeps, train s, solve s)]) of one sweep run."""
    last = a.switch.split(",")[-1]
    cmd = run(a, out, "-mode", "sweep", "-sweep_switch_steps", a.switch, "-train_steps", last)
    with h5py.File(out, "r") as f:
        jac = (int(attr(f["/solve"], "iterations")), float(attr(f["/solve"], "seconds")))
        members = []
        for k in sorted(f["/sweep"]):
            g = f["/sweep/" + k]
            members.append((int(attr(g, "switch_step")), int(attr(g["solve"], "iterations")),
                            float(attr(g, "switch_train_seconds")), float(attr(g["solve"], "seconds"))))
    return cmd, jac, members


def auto_run(a, out):
    cmd = run(a, out, "-mode", "hybrid", "-hybrid_switch", "auto")
    with h5py.File(out, "r") as f:
        h, s = f["/hybrid"], f["/solve"]
        return cmd, dict(step=int(attr(h, "switch_step")), reason=attr(h, "auto_stop_reason"),
                         sweeps=int(attr(s, "iterations")), train=float(attr(f["/train"], "seconds")),
                         solve=float(attr(s, "seconds")), steps=int(attr(f["/train"], "steps")))


def crossing(rows):
    """(largest N losing, smallest N winning) from [(N, ratio)]."""
    lose = [n for n, r in rows if r >= 1]
    win = [n for n, r in rows if r < 1]
    return (max(lose) if lose else None), (min(win) if win else None)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--exe", default=os.path.join(HERE, "..", "build", "fpsolve"))
    ap.add_argument("--opts", default=os.path.join(HERE, "..", "inputs", "seed2d_quick.opts"))
    ap.add_argument("--sizes", default="257,385,513")
    ap.add_argument("--switch", default="1000,2000,3000")
    ap.add_argument("--target", type=float, default=1e-2)
    ap.add_argument("--np", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=1, help="sweep runs per size (median ratio)")
    ap.add_argument("--no-auto", action="store_true")
    ap.add_argument("--keep", default=None, help="keep the run files in this folder")
    a = ap.parse_args()
    work = a.keep or tempfile.mkdtemp(prefix="hybrid_nstar.")
    os.makedirs(work, exist_ok=True)
    fixed, auto = [], []
    print(f"target max error {a.target:g}, {a.np} ranks, options {a.opts}; seconds: hybrid = "
          "training up to the switch + solve, auto = all its training + solve, Jacobi = solve")
    print("| N | Jacobi from zero | " + " | ".join(f"switch {s}" for s in a.switch.split(","))
          + " | best / Jacobi | auto | auto / Jacobi |")
    print("|---" * (5 + len(a.switch.split(","))) + "|")
    for N in [int(n) for n in a.sizes.split(",")]:
        a.N = N
        ratios, cells = [], None
        for r in range(a.repeat):
            cmd, jac, members = sweep_run(a, f"{work}/sweep_{N}_{r}.h5")
            best = min(t + s for _, _, t, s in members)
            ratios.append(best / jac[1])
            if r == 0:
                print(f"  {cmd}", file=sys.stderr)
                cells = [f"{jac[0]} sw {jac[1]:.2f} s"] + [
                    f"{sw} sw {t:.2f}+{s:.2f} = {t + s:.2f} s" for _, sw, t, s in members]
        ratio = statistics.median(ratios)
        fixed.append((N, ratio))
        spread = f" (median of {a.repeat}: {', '.join(f'{x:.2f}' for x in ratios)})" if a.repeat > 1 else ""
        row = f"| {N}^2 | " + " | ".join(cells) + f" | {ratio:.2f}{spread} |"
        if not a.no_auto:
            cmd, au = auto_run(a, f"{work}/auto_{N}.h5")
            print(f"  {cmd}", file=sys.stderr)
            total = au["train"] + au["solve"]
            auto.append((N, total / jac[1]))
            row += (f" step {au['step']} ({au['reason']}, {au['steps']} steps): {au['sweeps']} sw "
                    f"{au['train']:.2f}+{au['solve']:.2f} = {total:.2f} s | {total / jac[1]:.2f} |")
        else:
            row += " | |"
        print(row, flush=True)
    for name, rows in (("best fixed switch", fixed), ("auto", auto)):
        if not rows:
            continue
        lo, hi = crossing(rows)
        if hi is None:
            print(f"N* ({name}): above {lo}^2 (the hybrid lost at every size measured)")
        elif lo is None or lo < hi:
            print(f"N* ({name}): " + (f"between {lo}^2 and {hi}^2" if lo else f"at most {hi}^2"))
        else:
            print(f"N* ({name}): not monotone in N (lost at {lo}^2, won at {hi}^2): rerun with --repeat")
    print("run files in", work)


if __name__ == "__main__":
    sys.exit(main())
