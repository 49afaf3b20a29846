#!/usr/bin/python3
"""Per-mode convergence per cycle of -mode cycle runs (docs/cycles.md): the RMS of |E_k| over
bands of 1D modes after each cycle (/cycle/error_spectrum), and per band the median factor by
which it fell from one cycle to the next, with the worst cycle's factor in brackets.

  bench/cycle_mode_rates.py RUN.h5 ... [--bands 1-4,5-16,17-64,65-156,157-625,626-2500,2501-9999]
"""
import argparse

import h5py
import numpy as np


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("runs", nargs="+")
    p.add_argument("--bands", default="1-4,5-16,17-64,65-156,157-625,626-2500,2501-9999")
    args = p.parse_args()
    bands = [tuple(int(v) for v in b.split("-")) for b in args.bands.split(",")]
    print("| run | cycles | " + " | ".join(f"{a}-{b}" for a, b in bands) + " |")
    print("|---|---|" + "---|" * len(bands))
    for path in args.runs:
        E = h5py.File(path, "r")["/cycle/error_spectrum"][:]
        B = np.array([[np.sqrt(np.sum(row[a - 1:b] ** 2)) for a, b in bands] for row in E])
        R = B[1:] / B[:-1]
        cells = [f"{np.median(R[:, i]):.2f} [{R[:, i].max():.2g}]" for i in range(len(bands))]
        print(f"| {path} | {len(E)} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
