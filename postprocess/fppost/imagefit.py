"""Image fit (the paper's second F-Principle demonstration, docs/image-fit.md): the target image
and the net's image at a few steps, coarse to fine; the per-shell relative error of the cosine
spectrum vs training step as a heat map; and, given several image-fit runs (plain vs Fourier or
mscale inputs), their heat maps side by side on one colour scale."""

import numpy as np

from .common import figure, note, save

SNAPSHOTS = "/fit/snapshots/image"


def is_image_fit(run):
    return run.mode == "fit" and run.has(SNAPSHOTS)


def input_label(run):
    """'plain', 'fourier (M 64, sigma 10)' or 'mscale (1,2,4)' from the run's options."""
    kind = run.option("dnn_input", "plain")
    if kind == "fourier":
        return "fourier (M %s, sigma %s)" % (run.option("dnn_fourier_features", "64"),
                                             run.option("dnn_fourier_sigma", "1"))
    if kind == "mscale":
        return "mscale (%s)" % run.option("dnn_mscale", "1,2,4,8,16,32")
    return kind


def coarse_to_fine(steps, count):
    """Up to `count` snapshot rows at roughly geometric steps from the first trained one to the
    last (the early ones change fastest); the untrained step 0 is left out when there is more."""
    rows = [i for i, s in enumerate(steps) if s > 0] or list(range(len(steps)))
    if len(rows) <= count:
        return rows
    wanted = np.geomspace(steps[rows[0]], steps[rows[-1]], count)
    picked = {rows[int(np.argmin(np.abs(steps[rows] - w)))] for w in wanted}
    return sorted(picked)


def _image(ax, img, title):
    ax.imshow(img, cmap="gray", vmin=0, vmax=1, origin="lower", interpolation="nearest")
    ax.set_title(title, fontsize=9)
    ax.set_xticks([])
    ax.set_yticks([])


def _heat(ax, run, vmax=1.0):
    err = run.get("/spectrum/train/shell_error")
    steps = run.get("/fit/snapshots/step").astype(float).reshape(-1)
    edges = run.get("/spectrum/shells").astype(float).reshape(-1)
    rows = min(err.shape[0], steps.size)
    err = np.where(np.isfinite(err[:rows]), err[:rows], vmax)
    x = np.append(steps[:rows], steps[rows - 1] + (steps[1] - steps[0] if rows > 1 else 1))
    mesh = ax.pcolormesh(x, edges, err.T, cmap="viridis", vmin=0, vmax=vmax, shading="flat")
    ax.contour(0.5 * (x[1:] + x[:-1]), 0.5 * (edges[1:] + edges[:-1]), err.T, levels=[0.1],
               colors="w", linewidths=1.0)
    ax.set_xlabel("training step")
    ax.set_ylabel("|k| (cosine shell)")
    return mesh


def plot(run, outdir, snapshots=5):
    """<run>_image.png (target + snapshots) and <run>_image_shells.png (heat map)."""
    if not is_image_fit(run):
        return []
    imgs = run.get(SNAPSHOTS)
    steps = run.get("/fit/snapshots/step").astype(int).reshape(-1)
    rows = coarse_to_fine(steps, snapshots)
    fig, axes = figure(ncols=len(rows) + 1, width=2.6, height=2.9)
    if run.has("/fit/target"):
        _image(axes[0], run.get("/fit/target"), "target %dx%d" % run.get("/fit/target").shape[::-1])
    else:
        note(f"{run.path}: no /fit/target")
        axes[0].set_axis_off()
    for ax, r in zip(axes[1:], rows):
        _image(ax, imgs[r], f"step {steps[r]}")
    fig.suptitle(f"Image fit, {input_label(run)}: coarse first ({run.name})", fontsize=10)
    made = [save(fig, outdir, f"{run.name}_image")]
    if run.has("/spectrum/train/shell_error") and run.has("/spectrum/shells"):
        fig, axes = figure(width=6.4, height=4.4)
        mesh = _heat(axes[0], run)
        fig.colorbar(mesh, ax=axes[0], label="relative error per shell", extend="max")
        axes[0].set_title(f"{input_label(run)}: per-shell error (white: 0.1)", fontsize=10)
        fig.suptitle(f"Image fit: {run.name}", fontsize=10)
        made.append(save(fig, outdir, f"{run.name}_image_shells"))
    return made


def plot_side_by_side(runs, outdir):
    """image_shells_compare.png: the heat maps of several image-fit runs on one scale."""
    fits = [r for r in runs if is_image_fit(r) and r.has("/spectrum/train/shell_error")]
    if len(fits) < 2:
        return []
    fig, axes = figure(ncols=len(fits), width=5.2, height=4.4)
    mesh = None
    for ax, run in zip(axes, fits):
        mesh = _heat(ax, run)
        ax.set_title(f"{input_label(run)}\n({run.name})", fontsize=9)
    fig.colorbar(mesh, ax=axes, label="relative error per shell", extend="max")
    fig.suptitle("Image fit: per-shell error vs step (white contour: 0.1)", fontsize=10)
    return [save(fig, outdir, "image_shells_compare")]
