"""Readable names for runs and curves, from a run file's attributes (never its HDF5 paths).

A run is described by its problem, grid, ranks and net; several runs side by side are told
apart by the options in which they differ (job-array members: `-sweep_switch_steps 500`)."""

from .runfile import _is_option

# Options that say where or how loudly a run wrote, not what it computed.
NOT_DESCRIPTIVE = {"output", "options_file", "quiet", "progress_interval", "checkpoint_interval",
                   "checkpoint_dir", "checkpoint_keep", "restart", "log_view", "output_overwrite"}


def options(run):
    """The run's options as {name: value} (last occurrence wins; flags map to 'true')."""
    words = str(run.attrs.get("options", "")).split()
    out = {}
    for i, word in enumerate(words):
        if _is_option(word):
            nxt = words[i + 1] if i + 1 < len(words) else ""
            out[word[1:]] = nxt if nxt and not _is_option(nxt) else "true"
    return out


def net(run):
    """'net 1-200-100-50-1' from -dnn_widths (the contract's default if not given); the input
    width is the problem's dimension (-problem_dim)."""
    opts = options(run)
    widths = opts.get("dnn_widths", "4000,500,400").replace(",", "-")
    return f"net {opts.get('problem_dim', '1')}-{widths}-1"


def describe(run):
    """One line: problem, grid points, ranks, net (for titles)."""
    opts = options(run)
    problem = "seed problem" if opts.get("problem", "seed") == "seed" else "user problem"
    parts = [problem]
    shape = run.grid_shape()
    if len(shape) == 1:
        parts.append(f"N = {shape[0]}")
    elif shape:  # 2D/3D: the grid as nx x ny [x nz]
        parts.append("grid " + "x".join(str(n) for n in reversed(shape)))
    parts.append(f"{run.ranks} rank{'s' if run.ranks > 1 else ''}")
    if run.mode != "jacobi":
        parts.append(net(run))
    return ", ".join(parts)


def distinguishing(runs):
    """{run: label} naming each run by the options where the runs differ (else mode + stem)."""
    every = [options(r) for r in runs]
    keys = sorted({k for o in every for k in o} - NOT_DESCRIPTIVE)
    differ = [k for k in keys if len({o.get(k) for o in every}) > 1]
    labels = {}
    for run, opts in zip(runs, every):
        shown = [f"-{k} {opts[k]}" for k in differ if k in opts and k != "mode"]
        head = run.mode
        labels[run] = f"{head}, {', '.join(shown)}" if shown else head
    if len(set(labels.values())) < len(runs):  # identical options: the file names tell them apart
        labels = {run: f"{labels[run]} ({run.name})" for run in runs}
    return labels
