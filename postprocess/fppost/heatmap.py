"""F-Principle heat maps: relative error of each tracked DST mode vs training step (DNN) and vs
KSP iteration (Jacobi), side by side on the same modes and the same colour scale, with one
colour bar per figure. A sweep's continuations get a figure of their own."""

import numpy as np
from matplotlib.colors import LogNorm, Normalize

from . import labels
from .common import figure, note, save
from .spectrum import stage_title

CMAP = "RdYlBu"  # red = small error, blue = large (as in the paper's figures)
LOG_FLOOR = 1e-4  # lower end of the log colour scale


def norm(scale):
    """Colour scale: "log" LOG_FLOOR..1 (default: shows how far below 0.1 each mode has
    converged) or "linear" 0..1 as in the paper."""
    return LogNorm(LOG_FLOOR, 1.0) if scale == "log" else Normalize(0.0, 1.0)


def _times(run, stage, member, rows):
    """Seconds on the error-vs-time figure's clock of the rows of a peak_error matrix."""
    from .walltime import time_zero
    path = f"{member}/train/record/time" if stage == "train" else f"{member}/solve/history/time"
    if not run.has(path) or run.get(path).size != rows:
        return None
    return run.get(path).reshape(-1).astype(float) - time_zero(run)


def panel_data(run, stage, member="", x_axis="count"):
    """(x, x name, modes, records x modes relative errors) of one panel, or None.
    x_axis "count": training steps / KSP iterations; "time": seconds since t = 0."""
    path = f"{member}/spectrum/{stage}/peak_error"
    if not run.has(path) or not run.has("/spectrum/modes"):
        return None
    err = np.atleast_2d(run.get(path).astype(float))
    modes = run.modes()
    if err.shape[1] != modes.size and err.shape[0] == modes.size:
        err = err.T  # tolerate modes x records
    if err.shape[1] != modes.size:
        note(f"{run.path}: {path} has {err.shape[1]} columns for {modes.size} modes")
        return None
    x, xname = run.record_axis(stage, err.shape[0], member)
    if x_axis == "time":
        t = _times(run, stage, member, err.shape[0])
        if t is not None:
            x, xname = t, "time"
    return x, xname, modes, err


def _panel(ax, run, stage, member, title, scale="log", x_axis="count"):
    """Draw one heat map; return the mesh (for the colour bar) or None if no data."""
    data = panel_data(run, stage, member, x_axis)
    if data is None:
        return None
    x, xname, modes, err = data
    rows = np.arange(modes.size)
    shown = np.clip(err, LOG_FLOOR, None) if scale == "log" else err
    mesh = ax.pcolormesh(x, rows, shown.T, cmap=CMAP, norm=norm(scale), shading="nearest")
    ax.set_yticks(rows)
    ax.set_yticklabels([f"k = {m}" for m in modes])
    ax.set_xlabel({"step": "training step", "iteration": "KSP iteration",
                   "time": "wall time since the start of training [s]"}.get(xname, xname))
    ax.ticklabel_format(axis="x", style="sci", scilimits=(-3, 4))
    ax.set_title(title, fontsize=10)
    return mesh


def _colorbar(fig, mesh, axes, scale):
    fig.colorbar(mesh, ax=axes, label="relative error |U_k - U*_k| / |U*_k|",
                 extend="both" if scale == "log" else "max", shrink=0.9)


def main_panels(run):
    """[(stage, member, title)]: DNN training | Jacobi alone or the KSP after the switch."""
    panels = []
    if run.has("/spectrum/train/peak_error"):
        panels.append(("train", "", stage_title(run, "train")))
    if run.has("/spectrum/solve/peak_error"):
        panels.append(("solve", "", stage_title(run, "solve")))
    return panels


def _members(run, limit):
    """Up to `limit` evenly spaced sweep members that have per-mode KSP errors."""
    names = [m for m in run.subgroups("/sweep")
             if run.has(f"/sweep/{m}/spectrum/solve/peak_error")]
    if len(names) > limit:
        step = (len(names) - 1) / (limit - 1)
        names = [names[round(i * step)] for i in range(limit)]
    return names


def draw(run, panels, scale, x_axis="count"):
    """A figure with the panels side by side (shared modes, one colour bar; with x_axis "time"
    one shared time axis too); (fig, meshes)."""
    ncols = min(2, len(panels))
    nrows = (len(panels) + ncols - 1) // ncols
    fig, axes = figure(ncols=ncols, nrows=nrows, width=5.0, height=3.4, sharey=True,
                       sharex=x_axis == "time")
    for ax in axes[len(panels):]:
        ax.set_axis_off()
    meshes = [_panel(ax, run, stage, member, title, scale, x_axis)
              for ax, (stage, member, title) in zip(axes, panels)]
    good = [m for m in meshes if m is not None]
    if good:
        _colorbar(fig, good[-1], axes, scale)
    for ax in axes[::ncols]:
        ax.set_ylabel("DST mode")
    return fig, meshes


def plot(run, outdir, scale="log", max_members=4, x_axis="count"):
    """Write <run>_fprinciple.png (DNN | Jacobi or KSP) and, for a sweep,
    <run>_fprinciple_sweep.png (the KSP continued from each snapshot)."""
    made = []
    panels = main_panels(run)
    what = "F-Principle: relative error per mode"
    if panels:
        fig, meshes = draw(run, panels, scale, x_axis)
        if any(m is not None for m in meshes):
            fig.suptitle(f"{what} ({labels.describe(run)})", fontsize=10)
            made.append(save(fig, outdir, f"{run.name}_fprinciple"))
    members = [(f"/sweep/{m}", run.group_attrs(f"/sweep/{m}").get("switch_step", "?"))
               for m in _members(run, max_members)]
    if members:
        fig, meshes = draw(run, [("solve", grp, f"KSP from the net of step {step}")
                                 for grp, step in members], scale, x_axis)
        if any(m is not None for m in meshes):
            fig.suptitle(f"{what}, sweep continuations ({labels.describe(run)})", fontsize=10)
            made.append(save(fig, outdir, f"{run.name}_fprinciple_sweep"))
    if not made:
        note(f"{run.path}: no /spectrum/*/peak_error: no F-Principle heat map")
    return made
