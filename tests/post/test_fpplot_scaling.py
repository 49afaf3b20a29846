"""Scaling figures from real run files at 1 and 2 ranks (jacobi and dnn): time per step and
per iteration vs ranks, efficiency, time per stage."""

import sys

from posthelp import Env, Fail, main


def test():
    env = Env("fpplot_scaling")
    runs = []
    for ranks in (1, 2):
        runs.append(env.fpsolve("jacobi", f"jac_P{ranks}.h5", "-da_grid_x", "2001",
                                "-ksp_max_it", "20000", "-jacobi_record_stride", "500",
                                ranks=ranks))
        runs.append(env.fpsolve("dnn", f"dnn_P{ranks}.h5", ranks=ranks))
    made, _ = env.run_fpplot(*runs, "-o", env.path("figs"), "--only", "scaling")
    env.expect_figures(env.path("figs"), ["scaling_time.png", "scaling_efficiency.png",
                                          "scaling_breakdown.png"])
    from fppost import runfile, scaling
    rfs = [runfile.RunFile(p) for p in runs]
    table = scaling.table(rfs)
    for stage in ("train", "solve"):
        ranks = [p[0] for p in table.get(stage, [])]
        if ranks != [1, 2]:
            raise Fail(f"{stage}: scaling points at ranks {ranks}, want [1, 2]")
        if scaling.kind_of(table[stage]) != "strong":
            raise Fail(f"{stage}: same problem at 1 and 2 ranks not detected as strong scaling")
    print("per step / per iteration:", {s: [f"P={p}: {t:.3g}s" for p, t, _ in v]
                                        for s, v in table.items()})
    if len(made) != 3:
        raise Fail(f"fpplot --only scaling made {made}")


if __name__ == "__main__":
    sys.exit(main(test))
