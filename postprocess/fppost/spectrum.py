"""Spectrum snapshots (the paper's animation frames): per stage, |DST| of the iterate (net
output or KSP iterate) against the target, and, in its own panel, |DST| of the error, at a few
records; only the modes where the target is nonzero. Optionally an animated GIF."""

import os

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.animation import FuncAnimation, PillowWriter

from . import labels
from .common import figure, note, pick_rows, positive, save
from .dst import interior_dst

DYNAMIC_RANGE = 1e-8  # error spectra are shown down to this fraction of their largest value
SOLUTION_RANGE = 2e-5  # solution spectra: the target's modes span about 1e-4 (seed, k <= 64)
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


def existing_modes(target, kmax):
    """1-based modes up to kmax where the target has content (the seed's odd modes are exactly
    zero: drawing them would turn every curve into a comb of spikes)."""
    k = np.arange(1, kmax + 1)
    if target is None:
        return k
    t = np.abs(target[:kmax])
    return k[t > 1e-9 * t.max()] if t.max() > 0 else k


def stage_title(run, stage):
    """What the rows of /spectrum/<stage> are the spectra of."""
    if stage == "train":
        return "fit of the net" if run.mode == "fit" else "DNN training"
    if run.mode == "hybrid":
        step = run.group_attrs("/hybrid").get("switch_step", "?")
        return "Jacobi alone" if step == -1 else f"KSP after the switch at step {step}"
    return "Jacobi alone (KSP from zero)"


def _colors(count):
    return [plt.get_cmap("viridis")(0.9 * i / max(1, count - 1)) for i in range(count)]


def _limits(ax, arrays, dynamic_range=DYNAMIC_RANGE):
    top = max((np.nanmax(positive(v)) for v in arrays if np.any(np.isfinite(positive(v)))),
              default=0.0)
    if np.isfinite(top) and top > 0:
        ax.set_ylim(top * dynamic_range, top * 3)


def _draw_solution(ax, stage, data, axis, target, modes, rows):
    """|DST| of the iterate (net output or KSP iterate) at the existing modes, target as stems."""
    idx = modes - 1
    shown = []
    if target is not None:
        ax.vlines(modes, 1e-300, positive(target[idx]), color="0.75", lw=0.8, zorder=1)
        ax.plot(modes, positive(target[idx]), "o", mfc="none", mec="black", ms=7, mew=1.4,
                label="target |U*_k|", zorder=3)
        shown.append(target[idx])
    for col, row in zip(_colors(len(rows)), rows):
        ax.plot(modes, positive(data[row, idx]), "-", marker=".", ms=5, lw=0.9, color=col,
                label=_row_label(stage, axis, row), zorder=2)
        shown.append(data[row, idx])
    _limits(ax, shown, SOLUTION_RANGE)


def _draw_error(ax, stage, err, axis, modes, rows):
    """|DST of the error| at the modes of the target (markers joined by lines) and, as crosses
    without lines, at the modes the target lacks (a net's error can sit there: mode 1)."""
    idx = modes - 1
    absent = np.setdiff1d(np.arange(modes.max()), idx)
    for col, row in zip(_colors(len(rows)), rows):
        ax.plot(modes, positive(err[row, idx]), "-", marker=".", ms=5, lw=0.9, color=col,
                label=_row_label(stage, axis, row))
        if absent.size and np.any(np.isfinite(positive(err[row, absent]))):
            ax.plot(absent + 1, positive(err[row, absent]), "x", ms=4, color=col, lw=0)
    _limits(ax, [err[r, :modes.max()] for r in rows])


def _decorate(ax, run, kmax, ylabel):
    ax.set_yscale("log")
    if run.has("/spectrum/modes"):
        for m in run.modes():
            if m <= kmax:
                ax.axvline(m, color="0.8", lw=0.8, ls="--", zorder=0)
    ax.set_xlabel("DST mode k")
    ax.set_ylabel(ylabel)
    ax.set_xlim(0, kmax + 1)
    ax.grid(True, which="major", axis="y", alpha=0.3)


def plot_stage(axes, run, stage, target, max_mode, snapshots):
    """The solution panel (if the file has the iterate's spectrum) and the error panel."""
    err, axis, out = stage_data(run, stage)
    kmax = mode_limit(run, err.shape[1], max_mode)
    modes = existing_modes(target, kmax)
    rows = pick_rows(err.shape[0], snapshots)
    name = stage_title(run, stage)
    what = "net output" if stage == "train" else "iterate"
    sol_ax, err_ax = axes
    if out is not None:
        _draw_solution(sol_ax, stage, out, axis, target, modes, rows)
        _decorate(sol_ax, run, kmax, "|U_k|")
        sol_ax.set_title(f"{name}: spectrum of the {what}", fontsize=10)
        sol_ax.legend(fontsize=7, loc="upper right")
    else:
        sol_ax.text(0.5, 0.5, f"no {what} spectrum in the file", ha="center",
                    transform=sol_ax.transAxes)
        sol_ax.set_axis_off()
    _draw_error(err_ax, stage, err, axis, modes, rows)
    _decorate(err_ax, run, kmax, "|E_k| = |DST(u - u*)_k|")
    err_ax.set_title(f"{name}: spectrum of the error", fontsize=10)
    err_ax.legend(fontsize=7, loc="upper right")


def plot(run, outdir, max_mode=None, snapshots=5, gif=False):
    """Write <run>_spectrum.png (a row per stage: iterate | error), optionally a GIF."""
    target, _ = target_spectrum(run)
    stages = [s for s in ("train", "solve") if stage_data(run, s)[0] is not None]
    if not stages:
        note(f"{run.path}: no /spectrum/*/error_spectrum: no spectrum snapshots")
        return []
    fig, axes = figure(ncols=2, nrows=len(stages), width=6.0, height=4.0)
    for r, stage in enumerate(stages):
        plot_stage(axes[2 * r:2 * r + 2], run, stage, target, max_mode, snapshots)
    fig.suptitle(f"DST spectra ({labels.describe(run)}). Dots: modes where the target is "
                 "nonzero; x: error in modes the target lacks; dashed: tracked modes",
                 fontsize=10)
    made = [save(fig, outdir, f"{run.name}_spectrum")]
    if gif:
        made += _gif(run, outdir, stages[0], target, max_mode)
    return made


def _gif(run, outdir, stage, target, max_mode, frames=40):
    """An animated GIF of the spectrum over the records of one stage (Pillow, offline)."""
    err, axis, out = stage_data(run, stage)
    kmax = mode_limit(run, err.shape[1], max_mode)
    modes = existing_modes(target, kmax)
    rows = pick_rows(err.shape[0], frames)
    fig, (ax,) = figure(width=6.2, height=4.2)
    data = out if out is not None else err

    def frame(i):
        ax.clear()
        if out is not None:
            _draw_solution(ax, stage, data, axis, target, modes, [rows[i]])
        else:
            _draw_error(ax, stage, data, axis, modes, [rows[i]])
        _decorate(ax, run, kmax, "|U_k|" if out is not None else "|E_k|")
        _limits(ax, [data[:, modes - 1]] + ([target[modes - 1]] if target is not None else []))
        ax.legend(fontsize=7, loc="upper right")
        ax.set_title(f"{stage_title(run, stage)}: {_row_label(stage, axis, rows[i])}")

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
