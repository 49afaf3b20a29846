"""The image fit's postprocessing on real run files: fpimage converts a colour PNG (and refuses a
non-image with one line, exit 1); fpplot draws the target + snapshots figure and the per-shell
heat map of each run, and the side-by-side heat maps of a plain and a Fourier-input run."""

import os
import subprocess
import sys

import h5py
import numpy as np
from PIL import Image
from posthelp import Env, Fail, main


def fit(env, name, *extra):
    out = env.path(name + ".h5")
    cmd = [env.exe, "-mode", "fit", "-problem_dim", "2", "-fit_image", env.path("img.h5"),
           "-dnn_widths", "16,16", "-train_batch", "256", "-train_lr", "3e-3", "-train_steps",
           "80", "-train_record_stride", "20", "-quiet", *extra, "-output", out]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if res.returncode != 0:
        raise Fail(f"fpsolve image fit {name} failed: {res.stderr.strip()}")
    return out


def test():
    env = Env("fpplot_image")
    # A colour PNG through fpimage: greyscale uint8 [rows][cols], resampled.
    rgb = np.zeros((30, 40, 3), np.uint8)
    rgb[:, :20, 0] = 255
    rgb[10:20, :, 2] = 200
    Image.fromarray(rgb).save(env.path("in.png"))
    fpimage = os.path.join(env.src, "postprocess", "fpimage")
    res = subprocess.run(["/usr/bin/python3", fpimage, env.path("in.png"), env.path("img.h5"),
                          "--width", "24", "--height", "20"], capture_output=True, text=True)
    if res.returncode != 0:
        raise Fail(f"fpimage failed: {res.stderr.strip()}")
    with h5py.File(env.path("img.h5"), "r") as f:
        d = f["/image"]
        if d.shape != (20, 24) or d.dtype != np.uint8:
            raise Fail(f"fpimage wrote {d.shape} {d.dtype}, want (20, 24) uint8")
    with open(env.path("not.png"), "w") as f:
        f.write("not an image")
    res = subprocess.run(["/usr/bin/python3", fpimage, env.path("not.png"), env.path("x.h5")],
                         capture_output=True, text=True)
    lines = res.stderr.strip().splitlines()
    if res.returncode != 1 or len(lines) != 1 or "fpimage: error:" not in lines[0]:
        raise Fail(f"fpimage on a non-image: exit {res.returncode}, stderr {res.stderr!r}")
    if os.path.exists(env.path("x.h5")):
        raise Fail("fpimage left an output for a bad input")

    plain = fit(env, "plain")
    fourier = fit(env, "fourier", "-dnn_input", "fourier", "-dnn_fourier_features", "16",
                  "-dnn_fourier_sigma", "2")
    env.run_fpplot(plain, fourier, "-o", env.path("figs"))
    env.expect_figures(env.path("figs"), ["plain_image.png", "plain_image_shells.png",
                                          "fourier_image.png", "fourier_image_shells.png",
                                          "image_shells_compare.png"])


if __name__ == "__main__":
    sys.exit(main(test))
