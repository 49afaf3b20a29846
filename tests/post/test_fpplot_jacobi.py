"""fpplot on a real jacobi run file (1 rank): the per-mode heat map vs Jacobi iteration and
error vs wall time."""

import sys

from posthelp import Env, Fail, main


def test():
    env = Env("fpplot_jacobi")
    run = env.fpsolve("jacobi", "jac.h5")
    made, _ = env.run_fpplot(run, "-o", env.path("figs"))
    env.expect_figures(env.path("figs"), ["jac_error_time.png", "jac_fprinciple.png",
                                          "jac_spectrum.png"])
    from fppost import runfile, walltime
    with runfile.RunFile(run) as rf:
        (label, t, err, _), = walltime.curves(rf)
        if not (label.startswith("Jacobi") and err[-1] < err[0] and (t[1:] >= t[:-1]).all()):
            raise Fail(f"jacobi curve: {label}, error {err[0]} -> {err[-1]}")
    if len(made) < 3:
        raise Fail(f"fpplot printed {made}")


if __name__ == "__main__":
    sys.exit(main(test))
