#!/usr/bin/env python3
"""Prints, for each run file, the training step at which each tracked mode (1D:
/spectrum/train/peak_error) or each shell (2D fit: /spectrum/train/shell_error) first drops below
a threshold ('-' if never), as a Markdown table.

    bench/first_below.py [--below 0.1] [--what modes|shells] [--every N] RUN.h5...
"""
import argparse
import os

import h5py
import numpy as np


def first_below(err, steps, below):
    out = []
    for j in range(err.shape[1]):
        idx = np.flatnonzero(err[:, j] < below)
        out.append(str(int(steps[idx[0]])) if idx.size else "-")
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--below", type=float, default=0.1)
    ap.add_argument("--what", choices=["modes", "shells"], default="modes")
    ap.add_argument("--every", type=int, default=1, help="shells: every N-th shell only")
    ap.add_argument("runs", nargs="+")
    a = ap.parse_args()
    header = None
    for path in a.runs:
        with h5py.File(path, "r") as f:
            steps = f["/train/record/step"][:]
            if a.what == "modes":
                err = f["/spectrum/train/peak_error"][:]
                cols = [str(int(m)) for m in f["/spectrum/modes"][:]]
                extra = "%.3g" % f["/train/record/max_error"][-1]
            else:
                err = f["/spectrum/train/shell_error"][:][:, ::a.every]
                steps = f["/fit/snapshots/step"][:]
                edges = f["/spectrum/shells"][:]
                cols = ["%.0f-%.0f" % (edges[i], edges[i + 1])
                        for i in range(0, len(edges) - 1, a.every)]
                extra = "%.3g" % f["/train/history/loss"][-1]
        if header is None:
            header = cols
            print("| run | " + " | ".join(header) + " | final |")
            print("|---" * (len(header) + 2) + "|")
        name = os.path.basename(path).rsplit(".", 1)[0]
        print("| %s | %s | %s |" % (name, " | ".join(first_below(err, steps, a.below)), extra))


if __name__ == "__main__":
    main()
