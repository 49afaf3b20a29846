"""Spectrum snapshots: |DST| of the target, of the net output and of the error at selected
steps (the paper's animation frames), and optionally an animated GIF of them."""

import os

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.animation import FuncAnimation, PillowWriter

from .common import figure, note, pick_rows, positive, save
from .dst import interior_dst

DYNAMIC_RANGE = 1e-8  # spectra are shown down to this fraction of their largest value
STAGE_LABEL = {"train": ("training step", "step"), "solve": ("KSP iteration", "it.")}


def target_spectrum(run):
    """|DST| of the reference (from the file if stored, else of /problem/exact)."""
    for path in ("/spectrum/target", "/spectrum/reference"):
        if run.has(path):
            return np.abs(run.get(path).astype(float).reshape(-1)), path
    if run.has("/problem/exact") and run.dim == 1:
        return np.abs(interior_dst(run.field("/problem/exact"))), "DST of /problem/exact"
    return None, ""


def mode_limit(run, n, max_mode=None):
    """Highest mode to show: --max-mode, else 4x the highest tracked mode (>= 32)."""
    if max_mode:
        return min(n, max_mode)
    top = int(run.modes().max()) if run.has("/spectrum/modes") else 8
    return min(n, max(32, 4 * top))


def stage_data(run, stage, member=""):
    """(rows x n error spectrum, row axis or None, output spectrum or None) of a stage."""
    base = f"{member}/spectrum/{stage}"
    if not run.has(f"{base}/error_spectrum"):
        return None, None, None
    err = np.atleast_2d(run.get(f"{base}/error_spectrum").astype(float))
    axis = run.spectrum_axis(stage, err.shape[0], member)
    out = None
    if run.has(f"{base}/output_spectrum"):
        out = np.atleast_2d(run.get(f"{base}/output_spectrum").astype(float))
        if out.shape != err.shape:
            out = None
    return err, axis, out


def _row_label(stage, axis, row):
    short = STAGE_LABEL[stage][1]
    return f"{short} {int(axis[row])}" if axis is not None else f"record {row}"


def _draw(ax, run, stage, err, axis, out, target, kmax, rows):
    k = np.arange(1, kmax + 1)
    if target is not None:
        ax.semilogy(k, positive(target[:kmax]), "k-", lw=2.2, label="|DST| target")
    colors = ["tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple", "tab:brown"]
    for i, row in enumerate(rows):
        lab = _row_label(stage, axis, row)
        col = colors[i % len(colors)]
        if out is not None:
            ax.semilogy(k, positive(out[row, :kmax]), "-", color=col, label=f"output, {lab}")
            ax.semilogy(k, positive(err[row, :kmax]), ":", color=col)
        else:
            ax.semilogy(k, positive(err[row, :kmax]), "-", color=col, label=f"error, {lab}")
    if run.has("/spectrum/modes"):
        for m in run.modes():
            if m <= kmax:
                ax.axvline(m, color="0.7", lw=0.8, ls="--", zorder=0)
    ax.set_xlabel("DST mode k")
    ax.set_ylabel("|DST|")
    ax.set_xlim(1, kmax)
    shown = [target[:kmax]] if target is not None else []
    shown += [err[r, :kmax] for r in rows]
    if out is not None:
        shown += [out[r, :kmax] for r in rows]
    top = max((np.nanmax(v) for v in shown if np.size(v)), default=0.0)
    if np.isfinite(top) and top > 0:
        ax.set_ylim(top * DYNAMIC_RANGE, top * 3)
    ax.legend(fontsize=7, ncol=2)


def plot(run, outdir, max_mode=None, snapshots=5, gif=False):
    """Write <run>_spectrum.png (one panel per stage with spectra), optionally a GIF."""
    target, source = target_spectrum(run)
    stages = [s for s in ("train", "solve") if stage_data(run, s)[0] is not None]
    if not stages:
        note(f"{run.path}: no /spectrum/*/error_spectrum: no spectrum snapshots")
        return []
    fig, axes = figure(ncols=len(stages), width=6.2, height=4.4)
    made = []
    for ax, stage in zip(axes, stages):
        err, axis, out = stage_data(run, stage)
        kmax = mode_limit(run, err.shape[1], max_mode)
        _draw(ax, run, stage, err, axis, out, target, kmax, pick_rows(err.shape[0], snapshots))
        what = "net output (solid) and error (dotted)" if out is not None else "error"
        name = {"train": "training", "solve": "KSP"}[stage]
        ax.set_title(f"{name}: |DST| of {what}", fontsize=10)
    fig.suptitle(f"Spectra: {run.name} ({run.mode}); target: {source or 'not stored'}")
    made.append(save(fig, outdir, f"{run.name}_spectrum"))
    if gif:
        made += _gif(run, outdir, stages[0], target, max_mode)
    return made


def _gif(run, outdir, stage, target, max_mode, frames=40):
    """An animated GIF of the spectrum over the records of one stage (Pillow, offline)."""
    err, axis, out = stage_data(run, stage)
    kmax = mode_limit(run, err.shape[1], max_mode)
    rows = pick_rows(err.shape[0], frames)
    fig, (ax,) = figure(width=6.2, height=4.2)
    data = out if out is not None else err
    lo = np.nanmin(positive(data[:, :kmax])) if np.any(data[:, :kmax] > 0) else 1e-12
    hi = max(np.nanmax(data[:, :kmax]), np.nanmax(target[:kmax]) if target is not None else 0)

    def frame(i):
        ax.clear()
        _draw(ax, run, stage, err, axis, out, target, kmax, [rows[i]])
        ax.set_ylim(max(lo, hi * DYNAMIC_RANGE), hi * 3)
        ax.set_title(f"{run.name}: {_row_label(stage, axis, rows[i])}")

    anim = FuncAnimation(fig, frame, frames=len(rows))
    path = os.path.join(outdir, f"{run.name}_spectrum.gif")
    try:
        anim.save(path, writer=PillowWriter(fps=4))
    except (ImportError, RuntimeError, ValueError) as err_:
        note(f"cannot write {path} ({err_}); skipped")
        return []
    finally:
        plt.close(fig)
    return [path]
