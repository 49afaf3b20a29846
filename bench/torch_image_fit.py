#!/usr/bin/env python3
"""Image-fit training step: fpsolve vs a PyTorch reference of the same net, timed alternately.

The same model: Fourier features [sin(2 pi B x), cos(2 pi B x)] (B fixed, M x 2, N(0, sigma^2)),
hidden tanh layers, linear output, PyTorch's default init (= fpsolve's fanin_uniform), MSE
against the image bilinearly interpolated at `batch` random points of (-1,1)^2 drawn every step,
Adam, float32 on the CPU. fpsolve runs its real fit mode (`-mode fit -fit_image`, mpiexec -n
RANKS, 1 BLAS thread per rank, no records but step 0) and the step time is the median of the
differences of /train/history/time; PyTorch's is the median of its timed steps. Rounds alternate
A (fpsolve) and B (PyTorch); medians and the ratio torch/fpsolve are printed.

  GLIBC_TUNABLES=glibc.malloc.mmap_threshold=2000000000:glibc.malloc.trim_threshold=4000000000 \\
  /usr/bin/python3 bench/torch_image_fit.py --fpsolve build-ci/fpsolve --image inputs/camera_128.h5

--torch-threads 0 (default) tries 1..cores threads and keeps the fastest (PyTorch's best).
"""
import argparse
import os
import statistics
import subprocess
import tempfile
import time

import h5py
import numpy as np
import torch
from torch_reference import best_threads, tanh_mlp  # same folder: shared with the Ritz bench


class TorchImageFit:
    def __init__(self, image, hidden, features, sigma, batch, lr):
        self.img = torch.tensor(image[::-1].copy(), dtype=torch.float32)  # row 0 = bottom (y up)
        self.ny, self.nx = self.img.shape
        self.B = torch.randn(features, 2) * sigma
        self.net = tanh_mlp([2 * features] + hidden + [1])
        self.opt = torch.optim.Adam(self.net.parameters(), lr=lr)
        self.batch = batch

    def target(self, x):  # bilinear, pixel (i, j) at -1 + 2 (i/(nx-1), j/(ny-1))
        fx = ((x[:, 0] + 1) * 0.5 * (self.nx - 1)).clamp(0, self.nx - 1)
        fy = ((x[:, 1] + 1) * 0.5 * (self.ny - 1)).clamp(0, self.ny - 1)
        i = fx.floor().long().clamp(max=self.nx - 2)
        j = fy.floor().long().clamp(max=self.ny - 2)
        tx, ty = fx - i, fy - j
        a, b = self.img[j, i], self.img[j, i + 1]
        c, d = self.img[j + 1, i], self.img[j + 1, i + 1]
        return (1 - ty) * ((1 - tx) * a + tx * b) + ty * ((1 - tx) * c + tx * d)

    def step(self):
        x = 2 * torch.rand(self.batch, 2) - 1
        theta = 2 * np.pi * x @ self.B.T
        phi = torch.cat([torch.sin(theta), torch.cos(theta)], dim=1)
        loss = torch.mean((self.net(phi).squeeze(1) - self.target(x)) ** 2)
        self.opt.zero_grad(set_to_none=True)
        loss.backward()
        self.opt.step()
        return float(loss)

    def time_steps(self, steps):
        times = []
        for _ in range(steps):
            t0 = time.perf_counter()
            self.step()
            times.append(time.perf_counter() - t0)
        return times


def run_fpsolve(a, out):
    env = dict(os.environ)
    env["OPENBLAS_NUM_THREADS"] = "1"
    env.pop("GLIBC_TUNABLES", None)  # the tunables are PyTorch's; fpsolve allocates once
    cmd = ["mpiexec", "-n", str(a.ranks), a.fpsolve, "-mode", "fit", "-problem_dim", "2",
           "-fit_image", a.image, "-dnn_widths", ",".join(map(str, a.hidden)),
           "-dnn_input", "fourier", "-dnn_fourier_features", str(a.features),
           "-dnn_fourier_sigma", str(a.sigma), "-train_batch", str(a.batch), "-train_lr",
           str(a.lr), "-train_steps", str(a.steps + 1), "-train_record_stride", "1000000",
           "-output", out, "-quiet"]
    subprocess.run(cmd, env=env, check=True)
    with h5py.File(out, "r") as f:
        t = f["/train/history/time"][:]
    dt = np.diff(t)
    return 1e3 * float(np.median(dt)), 1e3 * float(dt.min())


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--fpsolve", required=True)
    ap.add_argument("--image", required=True)
    ap.add_argument("--hidden", default="256,256,256")
    ap.add_argument("--features", type=int, default=128)
    ap.add_argument("--sigma", type=float, default=6)
    ap.add_argument("--batch", type=int, default=4096)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--ranks", type=int, default=2)
    ap.add_argument("--cores", type=int, default=0, help="cores for torch (default: --ranks)")
    ap.add_argument("--torch-threads", type=int, default=0, help="0: best of 1..cores")
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    a.hidden = [int(w) for w in a.hidden.split(",")]
    with h5py.File(a.image, "r") as f:
        image = f["/image"][:].astype(np.float32) / 255.0
    torch.manual_seed(0)
    model = TorchImageFit(image, a.hidden, a.features, a.sigma, a.batch, a.lr)
    cores = a.cores or a.ranks
    threads = a.torch_threads or best_threads(model, cores, a.steps)
    torch.set_num_threads(threads)
    model.time_steps(2)
    fp, fp_min, th, th_min = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(a.rounds):
            ms, ms_min = run_fpsolve(a, os.path.join(tmp, f"r{r}.h5"))
            fp.append(ms)
            fp_min.append(ms_min)
            times = model.time_steps(a.steps)
            th.append(1e3 * statistics.median(times))
            th_min.append(1e3 * min(times))
            print(f"round {r}: fpsolve {fp[-1]:.2f} ms  torch {th[-1]:.2f} ms", flush=True)
    f_med, t_med = statistics.median(fp), statistics.median(th)
    print(f"image fit, net 2M={2 * a.features}-{'-'.join(map(str, a.hidden))}-1, batch {a.batch}: "
          f"fpsolve {a.ranks} rank(s) {f_med:.2f} ms/step; torch {torch.__version__} {threads} "
          f"thread(s) {t_med:.2f} ms/step; torch/fpsolve = {t_med / f_med:.2f}")
    print(f"  fastest steps: fpsolve {min(fp_min):.2f} ms, torch {min(th_min):.2f} ms, "
          f"torch/fpsolve = {min(th_min) / min(fp_min):.2f}")
    print(f"  GLIBC_TUNABLES={os.environ.get('GLIBC_TUNABLES', '(unset)')}")


if __name__ == "__main__":
    main()
