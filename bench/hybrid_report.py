#!/usr/bin/python3
"""Measures the hybrid on a configuration: per-mode convergence and time to target errors.

Runs fpsolve (jacobi from zero, a sweep over switch steps, and the auto switch for each target)
and prints two tables: the step / iteration at which each tracked mode's relative error first
drops below 0.1 (1D modes k, 2D/3D multi-indices kx:ky[:kz]), and the iterations and wall
seconds to max error 3e-2, 1e-2, 3e-3 (--targets) for jacobi, dnn, hybrid at each switch step,
and auto. Nothing here asserts; it reports measured numbers.

  bench/hybrid_report.py [--np 2] [--opts inputs/seed_quick.opts] [--switch 500,1000,2000]
      [--targets 3e-2,1e-2,3e-3] [--exe build/fpsolve]
"""
import argparse, os, subprocess, sys, tempfile
import h5py, numpy as np


def run(exe, np_, opts, out, *extra):
    cmd = ["mpiexec", "-n", str(np_), exe, "-options_file", opts, "-output", out, "-quiet", *extra]
    subprocess.run(cmd, check=True)
    return " ".join(cmd[4:])


def first_below(x, err, level):
    idx = np.nonzero(np.asarray(err) <= level)[0]
    return None if len(idx) == 0 else x[idx[0]]


