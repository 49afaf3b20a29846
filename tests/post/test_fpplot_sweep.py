"""The paper's figures from ONE sweep run: DNN alone, Jacobi alone (the sweep's KSP from zero)
and the KSP continued from each snapshot, on one clock (t = 0: the start of training); the
DNN | Jacobi heat maps; the spectra. Checks what is drawn against the run file; and, for a
job array, that runs passed together are labelled by their differing options."""

import sys

import numpy as np

from posthelp import Env, Fail, main


def close(a, b, tol=1e-9):
    return abs(float(a) - float(b)) <= tol


def check_clock(rf, walltime):
    """Every curve's points are the file's, on the clock whose t = 0 is /train start_time."""
    t0 = float(rf.group_attrs("/train")["start_time"])
    curves = {c[0]: c for c in walltime.curves(rf)}
    want = {"DNN alone", "Jacobi alone", "hybrid, switch at step 100",
            "hybrid, switch at step 200"}
    if set(curves) != want:
        raise Fail(f"curves {sorted(curves)}, want {sorted(want)}")
    rec_t, rec_e = rf.get("/train/record/time"), rf.get("/train/record/max_error")
    _, t, e, _ = curves["DNN alone"]
    if not (close(t[0], rec_t[0] - t0) and close(t[-1], rec_t[-1] - t0) and close(e[-1], rec_e[-1])):
        raise Fail(f"DNN curve ({t[0]}, {t[-1]}) is not /train/record on t0 = {t0}")
    if not 0 <= t[0] < 0.5:
        raise Fail(f"the DNN curve starts at t = {t[0]}, want just after 0")
    _, t, e, _ = curves["Jacobi alone"]
    sol_t, sol_e = rf.get("/solve/history/time"), rf.get("/solve/history/max_error")
    if not (close(t[0], sol_t[0] - t0) and close(e[-1], sol_e[-1]) and 0 <= t[0] < 0.5):
        raise Fail(f"Jacobi curve starts at t = {t[0]}, want the file's, just after 0")
    if rf.group_attrs("/solve").get("guess") != "zero" or not sol_e[-1] < sol_e[0]:
        raise Fail(f"/solve is not a falling KSP from zero: {rf.group_attrs('/solve')}")
    steps = rf.get("/train/record/step")
    for m in rf.subgroups("/sweep"):
        attrs = rf.group_attrs(f"/sweep/{m}")
        _, t, e, style = curves[f"hybrid, switch at step {attrs['switch_step']}"]
        rec = float(rec_t[np.flatnonzero(steps == attrs["switch_step"])[0]])
        start = float(attrs["switch_time"]) - t0
        if not (start <= t[0] < start + 0.5 and start <= rec - t0 < start + 0.5):
            raise Fail(f"member {m} starts at {t[0]}, its snapshot at {start}, record {rec - t0}")
        if style["ls"] != "--" or not e[-1] < e[0]:
            raise Fail(f"member {m}: not a dashed falling curve")


def check_figure_lines(rf, walltime, common):
    """The figure draws exactly those curves (first and last points) with a legend outside."""
    fig, (ax,) = common.figure()
    walltime._draw(ax, walltime.curves(rf))
    drawn = {ln.get_label(): ln for ln in ax.get_lines() if not ln.get_label().startswith("_")}
    for label, t, e, _ in walltime.curves(rf):
        x = drawn[label].get_xdata()
        if not (close(x[0], t[0]) and close(x[-1], t[-1])):
            raise Fail(f"drawn {label} spans {x[0]}..{x[-1]}, want {t[0]}..{t[-1]}")
    box = ax.get_legend().get_window_extent(fig.canvas.get_renderer())
    if box.x0 < ax.get_window_extent().x1:
        raise Fail("the legend overlaps the axes")
    if len([t for t in ax.get_yticks() if ax.get_ylim()[0] <= t <= ax.get_ylim()[1]]) < 3:
        raise Fail(f"fewer than 3 y ticks: {ax.get_yticks()}")


def check_heatmap(rf, heatmap):
    """DNN | Jacobi panels show the file's per-mode errors on one colour scale."""
    panels = heatmap.main_panels(rf)
    if [p[0] for p in panels] != ["train", "solve"]:
        raise Fail(f"heat map panels {panels}, want train | solve")
    fig, meshes = heatmap.draw(rf, panels, "log")
    for (stage, _, _), mesh in zip(panels, meshes):
        want = np.clip(rf.get(f"/spectrum/{stage}/peak_error"), heatmap.LOG_FLOOR, None)
        if not np.allclose(np.asarray(mesh.get_array()).reshape(want.T.shape), want.T):
            raise Fail(f"{stage} panel does not show /spectrum/{stage}/peak_error")
    if meshes[0].norm.vmin != meshes[1].norm.vmin or meshes[0].norm.vmax != meshes[1].norm.vmax:
        raise Fail("the two panels have different colour scales")
    if len(fig.axes) != 3:
        raise Fail(f"{len(fig.axes)} axes: want two panels and one colour bar")
    # --heat-x time: both panels on the error-vs-time clock, one shared x axis.
    t0 = float(rf.group_attrs("/train")["start_time"])
    for stage, group in (("train", "/train/record"), ("solve", "/solve/history")):
        x = heatmap.panel_data(rf, stage, x_axis="time")[0]
        if not np.allclose(x, rf.get(f"{group}/time") - t0):
            raise Fail(f"--heat-x time: the {stage} panel is not on the figure's clock")
    fig, _ = heatmap.draw(rf, panels, "log", "time")
    if fig.axes[0].get_xlim() != fig.axes[1].get_xlim():
        raise Fail("--heat-x time: the panels do not share their time axis")


def test():
    env = Env("fpplot_sweep")
    swp = env.fpsolve("sweep", "swp.h5", "-sweep_switch_steps", "100,200")
    env.run_fpplot(swp, "-o", env.path("figs"))
    env.expect_figures(env.path("figs"), ["swp_error_time.png", "swp_fprinciple.png",
                                          "swp_fprinciple_sweep.png", "swp_spectrum.png"])
    from fppost import common, heatmap, labels, runfile, spectrum, walltime
    with runfile.RunFile(swp) as rf:
        check_clock(rf, walltime)
        check_figure_lines(rf, walltime, common)
        check_heatmap(rf, heatmap)
        if spectrum.existing_modes(spectrum.target_spectrum(rf)[0], 12).tolist() != [2, 4, 6, 8, 10, 12]:
            raise Fail("the seed's odd modes are drawn in the spectra")
    # A job array: two hybrid runs differing in the switch, and a fit run passed with them.
    h1 = env.fpsolve("hybrid", "arr_1.h5", "-hybrid_switch", "step:100")
    h2 = env.fpsolve("hybrid", "arr_2.h5", "-hybrid_switch", "step:200")
    fit = env.fpsolve("fit", "fit.h5")
    _, err = env.run_fpplot(h1, h2, fit, "-o", env.path("arr"), "--only", "error_time")
    env.expect_figures(env.path("arr"), ["error_time.png"])
    runs = [runfile.RunFile(p) for p in (h1, h2)]
    names = sorted(labels.distinguishing(runs).values())
    if names != ["hybrid, -hybrid_switch step:100", "hybrid, -hybrid_switch step:200"]:
        raise Fail(f"job-array labels {names}")
    if "fit runs are not in error_time.png" not in err:
        raise Fail(f"a fit run was drawn as a solver: {err}")


if __name__ == "__main__":
    sys.exit(main(test))
