"""Correction cycles (docs/cycles.md): how solvers compare, and what each cycle did per mode.

- comparison (across files): max error and relative residual vs wall time and vs sweeps
  (KSP iterations) for every run given: jacobi, one-shot hybrid, cycle, and PETSc baselines
  (a jacobi-mode run with -ksp_type cg, -pc_type mg ...), on one 2x2 figure;
- per cycle run: the algebraic error per DST mode (1D) or per shell round(|k|) of the
  multi-index k (2D/3D) at the end of each cycle (heat map, from /cycle/error_spectrum) and the
  per-mode (per-shell) reduction factor of each cycle."""

import numpy as np

from .common import figure, note, positive, save


def label(run):
    """What solved: the mode, and for KSP runs the KSP/PC when they are not plain Jacobi."""
    if run.mode == "cycle":
        return f"cycle ({run.option('cycle_train_steps', 'auto')} steps)"
    if run.mode == "hybrid":
        return f"hybrid (switch {run.option('hybrid_switch', 'auto')})"
    ksp, pc = run.option("ksp_type", "richardson"), run.option("pc_type", "jacobi")
    if (ksp, pc) == ("richardson", "jacobi"):
        return "jacobi"
    return ksp + ("+" + pc if pc not in ("none", "jacobi") else "")


def _bnorm(run):
    """||b||_2 of the linear system (1D, 2D, 3D), rebuilt from /problem/rhs and the boundary
    values of /solution/u: interior rows rhs + the eliminated boundary neighbours / h_a^2,
    boundary rows diagonal x boundary value (docs/output-format.md)."""
    if not run.has("/problem/rhs") or not run.has("/grid/x"):
        return float("nan")
    rhs = np.asarray(run.field("/problem/rhs"), dtype=float)
    names = ("x", "y", "z")[: rhs.ndim][::-1]  # fields are [z][y][x]
    h = [float(np.diff(run.axis(a)[:2])[0]) for a in names]
    u = np.asarray(run.field("/solution/u"), dtype=float) if run.has("/solution/u") else 0 * rhs
    inner = tuple(slice(1, -1) for _ in range(rhs.ndim))
    ub = u.copy()
    ub[inner] = 0.0  # boundary values only
    b = ub * sum(2 / hh**2 for hh in h)
    interior = rhs[inner].copy()
    for ax, hh in enumerate(h):
        lo, hi = list(inner), list(inner)
        lo[ax], hi[ax] = slice(0, -2), slice(2, None)
        interior += (ub[tuple(lo)] + ub[tuple(hi)]) / hh**2
    b[inner] = interior
    return float(np.linalg.norm(b))


def histories(run):
    """(time, sweeps, max_error, relative residual) of the run's solve history, or None."""
    if not run.has("/solve/history/time"):
        return None
    g = "/solve/history"
    t = run.get(f"{g}/time").astype(float).reshape(-1)
    it = run.get(f"{g}/iteration").astype(float).reshape(-1)
    err = run.get(f"{g}/max_error").astype(float).reshape(-1)
    res = run.get(f"{g}/residual").astype(float).reshape(-1) / _bnorm(run)
    n = min(t.size, it.size, err.size, res.size)
    return t[:n], it[:n], err[:n], res[:n]


def plot_comparison(runs, outdir):
    """Write solver_comparison.png from every run with a solve history."""
    items = [(label(r), histories(r)) for r in runs]
    items = [(lab, h) for lab, h in items if h is not None and h[0].size]
    if len(items) < 2:
        return []
    fig, axes = figure(ncols=2, nrows=2, width=5.6, height=3.8)
    panels = [(0, 2, "max |u - u_exact|"), (1, 2, None), (0, 3, "||b - A u|| / ||b||"),
              (1, 3, None)]
    for ax, (xi, yi, ylabel) in zip(axes, panels):
        for lab, h in items:
            x = h[xi]
            ax.plot(np.maximum(x, 1) if xi == 1 else x, positive(h[yi]), label=lab, lw=1.6)
        ax.set_yscale("log")
        ax.set_xscale("log")
        ax.set_xlabel("wall time since start of run [s]" if xi == 0 else "sweeps (KSP iterations)")
        if ylabel:
            ax.set_ylabel(ylabel)
        ax.grid(True, which="both", alpha=0.3)
    axes[0].legend(fontsize=7)
    n = runs[0].grid_points()
    fig.suptitle(f"Solvers on {runs[0].attrs.get('problem', '')[:40]}..., N = {n}", fontsize=9)
    return [save(fig, outdir, "solver_comparison")]


def plot_cycle_modes(run, outdir, max_mode=None):
    """Write <run>_cycle_modes.png: |E_k| per cycle (heat map) and its per-cycle reduction."""
    if run.mode != "cycle":
        return []
    if not run.has("/cycle/error_spectrum"):
        note(f"{run.path}: no /cycle/error_spectrum: no per-mode cycle figure")
        return []
    E = np.atleast_2d(run.get("/cycle/error_spectrum").astype(float))
    # 1D: one DST mode per column; 2D/3D: one shell round(|k|) per column (the root sum of
    # squares of its modes' coefficients).
    shape = run.grid_shape()
    shells = len(shape) > 1
    what = "shell round(|k|)" if shells else "DST mode k"
    n = np.array(shape) - 2 if shells else np.array([E.shape[1]])
    kmax = min(E.shape[1], max_mode or 64)
    E = E[:, :kmax] * np.prod(2.0 / (n + 1))  # amplitude in u's units
    fig, (ax1, ax2) = figure(ncols=2, width=5.6, height=4.2)
    logE = np.log10(np.maximum(E, 1e-300))
    top = np.nanmax(logE)
    im = ax1.imshow(logE.T, origin="lower", aspect="auto", cmap="viridis", vmin=top - 8,
                    vmax=top, extent=(-0.5, E.shape[0] - 0.5, 0.5, kmax + 0.5),
                    interpolation="nearest")
    fig.colorbar(im, ax=ax1, label=f"log10 amplitude of {what.split()[0]} k in the error u* - u")
    ax1.set_xlabel("cycle")
    ax1.set_ylabel(what)
    ax1.set_title(f"error per {what.split()[0]} at the end of each cycle", fontsize=9)
    acc = run.get("/cycle/history/accepted").astype(int).reshape(-1)
    if E.shape[0] > 1:
        rate = E[1:] / np.maximum(E[:-1], 1e-300)
        for c in range(rate.shape[0]):
            kind = {1: "-", 0: ":", -1: "--"}.get(int(acc[c + 1]) if c + 1 < acc.size else 1, "-")
            ax2.plot(np.arange(1, kmax + 1), positive(rate[c]), kind, lw=1.2,
                     label=f"cycle {c + 1}" + (" (rejected)" if kind == ":" else ""))
        ax2.set_yscale("log")
        ax2.axhline(1.0, color="k", lw=0.8)
        ax2.set_xlabel(what)
        ax2.set_ylabel("|E| after / before the cycle")
        ax2.set_title(f"per-{what.split()[0]} reduction of each cycle (sweeps + correction)",
                      fontsize=9)
        ax2.grid(True, which="both", alpha=0.3)
        if rate.shape[0] <= 12:
            ax2.legend(fontsize=7)
    fig.suptitle(f"{run.name}: correction cycles, N = {run.grid_points()}", fontsize=10)
    return [save(fig, outdir, f"{run.name}_cycle_modes")]
