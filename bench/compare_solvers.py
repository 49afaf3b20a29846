#!/usr/bin/python3
"""Compares solvers on the seed problem (1D, or N^dim points with --dim 2|3) at several grid
sizes (docs/cycles.md).

For each N and each target (max error 2x the discretisation error; with --rtol also the relative
residual ||b - A u|| / ||b|| <= 1e-8) it reports sweeps (KSP iterations), training steps and
wall seconds (the run's own wall_time: setup, training, solve) of:
  jacobi  classical Jacobi from zero. The sweep count is exact from the DST eigendecomposition
          (fppost.seed.jacobi_sweeps, in 2D/3D its nD DST); below --run-below sweeps it is run and measured, above it
          a probe run of --probe sweeps measures seconds per sweep and the wall time is the
          probe's plus the remaining sweeps at that rate (said so in the 'how' column).
  hybrid  one-shot hybrid, best switch: one training (-mode dnn, the cycle's net, a field
          snapshot every tenth of the training), then for every snapshot after step 0 the exact
          Jacobi sweeps from it (DST);
          wall = the snapshot's training time + sweeps x Jacobi's measured seconds per sweep;
          the snapshot with the least wall time is reported.
  cycle   -mode cycle (run, measured), one run per seed: median and [min-max] over seeds.
  cg, cg+mg  PETSc's CG without and with multigrid (run, measured).
Prints the table (markdown), the jacobi/cycle ratios, where CG+MG is faster than cycle, and N*:
the smallest measured N at which cycle beats jacobi in wall time (log-log interpolation between
the sizes around the crossing). Nothing here asserts.

With --alternate, Jacobi is run once per seed, each run just before that seed's cycle run (the
two share the machine's load), and its row is the median [min-max] of those runs; the cycle's
row is those pairs' cycle runs, in whichever order --solvers lists the two.

  bench/compare_solvers.py [--sizes 129,257,513] [--dim 1] [--np 1] [--seeds 0,1,2] [--rtol]
      [--net "..."] [--cycle "..."] [--alternate] [--run-below 3000000] [--probe 2000000]
      [--keep DIR]
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
from fppost import seed  # noqa: E402

EXE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "build", "fpsolve")
NET = "-dnn_widths 64,32 -dnn_input mscale -dnn_activation sin -train_lr 3e-3 -train_batch 256"
# 2D/3D: Fourier features of sigma 1 (inputs/cycle_seed2d.opts, docs/cycles.md); the cycle's
# schedule is its auto default there.
NET_ND = ("-dnn_widths 64,32 -dnn_input fourier -dnn_fourier_sigma 1 -dnn_activation sin "
          "-train_lr 3e-3 -train_batch 256")
RUN = {
    "jacobi": "-mode jacobi",
    "cycle": "-mode cycle",
    "cg": "-mode jacobi -ksp_type cg -pc_type none -jacobi_record_stride 1",
    "cg+mg": "-mode jacobi -ksp_type cg -pc_type mg -jacobi_record_stride 1",
}


_done = {}


def fpsolve(args, options, out):
    """Runs fpsolve once per (options, output) in this invocation (a second stop reuses a
    training or probe run that does not depend on it)."""
    if (options, out) in _done:
        return h5py.File(out, "r"), _done[(options, out)]
    cmd = ["mpiexec", "-n", str(args.np), args.exe, *shlex.split(options), "-quiet",
           "-output", out, "-output_overwrite"]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    _done[(options, out)] = " ".join(cmd[3:])
    return h5py.File(out, "r"), _done[(options, out)]


def summary(f, cmd, how="run"):
    steps = int(f["/train"].attrs.get("steps", 0)) if "/train" in f else 0
    return dict(sweeps=int(f["/solve"].attrs["iterations"]), steps=steps,
                seconds=float(f.attrs["wall_time"]), how=how, cmd=cmd)


def stop_options(stop):
    return (f"-jacobi_target_error {stop['target_error']:.6e}" if "target_error" in stop
            else f"-ksp_rtol {stop['rtol']:g}")


def seconds_per_sweep(f):
    t, it = f["/solve/history/time"][:], f["/solve/history/iteration"][:]
    return (t[-1] - t[0]) / max(it[-1] - it[0], 1)


def grid(args, N):
    """The grid options: N points a side, -problem_dim in 2D/3D."""
    axes = "xyz"[:args.dim]
    return (f"-problem_dim {args.dim} " if args.dim > 1 else "") + " ".join(
        f"-da_grid_{a} {N}" for a in axes)


def jacobi(args, N, stop, work, tag=""):
    count = seed.jacobi_sweeps(N, dim=args.dim, **stop)
    if count <= args.run_below:
        f, cmd = fpsolve(args, f"{RUN['jacobi']} {grid(args, N)} {stop_options(stop)}",
                         os.path.join(work, f"jacobi_{N}{tag}.h5"))
        r = summary(f, cmd)
        r["s_per_sweep"] = seconds_per_sweep(f) if r["sweeps"] > 0 else 0.0
        return r
    probe = args.probe
    f, cmd = fpsolve(args, f"-mode jacobi {grid(args, N)} -ksp_max_it {probe} -ksp_rtol 0 "
                     f"-jacobi_record_stride {probe // 10}", os.path.join(work, f"probe_{N}.h5"))
    rate = seconds_per_sweep(f)
    return dict(sweeps=count, steps=0, seconds=float(f.attrs["wall_time"]) + (count - probe) * rate,
                how=f"DST count; {rate * 1e6:.2f} us/sweep measured over {probe} sweeps",
                cmd=cmd, s_per_sweep=rate)


def hybrid(args, N, stop, seed_, rate, work):
    """Best switch of a one-shot hybrid: training measured, the sweeps from each snapshot exact."""
    f, cmd = fpsolve(args, f"-mode dnn {grid(args, N)} {args.net} -train_seed {seed_} "
                     f"-train_steps {args.hybrid_steps} -train_record_stride "
                     f"{args.hybrid_steps // 10} -snapshot_ratio 1 -snapshot_max 11",
                     os.path.join(work, f"hybrid_{N}_{seed_}.h5"))
    snaps = f["/snapshots/train"]
    best = None
    for u, step, t in zip(snaps["u"][:], snaps["index"][:], snaps["time"][:]):
        if step == 0:
            continue  # the untrained net is no hybrid
        guess = np.asarray(u, dtype=float).copy()
        guess[0], guess[-1] = 0.0, 0.0  # the seed's boundary values (hybrid imposes them;
        # in 2D/3D the nD DST reads the interior only)
        sweeps = seed.jacobi_sweeps(N, guess=guess, dim=args.dim, **stop)
        if sweeps is None:
            continue
        wall = float(t) + sweeps * rate
        if best is None or wall < best["seconds"]:
            best = dict(sweeps=sweeps, steps=int(step), seconds=wall, cmd=cmd,
                        how="training measured; DST sweeps from the best snapshot x jacobi's s/sweep")
    return best


def cycle(args, N, stop, label, seed_, work):
    f, cmd = fpsolve(args, f"{RUN['cycle']} {grid(args, N)} {args.net} {args.cycle} "
                     f"-train_seed {seed_} {stop_options(stop)}",
                     os.path.join(work, f"cycle_{N}_{seed_}_{label[:2]}.h5"))
    r = summary(f, cmd)
    r["converged"] = f["/cycle"].attrs["stop_reason"] in (b"rtol", b"target_error")
    return r


def alternated(args, N, stop, label, seeds, work):
    """--alternate: per seed, Jacobi just before that seed's cycle run (both under the same
    machine load). Returns the Jacobi runs and the cycle runs by seed."""
    jacobis, cycles = [], {}
    for s in seeds:
        jacobis.append(jacobi(args, N, stop, work, f"_{s}"))
        cycles[s] = cycle(args, N, stop, label, s, work)
    return jacobis, cycles


def cell(rs, key, fmt):
    v = [r[key] for r in rs]
    med = float(np.median(v))
    if len(v) == 1:
        return fmt.format(med)
    return fmt.format(med) + " [" + fmt.format(min(v)) + "-" + fmt.format(max(v)) + "]"


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sizes", default="129,257,513")
    p.add_argument("--np", type=int, default=1)
    p.add_argument("--dim", type=int, default=1, choices=(1, 2, 3),
                   help="1, 2 or 3: N^dim points (the seed problem u1(x) u1(y) [u1(z)])")
    p.add_argument("--seeds", default="0,1,2")
    p.add_argument("--solvers", default="jacobi,hybrid,cycle,cg,cg+mg")
    p.add_argument("--net", default=None, help="default: the 1D net, or in 2D/3D NET_ND")
    p.add_argument("--cycle", default=None,
                   help="default: -cycle_train_steps 600 -cycle_max 60 (1D), -cycle_max 60 (2D/3D)")
    p.add_argument("--alternate", action="store_true",
                   help="run Jacobi before each seed's cycle run; report its median")
    p.add_argument("--hybrid-steps", type=int, default=4000)
    p.add_argument("--rtol", action="store_true", help="also to relative residual 1e-8")
    p.add_argument("--run-below", type=int, default=3000000)
    p.add_argument("--probe", type=int, default=2000000)
    p.add_argument("--exe", default=EXE)
    p.add_argument("--keep", default=None, help="keep the run files in this folder")
    args = p.parse_args()
    if args.net is None:
        args.net = NET if args.dim == 1 else NET_ND
    if args.cycle is None:
        args.cycle = "-cycle_train_steps 600 -cycle_max 60" if args.dim == 1 else "-cycle_max 60"
    sizes = [int(s) for s in args.sizes.split(",")]
    seeds = [int(s) for s in args.seeds.split(",")]
    solvers = args.solvers.split(",")
    work = args.keep or tempfile.mkdtemp(prefix="compare_solvers.")
    os.makedirs(work, exist_ok=True)
    table = {}
    print("| N | target | solver | sweeps | train steps | wall s | how |")
    print("|---|---|---|---|---|---|---|")
    for N in sizes:
        disc = (seed.discretisation_error(N) if args.dim == 1 else
                seed.discretisation_error_nd(N, args.dim))
        stops = [("2x disc", dict(target_error=2 * disc))]
        size = str(N) if args.dim == 1 else f"{N}^{args.dim}"
        if args.rtol:
            stops.append(("rtol 1e-8", dict(rtol=1e-8)))
        for label, stop in stops:
            rate = None
            # --alternate: the pairs are run where the first of jacobi and cycle is listed, so
            # the order of --solvers does not matter; both rows then report the pairs' runs.
            pairs = None
            alternate = args.alternate and "jacobi" in solvers and "cycle" in solvers
            for solver in solvers:
                rs = []
                if alternate and solver in ("jacobi", "cycle") and pairs is None:
                    pairs = alternated(args, N, stop, label, seeds, work)
                    rate = float(np.median([r["s_per_sweep"] for r in pairs[0]]))
                if solver == "jacobi" and alternate:
                    rs = pairs[0]
                elif solver == "jacobi":
                    rs = [jacobi(args, N, stop, work)]
                    rate = rs[0]["s_per_sweep"]
                elif solver == "hybrid":
                    if rate is None:
                        rate = jacobi(args, N, stop, work)["s_per_sweep"]
                    rs = [r for r in (hybrid(args, N, stop, s, rate, work) for s in seeds) if r]
                elif solver == "cycle":
                    rs = ([pairs[1][s] for s in seeds] if alternate else
                          [cycle(args, N, stop, label, s, work) for s in seeds])
                else:
                    f, cmd = fpsolve(args, f"{RUN[solver]} {grid(args, N)} {stop_options(stop)}",
                                     os.path.join(work, f"{solver}_{N}.h5"))
                    rs = [summary(f, cmd)]
                if not rs:
                    continue
                table[(N, label, solver)] = rs
                runs = "runs next to the cycle's seeds" if solver == "jacobi" else "seeds"
                how = rs[0]["how"] + (f", {len(rs)} {runs}: median [min-max]" if len(rs) > 1
                                      else "")
                if solver == "cycle" and not all(r["converged"] for r in rs):
                    how += "; NOT CONVERGED in some seed"
                print(f"| {size} | {label} | {solver} | {cell(rs, 'sweeps', '{:.0f}')} | "
                      f"{cell(rs, 'steps', '{:.0f}')} | {cell(rs, 'seconds', '{:.2f}')} | {how} |",
                      flush=True)
    med = {k: (float(np.median([r["seconds"] for r in v])),
               float(np.median([r["sweeps"] for r in v]))) for k, v in table.items()}
    ratios = []
    for N in sizes:
        j, c, mg = (med.get((N, "2x disc", s)) for s in ("jacobi", "cycle", "cg+mg"))
        if j and c:
            ratios.append((N, j[0] / c[0]))
            print(f"N={N}: jacobi/cycle sweeps {j[1] / c[1]:.0f}x, wall {j[0] / c[0]:.2g}x"
                  + (f"; cg+mg is {c[0] / mg[0]:.0f}x faster than cycle" if mg and mg[0] < c[0]
                     else ""))
    star = None
    for (n0, q0), (n1, q1) in zip(ratios, ratios[1:]):
        if q0 < 1 <= q1 and star is None:
            star = math.exp(math.log(n0) + (math.log(n1) - math.log(n0)) * -math.log(q0) /
                            (math.log(q1) - math.log(q0)))
    if ratios and ratios[0][1] >= 1:
        print(f"N*: cycle already beats jacobi in wall time at the smallest size, N = {ratios[0][0]}")
    elif star:
        print(f"N* ~ {star:.0f} (log-log interpolation between the sizes around the crossing)")
    elif ratios:
        print("N*: cycle does not beat jacobi in wall time at the measured sizes")
    print(f"run files in {work}")


if __name__ == "__main__":
    sys.exit(main())
