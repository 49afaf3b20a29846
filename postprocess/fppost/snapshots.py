"""The field snapshots of a run (/snapshots/{train,solve}/u; docs/output-format.md) as one
figure: rows = a few training records, then a few KSP records (coarse to fine: the first, the
last and one between, on the snapshots' geometric schedule), columns = u and |u - exact|.
Each column has one colour scale for all rows, so the eye sees the error shrink: u linear,
|u - exact| on a log scale (the shape of a small error stays visible next to a large one).
3D: the z plane through the largest |exact| (field2d.planes). 1D: the curves of the same
records in two panels (u, |u - exact|)."""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LogNorm

from .common import figure, pick_rows, positive, save
from .field2d import planes

ROWS_PER_STAGE = 3


def _stages(run):
    """[(label, group, index name)] of the snapshot stages to draw, training first.
    Sweep mode: the member whose KSP took the fewest iterations (else Jacobi alone)."""
    out = []
    if run.has("/snapshots/train/u"):
        out.append(("training", "/snapshots/train", "step"))
    solve = "/snapshots/solve" if run.has("/snapshots/solve/u") else None
    members = [m for m in run.subgroups("/sweep") if run.has(f"/sweep/{m}/snapshots/solve/u")]
    if members:
        def iterations(m):
            return run.group_attrs(f"/sweep/{m}/solve").get("iterations", np.inf)
        best = min(members, key=iterations)
        step = run.group_attrs(f"/sweep/{best}").get("switch_step", "?")
        out.append((f"KSP from step {step}", f"/sweep/{best}/snapshots/solve", "iteration"))
    elif solve:
        # Where the KSP started: the switch's net (hybrid; auto may keep the zero guess, step
        # -1) or zero (jacobi; sweep mode's Jacobi alone).
        step = int(run.group_attrs("/hybrid").get("switch_step", -1)) if run.mode == "hybrid" \
            else -1
        out.append((f"KSP from step {step}" if step >= 0 else "KSP from zero", solve,
                    "iteration"))
    return out


def _picks(run, stages):
    """[(label, group, row, index)] of the records drawn: per stage the first, the last and
    evenly spaced rows between (the snapshots are geometric, so are the picks). After a
    training stage the KSP's row 0 (its guess: the switch's net) is left out."""
    picks = []
    for s, (label, group, what) in enumerate(stages):
        index = run.get(f"{group}/index").reshape(-1).astype(int)
        rows = list(range(index.size))
        if s > 0 and len(rows) > 1:
            rows = rows[1:]
        chosen = [rows[i] for i in pick_rows(len(rows), ROWS_PER_STAGE)]
        picks += [(label, group, r, f"{what} {index[r]}") for r in chosen]
    return picks


def plot(run, outdir):
    """Write <run>_snapshots.png when the run file has snapshots."""
    stages = _stages(run)
    if not stages or run.layout_version < 2:
        return []
    dim = run.dim
    picks = _picks(run, stages)
    exact = run.field("/problem/exact").astype(float) if run.has("/problem/exact") else None
    fields = [run.frame(f"{group}/u", r).astype(float) for _, group, r, _ in picks]
    if dim == 1:
        return [_plot_lines(run, outdir, picks, fields, exact)]
    return [_plot_images(run, outdir, picks, fields, exact, dim)]


