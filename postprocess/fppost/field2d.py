"""Fields of a 2D/3D run as images: the solution, the exact solution and the error (3D:
mid-plane slices), and snapshots of the net / the iterate at a few records when the run file
has them (/snapshots/{train,solve}/u)."""

import numpy as np

from .common import figure, pick_rows, save


def _coords(run, dim):
    return [run.get(f"/grid/{a}").astype(float).reshape(-1) for a in "xyz"[:dim]]


def _slices(field, dim):
    """[(label, 2D array [rows=y or z][cols=x or y], (axis names))] for a 2D or 3D field."""
    if dim == 2:
        return [("", field, ("x", "y"))]
    nz, ny, nx = field.shape
    return [(f"z mid (k={nz // 2})", field[nz // 2], ("x", "y")),
            (f"y mid (j={ny // 2})", field[:, ny // 2, :], ("x", "z")),
            (f"x mid (i={nx // 2})", field[:, :, nx // 2], ("y", "z"))]


def _image(ax, fig, data, coords, names, title, cmap="viridis"):
    extent = [coords[names[0]][0], coords[names[0]][-1], coords[names[1]][0],
              coords[names[1]][-1]]
    # Errors: a diverging map centred on 0; the box drawn to scale.
    lim = np.abs(data).max() if cmap == "RdBu_r" else None
    im = ax.imshow(data, origin="lower", extent=extent, cmap=cmap, aspect="equal",
                   vmin=-lim if lim else None, vmax=lim)
    ax.set_xlabel(names[0])
    ax.set_ylabel(names[1])
    ax.set_title(title, fontsize=9)
    fig.colorbar(im, ax=ax, shrink=0.85)


def plot(run, outdir, snapshots=4):
    """Write <run>_field.png (and <run>_snapshots.png when snapshots exist); 2D/3D only."""
    if not run.has("/solution/u"):
        return []
    u = run.get("/solution/u").astype(float)
    dim = u.ndim
    if dim not in (2, 3):
        return []
    coords = dict(zip("xyz", _coords(run, dim)))
    rows = [("u (final)", u, "viridis")]
    if run.has("/problem/exact") and run.get("/problem/exact").shape == u.shape:
        exact = run.get("/problem/exact").astype(float)
        rows += [("exact", exact, "viridis"), ("u - exact", u - exact, "RdBu_r")]
    # 2D: the fields side by side; 3D: one row per field, its three mid-plane slices.
    ncols = len(_slices(u, dim)) if dim == 3 else len(rows)
    nrows = len(rows) if dim == 3 else 1
    fig, axes = figure(ncols=ncols, nrows=nrows, width=4.2, height=3.6)
    for r, (name, field, cmap) in enumerate(rows):
        for c, (label, data, names) in enumerate(_slices(field, dim)):
            title = f"{name} {label}".strip()
            if name == "u - exact":
                title += f"  (max {np.abs(field).max():.2e})"
            _image(axes[r * ncols + c if dim == 3 else r], fig, data, coords, names, title, cmap)
    fig.suptitle(f"{run.name} ({run.mode}, {dim}D, {'x'.join(str(s) for s in u.shape[::-1])})")
    made = [save(fig, outdir, f"{run.name}_field")]
    made += _snapshots(run, outdir, coords, dim, snapshots)
    return made


def _snapshots(run, outdir, coords, dim, count):
    stages = [s for s in ("train", "solve") if run.has(f"/snapshots/{s}/u")]
    if not stages:
        return []
    exact = run.get("/problem/exact").astype(float) if run.has("/problem/exact") else None
    fig, axes = figure(ncols=count, nrows=2 * len(stages), width=3.4, height=2.9)
    for s, stage in enumerate(stages):
        snaps = run.get(f"/snapshots/{stage}/u").astype(float)
        index = run.get(f"/snapshots/{stage}/index").reshape(-1) \
            if run.has(f"/snapshots/{stage}/index") else np.arange(snaps.shape[0])
        what = "step" if stage == "train" else "iteration"
        picks = pick_rows(snaps.shape[0], count)
        for c in range(count):
            ax_u, ax_e = axes[(2 * s) * count + c], axes[(2 * s + 1) * count + c]
            if c >= len(picks):
                ax_u.axis("off"), ax_e.axis("off")
                continue
            field = snaps[picks[c]]
            label, data, names = _slices(field, dim)[0]
            _image(ax_u, fig, data, coords, names, f"{stage} {what} {int(index[picks[c]])}")
            if exact is not None:
                err = _slices(field - exact, dim)[0][1]
                _image(ax_e, fig, err, coords, names,
                       f"error (max {np.abs(err).max():.1e})", "RdBu_r")
            else:
                ax_e.axis("off")
    fig.suptitle(f"{run.name}: snapshots (u and u - exact)")
    return [save(fig, outdir, f"{run.name}_snapshots")]
