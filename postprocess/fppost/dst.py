"""DST-I of a grid function over its interior points (the Jacobi eigenbasis)."""

import numpy as np


def dst1(interior):
    """U_k = sum_j u_j sin(pi j k / (n+1)), k = 1..n, via the odd extension and an FFT."""
    u = np.asarray(interior, dtype=float).reshape(-1)
    n = u.size
    ext = np.zeros(2 * (n + 1))
    ext[1:n + 1] = u
    ext[n + 2:] = -u[::-1]
    return -np.fft.fft(ext)[1:n + 1].imag / 2.0


def interior_dst(values):
    """DST-I of a grid function given on all points including the two boundary points."""
    v = np.asarray(values, dtype=float).reshape(-1)
    return dst1(v[1:-1])
