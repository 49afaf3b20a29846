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
    # 2D: the per-shell heat map; ||b|| rebuilt in 2D (a 2D Jacobi run's first record is the
    # zero guess: relative residual 1 for the seed problem's zero boundary values).
    cyc2 = env.fpsolve("cycle", "cyc2.h5", "-problem_dim", "2", "-da_grid_x", "33",
                       "-spectrum_modes", "2:2,4:4", "-cycle_train_steps", "50",
                       "-cycle_sweeps", "20", "-cycle_max", "2")
    jac2 = env.fpsolve("jacobi", "jac2.h5", "-problem_dim", "2", "-da_grid_x", "33",
                       "-spectrum_modes", "2:2,4:4", "-ksp_max_it", "20")
    made, _ = env.run_fpplot(cyc2, "--only", "cycles", "-o", env.path("figs2"))
    env.expect_figures(env.path("figs2"), ["cyc2_cycle_modes.png"])
    with runfile.RunFile(cyc2) as c, runfile.RunFile(jac2) as j:
        res = cycles.histories(j)[3]
        if abs(res[0] - 1) > 1e-9 or c.get("/cycle/error_spectrum").shape != (2, 44):
            raise Fail(f"2D: Jacobi's first relative residual {res[0]}, cycle error_spectrum "
                       f"{c.get('/cycle/error_spectrum').shape}")


if __name__ == "__main__":
    sys.exit(main(test))
