"""Shared figure helpers: the Agg backend, saving, notes on stderr."""

import os
import sys

import matplotlib
import numpy as np

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (backend first)
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter  # noqa: E402

DPI = 110


def note(msg):
    """One informational line on stderr (figures skipped, fallbacks used)."""
    print(f"fpplot: note: {msg}", file=sys.stderr)


def save(fig, outdir, name):
    """Save `fig` as outdir/name.png, close it, return the path."""
    path = os.path.join(outdir, name + ".png")
    fig.savefig(path, dpi=DPI)
    plt.close(fig)
    return path


def figure(ncols=1, nrows=1, width=6.4, height=4.2, **kw):
    """A figure with nrows x ncols axes (always returned as a flat list)."""
    fig, axes = plt.subplots(nrows, ncols, figsize=(width * ncols, height * nrows),
                             squeeze=False, constrained_layout=True, **kw)
    return fig, list(axes.reshape(-1))


def pick_rows(nrows, count):
    """Up to `count` evenly spaced row indices of 0..nrows-1, always with first and last."""
    if nrows <= count:
        return list(range(nrows))
    idx = {round(i * (nrows - 1) / (count - 1)) for i in range(count)}
    return sorted(int(i) for i in idx)


def positive(y, floor=1e-300):
    """y with non-positive or non-finite entries masked (for log axes)."""
    y = np.asarray(y, dtype=float)
    return np.where(np.isfinite(y) & (y > floor), y, np.nan)


def log_ticks(axis, lo, hi):
    """Enough labelled ticks on a log axis: 1-2-5 steps when the data span under two decades
    (matplotlib would label one tick or none), powers of ten otherwise."""
    if not (lo > 0 and hi > lo):
        return
    subs = (1.0, 2.0, 5.0) if np.log10(hi / lo) < 2 else (1.0,)
    axis.set_major_locator(LogLocator(base=10, subs=subs))
    axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    axis.set_minor_formatter(NullFormatter())
