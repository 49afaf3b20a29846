"""Reading fpsolve's XDMF snapshot sidecar (RUN_snapshots.xdmf) as a reader would, for the
tests: every DataItem evaluated (HDF references, XML values, HyperSlab, Function "$0 - $1"),
every grid's time and attributes compared with the run file's datasets."""

import os
import subprocess
import xml.etree.ElementTree as ET

import numpy as np

from posthelp import Fail


def evaluate(item, h5, basename, where):
    """The values of a DataItem (numpy array with the declared Dimensions)."""
    dims = [int(v) for v in item.get("Dimensions").split()]
    kind = item.get("ItemType", "Uniform")
    if kind == "HyperSlab":
        sel, src = list(item)
        start, stride, count = evaluate(sel, h5, basename, where).astype(int).reshape(3, -1)
        data = evaluate(src, h5, basename, where)
        index = tuple(slice(a, a + s * c, s) for a, s, c in zip(start, stride, count))
        out = data[index]
    elif kind == "Function":
        if item.get("Function") != "$0 - $1":
            raise Fail(f"{where}: function {item.get('Function')}")
        a, b = (evaluate(c, h5, basename, where) for c in item)
        if a.size != b.size:
            raise Fail(f"{where}: function operands of {a.size} and {b.size} values")
        out = a.reshape(-1) - b.reshape(-1)
    elif item.get("Format") == "XML":
        out = np.array(item.text.split(), float)
    elif item.get("Format") == "HDF":
        fname, dset = item.text.strip().split(":")
        if fname != basename:
            raise Fail(f"{where}: references {fname}")
        out = h5[dset][()]
        if list(out.shape) != dims:
            raise Fail(f"{where}: {dset} has {out.shape}, declared {dims}")
    else:
        raise Fail(f"{where}: DataItem {item.attrib}")
    if out.size != int(np.prod(dims)):
        raise Fail(f"{where}: {kind} item of {out.size} values, declared {dims}")
    return out.reshape(dims)


def check_snapshots_xdmf(h5path, dim):
    """RUN_snapshots.xdmf: a temporal collection per snapshot stage of the run file, a grid per
    snapshot at its time, u = the snapshot, error = u - exact. Returns the snapshot count."""
    import h5py
    xdmf = os.path.splitext(h5path)[0] + "_snapshots.xdmf"
    base = os.path.basename(h5path)
    if not os.path.exists(xdmf):
        raise Fail(f"{xdmf} missing")
    root = ET.parse(xdmf).getroot()
    count = 0
    with h5py.File(h5path, "r") as f:
        exact = f["/problem/exact"][()]
        groups = [g for g in ["/snapshots/train", "/snapshots/solve"] +
                  [f"/sweep/{m}/snapshots/solve" for m in f.get("/sweep", {})] if g in f]
        collections = root.findall("./Domain/Grid")
        if len(collections) != len(groups):
            raise Fail(f"{xdmf}: {len(collections)} collections for {groups}")
        for coll, group in zip(collections, groups):
            if coll.get("CollectionType") != "Temporal":
                raise Fail(f"{xdmf}: {coll.get('Name')} is not temporal")
            u, time = f[group + "/u"][()], f[group + "/time"][()]
            grids = coll.findall("Grid")
            if len(grids) != u.shape[0]:
                raise Fail(f"{xdmf}: {len(grids)} grids for {u.shape[0]} snapshots in {group}")
            for r, grid in enumerate(grids):
                where = f"{os.path.basename(xdmf)} {grid.get('Name')}"
                topo = grid.find("Topology")
                shape = [int(v) for v in topo.get("Dimensions").split()]
                if topo.get("TopologyType") != f"{dim}DCoRectMesh" or shape != list(u.shape[1:]):
                    raise Fail(f"{where}: topology {topo.attrib}")
                if float(grid.find("Time").get("Value")) != time[r]:
                    raise Fail(f"{where}: time {grid.find('Time').get('Value')} vs {time[r]}")
                attrs = {a.get("Name"): evaluate(a.find("DataItem"), f, base, where)
                         for a in grid.findall("Attribute")}
                if sorted(attrs) != ["error", "u"]:
                    raise Fail(f"{where}: attributes {sorted(attrs)}")
                if not (np.array_equal(attrs["u"].reshape(u.shape[1:]), u[r]) and
                        np.array_equal(attrs["error"].reshape(u.shape[1:]), u[r] - exact)):
                    raise Fail(f"{where}: u or error differ from {group}/u row {r}")
                count += 1
    print(f"ok: {os.path.basename(xdmf)} ({len(groups)} time series, {count} snapshots)")
    return count


def check_with_paraview(xdmf, h5path):
    """When ParaView's Python is installed (Debian: python3-paraview), its XDMF reader opens
    the snapshot sidecar and every snapshot reads back as in the run file; else a note."""
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "xdmf_paraview.py")
    res = subprocess.run(["/usr/bin/python3", script, xdmf, h5path], capture_output=True,
                         text=True, timeout=300)
    last = ((res.stdout + res.stderr).strip().splitlines() or ["no output"])[-1]
    if res.returncode == 77:
        print("note: ParaView's Python not installed: the real-reader check is skipped")
        return
    if res.returncode != 0:
        raise Fail(f"ParaView on {xdmf}: {last}")
    print(f"ok: ParaView's XDMF reader: {last}")
