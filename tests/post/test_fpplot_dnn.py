"""fpplot on a real dnn run file: heat map vs training step, spectrum snapshots (+ GIF),
error vs wall time."""

import sys

from posthelp import Env, Fail, main


def test():
    env = Env("fpplot_dnn")
    run = env.fpsolve("dnn", "dnn.h5")
    env.run_fpplot(run, "-o", env.path("figs"), "--gif", "--heat", "log")
    env.expect_figures(env.path("figs"), ["dnn_fprinciple.png", "dnn_spectrum.png",
                                          "dnn_error_time.png", "dnn_spectrum.gif"])
    from fppost import runfile
    with runfile.RunFile(run) as rf:
        err = rf.get("/spectrum/train/peak_error")
        steps, kind = rf.record_axis("train", err.shape[0])
        if kind != "step" or steps[-1] < 200:
            raise Fail(f"heat-map x axis: {kind} up to {steps[-1]} (want training steps)")


if __name__ == "__main__":
    sys.exit(main(test))
