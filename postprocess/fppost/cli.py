"""The `fpplot` command: figures from one or more fpsolve run files."""

import argparse
import os
import sys

from . import (cycles, field2d, fitplot, heatmap, imagefit, scaling, shells, snapshots, spectrum,
               walltime)
from .runfile import RunFileError, open_runs

KINDS = ("fprinciple", "spectrum", "error_time", "fit", "image", "scaling", "field", "cycles")


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="fpplot",
        description="Figures from fpsolve run files (HDF5). Per file: F-Principle heat maps, "
                    "spectrum snapshots, error vs wall time, fit; across files: combined "
                    "error vs wall time and scaling (when the files differ in mpi_ranks).")
    p.add_argument("runs", nargs="+", metavar="RUN.h5", help="fpsolve run files")
    p.add_argument("-o", "--outdir", default="figs", help="output folder (default: figs)")
    p.add_argument("--only", default="",
                   help="comma-separated subset of: " + ",".join(KINDS))
    p.add_argument("--gif", action="store_true",
                   help="also write an animated GIF of the training spectrum")
    p.add_argument("--max-mode", type=int, default=None,
                   help="highest DST mode in spectrum plots (default: 4x highest tracked)")
    p.add_argument("--snapshots", type=int, default=5, help="spectra per panel (default 5)")
    p.add_argument("--scaling", choices=("auto", "strong", "weak", "off"), default="auto",
                   help="scaling figures: auto = when the files differ in mpi_ranks, "
                        "kind detected from the problem sizes; strong/weak force them")
    p.add_argument("--logx", action="store_true", help="log time axis in error-vs-time plots")
    p.add_argument("--heat", choices=("linear", "log"), default="log",
                   help="heat-map colour scale: log 1e-4..1 (default: shows how far below 0.1 "
                        "each mode has converged) or linear 0..1 (as in the paper)")
    p.add_argument("--heat-x", choices=("count", "time"), default="count",
                   help="heat-map x axis: count = training steps and KSP iterations (default), "
                        "time = seconds on the error-vs-time clock, shared by all panels")
    p.add_argument("--skip-bad", action="store_true",
                   help="plot the good files even if some are bad (exit status stays 1)")
    args = p.parse_args(argv)
    only = [k for k in args.only.split(",") if k]
    bad = [k for k in only if k not in KINDS]
    if bad:
        p.error(f"--only: unknown figure kind '{bad[0]}' (choose from {', '.join(KINDS)})")
    args.kinds = set(only) if only else set(KINDS)
    return args


def per_file(run, args):
    if imagefit.is_image_fit(run):  # 2D image fit: its own figures (postprocess/fppost/imagefit.py)
        return imagefit.plot(run, args.outdir, args.snapshots + 1) if "image" in args.kinds else []
    made = []
    one_d = run.dim == 1  # 1D: per-mode heat maps and DST snapshots; 2D/3D: per |k| shell
    if "fprinciple" in args.kinds:
        made += (heatmap.plot(run, args.outdir, args.heat, x_axis=args.heat_x) if one_d else
                 shells.plot(run, args.outdir, args.heat))
    if "field" in args.kinds:
        made += field2d.plot(run, args.outdir)  # 2D/3D fields
        made += snapshots.plot(run, args.outdir)  # u and error at records of training and KSP
    if "spectrum" in args.kinds and one_d:
        made += spectrum.plot(run, args.outdir, args.max_mode, args.snapshots, args.gif)
    if "error_time" in args.kinds:
        made += walltime.plot(run, args.outdir, args.logx)
    if "fit" in args.kinds:
        made += fitplot.plot(run, args.outdir, args.max_mode, args.snapshots, args.heat)
    if "cycles" in args.kinds:
        made += cycles.plot_cycle_modes(run, args.outdir, args.max_mode)
    return made


def across_files(runs, args):
    made = []
    if "image" in args.kinds:
        made += imagefit.plot_side_by_side(runs, args.outdir)
    if "error_time" in args.kinds and len(runs) > 1:
        made += walltime.plot_combined(runs, args.outdir, args.logx)
    if "cycles" in args.kinds and any(r.mode == "cycle" for r in runs):
        made += cycles.plot_comparison(runs, args.outdir)
    distinct = len({r.ranks for r in runs}) > 1
    if "scaling" in args.kinds and args.scaling != "off" and (distinct or args.scaling != "auto"):
        made += scaling.plot(runs, args.outdir, args.scaling)
    return made


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    runs, errors = open_runs(args.runs)
    for msg in errors:
        print(f"fpplot: error: {msg}", file=sys.stderr)
    if errors and not args.skip_bad:
        return 1
    try:
        os.makedirs(args.outdir, exist_ok=True)
    except OSError as err:
        print(f"fpplot: error: cannot create {args.outdir}: {err.strerror}", file=sys.stderr)
        return 1
    made, failed = [], bool(errors)
    good = []
    for run in runs:
        try:
            made += per_file(run, args)
            good.append(run)
        except RunFileError as err:
            print(f"fpplot: error: {err}", file=sys.stderr)
            failed = True
        except (ValueError, IndexError, KeyError, TypeError) as err:
            print(f"fpplot: error: {run.path}: malformed run file "
                  f"({type(err).__name__}: {err})", file=sys.stderr)
            failed = True
    try:
        made += across_files(good, args)
    except (RunFileError, ValueError, IndexError, KeyError, TypeError) as err:
        print(f"fpplot: error: scaling/combined figures: {err}", file=sys.stderr)
        failed = True
    for run in runs:
        run.close()
    for path in made:
        print(path)
    if not made and not failed:
        print("fpplot: error: nothing to plot in the given files", file=sys.stderr)
        return 1
    return 1 if failed else 0
