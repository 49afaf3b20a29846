#!/usr/bin/python3
"""Compare two fpsolve HDF5 files (run files or checkpoints) for the restart tests.

  h5same.py A B                 every dataset bitwise equal (times: same shape only)
  h5same.py A B --only P1,P2    only these datasets
  h5same.py A B --close RTOL    float datasets equal within RTOL (other rank counts)
Exit 0 when equal, 1 with one line per difference otherwise. Run by Debian's python3 (h5py).
"""
import sys

import h5py
import numpy as np


def main():
    a, b = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
    only = None
    rtol = None
    args = sys.argv[3:]
    if "--only" in args:
        only = args[args.index("--only") + 1].split(",")
    if "--close" in args:
        rtol = float(args[args.index("--close") + 1])
    names = []
    a.visititems(lambda n, o: names.append(n) if isinstance(o, h5py.Dataset) else None)
    names_b = []
    b.visititems(lambda n, o: names_b.append(n) if isinstance(o, h5py.Dataset) else None)
    bad = []
    if only is None:
        bad += ["only in %s: %s" % (sys.argv[2], n) for n in sorted(set(names_b) - set(names))]
    for n in only if only is not None else names:
        n = n.lstrip("/")
        if n not in a or n not in b:
            bad.append("missing: " + n)
            continue
        x, y = a[n][()], b[n][()]
        if x.shape != y.shape:
            bad.append("shape %s: %s vs %s" % (n, x.shape, y.shape))
        elif n.split("/")[-1] == "time" or n == "blobs/run_file":
            continue  # wall-clock times differ between runs; snapshots embed them
        elif rtol is not None and x.dtype.kind == "f":
            if not np.allclose(x, y, rtol=rtol, atol=0, equal_nan=True):
                bad.append("not close %s: max diff %g" % (n, np.nanmax(np.abs(x - y))))
        elif not np.array_equal(x, y, equal_nan=(x.dtype.kind == "f")):
            bad.append("differs: " + n)
    for line in bad:
        print(line)
    sys.exit(1 if bad else 0)


main()
