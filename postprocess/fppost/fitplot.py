"""Fit mode (the paper's first F-Principle demonstration): the target and the fitted net,
the spectrum of the net output over training, and the per-mode error heat map."""

import numpy as np

from . import heatmap, labels, spectrum
from .common import figure, note, pick_rows, save
from .dst import interior_dst

TARGETS = ("/fit/target", "/problem/target", "/problem/exact")
FITTED = ("/fit/output", "/solution/u")


def _first(run, paths):
    return next((p for p in paths if run.has(p)), None)


def _grid_or_flat(run, path):
    """A field of the 1D grid (either layout); datasets of other shapes flattened."""
    data = run.get(path)
    return run.field(path) if data.size == run.grid_points() else data.reshape(-1)


def plot(run, outdir, max_mode=None, snapshots=5, scale="log"):
    """Write <run>_fit.png (only for files of mode fit)."""
    if run.mode != "fit":
        return []
    tpath, fpath = _first(run, TARGETS), _first(run, FITTED)
    if run.dim != 1:
        note(f"{run.path}: a {run.dim}D fit run: the fit figure is drawn for 1D runs only")
        return []
    if not run.has("/grid/x") or not (tpath or fpath):
        note(f"{run.path}: fit run without /grid/x and a target or output: no fit figure")
        return []
    fig, axes = figure(ncols=3, width=5.0, height=4.2)
    x = run.axis("x")
    ax = axes[0]
    if tpath:
        ax.plot(x, _grid_or_flat(run, tpath)[:x.size], "k-", lw=2.2, label="target")
    if fpath:
        ax.plot(x, _grid_or_flat(run, fpath)[:x.size], "r--", lw=1.4, label="net (end of training)")
    ax.set_xlabel("x")
    ax.set_title("fitted function (end of training)", fontsize=10)
    ax.legend(fontsize=7)

    ax = axes[1]
    err, axis, out = spectrum.stage_data(run, "train")
    target = spectrum.target_spectrum(run)[0]
    if tpath and tpath != "/problem/exact":
        target = np.abs(interior_dst(_grid_or_flat(run, tpath)))
    if err is not None:
        kmax = spectrum.mode_limit(run, err.shape[1], max_mode)
        modes = spectrum.existing_modes(target, kmax)
        rows = pick_rows(err.shape[0], snapshots)
        if out is not None:
            spectrum._draw_solution(ax, "train", out, axis, target, modes, rows)
        else:
            spectrum._draw_error(ax, "train", err, axis, modes, rows)
        spectrum._decorate(ax, run, kmax, "|U_k|" if out is not None else "|E_k|")
        ax.legend(fontsize=7, loc="upper right")
        ax.set_title("spectrum of the net over training", fontsize=10)
    else:
        ax.text(0.5, 0.5, "no /spectrum/train/error_spectrum", ha="center",
                transform=ax.transAxes)

    mesh = heatmap._panel(axes[2], run, "train", "", "relative error per mode", scale)
    axes[2].set_ylabel("DST mode")
    if mesh is not None:
        fig.colorbar(mesh, ax=axes[2], label="relative error",
                     extend="both" if scale == "log" else "max")
    else:
        axes[2].text(0.5, 0.5, "no /spectrum/train/peak_error", ha="center",
                     transform=axes[2].transAxes)
    fig.suptitle(f"Fit (F-Principle): {labels.describe(run)}", fontsize=10)
    return [save(fig, outdir, f"{run.name}_fit")]
