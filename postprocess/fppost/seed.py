"""The seed problem (-u'' = g on (-1,1), u(+-1) = 0; src/problem/seed_problem.cpp) and its
3-point discretisation (docs/output-format.md), for checks and benchmarks."""

import numpy as np


def g0(t):
    return np.sin(t) + np.sin(4 * t) / 4 - np.sin(8 * t) / 8 + np.sin(24 * t) / 36


def rhs(x):
    return np.sin(x) + 4 * np.sin(4 * x) - 8 * np.sin(8 * x) + 16 * np.sin(24 * x)


def exact(x):
    c1, c0 = (g0(-1) - g0(1)) / 2, -(g0(-1) + g0(1)) / 2
    return g0(x) + c1 * x + c0


def apply_operator(v, h):
    """(2 v_i - v_{i-1} - v_{i+1}) / h^2 on interior values v (zero boundary values)."""
    p = np.concatenate(([0.0], v, [0.0]))
    return (2 * p[1:-1] - p[:-2] - p[2:]) / h**2


def solve_discrete(N):
    """(x, u_h): the grid and the exact discrete solution at the N - 2 interior points
    (Thomas algorithm on the 3-point operator)."""
    x = np.linspace(-1, 1, N)
    h = x[1] - x[0]
    n = N - 2
    d, b = np.full(n, 2.0), rhs(x[1:-1]) * h * h
    for i in range(1, n):
        w = 1.0 / d[i - 1]
        d[i] -= w
        b[i] += w * b[i - 1]
    u = np.zeros(n)
    u[-1] = b[-1] / d[-1]
    for i in range(n - 2, -1, -1):
        u[i] = (b[i] + u[i + 1]) / d[i]
    return x, u


def discretisation_error(N):
    """max |u_h - u| over the grid."""
    x, u = solve_discrete(N)
    return float(np.abs(u - exact(x[1:-1])).max())
