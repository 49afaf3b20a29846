"""Scaling figures from several run files: time per training step and per KSP iteration vs
the `mpi_ranks` attribute, parallel efficiency against ideal, and a per-stage breakdown."""

import numpy as np

from .common import figure, note, save

METRICS = (("train", "time per training step [s]"), ("solve", "time per KSP iteration [s]"))


def per_step_time(run):
    """Mean seconds per training step, the first step (warm-up) excluded; None if unknown."""
    if not (run.has("/train/history/step") and run.has("/train/history/time")):
        return None
    s, t = run.series("/train/history", "step", "time")
    first = 1 if s.size > 2 else 0
    if s.size < 2 or s[-1] <= s[first]:
        return None
    return (t[-1] - t[first]) / (s[-1] - s[first])


def per_iteration_time(run):
    """Mean seconds per KSP iteration between the first and last history record."""
    if not (run.has("/solve/history/iteration") and run.has("/solve/history/time")):
        return None
    it, t = run.series("/solve/history", "iteration", "time")
    if it.size < 2 or it[-1] <= it[0]:
        return None
    return (t[-1] - t[0]) / (it[-1] - it[0])


def work_size(run, stage):
    """Global problem size of a stage: the batch for training, grid points for the KSP."""
    if stage == "train":
        try:
            return float(run.option("train_batch", 1000))
        except ValueError:
            return None
    return float(run.grid_points()) or None


def stages(run):
    """{stage: seconds}: the /timing group's attributes if stored, else from histories."""
    stored = run.group_attrs("/timing")
    nums = {k: float(v) for k, v in stored.items() if isinstance(v, (int, float))}
    nums.pop("total", None)
    if nums:
        return nums
    out = {}
    first = []
    if run.has("/train/history/time"):
        t = run.get("/train/history/time").reshape(-1)
        out["training"] = float(t[-1] - t[0])
        first.append(t[0])
    if run.has("/solve/history/time"):
        t = run.get("/solve/history/time").reshape(-1)
        out["KSP"] = float(t[-1] - t[0])
        first.append(t[0])
    sweep = 0.0
    for m in run.subgroups("/sweep"):
        path = f"/sweep/{m}/solve/history/time"
        if run.has(path):
            t = run.get(path).reshape(-1)
            sweep += float(t[-1] - t[0])
    if sweep:
        out["sweep KSPs"] = sweep
    if first:
        out = {"start-up": float(min(first)), **out}
    total = run.attrs.get("wall_time")
    if isinstance(total, (int, float)) and total > sum(out.values()):
        out["other (spectra, output)"] = float(total) - sum(out.values())
    return out


def table(runs):
    """{stage: [(ranks, seconds per unit, global size)]}, best of repeats, sorted by ranks."""
    out = {}
    for stage, _ in METRICS:
        best = {}
        for run in runs:
            val = per_step_time(run) if stage == "train" else per_iteration_time(run)
            if val is None or val <= 0:
                continue
            key = run.ranks
            if key not in best or val < best[key][1]:
                best[key] = (run.ranks, val, work_size(run, stage))
        if best:
            out[stage] = [best[k] for k in sorted(best)]
    return out


def kind_of(points, requested="auto"):
    """'strong' (same global size), 'weak' (size grows with ranks) or the requested kind."""
    if requested != "auto":
        return requested
    sizes = [p[2] for p in points]
    if None in sizes or len(points) < 2:
        return "strong"
    per_rank = [s / p[0] for s, p in zip(sizes, points)]
    if max(per_rank) <= 1.1 * min(per_rank) and max(sizes) > 1.1 * min(sizes):
        return "weak"
    return "strong"


def efficiency(points, kind):
    p0, t0 = points[0][0], points[0][1]
    if kind == "weak":
        return [t0 / t for _, t, _ in points]
    return [t0 * p0 / (t * p) for p, t, _ in points]


def plot(runs, outdir, kind="auto"):
    """Write scaling_time.png, scaling_efficiency.png and scaling_breakdown.png."""
    data = table(runs)
    if not data:
        note("no training or KSP histories with timing: no scaling figures")
        return []
    made = []
    fig, axes = figure(ncols=len(data), width=5.4, height=4.4)
    fig2, axes2 = figure(ncols=len(data), width=5.4, height=4.0)
    for ax, ax2, stage in zip(axes, axes2, data):
        pts = data[stage]
        k = kind_of(pts, kind)
        ranks = np.array([p[0] for p in pts], dtype=float)
        secs = np.array([p[1] for p in pts])
        ideal = secs[0] * (ranks[0] / ranks if k == "strong" else np.ones_like(ranks))
        ax.loglog(ranks, secs, "o-", lw=2, label="measured")
        ax.loglog(ranks, ideal, "k--", lw=1, label=f"ideal ({k} scaling)")
        ax.set_xlabel("MPI ranks")
        ax.set_ylabel(dict(METRICS)[stage])
        _rank_ticks(ax, ranks)
        ax.legend(fontsize=8)
        ax.grid(True, which="both", alpha=0.3)
        eff = efficiency(pts, k)
        ax2.plot(ranks, eff, "o-", lw=2, label="measured")
        ax2.axhline(1.0, color="k", ls="--", lw=1, label="ideal")
        ax2.set_xscale("log")
        _rank_ticks(ax2, ranks)
        ax2.set_ylim(0, max(1.2, max(eff) * 1.1))
        ax2.set_xlabel("MPI ranks")
        ax2.set_ylabel(f"{k}-scaling efficiency")
        ax2.set_title({"train": "training", "solve": "KSP"}[stage])
        ax2.legend(fontsize=8)
        ax2.grid(True, alpha=0.3)
        ax.set_title({"train": "training", "solve": "KSP"}[stage])
    made.append(save(fig, outdir, "scaling_time"))
    made.append(save(fig2, outdir, "scaling_efficiency"))
    made += _breakdown(runs, outdir)
    return made


def _rank_ticks(ax, ranks):
    """Label a log rank axis with the measured rank counts only."""
    ax.minorticks_off()
    ax.set_xticks(ranks)
    ax.set_xticklabels([str(int(r)) for r in ranks])
    if ranks.size == 1:
        ax.set_xlim(ranks[0] / 2, ranks[0] * 2)


def _breakdown(runs, outdir):
    """Stacked bars of the wall time per stage, one bar per run file."""
    rows = [(run, stages(run)) for run in sorted(runs, key=lambda r: (r.ranks, r.name))]
    rows = [(r, s) for r, s in rows if s]
    if not rows:
        return []
    names = []
    for _, st in rows:
        names += [n for n in st if n not in names]
    fig, (ax,) = figure(width=max(6.0, 0.9 * len(rows) + 3), height=4.4)
    bottom = np.zeros(len(rows))
    for name in names:
        vals = np.array([st.get(name, 0.0) for _, st in rows])
        ax.bar(range(len(rows)), vals, bottom=bottom, label=name)
        bottom += vals
    ax.set_xticks(range(len(rows)))
    ax.set_xticklabels([f"{r.name}\nP={r.ranks}" for r, _ in rows], fontsize=7)
    ax.set_ylabel("wall time [s]")
    ax.set_title("time per stage")
    ax.legend(fontsize=8)
    return [save(fig, outdir, "scaling_breakdown")]
