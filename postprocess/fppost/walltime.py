"""Max error vs wall time, the paper's headline figure: DNN alone, Jacobi alone and the KSP
continued from each training snapshot (dashed), on ONE clock.

t = 0 is the moment the run's first solver stage began: training's step 0 (the `/train`
attribute `start_time`) or, in a jacobi run, the KSP's first record. Set-up (grid, KSP, the
reference solution) is before t = 0 and not shown. In a sweep run the Jacobi-alone curve
(`/solve`) is shifted to start at t = 0 too, and each member starts at its snapshot's
`switch_time`: every curve reads "seconds of work since the start", as if each method had run
alone from t = 0."""

import numpy as np

from . import labels
from .common import figure, log_ticks, note, positive, save

DNN = dict(color="black", ls="-", lw=2.2)
JACOBI = dict(color="tab:blue", ls="-", lw=2.2)
MEMBER_COLORS = ["tab:red", "tab:orange", "tab:green", "tab:purple", "tab:brown", "tab:pink",
                 "tab:olive", "tab:cyan"]


def time_zero(run):
    """Run-clock second of t = 0 (see the module's doc)."""
    attrs = run.group_attrs("/train")
    if "start_time" in attrs:
        return float(attrs["start_time"])
    for group in ("/train/record", "/solve/history"):  # files written before start_time
        if run.has(f"{group}/time"):
            return float(run.get(f"{group}/time").reshape(-1)[0])
    return 0.0


def _member_times(run, member, t, t0):
    """A sweep member's history times on the figure's clock."""
    attrs = run.group_attrs(f"/sweep/{member}")
    if "switch_train_seconds" in attrs:  # run clock: switch_time + seconds of its own solve
        return t - t0
    # Older files: training seconds before the switch + seconds of the solve.
    start = float(attrs.get("switch_time", t[0] if t.size else 0.0))
    return start + (t - t[0])


def curves(run, prefix=""):
    """[(label, t, err, style)] of every error history of a run, t on the figure's clock."""
    if run.mode == "fit":
        return []  # a fit approximates a given function: not a solver of the problem
    t0, out = time_zero(run), []
    if run.has("/train/record/max_error") and run.has("/train/record/time"):
        t, e = run.series("/train/record", "time", "max_error")
        out.append((f"{prefix}DNN alone", t - t0, e, dict(DNN)))
    if run.has("/solve/history/max_error") and run.has("/solve/history/time"):
        t, e = run.series("/solve/history", "time", "max_error")
        if run.mode == "hybrid":
            hyb = run.group_attrs("/hybrid")
            step = hyb.get("switch_step", "?")
            what = "Jacobi alone" if step == -1 else f"switch at step {step}"
            out.append((f"{prefix}hybrid, {what}", t - t0, e,
                        dict(color=MEMBER_COLORS[0], ls="--", lw=1.8)))
        else:
            ksp = run.option("ksp_type", "richardson")
            name = "Jacobi alone" if ksp == "richardson" else f"KSP {ksp} alone"
            out.append((f"{prefix}{name}", t - t0, e, dict(JACOBI)))
    for i, m in enumerate(run.subgroups("/sweep")):
        grp = f"/sweep/{m}/solve/history"
        if not (run.has(f"{grp}/max_error") and run.has(f"{grp}/time")):
            continue
        t, e = run.series(grp, "time", "max_error")
        step = run.group_attrs(f"/sweep/{m}").get("switch_step", m)
        style = dict(color=MEMBER_COLORS[i % len(MEMBER_COLORS)], ls="--", lw=1.6)
        out.append((f"{prefix}hybrid, switch at step {step}", _member_times(run, m, t, t0), e,
                    style))
    return out


def target_error(run):
    """-jacobi_target_error of the run (where the KSP curves stop), or None."""
    try:
        value = float(run.option("jacobi_target_error", "0"))
    except ValueError:
        return None
    return value if value > 0 else None


def _draw(ax, items, logx=False, target=None):
    if target:
        ax.axhline(target, color="0.45", ls=":", lw=1.2, label=f"target error {target:g}")
    for label, t, e, style in items:
        line, = ax.plot(t, positive(e), label=label, **style)
        if style.get("ls") == "--" and t.size:  # where the KSP took over from the net
            ax.plot(t[:1], positive(e[:1]), "o", color=line.get_color(), ms=5)
    ax.set_yscale("log")
    if logx:
        ax.set_xscale("log")
    else:
        ax.set_xlim(left=0)
    log_ticks(ax.yaxis, *_range(items))
    ax.set_xlabel("wall time since the start of training [s]")
    ax.set_ylabel("max |u - u_exact| on the grid")
    ax.grid(True, which="both", alpha=0.3)
    # Outside the axes, so that it never covers a curve.
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)


def _range(items):
    vals = np.concatenate([positive(e) for _, _, e, _ in items])
    vals = vals[np.isfinite(vals)]
    return (vals.min(), vals.max()) if vals.size else (1e-3, 1.0)


def plot(run, outdir, logx=False):
    """Write <run>_error_time.png."""
    items = [c for c in curves(run) if c[1].size]
    if not items:
        if run.mode != "fit":
            note(f"{run.path}: no max_error histories: no error-vs-time figure")
        return []
    fig, (ax,) = figure(width=8.4, height=4.8)
    _draw(ax, items, logx, target_error(run))
    ax.set_title(f"Error vs wall time: {labels.describe(run)}", fontsize=10)
    return [save(fig, outdir, f"{run.name}_error_time")]


def plot_combined(runs, outdir, logx=False):
    """Write error_time.png with the curves of all files (e.g. the members of a job array)."""
    solvers = [r for r in runs if r.mode != "fit"]
    if len(solvers) < len(runs):
        note("fit runs are not in error_time.png (a fit is not a solver of the problem)")
    if len(solvers) < 2:
        return []
    names = labels.distinguishing(solvers)
    palette = [JACOBI["color"], DNN["color"]] + MEMBER_COLORS
    items = []
    for run in solvers:
        for label, t, e, style in curves(run, prefix=f"{names[run]}: "):
            style["color"] = palette[len(items) % len(palette)]  # one colour a curve
            if run.mode == "hybrid" and style["ls"] == "--":
                label = names[run]  # "hybrid, -hybrid_switch step:500" says it all
            items.append((label, t, e, style))
    items = [c for c in items if c[1].size]
    if not items:
        return []
    fig, (ax,) = figure(width=9.6, height=5.0)
    targets = {target_error(r) for r in solvers}
    _draw(ax, items, logx, targets.pop() if len(targets) == 1 else None)
    common = {labels.describe(r) for r in solvers}
    ax.set_title("Error vs wall time" + (f": {common.pop()}" if len(common) == 1 else ""),
                 fontsize=10)
    return [save(fig, outdir, "error_time")]
