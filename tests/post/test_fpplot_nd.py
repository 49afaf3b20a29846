"""2D and 3D run files (2 ranks): every mode writes its spectral datasets (read back with
h5py), the XDMF sidecar references only datasets that exist with the sizes it declares, and
fpplot draws the per-shell heat maps (and the field images / 3D mid-plane slices)."""

import os
import sys
import xml.etree.ElementTree as ET

import numpy as np

from posthelp import Env, Fail, main

ND = ("-da_grid_x 25 -train_steps 120 -train_record_stride 20 -jacobi_record_stride 10 "
      "-ksp_max_it 400").split()
MODES = {2: "2:2,4:2,2:6", 3: "2:2:2,4:2:2,2:2:6"}  # overrides the 1D list of posthelp.TINY


def check_datasets(path, dim, mode):
    import h5py
    with h5py.File(path, "r") as f:
        modes = f["/spectrum/modes"][()]
        if modes.shape != (3, dim) or modes.min() < 1:
            raise Fail(f"{path}: /spectrum/modes {modes.shape} {modes.tolist()}")
        edges = f["/spectrum/shells"][()]
        if not (np.diff(edges) > 0).all():
            raise Fail(f"{path}: shell edges not increasing")
        stages = {"jacobi": ["solve"], "dnn": ["train"], "fit": ["train"],
                  "hybrid": ["train", "solve"], "sweep": ["train"]}[mode]
        for stage in stages:
            se = f[f"/spectrum/{stage}/shell_error"][()]
            pe = f[f"/spectrum/{stage}/peak_error"][()]
            if se.shape[1] != edges.size - 1 or pe.shape[1] != 3 or se.shape[0] != pe.shape[0]:
                raise Fail(f"{path}: {stage} shell_error {se.shape}, peak_error {pe.shape}")
        if mode == "sweep" and "/sweep/000/spectrum/solve/shell_error" not in f:
            raise Fail(f"{path}: no sweep member shell errors")
    print(f"ok: {os.path.basename(path)} datasets")


def check_xdmf(h5path, dim):
    """Parse RUN.xdmf; read every referenced HDF5 dataset; sizes as declared."""
    import h5py
    xdmf = os.path.splitext(h5path)[0] + ".xdmf"
    if not os.path.exists(xdmf):
        raise Fail(f"{xdmf} missing")
    root = ET.parse(xdmf).getroot()
    topo = root.find(".//Topology")
    if topo.get("TopologyType") != f"{dim}DCoRectMesh":
        raise Fail(f"{xdmf}: topology {topo.get('TopologyType')}")
    shape = [int(v) for v in topo.get("Dimensions").split()]
    geo = [np.array(d.text.split(), float) for d in root.find(".//Geometry")]
    if len(geo) != 2 or geo[0].size != dim or not (geo[1] > 0).all():
        raise Fail(f"{xdmf}: geometry {geo}")
    names = []
    with h5py.File(h5path, "r") as f:
        for attr in root.iter("Attribute"):
            item = attr.find("DataItem")
            fname, dset = item.text.strip().split(":")
            if fname != os.path.basename(h5path):
                raise Fail(f"{xdmf}: references {fname}")
            data = f[dset][()]
            want = [int(v) for v in item.get("Dimensions").split()]
            if want != shape or data.size != int(np.prod(shape)) or not np.isfinite(data).all():
                raise Fail(f"{xdmf}: {dset} has {data.shape}, declared {want}")
            names.append(attr.get("Name"))
    if sorted(names) != ["error", "exact", "rhs", "u"]:
        raise Fail(f"{xdmf}: attributes {names}")
    print(f"ok: {os.path.basename(xdmf)} ({', '.join(names)})")


def test():
    env = Env("fpplot_nd")
    for dim in (2, 3):
        extra = ["-problem_dim", str(dim), "-spectrum_modes", MODES[dim]]
        runs = {}
        for mode in ("jacobi", "dnn", "hybrid", "sweep", "fit"):
            more = {"sweep": ["-sweep_switch_steps", "60,120"],
                    "hybrid": ["-hybrid_switch", "step:60"]}.get(mode, [])
            runs[mode] = env.fpsolve(mode, f"d{dim}_{mode}.h5", *extra, *ND, *more, ranks=2)
            check_datasets(runs[mode], dim, mode)
        check_xdmf(runs["hybrid"], dim)
        outdir = env.path(f"figs{dim}")
        env.run_fpplot(runs["sweep"], runs["hybrid"], "-o", outdir)
        env.expect_figures(outdir, [f"d{dim}_sweep_shells.png", f"d{dim}_hybrid_shells.png"])
        import h5py
        with h5py.File(runs["hybrid"], "r") as f:
            natural = f["/solution/u"].ndim == dim
        if natural:  # fields in natural order with the grid's shape (run-file layout 2)
            env.expect_figures(outdir, [f"d{dim}_hybrid_field.png"])


if __name__ == "__main__":
    sys.exit(main(test))
