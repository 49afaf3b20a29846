"""Fields of a 2D/3D run as images: the solution, the exact solution and the error (3D: the
three axis-normal slices through the largest |exact|, which are the mid-planes unless the
solution vanishes there, as the seed's does). The snapshots at records: snapshots.py."""

import numpy as np

from .common import figure, save


def _coords(run, dim):
    return [run.get(f"/grid/{a}").astype(float).reshape(-1) for a in "xyz"[:dim]]


def planes(ref):
    """3D: (k, j, i), the z, y and x planes to draw: those through the point of largest |ref|
    (nearest the middle among equal ones). The mid-planes of an odd solution such as the
    seed's u1(x)u1(y)u1(z) are zero: a slice there would show rounding noise."""
    a = np.abs(ref)
    out = []
    for axis in range(3):
        size = a.shape[axis]
        peak = a.max(axis=tuple(b for b in range(3) if b != axis))
        best = peak >= peak.max() * (1 - 1e-9)
        cand = np.flatnonzero(best) if best.any() else np.arange(size)
        out.append(int(cand[np.argmin(np.abs(cand - size // 2))]))
    return tuple(out)


def _slices(field, dim, at=None):
    """[(label, 2D array [rows=y or z][cols=x or y], (axis names))] for a 2D or 3D field;
    3D: the planes `at` = (k, j, i) (default: the mid-planes)."""
    if dim == 2:
        return [("", field, ("x", "y"))]
    k, j, i = at or tuple(n // 2 for n in field.shape)
    return [(f"z plane k={k}", field[k], ("x", "y")),
            (f"y plane j={j}", field[:, j, :], ("x", "z")),
            (f"x plane i={i}", field[:, :, i], ("y", "z"))]


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


def plot(run, outdir):
    """Write <run>_field.png; 2D/3D only."""
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
    at = planes(rows[1][1] if len(rows) > 1 else u) if dim == 3 else None
    for r, (name, field, cmap) in enumerate(rows):
        for c, (label, data, names) in enumerate(_slices(field, dim, at)):
            title = f"{name} {label}".strip()
            if name == "u - exact":
                title += f"  (max {np.abs(field).max():.2e})"
            _image(axes[r * ncols + c if dim == 3 else r], fig, data, coords, names, title, cmap)
    fig.suptitle(f"{run.name} ({run.mode}, {dim}D, {'x'.join(str(s) for s in u.shape[::-1])})")
    return [save(fig, outdir, f"{run.name}_field")]
