"""F-Principle heat maps: relative error of each tracked DST mode vs step or iteration."""

import numpy as np
from matplotlib.colors import LogNorm, Normalize

from .common import figure, note, save

CMAP = "RdYlBu"  # red = small error, blue = large (as in the paper's figures)
LOG_FLOOR = 1e-4  # lower end of the log colour scale


def norm(scale):
    """Colour scale: "linear" 0..1 as in the paper, or "log" LOG_FLOOR..1 (small errors)."""
    return LogNorm(LOG_FLOOR, 1.0) if scale == "log" else Normalize(0.0, 1.0)


def _panel(ax, run, stage, member, title, scale="linear"):
    """Draw one heat map; return the mesh (for the colorbar) or None if no data."""
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
    rows = np.arange(modes.size)
    if scale == "log":
        err = np.clip(err, LOG_FLOOR, None)
    mesh = ax.pcolormesh(x, rows, err.T, cmap=CMAP, norm=norm(scale), shading="nearest")
    ax.set_yticks(rows)
    ax.set_yticklabels([str(m) for m in modes])
    ax.set_ylabel("DST mode k")
    ax.set_xlabel({"step": "training step", "iteration": "KSP iteration"}.get(xname, xname))
    ax.set_title(title)
    return mesh


def _members(run, limit):
    """Up to `limit` evenly spaced sweep members that have per-mode KSP errors."""
    names = [m for m in run.subgroups("/sweep")
             if run.has(f"/sweep/{m}/spectrum/solve/peak_error")]
    if len(names) > limit:
        step = (len(names) - 1) / (limit - 1)
        names = [names[round(i * step)] for i in range(limit)]
    return names


def plot(run, outdir, scale="linear", max_members=4):
    """Write <run>_fprinciple.png (training and KSP panels; sweep members too)."""
    panels = []
    if run.has("/spectrum/train/peak_error"):
        label = "fit" if run.mode == "fit" else "DNN training"
        panels.append(("train", "", f"{label}: relative error per mode"))
    if run.has("/spectrum/solve/peak_error"):
        label = "Jacobi from zero" if run.mode == "jacobi" else "KSP after switch"
        panels.append(("solve", "", f"{label}: relative error per mode"))
    for m in _members(run, max_members):
        step = run.group_attrs(f"/sweep/{m}").get("switch_step", "?")
        panels.append(("solve", f"/sweep/{m}", f"sweep {m}: KSP from step {step}"))
    if not panels:
        note(f"{run.path}: no /spectrum/*/peak_error: no F-Principle heat map")
        return []
    fig, axes = figure(ncols=1, nrows=len(panels), width=7.0, height=2.6)
    mesh = None
    for ax, (stage, member, title) in zip(axes, panels):
        mesh = _panel(ax, run, stage, member, title, scale) or mesh
    if mesh is None:
        return []
    fig.colorbar(mesh, ax=axes, label="relative error |U_k - U*_k| / |U*_k|",
                 extend="both" if scale == "log" else "max")
    fig.suptitle(f"F-Principle: {run.name} ({run.mode})")
    return [save(fig, outdir, f"{run.name}_fprinciple")]
