"""2D/3D F-Principle heat maps: relative error per |k| shell (and per tracked multi-index mode)
vs training step and vs KSP iteration, side by side (the paper's figure in nD)."""

import matplotlib
import numpy as np

from .common import figure, note, save
from .heatmap import CMAP, LOG_FLOOR, norm


def _matrix(run, path, cols):
    """records x cols matrix at path, or None (tolerates cols x records)."""
    if not run.has(path):
        return None
    m = np.atleast_2d(run.get(path).astype(float))
    if m.shape[1] != cols and m.shape[0] == cols:
        m = m.T
    if m.shape[1] != cols:
        note(f"{run.path}: {path} has {m.shape[1]} columns, expected {cols}")
        return None
    return m


def _shells_with_signal(run, nshell, rel=1e-12):
    """Shells 0..keep-1 up to the last one whose reference energy is >= rel x the largest:
    the seed's spectrum lives at low |k|; the rest of the axis would be blank."""
    if not run.has("/spectrum/shell_reference"):
        return nshell
    energy = run.get("/spectrum/shell_reference").astype(float).reshape(-1)
    if energy.size != nshell or not np.isfinite(energy).any() or energy.max() <= 0:
        return nshell
    return int(np.nonzero(energy >= rel * energy.max())[0].max()) + 1


def _stages(run, max_members):
    """[(stage, member, title)] of the panels present: training, KSP, a few sweep members."""
    out = []
    if run.has("/spectrum/train/shell_error"):
        out.append(("train", "", "fit" if run.mode == "fit" else "DNN training"))
    if run.has("/spectrum/solve/shell_error"):
        out.append(("solve", "", "Jacobi from zero" if run.mode == "jacobi" else "KSP after switch"))
    members = [m for m in run.subgroups("/sweep")
               if run.has(f"/sweep/{m}/spectrum/solve/shell_error")]
    if len(members) > max_members:
        step = (len(members) - 1) / (max_members - 1)
        members = [members[round(i * step)] for i in range(max_members)]
    for m in members:
        sw = run.group_attrs(f"/sweep/{m}").get("switch_step", "?")
        out.append(("solve", f"/sweep/{m}", f"sweep {m}: KSP from step {sw}"))
    return out


def _draw(ax, run, data, stage, member, ylabels, scale, title):
    x, xname = run.record_axis(stage, data.shape[0], member)
    if scale == "log":
        data = np.clip(data, LOG_FLOOR, None)
    rows = np.arange(data.shape[1])
    cmap = matplotlib.colormaps[CMAP].copy()
    cmap.set_bad("0.85")  # grey: shells without reference signal (NaN in the file)
    mesh = ax.pcolormesh(x, rows, np.ma.masked_invalid(data.T), cmap=cmap, norm=norm(scale),
                         shading="nearest")
    every = max(1, len(ylabels) // 12)
    ax.set_yticks(rows[::every])
    ax.set_yticklabels(ylabels[::every], fontsize=7)
    ax.set_xlabel({"step": "training step", "iteration": "KSP iteration"}.get(xname, xname))
    ax.set_title(title, fontsize=9)
    return mesh


def plot(run, outdir, scale="linear", max_members=2):
    """Write <run>_shells.png: one row of shell heat maps, one row of tracked-mode heat maps."""
    if not run.has("/spectrum/shells"):
        return []
    edges = run.get("/spectrum/shells").astype(float).reshape(-1)
    nshell = edges.size - 1
    centres = [f"{0.5 * (edges[i] + edges[i + 1]):.1f}" for i in range(nshell)]
    keep = _shells_with_signal(run, nshell)
    modes = run.get("/spectrum/modes").astype(int) if run.has("/spectrum/modes") else None
    mode_labels = [] if modes is None or modes.ndim != 2 else \
        ["(" + ",".join(str(v) for v in k) + ")" for k in modes]
    panels = _stages(run, max_members)
    if not panels:
        note(f"{run.path}: no /spectrum/*/shell_error: no shell heat map")
        return []
    nrows = 2 if mode_labels else 1
    fig, axes = figure(ncols=len(panels), nrows=nrows, width=4.6, height=3.6)
    mesh = None
    for col, (stage, member, title) in enumerate(panels):
        base = f"{member}/spectrum/{stage}"
        data = _matrix(run, f"{base}/shell_error", nshell)
        if data is not None:
            mesh = _draw(axes[col], run, data[:, :keep], stage, member, centres[:keep], scale,
                         f"{title}: per |k| shell")
            axes[col].set_ylabel("shell centre |k|")
        if nrows == 2:
            ax = axes[len(panels) + col]
            data = _matrix(run, f"{base}/peak_error", len(mode_labels))
            if data is not None:
                mesh = _draw(ax, run, data, stage, member, mode_labels, scale,
                             f"{title}: tracked modes")
                ax.set_ylabel("mode (kx,ky[,kz])")
    if mesh is None:
        return []
    label = "relative error per shell / mode"
    fig.colorbar(mesh, ax=axes, label=label, extend="both" if scale == "log" else "max")
    fig.suptitle(f"F-Principle in {run.get('/spectrum/modes').shape[-1]}D: {run.name} "
                 f"({run.mode})" if modes is not None and modes.ndim == 2 else run.name)
    return [save(fig, outdir, f"{run.name}_shells")]
