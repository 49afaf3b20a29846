"""fpplot refuses bad or foreign files with one clear line on stderr and exit code 1: a
missing file, a text file, an HDF5 file of another program, a truncated run file; with
--skip-bad it still plots the good file (and still exits 1)."""

import os
import sys

import h5py

from posthelp import Env, Fail, main


def test():
    env = Env("fpplot_bad_files")
    good = env.fpsolve("jacobi", "good.h5")
    with open(env.path("text.h5"), "w") as fh:
        fh.write("not hdf5\n")
    with h5py.File(env.path("foreign.h5"), "w") as fh:
        fh["data"] = [1.0, 2.0]
    with open(good, "rb") as src, open(env.path("truncated.h5"), "wb") as dst:
        dst.write(src.read(os.path.getsize(good) // 3))
    with h5py.File(env.path("othermode.h5"), "w") as fh:
        fh.attrs["fpsolve_version"] = "0.1.0"
        fh.attrs["mode"] = "teleport"
    cases = {"missing.h5": "no such file", "text.h5": "not an HDF5 file",
             "foreign.h5": "not an fpsolve run file", "truncated.h5": "cannot open",
             "othermode.h5": "unknown mode"}
    for name, words in cases.items():
        out = env.path(f"figs_{name}")
        _, err = env.run_fpplot(env.path(name), "-o", out, expect_rc=1)
        lines = err.strip().splitlines()
        if len(lines) != 1 or words not in lines[0] or name not in lines[0]:
            raise Fail(f"{name}: stderr {lines!r}, want one line with '{words}'")
        if os.path.exists(out) and os.listdir(out):
            raise Fail(f"{name}: figures were written for a bad file")
        print(f"ok: {name}: {lines[0]}")
    made, err = env.run_fpplot(good, env.path("foreign.h5"), "-o", env.path("figs_mix"),
                               "--skip-bad", "--only", "error_time", expect_rc=1)
    if not any(p.endswith("good_error_time.png") for p in made):
        raise Fail(f"--skip-bad: good file not plotted ({made})")
    env.expect_figures(env.path("figs_mix"), ["good_error_time.png"])
    env.run_fpplot(good, "--only", "nonsense", expect_rc=2)


if __name__ == "__main__":
    sys.exit(main(test))
