"""Checks of tests/cli/cycle_mode.sh on -mode cycle run files (usage: see the script)."""
import math
import sys

import os

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "postprocess"))
from fppost import seed  # noqa: E402


def energy_of(u):
    """h e^T A e of the algebraic error of u (docs/cycles.md), from the direct discrete solve."""
    x, uh = seed.solve_discrete(len(u))
    h = x[1] - x[0]
    e = uh - u[1:-1]
    return float(h * e @ seed.apply_operator(e, h))


def converged(path, target):
    f = h5py.File(path, "r")
    err = float(f["/solve"].attrs["final_max_error"])
    ok = err <= float(target) and f["/cycle"].attrs["stop_reason"] == b"target_error"
    print(f"{path}: final max error {err:.3e} (target {float(target):.3e}), "
          f"{f['/solve'].attrs['iterations']} sweeps, {f['/train'].attrs['steps']} steps")
    return ok


def not_converged(path, target):
    err = float(h5py.File(path, "r")["/solve"].attrs["final_max_error"])
    print(f"{path}: final max error {err:.3e} (target {float(target):.3e})")
    return err > float(target)


def energies(path):
    f = h5py.File(path, "r")
    h = f["/cycle/history"]
    acc, before, after = h["accepted"][:], h["energy_before"][:], h["energy"][:]
    ok = all(after[i] < before[i] for i in range(len(acc)) if acc[i] == 1)
    ok = ok and np.all(np.diff(after) <= 0)  # sweeps never raise it either
    true = energy_of(f["/solution/u"][:])
    print(f"{path}: accepted {list(acc)}, energy {after[-1]:.6e}, recomputed {true:.6e}")
    return ok and math.isclose(after[-1], true, rel_tol=1e-6)


def budget(path):
    f = h5py.File(path, "r")
    print(int(f["/train"].attrs["steps"]), int(f["/solve"].attrs["iterations"]))
    return True


def rejected(path, cycle, target):
    h = h5py.File(path, "r")["/cycle/history"]
    c = int(cycle)
    acc, before, after = h["accepted"][:], h["energy_before"][:], h["energy"][:]
    print(f"{path}: accepted {list(acc)}")
    # Rejected: the iterate is the one before the correction (energy unchanged).
    return acc[c] == 0 and after[c] == before[c] and converged(path, target)


def exponent(paths):
    """Least-squares slope of log(sweeps) against log(N) over the run files."""
    n = [len(h5py.File(p, "r")["/solution/u"]) for p in paths]
    s = [int(h5py.File(p, "r")["/solve"].attrs["iterations"]) for p in paths]
    return float(np.polyfit(np.log(n), np.log(s), 1)[0]), n, s


def exponents(*paths):
    """cycle runs then as many jacobi runs, same sizes: cycle's exponent < jacobi's - 0.5 and
    < 1.5 (sweeps to the target)."""
    half = len(paths) // 2
    ec, n, sc = exponent(paths[:half])
    ej, _, sj = exponent(paths[half:])
    print(f"sweeps to 2x discretisation error: N {n}: cycle {sc}, jacobi {sj}; "
          f"exponents cycle {ec:.2f}, jacobi {ej:.2f}")
    return ec < ej - 0.5 and ec < 1.5


if __name__ == "__main__":
    sys.exit(0 if globals()[sys.argv[1]](*sys.argv[2:]) else 1)
