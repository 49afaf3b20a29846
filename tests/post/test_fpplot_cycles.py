"""fpplot on real cycle, jacobi and cg+mg run files: the solver comparison (error and residual vs
time and sweeps) and the per-mode error of each cycle."""

import sys

from posthelp import Env, Fail, main


def test():
    env = Env("fpplot_cycles")
    cyc = env.fpsolve("cycle", "cyc.h5", "-cycle_train_steps", "100", "-cycle_sweeps", "200",
                      "-cycle_max", "3")
    jac = env.fpsolve("jacobi", "jac.h5")
    mg = env.fpsolve("jacobi", "mg.h5", "-ksp_type", "cg", "-pc_type", "mg",
                     "-jacobi_record_stride", "1")
    made, _ = env.run_fpplot(cyc, jac, mg, "--only", "cycles", "-o", env.path("figs"))
    env.expect_figures(env.path("figs"), ["solver_comparison.png", "cyc_cycle_modes.png"])
    from fppost import cycles, runfile
    with runfile.RunFile(cyc) as c, runfile.RunFile(mg) as m:
        if cycles.label(c) != "cycle (100 steps)" or cycles.label(m) != "cg+mg":
            raise Fail(f"labels: {cycles.label(c)}, {cycles.label(m)}")
        t, sweeps, err, res = cycles.histories(c)
        # Sweeps are counted over the whole run: they never go back across cycles.
        if not ((sweeps[1:] > sweeps[:-1]).all() and sweeps[-1] == 600 and res[0] > res[-1]):
            raise Fail(f"cycle history: sweeps {sweeps}, residual {res[0]} -> {res[-1]}")
    if len(made) != 2:
        raise Fail(f"fpplot printed {made}")


if __name__ == "__main__":
    sys.exit(main(test))
