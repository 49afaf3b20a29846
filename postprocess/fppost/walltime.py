"""Max error vs wall time: DNN alone, Jacobi alone, hybrid, and each sweep member (dashed,
starting at its switch time = the training seconds spent before it), log scale."""

from .common import figure, note, positive, save


def curves(run, prefix=""):
    """[(label, t, err, style)] of every error history in a run file."""
    out = []
    if run.has("/train/record/max_error") and run.has("/train/record/time"):
        t, e = run.series("/train/record", "time", "max_error")
        out.append((f"{prefix}DNN training", t, e, dict(ls="-", lw=2)))
    if run.has("/solve/history/max_error") and run.has("/solve/history/time"):
        t, e = run.series("/solve/history", "time", "max_error")
        if run.mode == "hybrid":  # the KSP continuing the training, dashed as in the paper
            label = f"hybrid, switch {run.option('hybrid_switch', 'auto')}"
            out.append((f"{prefix}{label}", t, e, dict(ls="--", lw=1.6)))
        else:
            label = "Jacobi from zero" if run.mode == "jacobi" else "KSP"
            out.append((f"{prefix}{label}", t, e, dict(ls="-", lw=2)))
    for m in run.subgroups("/sweep"):
        grp = f"/sweep/{m}/solve/history"
        if not (run.has(f"{grp}/max_error") and run.has(f"{grp}/time")):
            continue
        t, e = run.series(grp, "time", "max_error")
        attrs = run.group_attrs(f"/sweep/{m}")
        start = float(attrs.get("switch_time", t[0] if t.size else 0.0))
        t = start + (t - t[0])  # the member's KSP starts where its training snapshot was
        label = f"{prefix}switch at step {attrs.get('switch_step', m)}"
        out.append((label, t, e, dict(ls="--", lw=1.2)))
    return out


def _draw(ax, items, logx=False):
    for label, t, e, style in items:
        ax.plot(t, positive(e), label=label, **style)
    ax.set_yscale("log")
    if logx:
        ax.set_xscale("log")
    else:
        ax.set_xlim(left=0)
    ax.set_xlabel("wall time since start of run [s]")
    ax.set_ylabel("max |u - u_exact|")
    ax.grid(True, which="both", alpha=0.3)
    if len(items) <= 14:
        ax.legend(fontsize=7)


def plot(run, outdir, logx=False):
    """Write <run>_error_time.png."""
    items = [c for c in curves(run) if c[1].size]
    if not items:
        note(f"{run.path}: no max_error histories: no error-vs-time figure")
        return []
    fig, (ax,) = figure(width=7.0, height=4.6)
    _draw(ax, items, logx)
    ax.set_title(f"Error vs wall time: {run.name} ({run.mode})")
    return [save(fig, outdir, f"{run.name}_error_time")]


def plot_combined(runs, outdir, logx=False):
    """Write error_time.png with the curves of all files (e.g. jacobi + dnn + sweep)."""
    items = []
    for run in runs:
        items += [c for c in curves(run, prefix=f"{run.name}: ") if c[1].size]
    if not items:
        return []
    fig, (ax,) = figure(width=7.6, height=5.0)
    _draw(ax, items, logx)
    ax.set_title("Error vs wall time")
    return [save(fig, outdir, "error_time")]