def fmt(v, spec="{:.0f}"):
    return "-" if v is None else spec.format(v)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--exe", default=os.path.join(here, "..", "build", "fpsolve"))
    ap.add_argument("--np", type=int, default=2)
    ap.add_argument("--opts", default=os.path.join(here, "..", "inputs", "seed_quick.opts"))
    ap.add_argument("--switch", default="500,1000,2000")
    ap.add_argument("--steps", type=int, default=None, help="training steps (default: the opts file's)")
    ap.add_argument("--targets", default="3e-2,1e-2,3e-3", help="max errors, largest first")
    a = ap.parse_args()
    TARGETS = [float(t) for t in a.targets.split(",")]
    tmp = tempfile.mkdtemp(prefix="hybrid_report.")
    steps = ["-train_steps", str(a.steps)] if a.steps else []
    last = a.switch.split(",")[-1]
    sw_steps = steps or ["-train_steps", last]
    print("commands (each with -options_file %s -quiet):" % a.opts)
    print(" ", run(a.exe, a.np, a.opts, f"{tmp}/jacobi.h5", "-mode", "jacobi", "-jacobi_target_error", f"{TARGETS[-1]:g}"))
    print(" ", run(a.exe, a.np, a.opts, f"{tmp}/sweep.h5", "-mode", "sweep", "-sweep_switch_steps", a.switch,
                   "-jacobi_target_error", f"{TARGETS[-1]:g}", *sw_steps))
    for t in TARGETS:
        print(" ", run(a.exe, a.np, a.opts, f"{tmp}/auto_{t:g}.h5", "-mode", "hybrid", "-hybrid_switch", "auto",
                       "-jacobi_target_error", f"{t:g}", *steps))
    j, s = h5py.File(f"{tmp}/jacobi.h5"), h5py.File(f"{tmp}/sweep.h5")
    modes = [":".join(str(int(k)) for k in np.atleast_1d(m)) for m in s["/spectrum/modes"][:]]
    print(f"\nper-mode convergence (first record with relative error < 0.1), modes {modes}")
    tr_steps, tr_pe = s["/train/record/step"][:], s["/spectrum/train/peak_error"][:]
    ja_its, ja_pe = j["/solve/history/iteration"][:], j["/spectrum/solve/peak_error"][:]
    print("  %-22s" % "mode" + "".join("%10s" % m for m in modes))
    print("  %-22s" % "training step" + "".join("%10s" % fmt(first_below(tr_steps, tr_pe[:, i], 0.1)) for i in range(len(modes))))
    print("  %-22s" % "Jacobi iteration" + "".join("%10s" % fmt(first_below(ja_its, ja_pe[:, i], 0.1)) for i in range(len(modes))))
    if "/spectrum/train/shell_error" in s:  # 2D/3D: the |k| shells of the tracked modes
        edges = s["/spectrum/shells"][:]
        norms = np.sqrt((np.asarray(s["/spectrum/modes"][:], float) ** 2).sum(axis=1))
        shells = np.clip(np.searchsorted(edges, norms, side="right") - 1, 0, len(edges) - 2)
        tr_sh, ja_sh = s["/spectrum/train/shell_error"][:], j["/spectrum/solve/shell_error"][:]
        print("  %-22s" % "|k| shell of the mode" + "".join("%10s" % f"{edges[b]:.1f}-{edges[b + 1]:.1f}" for b in shells))
        print("  %-22s" % "  training step" + "".join("%10s" % fmt(first_below(tr_steps, tr_sh[:, b], 0.1)) for b in shells))
        print("  %-22s" % "  Jacobi iteration" + "".join("%10s" % fmt(first_below(ja_its, ja_sh[:, b], 0.1)) for b in shells))
    # Jacobi's seconds from the sweep run's own Jacobi from zero when it has one (side by side
    # with the members: the same process, the same load), else from the jacobi run.
    jh = (s if "/solve/history" in s else j)["/solve/history"]
    jt = jh["time"][:] - jh["time"][0]
    rows = [("jacobi from zero", [(first_below(jh["iteration"][:], jh["max_error"][:], t),
                                   first_below(jt, jh["max_error"][:], t)) for t in TARGETS])]
    rt = s["/train/record"]
    rows.append(("dnn alone", [(first_below(rt["step"][:], rt["max_error"][:], t),
                                first_below(rt["time"][:] - rt["time"][0], rt["max_error"][:], t)) for t in TARGETS]))
    train_t0 = rt["time"][0]
    start = s["/train"].attrs.get("start_time", 0.0)  # member times are on the run clock
    for k in sorted(s["/sweep"]):
        g = s["/sweep/" + k]
        h = g["solve/history"]
        it, tm, err = h["iteration"][:], h["time"][:] - start, h["max_error"][:]
        rows.append((f"hybrid switch {int(g.attrs['switch_step'])}",
                     [(first_below(it, err, t), first_below(tm, err, t)) for t in TARGETS]))
    auto = []
    for t in TARGETS:
        f = h5py.File(f"{tmp}/auto_{t:g}.h5")
        h = f["/solve/history"]
        ok = h["max_error"][-1] <= t
        # All the training auto did (it trains past the net it picks) + its solve.
        train = f["/train"].attrs.get("seconds", f["/hybrid"].attrs["switch_time"])
        total = train + f["/solve"].attrs["seconds"]
        reason = f["/hybrid"].attrs.get("auto_stop_reason", b"")
        reason = reason.decode() if isinstance(reason, bytes) else str(reason)
        auto.append((f["/solve"].attrs["iterations"] if ok else None, total if ok else None,
                     f'{int(f["/hybrid"].attrs["switch_step"])} {reason}'.strip()))
    print("\niterations (KSP) / steps (dnn) and wall seconds (training + solve) to max error")
    print("  %-22s" % "" + "".join("%22s" % f"{t:g}" for t in TARGETS))
    for name, cells in rows:
        print("  %-22s" % name + "".join("%12s %8s s" % (fmt(i), fmt(w, "{:.3f}")) for i, w in cells))
    print("  %-22s" % "auto" + "".join("%12s %8s s" % (fmt(i), fmt(w, "{:.3f}")) for i, w, _ in auto)
          + "   (net of step, stop reason: %s)" % ", ".join(str(st) for _, _, st in auto))
    print("\nsweep-member times include the training seconds before the switch, auto's all its"
          " training (it trains past the net it picks); run files in", tmp)


if __name__ == "__main__":
    sys.exit(main())
