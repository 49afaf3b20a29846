"""Shared helpers of the tests/post tests: run fpsolve on tiny inputs, run fpplot, check
figures. Each test is `/usr/bin/python3 test_X.py FPSOLVE_EXE SOURCE_DIR TEST_BINARY_DIR`."""

import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from figcheck import check_figure  # noqa: E402

# A few seconds per run: small grid, small net, few steps.
TINY = ("-da_grid_x 65 -jacobi_record_stride 20 -ksp_max_it 3000 -dnn_widths 16,16 "
        "-dnn_precision double -train_steps 300 -train_batch 64 -train_lr 1e-3 "
        "-train_record_stride 20 -spectrum_modes 2,4,6 -quiet").split()


class Fail(Exception):
    """A test failure with a one-line reason."""


class Env:
    """The three arguments ctest passes, a clean work folder, and the fppost package."""

    def __init__(self, name):
        if len(sys.argv) != 4:
            sys.exit(f"usage: {sys.argv[0]} FPSOLVE_EXE SOURCE_DIR TEST_BINARY_DIR")
        self.exe, self.src, binary = (os.path.abspath(a) for a in sys.argv[1:])
        self.work = os.path.join(binary, f"post_{name}")
        shutil.rmtree(self.work, ignore_errors=True)
        os.makedirs(self.work)
        self.fpplot = os.path.join(self.src, "postprocess", "fpplot")
        sys.path.insert(0, os.path.join(self.src, "postprocess"))
        self.mpiexec = os.environ.get("FPSOLVE_MPIEXEC") or shutil.which("mpiexec") or "mpiexec"

    def path(self, *parts):
        return os.path.join(self.work, *parts)

    def fpsolve(self, mode, output, *extra, ranks=1, timeout=120):
        """Run fpsolve -mode MODE on the tiny inputs; Fail (naming the mode) if it fails."""
        cmd = [self.exe, *TINY, "-mode", mode, *extra, "-output", self.path(output)]
        if ranks > 1:
            cmd = [self.mpiexec, "-n", str(ranks), *cmd]
        try:
            res = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise Fail(f"fpsolve -mode {mode} took over {timeout} s") from None
        if res.returncode != 0 or not os.path.exists(self.path(output)):
            lines = [ln for ln in (res.stderr + res.stdout).splitlines() if ln.strip()]
            why = lines[0] if lines else f"exit code {res.returncode}"
            raise Fail(f"fpsolve -mode {mode} (ranks {ranks}) failed: {why}")
        return self.path(output)

    def run_fpplot(self, *args, expect_rc=0):
        """Run postprocess/fpplot; return (stdout lines, stderr)."""
        res = subprocess.run(["/usr/bin/python3", self.fpplot, *args], capture_output=True,
                             text=True, timeout=300)
        if res.returncode != expect_rc:
            raise Fail(f"fpplot {' '.join(args)}: exit {res.returncode} (want {expect_rc}): "
                       f"{res.stderr.strip()}")
        return res.stdout.split(), res.stderr

    def expect_figures(self, outdir, names):
        """Each name (e.g. 'jac_error_time.png') exists in outdir and is a non-blank image."""
        for name in names:
            path = os.path.join(outdir, name)
            if not os.path.exists(path):
                have = sorted(os.listdir(outdir)) if os.path.isdir(outdir) else []
                raise Fail(f"figure {name} missing (made: {', '.join(have) or 'none'})")
            msg = check_figure(path)
            if msg:
                raise Fail(msg)
            print(f"ok: {name}")


def main(test):
    """Run test(); print the outcome; exit 0 or 1."""
    try:
        test()
    except Fail as err:
        print(f"FAIL: {err}", file=sys.stderr)
        print("0 passed, 1 failed")
        return 1
    print("1 passed, 0 failed")
    return 0
