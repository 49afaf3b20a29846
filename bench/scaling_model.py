#!/usr/bin/python3
"""Scaling model for fpsolve (docs/scaling.md): fits the measurements of bench_scaling and
predicts parallel efficiency from 2 to 1024 ranks.

    /usr/bin/python3 bench/scaling_model.py scal_p1.json scal_p2.json -o figs/scaling \
        [--table table.md] [--ib-alpha-us 1.5] [--ib-gbs 12.5]

Inputs: the JSON files bench_scaling writes (-json), one per rank count; the 1-rank file gives
compute(b) and the KSP sweep cost, the 2-rank file the communication parameters and the measured
2-rank points. Outputs (in the directory given with -o): comm_fit.png, compute_vs_batch.png,
train_strong.png, train_weak.png, ksp_strong.png, and the table of predicted efficiencies on
stdout (markdown; also to --table FILE).

Model
  training step   T(P) = compute(b_P) + AR(P, m),  m = 4 (num_params + 1) bytes
                  strong: global batch B = 1000 fixed, b_P = ceil(B / P) (the slowest rank)
                  weak:   b_P = 1000 per rank
                  compute(b) measured on 1 rank for b = 1000 .. 1, interpolated log-log
  allreduce       Rabenseifner (reduce-scatter by recursive halving + allgather by recursive
                  doubling): AR(P, m) = 2 log2(P) alpha + 2 (P-1)/P m beta + (P-1)/P m gamma
                  (--allreduce ring: 2 (P-1) alpha instead, same bandwidth term)
                  here: alpha, beta fitted to the 2-rank MPI_Allreduce (T = 2 alpha + m beta;
                  alpha from messages <= 1 KiB, beta from messages >= 1 MiB;
                  gamma folded into beta, i.e. the fitted slope is beta + gamma/2); network: alpha, beta assumed, gamma assumed below
  overlap         per-layer blocks reduced in backward order as each layer's dW is final; a
                  block starts when ready and when the previous one is done; exposed time =
                  max(0, end of last block - backward); backward cost split over layers by GEMM
                  FLOPs, the backward share of compute measured
  KSP iteration   T(P) = sweep(N/P + s - 1) + halo(P) / s + (check_local(N/P) + red(P)) / 500
                  sweep(n) measured on 1 rank (fused PC, no checks), s = 8 halo depth
                  (one exchange serves s iterations; s - 1 redundant ghost rows an iteration),
                  halo = neighbour exchange of 8 s bytes, red = log2(P) alpha_red (recursive
                  doubling of 2 doubles), checks every 500 iterations (default check stride)
  efficiency      strong: T(1) / (P T(P));  weak: T(1) / T(P)
"""
import argparse
import json
import math
import os
import sys

import numpy as np

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

RANKS = np.array([2**k for k in range(0, 11)])  # 1 .. 1024
NETS = {"paper": [1, 4000, 500, 400, 1], "small": [1, 64, 64, 64, 1]}
ALGO = "rabenseifner"  # --allreduce: rabenseifner (2 log2 P alpha) or ring (2 (P-1) alpha)
STAT = "min"  # statistic of the samples the model uses: min (default) or med (--stat)
HALO_DEPTH = 8
CHECK_STRIDE = 500
GAMMA_ASSUMED = 1.0 / 13.3e9  # s/byte: summing floats at ~40 GB/s STREAM (3 bytes moved a byte)


def load(paths):
    runs = {}
    for p in paths:
        with open(p) as f:
            d = json.load(f)
        if d.get("check_only"):
            print(f"{p}: check-only run, skipped", file=sys.stderr)
            continue
        runs[int(d["ranks"])] = d
    if 1 not in runs or 2 not in runs:
        sys.exit("scaling_model.py: need a 1-rank and a 2-rank bench_scaling JSON file")
    return runs


def recs(run, kind, **match):
    out = []
    for r in run["records"]:
        if r["kind"] != kind:
            continue
        if all(r.get(k) == v for k, v in match.items()):
            out.append(r)
    return out


