"""fpplot on a real hybrid run file (2 ranks): training and KSP heat maps, spectra, error vs
wall time with the KSP continuing after the training, the 1D snapshot curves."""

import sys

from posthelp import Env, Fail, main


def test():
    env = Env("fpplot_hybrid")
    run = env.fpsolve("hybrid", "hyb.h5", "-hybrid_switch", "step:200", ranks=2)
    env.run_fpplot(run, "-o", env.path("figs"))
    env.expect_figures(env.path("figs"), ["hyb_fprinciple.png", "hyb_spectrum.png",
                                          "hyb_error_time.png", "hyb_snapshots.png"])
    from fppost import runfile, walltime
    with runfile.RunFile(run) as rf:
        if rf.ranks != 2:
            raise Fail(f"mpi_ranks attribute {rf.ranks}, want 2")
        curves = {c[0]: c for c in walltime.curves(rf)}
        train, ksp = curves.get("DNN alone"), curves.get("hybrid, switch at step 200")
        if not (train and ksp):
            raise Fail(f"hybrid curves: {sorted(curves)}")
        if ksp[1][0] < train[1][0]:
            raise Fail("the KSP history starts before the training")


if __name__ == "__main__":
    sys.exit(main(test))