def _plot_images(run, outdir, picks, fields, exact, dim):
    ncols = 2 if exact is not None else 1
    x, y = run.axis("x"), run.axis("y")
    extent = [x[0], x[-1], y[0], y[-1]]
    aspect = (y[-1] - y[0]) / max(x[-1] - x[0], 1e-300)
    # Rows as tall as their images (each about 2 inches wide once the colour bars are in).
    fig, axes = figure(ncols=ncols, nrows=len(picks), width=3.6,
                       height=min(4.5, max(1.2, 2.0 * aspect + 0.45)))
    k = planes(exact if exact is not None else fields[-1])[0] if dim == 3 else None

    def _mid(field):  # the 2D picture: the field itself, in 3D its z plane k
        return field[k] if dim == 3 else field

    images = [_mid(f) for f in fields]
    shown = images + ([_mid(exact)] if exact is not None else [])
    lo, hi = min(a.min() for a in shown), max(a.max() for a in shown)
    if exact is not None:
        errors = [np.abs(_mid(f - exact)) for f in fields]
        maxerr = [np.abs(f - exact).max() for f in fields]
        top = max(max(maxerr), 1e-300)
        small = min([e for e in maxerr if e > 0] or [top])
        # One log scale for the column: from the largest error down to a hundredth of the
        # smallest row's max (at most 6 decades), so each row shows its error's shape too.
        norm = LogNorm(vmin=max(small / 100, top * 1e-6), vmax=top, clip=True)
    col_u, col_e = [], []
    for r, ((label, _, _, where), img) in enumerate(zip(picks, images)):
        ax = axes[r * ncols]
        im_u = ax.imshow(img, origin="lower", extent=extent, cmap="viridis", vmin=lo, vmax=hi,
                         aspect="equal")
        ax.set_title(f"{label}, {where}", fontsize=9)
        ax.set_ylabel("y", labelpad=1)
        col_u.append(ax)
        if exact is not None:
            ax = axes[r * ncols + 1]
            im_e = ax.imshow(np.maximum(errors[r], norm.vmin), origin="lower", extent=extent,
                             cmap="magma", norm=norm, aspect="equal")
            ax.set_title(f"|u - exact|, max {maxerr[r]:.2e}", fontsize=9)
            col_e.append(ax)
    for ax in axes:
        ax.tick_params(labelsize=7)
    for ax in axes[(len(picks) - 1) * ncols:]:
        ax.set_xlabel("x", labelpad=1)
    fig.colorbar(im_u, ax=col_u, location="right", shrink=0.6, aspect=40, label="u")
    if exact is not None:
        fig.colorbar(im_e, ax=col_e, location="right", shrink=0.6, aspect=40,
                     label="|u - exact| (log scale)")
    plane = f", the z plane k = {k} (z = {run.axis('z')[k]:.3g})" if dim == 3 else ""
    shape = "x".join(str(s) for s in fields[0].shape[::-1])
    fig.suptitle(f"{run.name}: training, then the KSP\n({dim}D {shape}{plane}; one colour "
                 f"scale per column)", fontsize=10)
    return save(fig, outdir, f"{run.name}_snapshots")


def _plot_lines(run, outdir, picks, fields, exact):
    x = run.axis("x")
    ncols = 2 if exact is not None else 1
    fig, axes = figure(ncols=ncols, width=5.2, height=3.8)

    for k, ((label, _, _, where), u) in enumerate(zip(picks, fields)):
        same = [p for p in picks if p[0] == label]
        pos = same.index(picks[k]) / max(1, len(same) - 1)
        cmap = plt.get_cmap("Blues" if label == "training" else "Reds")
        color = cmap(0.4 + 0.55 * pos)
        err = f" (max error {np.abs(u - exact).max():.1e})" if exact is not None else ""
        axes[0].plot(x, u, color=color, lw=1.2, label=f"{label} {where}{err}")
        if exact is not None:
            axes[1].semilogy(x, positive(np.abs(u - exact)), color=color, lw=1.0)
    if exact is not None:
        axes[0].plot(x, exact, "k--", lw=1, label="exact")
        axes[1].set_title("|u - exact|", fontsize=10)
        axes[1].set_xlabel("x")
    axes[0].set_title("u", fontsize=10)
    axes[0].set_xlabel("x")
    axes[0].legend(fontsize=7)
    fig.suptitle(f"{run.name}: training, then the KSP (1D, {x.size} points)", fontsize=10)
    return save(fig, outdir, f"{run.name}_snapshots")
