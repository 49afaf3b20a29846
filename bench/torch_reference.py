#!/usr/bin/env python3
"""PyTorch reference for the training step, timed alternately with fpsolve in one run.

The same net (1-4000-500-400-1 "paper" or 1-64-64-64-1 "small", tanh, PyTorch's default
init = fpsolve's fanin_uniform), the same Ritz loss (input gradient by autograd with
create_graph=True), Adam, the same batch (interior points resampled every step + the two
endpoints), float32 on the CPU. Rounds alternate A (fpsolve: bench_train_step --floor 0, a
subprocess under mpiexec) and B (PyTorch, in this process); medians of the per-step times of
each side and the ratio torch/fpsolve are printed.

  /usr/bin/python3 bench/torch_reference.py --bench build/bench/bench_train_step \
      --net small --ranks 1 --torch-threads 1 --rounds 5 --steps 20

--torch-threads 0 tries 1..cores threads first and keeps the fastest (PyTorch's best setting).
"""
import argparse
import math
import os
import re
import statistics
import subprocess
import time

import torch

NETS = {"paper": [4000, 500, 400], "small": [64, 64, 64]}


def seed_rhs(x):
    return torch.sin(x) + 4 * torch.sin(4 * x) - 8 * torch.sin(8 * x) + 16 * torch.sin(24 * x)


def tanh_mlp(widths):
    """Linear layers with tanh between them (PyTorch's default init = fpsolve's fanin_uniform)."""
    layers = []
    for i in range(len(widths) - 1):
        layers.append(torch.nn.Linear(widths[i], widths[i + 1]))
        if i + 2 < len(widths):
            layers.append(torch.nn.Tanh())
    return torch.nn.Sequential(*layers)


class TorchRitz:
    def __init__(self, hidden, batch, beta=1000.0, lr=1e-4):
        self.net = tanh_mlp([1] + hidden + [1])
        self.opt = torch.optim.Adam(self.net.parameters(), lr=lr)
        self.batch, self.beta = batch, beta
        self.boundary = torch.tensor([[-1.0], [1.0]])

    def step(self):
        x = (2 * torch.rand(self.batch, 1) - 1).requires_grad_(True)
        u = self.net(x)
        (du,) = torch.autograd.grad(u.sum(), x, create_graph=True)
        interior = 2.0 * torch.mean(0.5 * du**2 - seed_rhs(x) * u)
        ub = self.net(self.boundary)
        loss = interior + self.beta * torch.mean(ub**2)
        self.opt.zero_grad(set_to_none=True)
        loss.backward()
        self.opt.step()
        return loss.item()

    def time_steps(self, steps):
        times = []
        for _ in range(steps):
            t0 = time.perf_counter()
            self.step()
            times.append(time.perf_counter() - t0)
        return times


def best_threads(model, cores, steps):
    """PyTorch's fastest thread count in 1..cores for model.time_steps (median step time)."""
    best = None
    for t in range(1, cores + 1):
        torch.set_num_threads(t)
        model.time_steps(2)
        ms = statistics.median(model.time_steps(max(3, steps // 2)))
        if best is None or ms < best[1]:
            best = (t, ms)
    return best[0]


def run_fpsolve(args):
    env = dict(os.environ)
    env.setdefault("OPENBLAS_NUM_THREADS", "1")
    cmd = ["mpiexec", "-n", str(args.ranks), args.bench, "--net", args.net, "--batch",
           str(args.batch), "--steps", str(args.steps), "--rounds", "1", "--floor", "0"]
    out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
    m = re.search(r"RESULT .*kernel=(\S+) .*step_ms=([0-9.]+) .*step_min_ms=([0-9.]+)", out)
    if not m:
        raise SystemExit("no RESULT line from " + " ".join(cmd) + "\n" + out)
    return m.group(1), float(m.group(2)), float(m.group(3))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--bench", required=True, help="path to bench_train_step")
    ap.add_argument("--net", choices=NETS, default="small")
    ap.add_argument("--ranks", type=int, default=1, help="fpsolve ranks (1 BLAS thread each)")
    ap.add_argument("--torch-threads", type=int, default=0, help="0: best of 1..cores")
    ap.add_argument("--cores", type=int, default=0, help="cores used (default: --ranks)")
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    cores = args.cores or args.ranks

    torch.manual_seed(0)
    model = TorchRitz(NETS[args.net], args.batch)
    threads = args.torch_threads or best_threads(model, cores, args.steps)
    torch.set_num_threads(threads)
    model.time_steps(2)  # warm-up

    fp_rounds, torch_rounds, fp_mins, torch_mins, kernel = [], [], [], [], "?"
    for r in range(args.rounds):  # A B A B ...
        kernel, ms, ms_min = run_fpsolve(args)
        fp_rounds.append(ms)
        fp_mins.append(ms_min)
        times = model.time_steps(args.steps)
        torch_rounds.append(1e3 * statistics.median(times))
        torch_mins.append(1e3 * min(times))
        print(f"round {r}: fpsolve {fp_rounds[-1]:.3f} ms  torch {torch_rounds[-1]:.3f} ms",
              flush=True)
    fp, th = statistics.median(fp_rounds), statistics.median(torch_rounds)
    print(f"net {args.net} batch {args.batch}: fpsolve {args.ranks} rank(s) x 1 BLAS thread "
          f"(kernel {kernel}) {fp:.3f} ms/step; torch {torch.__version__} {threads} thread(s) "
          f"{th:.3f} ms/step; torch/fpsolve = {th / fp:.2f}")
    # On a shared machine the fastest steps show the uncontended speed of each side.
    print(f"  fastest steps: fpsolve {min(fp_mins):.3f} ms, torch {min(torch_mins):.3f} ms, "
          f"torch/fpsolve = {min(torch_mins) / min(fp_mins):.2f}")


if __name__ == "__main__":
    main()
