"""The paper's error-vs-wall-time figure from real run files: Jacobi alone, DNN alone and a
sweep whose KSP continuations start (dashed) at their switch times; heat maps per member."""

import sys

from posthelp import Env, Fail, main


def test():
    env = Env("fpplot_sweep")
    runs = [env.fpsolve("jacobi", "jac.h5"), env.fpsolve("dnn", "dnn.h5"),
            env.fpsolve("sweep", "swp.h5", "-sweep_switch_steps", "100,200")]
    env.run_fpplot(*runs, "-o", env.path("figs"))
    env.expect_figures(env.path("figs"), ["error_time.png", "swp_error_time.png",
                                          "swp_fprinciple.png", "swp_spectrum.png"])
    from fppost import runfile, walltime
    with runfile.RunFile(runs[2]) as rf:
        members = rf.subgroups("/sweep")
        if len(members) != 2:
            raise Fail(f"sweep members {members}, want 2")
        dashed = [c for c in walltime.curves(rf) if c[3]["ls"] == "--"]
        if len(dashed) != 2:
            raise Fail(f"{len(dashed)} dashed sweep curves, want 2")
        for m, (label, t, err, _) in zip(members, dashed):
            attrs = rf.group_attrs(f"/sweep/{m}")
            if int(attrs["switch_step"]) not in (100, 200) or abs(t[0] - attrs["switch_time"]) > 1e-9:
                raise Fail(f"member {m}: {label} starts at {t[0]}, attrs {attrs}")
            if not err[-1] < err[0]:
                raise Fail(f"member {m}: error does not fall ({err[0]} -> {err[-1]})")
        times = [float(rf.group_attrs(f"/sweep/{m}")["switch_time"]) for m in members]
        if not times[0] < times[1]:
            raise Fail(f"switch times {times} not increasing")


if __name__ == "__main__":
    sys.exit(main(test))
