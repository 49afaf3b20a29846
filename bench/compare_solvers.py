#!/usr/bin/python3
"""Compares solvers on the seed problem at several grid sizes (docs/cycles.md).

For each N runs jacobi (from zero), hybrid (auto switch), cycle, cg and cg+mg, each to max error
2x the discretisation error (computed here by a direct solve), and optionally (--rtol) each to
the relative residual ||b - A u|| / ||b|| <= 1e-8; prints sweeps (KSP iterations), training
steps and wall seconds (the run's own wall_time: setup, training, solve) per solver and size,
and N*: the smallest measured N at which cycle beats jacobi in wall time (with the log-log
interpolation between the two sizes around the crossing). Nothing here asserts.

  bench/compare_solvers.py [--sizes 257,513,1025] [--np 2] [--dim 1] [--seeds 0]
      [--net "-dnn_widths 200,100,50 -train_lr 1e-3 -train_batch 1000"]
      [--cycle "-cycle_train_steps 1500 -cycle_smooth_mode 16"] [--rtol] [--keep DIR]
"""
import argparse
import math
import os
import shlex
import subprocess
import sys
import tempfile

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "postprocess"))
from fppost.seed import discretisation_error, discretisation_error_nd  # noqa: E402

EXE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "build", "fpsolve")


SOLVERS = {
    "jacobi": "-mode jacobi",
    "hybrid": "-mode hybrid -hybrid_switch auto -train_steps 20000",
    "cycle": "-mode cycle",
    "cg": "-mode jacobi -ksp_type cg -pc_type none -jacobi_record_stride 1",
    "cg+mg": "-mode jacobi -ksp_type cg -pc_type mg -jacobi_record_stride 1",
}


def run(args, solver, N, seed, stop, out):
    extra = SOLVERS[solver]
    if solver in ("hybrid", "cycle"):
        extra += " " + args.net + f" -train_seed {seed}"
    if solver == "cycle":
        extra += " " + args.cycle
    if args.dim > 1:
        extra += f" -problem_dim {args.dim}"
    cmd = ["mpiexec", "-n", str(args.np), args.exe, *shlex.split(extra), "-da_grid_x", str(N),
           *shlex.split(stop), "-quiet", "-output", out]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    f = h5py.File(out, "r")
    steps = int(f["/train"].attrs["steps"]) if "/train" in f and "steps" in f["/train"].attrs else 0
    res = dict(sweeps=int(f["/solve"].attrs["iterations"]), steps=steps,
               seconds=float(f.attrs["wall_time"]), error=float(f["/solve"].attrs["final_max_error"]),
               stop=f["/solve"].attrs["stop_reason"])
    res["stop"] = res["stop"].decode() if isinstance(res["stop"], bytes) else str(res["stop"])
    res["cmd"] = " ".join(cmd[3:])
    return res


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sizes", default="257,513,1025")
    p.add_argument("--np", type=int, default=2)
    p.add_argument("--dim", type=int, default=1, help="1, 2 or 3: N^dim points (seed problem)")
    p.add_argument("--seeds", default="0")
    p.add_argument("--solvers", default="jacobi,hybrid,cycle,cg,cg+mg")
    p.add_argument("--net", default="-dnn_widths 200,100,50 -train_lr 1e-3 -train_batch 1000")
    p.add_argument("--cycle", default="-cycle_train_steps 1500 -cycle_smooth_mode 16")
    p.add_argument("--rtol", action="store_true", help="also run each to relative residual 1e-8")
    p.add_argument("--exe", default=EXE)
    p.add_argument("--keep", default=None, help="keep the run files in this folder")
    args = p.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    seeds = [int(s) for s in args.seeds.split(",")]
    solvers = args.solvers.split(",")
    work = args.keep or tempfile.mkdtemp(prefix="compare_solvers.")
    os.makedirs(work, exist_ok=True)
    table = {}
    print("| N | target | solver | seed | sweeps | train steps | wall s | final error | stop |")
    print("|---|---|---|---|---|---|---|---|---|")
    for N in sizes:
        target = 2 * (discretisation_error(N) if args.dim == 1 else
                      discretisation_error_nd(N, args.dim))
        stops = [("2x disc", f"-jacobi_target_error {target:.6e}")]
        if args.rtol:
            stops.append(("rtol 1e-8", "-ksp_rtol 1e-8"))
        for label, stop in stops:
            for solver in solvers:
                for seed in (seeds if solver in ("hybrid", "cycle") else [0]):
                    out = os.path.join(work, f"{solver}_{N}_{seed}_{label.split()[0]}.h5")
                    r = run(args, solver, N, seed, stop, out)
                    table.setdefault((N, label, solver), []).append(r)
                    print(f"| {N} | {label} | {solver} | {seed} | {r['sweeps']} | {r['steps']} "
                          f"| {r['seconds']:.2f} | {r['error']:.3e} | {r['stop']} |", flush=True)
    # N*: where cycle's median wall time falls below jacobi's.
    med = {k: float(np.median([r["seconds"] for r in v])) for k, v in table.items()}
    ratios = [(N, med[(N, "2x disc", "jacobi")] / med[(N, "2x disc", "cycle")]) for N in sizes
              if (N, "2x disc", "jacobi") in med and (N, "2x disc", "cycle") in med]
    print("\njacobi / cycle wall time (median over seeds): " +
          ", ".join(f"N={N}: {q:.2f}" for N, q in ratios))
    star = None
    for (n0, q0), (n1, q1) in zip(ratios, ratios[1:]):
        if q0 < 1 <= q1:
            star = math.exp(math.log(n0) + (math.log(n1) - math.log(n0)) * -math.log(q0) /
                            (math.log(q1) - math.log(q0)))
    if ratios and ratios[0][1] >= 1:
        print(f"N*: cycle already beats jacobi at the smallest size, N = {ratios[0][0]}")
    elif star:
        print(f"N* ~ {star:.0f} (log-log interpolation between the sizes around the crossing)")
    else:
        print("N*: cycle does not beat jacobi at the measured sizes")
    print(f"run files in {work}; commands: fpsolve <solver options> -da_grid_x N <stop> "
          f"(e.g. {table[next(iter(table))][0]['cmd']})")


if __name__ == "__main__":
    sys.exit(main())
