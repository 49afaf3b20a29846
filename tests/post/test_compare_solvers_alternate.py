"""bench/compare_solvers.py --alternate pairs each seed's Jacobi run with that seed's cycle run
(Jacobi just before it) whichever order --solvers lists them in, and runs each cycle once: the
runs' order is read from a wrapper around fpsolve that logs every invocation."""

import os
import stat
import subprocess
import sys

from posthelp import Env, Fail, main


def runs(env, solvers):
    """The (mode, seed) of every fpsolve run of one compare_solvers invocation, in order."""
    log = env.path(f"runs_{solvers.replace(',', '_')}.log")
    wrapper = env.path("fpsolve_logged.sh")
    with open(wrapper, "w") as w:
        w.write(f'#!/bin/bash\necho "$*" >> "$FPSOLVE_RUN_LOG"\nexec {env.exe} "$@"\n')
    os.chmod(wrapper, os.stat(wrapper).st_mode | stat.S_IXUSR)
    cmd = ["/usr/bin/python3", os.path.join(env.src, "bench", "compare_solvers.py"),
           "--exe", wrapper, "--sizes", "33", "--seeds", "0,1", "--solvers", solvers,
           "--alternate", "--net", "-dnn_widths 8 -train_batch 32",
           "--cycle", "-cycle_train_steps 5 -cycle_sweeps 20 -cycle_max 1",
           "--keep", env.path(f"keep_{solvers.replace(',', '_')}")]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=120,
                         env=dict(os.environ, FPSOLVE_RUN_LOG=log))
    if res.returncode != 0:
        raise Fail(f"compare_solvers --solvers {solvers}: exit {res.returncode}: "
                   f"{res.stderr.strip().splitlines()[-1:]}")
    out = []
    for line in open(log):
        words = line.split()
        mode = words[words.index("-mode") + 1]
        seed = words[words.index("-train_seed") + 1] if "-train_seed" in words else None
        out.append((mode, seed))
    return out, res.stdout


def test():
    env = Env("compare_solvers_alternate")
    want = [("jacobi", None), ("cycle", "0"), ("jacobi", None), ("cycle", "1")]
    for solvers in ("jacobi,cycle", "cycle,jacobi"):
        got, table = runs(env, solvers)
        if got != want:
            raise Fail(f"--solvers {solvers} --alternate ran {got}, want {want}")
        rows = [ln for ln in table.splitlines() if ln.startswith("| 33 |")]
        if [ln.split("|")[3].strip() for ln in rows] != solvers.split(","):
            raise Fail(f"--solvers {solvers}: rows {rows}")
        if "2 runs next to the cycle's seeds" not in rows[solvers.split(",").index("jacobi")]:
            raise Fail(f"--solvers {solvers}: the jacobi row is not the alternated runs: {rows}")
    print("both orders: jacobi, cycle seed 0, jacobi, cycle seed 1")


if __name__ == "__main__":
    sys.exit(main(test))
