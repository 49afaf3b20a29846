"""fpplot on a real fit run file: the fitted function, its spectrum over training and the
per-mode error heat map."""

import sys

from posthelp import Env, main


def test():
    env = Env("fpplot_fit")
    run = env.fpsolve("fit", "fit.h5")
    env.run_fpplot(run, "-o", env.path("figs"))
    env.expect_figures(env.path("figs"), ["fit_fit.png", "fit_fprinciple.png",
                                          "fit_spectrum.png"])


if __name__ == "__main__":
    sys.exit(main(test))
