#!/usr/bin/python3
"""Write a synthetic 1D run file, layout_version 1 (docs/output-format.md), for developing
fpplot without fpsolve. The numbers imitate the F-Principle: the 'net' learns low modes first,
Jacobi kills high modes first. Usage: synth_runfile.py MODE OUT.h5 [--ranks P] [--n N]"""

import argparse
import os
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.realpath(__file__)), ".."))
from fppost.dst import dst1 as dst  # noqa: E402  (the one DST of the postprocessing)


def idst(c):
    n = c.size
    return dst(c) * 2.0 / (n + 1)


def seed(x):
    g0 = lambda t: np.sin(t) + np.sin(4 * t) / 4 - np.sin(8 * t) / 8 + np.sin(24 * t) / 36
    c1, c0 = (g0(-1) - g0(1)) / 2, -(g0(-1) + g0(1)) / 2
    rhs = np.sin(x) + 4 * np.sin(4 * x) - 8 * np.sin(8 * x) + 16 * np.sin(24 * x)
    return rhs, g0(x) + c1 * x + c0


def series(grp, **cols):
    for k, v in cols.items():
        grp.create_dataset(k, data=np.asarray(v), maxshape=(None,) + np.shape(v)[1:])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode")
    ap.add_argument("out")
    ap.add_argument("--ranks", type=int, default=1)
    ap.add_argument("--n", type=int, default=201)
    a = ap.parse_args()
    x = np.linspace(-1, 1, a.n)
    rhs, exact = seed(x)
    ustar = dst(exact[1:-1])
    n = ustar.size
    k = np.arange(1, n + 1)
    modes = np.array([2, 4, 6, 16])
    rng = np.random.default_rng(0)
    with h5py.File(a.out, "w") as f:
        f.attrs.update(fpsolve_version="0.1.0-synthetic", git_commit="synthetic",
                       petsc_version="3.18.5", mpi_ranks=a.ranks, created="now", mode=a.mode,
                       options=f"-mode {a.mode} -da_grid_x {a.n} -train_batch {200 * a.ranks}")
        f["grid/x"] = x
        f["problem/rhs"] = rhs
        f["problem/exact"] = exact
        f["spectrum/modes"] = modes
        t_step = 0.002 / a.ranks ** 0.8
        steps = np.arange(0, 2001)
        if a.mode in ("dnn", "hybrid", "sweep", "fit"):
            series(f.create_group("train/history"), step=steps, time=0.1 + steps * t_step,
                   loss=np.exp(-steps / 500) + 0.01 * rng.random(steps.size))
            rec = steps[::100]
            rates = 0.02 / k ** 1.2
            errspec = np.abs(ustar)[None, :] * np.exp(-np.outer(rec, rates)) + 1e-4
            rel = errspec / (np.abs(ustar) + 1e-12)
            maxerr = np.array([np.max(np.abs(idst(e))) for e in errspec])
            series(f.create_group("train/record"), step=rec, time=0.1 + rec * t_step,
                   max_error=maxerr)
            f["spectrum/train/peak_error"] = rel[:, modes - 1]
            f["spectrum/train/error_spectrum"] = errspec[::2]
        if a.mode in ("jacobi", "hybrid", "sweep"):
            its = np.arange(0, 20001, 200)
            lam = np.cos(np.pi * k / (n + 1))
            start = np.abs(ustar) if a.mode == "jacobi" else np.abs(ustar) * 0.05 + 1e-4
            t0 = 0.05 if a.mode == "jacobi" else 0.1 + 2000 * t_step
            errspec = start[None, :] * np.abs(lam)[None, :] ** its[:, None]
            maxerr = np.array([np.max(np.abs(idst(e))) for e in errspec])

            def solve(base, t_start):
                series(f.create_group(f"{base}solve/history"), iteration=its,
                       time=t_start + its * 2e-6 * a.n / a.ranks,
                       residual=maxerr * 10, max_error=maxerr)
                f[f"{base}spectrum/solve/peak_error"] = (errspec / (np.abs(ustar) + 1e-12))[
                    :, modes - 1]
                f[f"{base}spectrum/solve/error_spectrum"] = errspec[::5]
            if a.mode == "sweep":
                for i, s in enumerate((500, 1000, 2000)):
                    g = f.create_group(f"sweep/{i:03d}")
                    g.attrs["switch_step"] = s
                    g.attrs["switch_time"] = 0.1 + s * t_step
                    solve(f"sweep/{i:03d}/", 0.1 + 2000 * t_step + i)
            else:
                solve("", t0)
        f["solution/u"] = exact + (0.01 * np.sin(3 * np.pi * x) if a.mode == "fit" else 0)


if __name__ == "__main__":
    main()
