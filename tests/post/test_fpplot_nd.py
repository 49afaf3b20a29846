"""2D and 3D run files (2 ranks): every mode writes its spectral datasets (read back with
h5py), the XDMF sidecars reference only datasets that exist with the sizes they declare (the
snapshot time series: every grid's u and error equal the run file's; with ParaView's Python
installed, its XDMF reader reads them so too), and
fpplot draws the per-shell heat maps (and the field images / 3D mid-plane slices)."""

import os
import sys
import xml.etree.ElementTree as ET

import numpy as np

from posthelp import Env, Fail, main
from xdmfcheck import check_snapshots_xdmf, check_with_paraview

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


def check_snapshot_picks(hybrid, sweep, dim):
    """The snapshot figure's rows: training records then KSP records, coarse to fine, from the
    first training record to the final iterate; sweep: the member with the fewest iterations.
    3D: the slice goes through the largest |exact| (the seed's mid-planes are zero)."""
    from fppost import field2d, runfile, snapshots
    with runfile.RunFile(hybrid) as run:
        picks = snapshots._picks(run, snapshots._stages(run))
        labels = [p[0] for p in picks]
        index = [int(p[3].split()[-1]) for p in picks]
        iterations = int(run.group_attrs("/solve")["iterations"])
        n_train = labels.count("training")
        ksp = ["KSP from step 60"] * (len(labels) - n_train)
        if (labels != ["training"] * n_train + ksp or n_train < 2
                or index[0] != 0 or index[n_train - 1] != 60 or index[-1] != iterations
                or index[:n_train] != sorted(index[:n_train])
                or index[n_train:] != sorted(index[n_train:])):
            raise Fail(f"{hybrid}: snapshot rows {list(zip(labels, index))}")
        if dim == 3:
            exact = run.field("/problem/exact")
            k, j, i = field2d.planes(exact)
            top = np.abs(exact).max()
            if k == exact.shape[0] // 2 or np.abs(exact[k]).max() < top * (1 - 1e-9):
                raise Fail(f"{hybrid}: slice k={k} of {exact.shape} misses the largest |exact|")
    with runfile.RunFile(sweep) as run:
        stages = snapshots._stages(run)
        its = {m: run.group_attrs(f"/sweep/{m}/solve")["iterations"]
               for m in run.subgroups("/sweep")}
        best = min(its, key=its.get)
        if stages[-1][1] != f"/sweep/{best}/snapshots/solve":
            raise Fail(f"{sweep}: snapshot figure draws {stages[-1][1]}, iterations {its}")
    print(f"ok: snapshot rows {list(zip(labels, index))}")


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
        for mode in ("hybrid", "sweep"):  # the snapshots as time series (RUN_snapshots.xdmf)
            check_snapshots_xdmf(runs[mode], dim)
        if dim == 3:  # a real reader, once (ParaView starts in seconds); 2D read alike by hand
            check_with_paraview(os.path.splitext(runs["sweep"])[0] + "_snapshots.xdmf",
                                runs["sweep"])
        outdir = env.path(f"figs{dim}")
        _, err = env.run_fpplot(runs["sweep"], runs["hybrid"], "-o", outdir)
        if "note:" in err:  # the 1D-only figures are not attempted on a 2D/3D file
            raise Fail(f"fpplot on {dim}D files printed notes: {err.strip()}")
        env.expect_figures(outdir, [f"d{dim}_sweep_shells.png", f"d{dim}_hybrid_shells.png"])
        import h5py
        with h5py.File(runs["hybrid"], "r") as f:
            natural = f["/solution/u"].ndim == dim
        if natural:  # fields in natural order with the grid's shape (run-file layout 2)
            env.expect_figures(outdir, [f"d{dim}_hybrid_field.png", f"d{dim}_hybrid_snapshots.png",
                                        f"d{dim}_sweep_snapshots.png"])
            check_snapshot_picks(runs["hybrid"], runs["sweep"], dim)


if __name__ == "__main__":
    sys.exit(main(test))