def n_params(widths):
    return sum((widths[i] + 1) * widths[i + 1] for i in range(len(widths) - 1))


# ------------------------------------------------------------------ fits
def fit_hockney(x, y):
    """T = a + b m, the two regimes fitted separately (the usual practice): a = median of T over
    the small messages (m <= 1 KiB), b = least-squares slope of T - a over the large ones
    (m >= 1 MiB), through the intercept a."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    a = float(np.median(y[x <= 1024]))
    big = x >= 2**20
    b = float(np.sum((y[big] - a) * x[big]) / np.sum(x[big] ** 2))
    return max(a, 0.0), max(b, 0.0)


class Comm:
    """alpha, beta, gamma of one network; AR(P, m) Rabenseifner."""

    def __init__(self, name, alpha, beta, gamma, halo, red_alpha):
        self.name, self.alpha, self.beta, self.gamma = name, alpha, beta, gamma
        self.halo_t, self.red_alpha = halo, red_alpha

    def allreduce(self, P, m):
        P = np.asarray(P, float)
        steps = 2 * np.log2(np.maximum(P, 1)) if ALGO == "rabenseifner" else 2 * (P - 1)
        return np.where(P > 1, steps * self.alpha
                        + (P - 1) / P * m * (2 * self.beta + self.gamma), 0.0)

    def halo(self, P):
        return np.where(np.asarray(P) > 1, self.halo_t, 0.0)

    def reduction(self, P):
        P = np.asarray(P, float)
        return np.log2(np.maximum(P, 1)) * self.red_alpha


def fit_comm(runs):
    r2 = runs[2]
    pp = sorted(recs(r2, "pingpong"), key=lambda r: r["bytes"])
    ar = sorted(recs(r2, "allreduce"), key=lambda r: r["bytes"])
    k = "t_" + STAT
    pa, pb = fit_hockney([r["bytes"] for r in pp], [r[k] for r in pp])
    aa, ab = fit_hockney([r["bytes"] for r in ar], [r[k] for r in ar])
    halo8 = recs(r2, "halo", bytes=8.0 * HALO_DEPTH)[0][k]
    halo1 = recs(r2, "halo", bytes=8.0)[0][k]
    red = recs(r2, "reduce_scalar", op="summax2")[0][k]
    red1 = recs(r2, "reduce_scalar", op="sum1")[0][k]
    fit = dict(pp_alpha=pa, pp_beta=pb, ar_alpha=aa / 2, ar_beta=ab, halo64=halo8, halo8=halo1,
               red2=red, red1=red1, pp=pp, ar=ar)
    return fit


def networks(fit, ib_alpha, ib_gbs):
    here = Comm("this machine (shared memory, fitted)", fit["ar_alpha"], fit["ar_beta"], 0.0,
                fit["halo64"], fit["red2"])
    # Network: a halo exchange with both neighbours ~ 2 alpha; scalar reductions log2(P) alpha.
    ibs = {}
    for gbs in sorted(set([10.0, ib_gbs, 25.0])):
        ibs[gbs] = Comm(f"InfiniBand assumed: alpha {ib_alpha * 1e6:.1f} us, {gbs:g} GB/s",
                        ib_alpha, 1.0 / (gbs * 1e9), GAMMA_ASSUMED, 2 * ib_alpha, ib_alpha)
    return here, ibs


# ------------------------------------------------------------------ compute(b)
class Compute:
    def __init__(self, run1, net):
        rs = sorted(recs(run1, "train", net=net, overlap=0), key=lambda r: r["local_batch"])
        if not rs:
            sys.exit(f"no 1-rank train records for the {net} net")
        self.b = np.array([r["local_batch"] for r in rs], float)
        self.t = np.array([r["compute_" + STAT] for r in rs], float)
        self.tmed = np.array([r["compute_med"] for r in rs], float)
        self.tmin = np.array([r["compute_min"] for r in rs], float)
        self.tmax = np.array([r["compute_max"] for r in rs], float)
        self.bwd_frac = np.array([r["bwd_med"] / max(r["step_med"], 1e-12) for r in rs], float)
        self.params = rs[0]["params"]

    def __call__(self, b):
        t = self.t
        lb = np.log(np.clip(np.asarray(b, float), self.b[0], self.b[-1]))
        out = np.exp(np.interp(lb, np.log(self.b), np.log(t)))
        big = np.asarray(b, float) > self.b[-1]  # beyond the largest measured: linear in b
        return np.where(big, out * np.asarray(b, float) / self.b[-1], out)

    def bwd_share(self, b):
        return np.interp(np.log(np.asarray(b, float)), np.log(self.b), self.bwd_frac)


def overlap_exposed(widths, comm, P, bwd_time):
    """Exposed allreduce time of per-layer blocks reduced in backward order."""
    L = len(widths) - 1
    # backward work units: layer l >= 1 has dW and dH GEMMs (w_l w_{l+1} each); layer 0 tiny.
    ready, t, blocks = [], 0.0, []
    total = sum(2.0 * widths[l] * widths[l + 1] for l in range(1, L)) + widths[0] * widths[1]
    for l in range(L - 1, -1, -1):
        if l >= 1:
            t += widths[l] * widths[l + 1] / total  # dW
            ready.append(t)
            t += widths[l] * widths[l + 1] / total  # dH
        else:
            t += widths[0] * widths[1] / total
            ready.append(t)
        nbytes = 4.0 * (widths[l] + 1) * widths[l + 1] + (4.0 if l == L - 1 else 0.0)
        blocks.append(nbytes)
    end = 0.0
    for r, m in zip(ready, blocks):
        end = max(end, r * bwd_time) + float(comm.allreduce(P, m))
    return max(0.0, end - bwd_time)


def train_model(comp, widths, comm, mode, overlap=False):
    m = 4.0 * (n_params(widths) + 1)
    B = 1000
    T1 = float(comp(B))
    eff = []
    for P in RANKS:
        b = math.ceil(B / P) if mode == "strong" else B
        c = float(comp(b))
        if overlap and P > 1:
            comm_t = overlap_exposed(widths, comm, P, c * float(comp.bwd_share(b)))
        else:
            comm_t = float(comm.allreduce(P, m))
        T = c + comm_t
        eff.append(T1 / (P * T) if mode == "strong" else T1 / T)
    return np.array(eff)


def measured_train(runs, net, mode, overlap=0):
    r1 = recs(runs[1], "train", net=net, overlap=0, batch=1000.0)
    B2 = 1000.0 if mode == "strong" else 2000.0
    r2 = recs(runs[2], "train", net=net, overlap=overlap, batch=B2)
    if not r1 or not r2:
        return None
    t1, t2 = r1[0]["step_" + STAT], r2[0]["step_" + STAT]
    e = t1 / (2 * t2) if mode == "strong" else t1 / t2
    lo = (r1[0]["step_min"] / (2 if mode == "strong" else 1)) / r2[0]["step_max"]
    hi = (r1[0]["step_max"] / (2 if mode == "strong" else 1)) / r2[0]["step_min"]
    return e, lo, hi, r1[0], r2[0]


# ------------------------------------------------------------------ KSP
class Sweep:
    def __init__(self, run1):
        rs = sorted(recs(run1, "ksp"), key=lambda r: r["N"])
        self.n = np.array([r["N"] for r in rs], float)
        self.t = np.array([r["iter_" + STAT] for r in rs], float)
        self.check = np.maximum(np.array([r["check_" + STAT] for r in rs], float), 1e-9)
        # below the smallest size: t = a + s n through the two smallest points
        self.s0 = (self.t[1] - self.t[0]) / (self.n[1] - self.n[0])
        self.a0 = max(self.t[0] - self.s0 * self.n[0], 0.0)

    def _interp(self, y, n):
        n = np.asarray(n, float)
        ln = np.log(np.clip(n, self.n[0], self.n[-1]))
        out = np.exp(np.interp(ln, np.log(self.n), np.log(y)))
        out = np.where(n > self.n[-1], out * n / self.n[-1], out)  # memory bound: per point
        return out

    def sweep(self, n):
        n = np.asarray(n, float)
        small = self.a0 + self.s0 * n
        return np.where(n < self.n[0], small, self._interp(self.t, n))

    def check_local(self, n):
        n = np.asarray(n, float)
        return np.where(n < self.n[0], self.check[0], self._interp(self.check, n))


def ksp_time(sw, comm, N, P):
    n = N / P
    t = sw.sweep(n + (HALO_DEPTH - 1 if P > 1 else 0))
    t = t + comm.halo(P) / HALO_DEPTH
    t = t + (sw.check_local(n) + comm.reduction(P)) / CHECK_STRIDE
    return float(t)


def ksp_model(sw, comm, N):
    T1 = ksp_time(sw, comm, N, 1)
    eff = []
    for P in RANKS:
        eff.append(T1 / (P * ksp_time(sw, comm, N, P)) if N / P >= 2 else np.nan)
    return np.array(eff)


def ksp_comm_model(sw, comm, N):
    """sweep(N/P) / T(P): the share of an iteration spent sweeping the owned points (1 at one
    rank); separates the communication overhead from cache effects in sweep(n)."""
    return np.array([float(sw.sweep(N / P)) / ksp_time(sw, comm, N, P) if N / P >= 2 else np.nan
                     for P in RANKS])


def measured_ksp(runs):
    out = {}
    for r in recs(runs[2], "ksp"):
        r1 = recs(runs[1], "ksp", N=r["N"])
        if r1:
            e = r1[0]["iter_" + STAT] / (2 * r["iter_" + STAT])
            lo = r1[0]["iter_min"] / (2 * r["iter_max"])
            hi = r1[0]["iter_max"] / (2 * r["iter_min"])
            out[r["N"]] = (e, lo, hi, r1[0], r)
    return out


# ------------------------------------------------------------------ figures
def ranks_axis(ax):
    ax.set_xscale("log", base=2)
    ax.set_xticks(RANKS)
    ax.set_xticklabels([str(p) for p in RANKS], fontsize=8)
    ax.set_xlabel("MPI ranks P")
    ax.set_ylabel("parallel efficiency")
    ax.axhline(1.0, color="0.6", lw=0.8)
    ax.grid(True, which="both", alpha=0.3)


def fig_comm(fit, out):
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for key, lab, a, b, c in (("pp", "ping-pong (half round trip)", fit["pp_alpha"],
                               fit["pp_beta"], "C0"),
                              ("ar", "MPI_Allreduce float SUM", 2 * fit["ar_alpha"],
                               fit["ar_beta"], "C1")):
        rs = fit[key]
        x = np.array([r["bytes"] for r in rs])
        y = np.array([r["t_med"] for r in rs])
        lo = y - np.array([r["t_min"] for r in rs])
        hi = np.array([r["t_max"] for r in rs]) - y
        ax.errorbar(x, y * 1e6, yerr=[lo * 1e6, hi * 1e6], fmt="o", ms=3, color=c,
                    label=f"{lab}, 2 ranks (median, min-max)")
        ax.plot(x, (a + b * x) * 1e6, "-", color=c, lw=1,
                label=f"fit {a * 1e6:.2f} us + m / {1e-9 / b:.2f} GB/s")
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlabel("message size m (bytes)")
    ax.set_ylabel("time (us)")
    ax.set_title("Hockney fit on this machine (2 ranks, shared memory)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(os.path.join(out, "comm_fit.png"), dpi=110)
    plt.close(fig)


def fig_compute(comps, out):
    fig, axs = plt.subplots(1, 2, figsize=(10, 4))
    for i, (net, c) in enumerate(comps.items()):
        axs[0].errorbar(c.b, c.tmed * 1e3, yerr=[(c.tmed - c.tmin) * 1e3, (c.tmax - c.tmed) * 1e3],
                        fmt="o-", ms=3, color=f"C{i}", label=f"{net} net (median, min-max)")
        axs[1].plot(c.b, c.tmed / c.b * 1e6, "o-", ms=3, color=f"C{i}", label=f"{net} net, median")
        axs[1].plot(c.b, c.tmin / c.b * 1e6, "x:", ms=4, color=f"C{i}", label=f"{net} net, min")
    axs[0].set_ylabel("compute per step (ms)")
    axs[1].set_ylabel("compute per sample (us)")
    for ax in axs:
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")
        ax.set_xlabel("batch b on one rank")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
    fig.suptitle("compute(b): 1 rank, 1 BLAS thread, float, Ritz (median, min-max)")
    fig.tight_layout()
    fig.savefig(os.path.join(out, "compute_vs_batch.png"), dpi=110)
    plt.close(fig)


def fig_train(runs, comps, here, ibs, ib_gbs, mode, out):
    fig, ax = plt.subplots(figsize=(7.5, 5))
    ib = ibs[ib_gbs]
    for i, net in enumerate(NETS):
        c, w = comps[net], NETS[net]
        col = f"C{i}"
        lo = train_model(c, w, ibs[min(ibs)], mode)
        hi = train_model(c, w, ibs[max(ibs)], mode)
        ax.fill_between(RANKS, lo, hi, color=col, alpha=0.12)
        ax.plot(RANKS, train_model(c, w, ib, mode), "-", color=col,
                label=f"{net}: network (assumed {ib.alpha * 1e6:g} us, {ib_gbs:g} GB/s; band "
                f"{min(ibs):g}-{max(ibs):g})")
        ax.plot(RANKS, train_model(c, w, ib, mode, overlap=True), ":", color=col,
                label=f"{net}: network, overlapped per-layer allreduce")
        ax.plot(RANKS, train_model(c, w, here, mode), "--", color=col, alpha=0.8,
                label=f"{net}: this machine's fitted alpha/beta")
        m = measured_train(runs, net, mode)
        if m:
            ax.errorbar([2], [m[0]], yerr=[[m[0] - m[1]], [m[2] - m[0]]], fmt="s", color=col,
                        ms=7, mec="k", label=f"{net}: measured 2 ranks ({STAT}; bar: min-max)")
    ranks_axis(ax)
    ax.set_ylim(0, 1.15)
    what = ("strong: global batch 1000 fixed" if mode == "strong"
            else "weak: batch 1000 per rank")
    ax.set_title(f"training step efficiency, {what}")
    ax.legend(fontsize=7, loc="lower left")
    fig.tight_layout()
    fig.savefig(os.path.join(out, f"train_{mode}.png"), dpi=110)
    plt.close(fig)


def fig_ksp(runs, sw, here, ibs, ib_gbs, out):
    fig, axs = plt.subplots(1, 2, figsize=(13, 5))
    ib = ibs[ib_gbs]
    meas = measured_ksp(runs)
    for i, N in enumerate((1e3, 1e6, 1e8)):
        col = f"C{i}"
        for ax, model in ((axs[0], ksp_model), (axs[1], ksp_comm_model)):
            ax.plot(RANKS, model(sw, ib, N), "-", color=col, label=f"N = {N:.0e}: network")
            ax.plot(RANKS, model(sw, here, N), "--", color=col, alpha=0.8,
                    label=f"N = {N:.0e}: this machine's parameters")
    for j, (N, m) in enumerate(sorted(meas.items())):
        axs[0].errorbar([2], [m[0]], yerr=[[max(m[0] - m[1], 0)], [max(m[2] - m[0], 0)]],
                        fmt="s", ms=6, mec="k", color=f"C{3 + j}",
                        label=f"measured 2 ranks ({STAT}), N = {int(N)}")
    for ax in axs:
        ranks_axis(ax)
    axs[0].set_yscale("log")
    axs[0].set_ylim(1e-3, 10)
    axs[0].set_title("strong scaling T(1) / (P T(P)) (> 1: the piece fits in cache)", fontsize=10)
    axs[1].set_ylim(0, 1.05)
    axs[1].set_ylabel("sweep(N/P) / T(P)")
    axs[1].set_title("share of an iteration spent sweeping (communication overhead only)",
                     fontsize=10)
    axs[0].legend(fontsize=7, loc="lower left", ncol=2)
    axs[1].legend(fontsize=7, loc="lower left")
    fig.suptitle("KSP (fused Jacobi, halo depth 8, check every 500) iteration efficiency")
    fig.tight_layout()
    fig.savefig(os.path.join(out, "ksp_strong.png"), dpi=110)
    plt.close(fig)


# ------------------------------------------------------------------ measured tables
def _mmm(r, key, scale, fmt="{:.3f}"):
    return (fmt.format(r[key + "_med"] * scale) + " [" + fmt.format(r[key + "_min"] * scale) + ", "
            + fmt.format(r[key + "_max"] * scale) + "]")


def measured_tables(runs):
    """Every measured number, median [min, max], as markdown."""
    L = ["", "### Measured: communication (us, median [min, max])", "",
         "| bytes | ping-pong 2 ranks (half round trip) | MPI_Allreduce 2 ranks | "
         "MPI_Allreduce 1 rank |", "|---|---|---|---|"]
    for r in sorted(recs(runs[2], "allreduce"), key=lambda r: r["bytes"]):
        pp = recs(runs[2], "pingpong", bytes=r["bytes"])
        one = recs(runs[1], "allreduce", bytes=r["bytes"])
        L.append(f"| {int(r['bytes'])} | {_mmm(pp[0], 't', 1e6) if pp else '-'} | "
                 f"{_mmm(r, 't', 1e6)} | {_mmm(one[0], 't', 1e6) if one else '-'} |")
    for kind, lab in (("grad_allreduce", None), ("halo", None), ("reduce_scalar", None)):
        for r in recs(runs[2], kind):
            if kind == "grad_allreduce":
                name = f"gradient of the {r['net']} net, {int(r['floats'])} floats"
            elif kind == "halo":
                name = f"halo exchange, both neighbours, {int(r['bytes'])} B a side"
            else:
                name = ("MPI_Allreduce 1 double SUM" if r["op"] == "sum1"
                        else "MPI_Allreduce 2 doubles {sum,max} (user op)")
            L.append(f"| {name} | - | {_mmm(r, 't', 1e6)} | - |")
    L += ["", "### Measured: training step (ms, median [min, max]; compute = step - allreduce "
          "phase, slowest rank; allreduce = rank 0's phase)", "",
          "| net | ranks | global batch | per rank | overlap | step | compute | allreduce | "
          "fwd+loss | bwd | adam |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    for P in sorted(runs):
        for r in recs(runs[P], "train"):
            L.append(f"| {r['net']} | {P} | {int(r['batch'])} | {int(r['local_batch'])} | "
                     f"{int(r['overlap'])} | {_mmm(r, 'step', 1e3)} | {_mmm(r, 'compute', 1e3)} | "
                     f"{_mmm(r, 'allreduce', 1e3)} | {r['fwd_med'] * 1e3:.3f} | "
                     f"{r['bwd_med'] * 1e3:.3f} | {r['adam_med'] * 1e3:.3f} |")
    L += ["", "### Measured: KSP iteration (fused Jacobi, no checks; us, median [min, max]; "
          "check = extra cost of one check)", "",
          "| N | ranks | iteration | ns/point (t P / N) | check |", "|---|---|---|---|---|"]
    for P in sorted(runs):
        for r in sorted(recs(runs[P], "ksp"), key=lambda r: r["N"]):
            L.append(f"| {int(r['N'])} | {P} | {_mmm(r, 'iter', 1e6)} | "
                     f"{r['iter_med'] * P / r['N'] * 1e9:.3f} | {_mmm(r, 'check', 1e6)} |")
    return L


# ------------------------------------------------------------------ main
def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("json", nargs="+", help="bench_scaling -json files (1 and 2 ranks)")
    ap.add_argument("-o", "--out", required=True, help="directory for the PNGs")
    ap.add_argument("--table", help="also write the markdown table here")
    ap.add_argument("--ib-alpha-us", type=float, default=1.5)
    ap.add_argument("--ib-gbs", type=float, default=12.5)
    ap.add_argument("--stat", choices=("min", "med"), default="min",
                    help="sample statistic the model uses (min: the least-disturbed sample)")
    ap.add_argument("--allreduce", choices=("rabenseifner", "ring"), default="rabenseifner",
                    help="latency term of the allreduce model: 2 log2(P) alpha or 2 (P-1) alpha")
    a = ap.parse_args()
    global STAT, ALGO
    STAT, ALGO = a.stat, a.allreduce
    os.makedirs(a.out, exist_ok=True)
    runs = load(a.json)
    fit = fit_comm(runs)
    here, ibs = networks(fit, a.ib_alpha_us * 1e-6, a.ib_gbs)
    ib = ibs[a.ib_gbs]
    comps = {net: Compute(runs[1], net) for net in NETS}
    sw = Sweep(runs[1])

    L = []
    L.append(f"kernel {runs[1].get('kernel')}, BLAS threads {runs[1].get('blas_threads')}, "
             f"model on the {'medians' if STAT == 'med' else 'minima'} of the samples, {ALGO} "
             f"allreduce; load "
             f"average at start: 1 rank {runs[1].get('load_at_start')}, 2 ranks "
             f"{runs[2].get('load_at_start')}")
    L.append("")
    L.append("Fitted on this machine (2 ranks, shared memory):")
    L.append(f"- ping-pong Hockney: alpha = {fit['pp_alpha'] * 1e6:.3f} us, "
             f"beta = {fit['pp_beta'] * 1e12:.2f} ps/B ({1e-9 / fit['pp_beta']:.2f} GB/s)")
    L.append(f"- MPI_Allreduce (Rabenseifner form, P = 2: T = 2 alpha + m (beta + gamma/2)): "
             f"alpha = {fit['ar_alpha'] * 1e6:.3f} us, beta + gamma/2 = "
             f"{fit['ar_beta'] * 1e12:.2f} ps/B ({1e-9 / fit['ar_beta']:.2f} GB/s)")
    L.append(f"- halo exchange 8 B a side {fit['halo8'] * 1e6:.3f} us, 64 B a side "
             f"{fit['halo64'] * 1e6:.3f} us; MPI_Allreduce 1 double {fit['red1'] * 1e6:.3f} us, "
             f"2 doubles {{sum,max}} {fit['red2'] * 1e6:.3f} us")
    for net in NETS:
        m = 4.0 * (n_params(NETS[net]) + 1)
        g = recs(runs[2], "grad_allreduce", net=net)
        meas = f"{g[0]['t_med'] * 1e3:.3f} ms [{g[0]['t_min'] * 1e3:.3f}, " \
               f"{g[0]['t_max'] * 1e3:.3f}]" if g else "n/a"
        L.append(f"- {net} net gradient allreduce ({m / 1e6:.4f} MB) at 2 ranks: measured {meas}, "
                 f"fit {float(here.allreduce(2, m)) * 1e3:.3f} ms")
    L.append("")
    L.append("| case | measured E(2) | model E(2) here | E(64) here | E(1024) here | "
             "E(64) network | E(1024) network | E(64) net. overlap | E(1024) net. overlap |")
    L.append("|---|---|---|---|---|---|---|---|---|")
    i2, i64, i1024 = list(RANKS).index(2), list(RANKS).index(64), list(RANKS).index(1024)

    def f(x):
        return "n/a" if x is None or not np.isfinite(x) else f"{x:.3f}"

    for net in NETS:
        for mode in ("strong", "weak"):
            eh = train_model(comps[net], NETS[net], here, mode)
            ei = train_model(comps[net], NETS[net], ib, mode)
            eo = train_model(comps[net], NETS[net], ib, mode, overlap=True)
            m = measured_train(runs, net, mode)
            ms = f"{m[0]:.3f} [{m[1]:.3f}, {m[2]:.3f}]" if m else "n/a"
            L.append(f"| train {net} {mode} | {ms} | {f(eh[i2])} | {f(eh[i64])} | "
                     f"{f(eh[i1024])} | {f(ei[i64])} | {f(ei[i1024])} | {f(eo[i64])} | "
                     f"{f(eo[i1024])} |")
    mk = measured_ksp(runs)
    for N in (1e3, 1e6, 1e8):
        eh = ksp_model(sw, here, N)
        ei = ksp_model(sw, ib, N)
        near = [k for k in mk if abs(math.log10(k) - math.log10(N)) < 0.01]
        ms = f"{mk[near[0]][0]:.3f} [{mk[near[0]][1]:.3f}, {mk[near[0]][2]:.3f}] " \
             f"(N={int(near[0])})" if near else "n/a"
        L.append(f"| KSP N={N:.0e} strong | {ms} | {f(eh[i2])} | {f(eh[i64])} | {f(eh[i1024])} "
                 f"| {f(ei[i64])} | {f(ei[i1024])} | - | - |")
    L.append("")
    L.append("| KSP share of an iteration spent sweeping, sweep(N/P)/T(P) | E(2) here | "
             "E(64) here | E(1024) here | E(64) network | E(1024) network |")
    L.append("|---|---|---|---|---|---|")
    for N in (1e3, 1e6, 1e8):
        eh = ksp_comm_model(sw, here, N)
        ei = ksp_comm_model(sw, ib, N)
        L.append(f"| N={N:.0e} | {f(eh[i2])} | {f(eh[i64])} | {f(eh[i1024])} | {f(ei[i64])} | "
                 f"{f(ei[i1024])} |")
    L.append("")
    L.append(f"network = {ib.name}; gamma (reduction arithmetic) assumed "
             f"{GAMMA_ASSUMED * 1e12:.0f} ps/B on the network, folded into the fitted slope here.")
    # Components at 64 / 1024 ranks (for the doc's discussion).
    L.append("")
    L.append("Model components (ms unless stated):")
    for net in NETS:
        m = 4.0 * (n_params(NETS[net]) + 1)
        c = comps[net]
        for P in (1, 2, 64, 1024):
            bs = math.ceil(1000 / P)
            L.append(f"- {net} P={P}: compute(strong b={bs}) {float(c(bs)) * 1e3:.3f}, "
                     f"compute(weak b=1000) {float(c(1000)) * 1e3:.3f}, AR here "
                     f"{float(here.allreduce(P, m)) * 1e3:.3f}, AR network "
                     f"{float(ib.allreduce(P, m)) * 1e3:.3f}")
    for N in (1e3, 1e6, 1e8):
        for P in (1, 2, 64, 1024):
            if N / P < 2:
                continue
            L.append(f"- KSP N={N:.0e} P={P}: sweep {float(sw.sweep(N / P)) * 1e6:.3f} us, "
                     f"halo/it here {float(here.halo(P)) / HALO_DEPTH * 1e6:.3f} us, network "
                     f"{float(ib.halo(P)) / HALO_DEPTH * 1e6:.3f} us; reductions/it here "
                     f"{float(here.reduction(P)) / CHECK_STRIDE * 1e6:.4f} us, network "
                     f"{float(ib.reduction(P)) / CHECK_STRIDE * 1e6:.4f} us")
    L.extend(measured_tables(runs))
    text = "\n".join(L)
    print(text)
    if a.table:
        with open(a.table, "w") as fh:
            fh.write(text + "\n")

    fig_comm(fit, a.out)
    fig_compute(comps, a.out)
    for mode in ("strong", "weak"):
        fig_train(runs, comps, here, ibs, a.ib_gbs, mode, a.out)
    fig_ksp(runs, sw, here, ibs, a.ib_gbs, a.out)
    for name in ("comm_fit", "compute_vs_batch", "train_strong", "train_weak", "ksp_strong"):
        print(f"wrote {os.path.join(a.out, name + '.png')}")


if __name__ == "__main__":
    main()
