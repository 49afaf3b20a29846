"""Open RUN_snapshots.xdmf with ParaView's XDMF reader (run by xdmfcheck.check_with_paraview
when ParaView's Python is installed, else exit 77): at every time step, each snapshot block's u is the
snapshot row of latest time <= t and error is u - exact. Exit 1 with a line on failure.
Usage: xdmf_paraview.py RUN_snapshots.xdmf RUN.h5"""
import sys

import h5py
import numpy as np

NOT_INSTALLED = 77  # exit status: ParaView's Python is not installed (the check is skipped)
try:
    from paraview import servermanager as sm
    from paraview import simple as pv
    from vtk.numpy_interface import dataset_adapter as dsa
except ImportError:
    print("ParaView's Python is not installed")
    sys.exit(NOT_INSTALLED)


def main(xdmf, h5path):
    f = h5py.File(h5path, "r")
    exact = f["/problem/exact"][()].reshape(-1)
    reader = pv.XDMFReader(FileNames=[xdmf])
    reader.UpdatePipelineInformation()
    times = list(reader.TimestepValues)
    checked = 0
    for t in times:
        reader.UpdatePipeline(t)
        data = sm.Fetch(reader)
        it = data.NewIterator()
        it.InitTraversal()
        while not it.IsDoneWithTraversal():
            name = it.GetCurrentMetaData().Get(data.NAME())  # "snapshots train", ...
            stage = name.split(" ", 1)[1]
            group = (f"/snapshots/{stage}" if stage in ("train", "solve") else
                     f"/sweep/{stage.split()[1]}/snapshots/solve")  # "sweep 000 solve"
            row = max(int(np.searchsorted(f[group + "/time"][()], t, side="right")) - 1, 0)
            want = f[group + "/u"][row].reshape(-1)
            point = dsa.WrapDataObject(it.GetCurrentDataObject()).PointData
            u, err = np.asarray(point["u"]).reshape(-1), np.asarray(point["error"]).reshape(-1)
            if u.shape != want.shape or not (np.array_equal(u, want) and
                                             np.allclose(err, want - exact, rtol=0, atol=1e-15)):
                print(f"t = {t}: {name} differs from {group}/u row {row}")
                return 1
            checked += 1
            it.GoToNextItem()
    print(f"{len(times)} time steps, {checked} snapshot blocks equal to the run file")
    return 0 if checked else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
