"""fppost reads both run-file layouts: version 1 (no layout_version attribute: 1D fields in
PETSc's global order) and version 2 (fields in natural order with the grid's shape [nz][ny][nx],
/grid/x,y,z); a field whose shape is not the grid's, or a newer version, is one clear error."""

import h5py
import numpy as np

from posthelp import Env, Fail, main


def synthetic(path, version, axes, field_shape):
    with h5py.File(path, "w") as f:
        f.attrs.update(fpsolve_version="0.1.0-synthetic", mode="jacobi")
        if version is not None:
            f.attrs["layout_version"] = np.int64(version)
        for name, n in axes.items():
            f[f"grid/{name}"] = np.linspace(-1, 1, n)
        f["solution/u"] = np.arange(np.prod(field_shape), dtype=float).reshape(field_shape)


def test():
    env = Env("runfile_layouts")
    from fppost.runfile import RunFile, RunFileError

    cases = [  # version, axes, stored shape, (dim, field shape)
        (None, {"x": 9}, (9,), (1, (9,))),
        (2, {"x": 9}, (9,), (1, (9,))),
        (2, {"x": 5, "y": 4}, (4, 5), (2, (4, 5))),
        (2, {"x": 5, "y": 4, "z": 3}, (3, 4, 5), (3, (3, 4, 5))),
    ]
    for i, (version, axes, stored, (dim, shape)) in enumerate(cases):
        path = env.path(f"v{version}_{i}.h5")
        synthetic(path, version, axes, stored)
        with RunFile(path) as run:
            u = run.field("/solution/u")
            if run.layout_version != (version or 1) or run.dim != dim or u.shape != shape:
                raise Fail(f"{path}: version {run.layout_version}, dim {run.dim}, "
                           f"field {u.shape}; want {version or 1}, {dim}, {shape}")
            if run.grid_points() != int(np.prod(shape)):
                raise Fail(f"{path}: grid_points {run.grid_points()}")
            if shape[-1] > 1 and u[..., 1].ravel()[0] != 1.0:  # x fastest
                raise Fail(f"{path}: x is not the fastest axis")
        print(f"ok: layout {version or 1}, {dim}D, {shape}")

    # A real run writes version 2; its 1D fields read the same through either path.
    real = env.fpsolve("jacobi", "real.h5")
    with RunFile(real) as run:
        if run.layout_version != 2 or run.dim != 1 or run.field("/solution/u").shape != (65,):
            raise Fail(f"{real}: layout {run.layout_version}, dim {run.dim}")
    print("ok: fpsolve writes layout_version 2")

    bad = env.path("wrong_shape.h5")
    synthetic(bad, 2, {"x": 5, "y": 4}, (5, 4))
    newer = env.path("newer.h5")
    synthetic(newer, 3, {"x": 5}, (5,))
    for path, words in ((bad, "the grid (4, 5)"), (newer, "layout_version 3")):
        try:
            with RunFile(path) as run:
                run.field("/solution/u")
        except RunFileError as err:
            if words not in str(err):
                raise Fail(f"{path}: '{err}' lacks '{words}'") from None
            print(f"ok: {err}")
            continue
        raise Fail(f"{path}: accepted")


if __name__ == "__main__":
    raise SystemExit(main(test))
