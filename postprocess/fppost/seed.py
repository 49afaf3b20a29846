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


def dst1(v):
    """DST-I, y_k = sum_i v_i sin(pi i k / (n + 1)), i, k = 1..n, through the FFT of the odd
    extension (its own inverse up to the factor 2 / (n + 1))."""
    n = len(v)
    ext = np.concatenate(([0.0], v, [0.0], -v[::-1]))
    return -np.fft.rfft(ext).imag[1:n + 1] / 2


def jacobi_from(N, guess=None):
    """What classical Jacobi from a guess (values at the N points, boundary values imposed;
    None: zero) does on the seed problem, exactly (the 3-point operator is diagonal in the DST-I
    basis: mode k of the error is multiplied by cos(pi k / (n + 1)) per sweep). Returns
    (max_error(j), rel_residual(j)): the max error vs the continuous solution and
    ||b - A u_j|| / ||b|| after j sweeps."""
    x, uh = solve_discrete(N)
    n, h = N - 2, x[1] - x[0]
    xi = x[1:-1]
    E = dst1(uh - (0 if guess is None else np.asarray(guess)[1:-1]))  # the error at j = 0
    rho = np.cos(np.pi * np.arange(1, n + 1) / (n + 1))
    lam = (2 - 2 * rho) / h**2
    disc = uh - exact(xi)
    bnorm = np.linalg.norm(rhs(xi))

    def max_error(j):
        e = dst1(E * rho**j) * 2 / (n + 1)
        return float(np.abs(disc - e).max())

    def rel_residual(j):
        # Parseval: sum_i r_i^2 = (2 / (n + 1)) sum_k R_k^2 for R = DST(r)... of r = A e.
        R = lam * E * rho**j
        return float(np.sqrt(2 / (n + 1) * np.sum(R * R)) / bnorm)

    return max_error, rel_residual


def first_sweep(done, hi=1e12, ratio=1.02):
    """The smallest j with done(j) true: a geometric scan (factor ratio) for the first true
    point, then bisection to one sweep below it. done need not be monotone (the max error vs
    the continuous solution can dip below a target early, where the algebraic error partly
    cancels the discretisation error); a dip narrower than the scan's step can be missed."""
    if done(0):
        return 0
    lo, j = 0, 1.0
    while not done(int(j)):
        lo, j = int(j), max(j * ratio, j + 1)
        if j > hi:
            return None
    top = int(j)
    while top - lo > 1:
        mid = (lo + top) // 2
        lo, top = (lo, mid) if done(mid) else (mid, top)
    return top


def jacobi_sweeps(N, target_error=None, rtol=None, guess=None, dim=1):
    """Jacobi sweeps from the guess (None: zero) to max error <= target_error (or relative
    residual <= rtol) on N^dim points, exact from the DST (jacobi_from, jacobi_from_nd)."""
    max_error, rel_residual = jacobi_from(N, guess) if dim == 1 else jacobi_from_nd(N, dim, guess)
    if target_error is not None:
        return first_sweep(lambda j: max_error(j) <= target_error)
    return first_sweep(lambda j: rel_residual(j) <= rtol)


def sine_matrix(n):
    """DST-I matrix S[j, k] = sin(pi j k / (n + 1)), j, k = 1..n; S @ S = (n + 1) / 2 I."""
    j = np.arange(1, n + 1)
    return np.sin(np.pi * np.outer(j, j) / (n + 1))


def solve_box(b, h):
    """The exact solution of the 3/5/7-point Laplacian A u = b on the interior of a box with
    zero boundary values: b has shape [nz][ny][nx] (any dim, x last), h the spacing per axis in
    the same order. By the sine transform (the Laplacian is diagonal in it), dense matrices:
    small grids only."""
    b = np.asarray(b, dtype=float)
    coeff, lam = b, np.zeros(b.shape)
    for ax, n in enumerate(b.shape):
        coeff = np.moveaxis(np.tensordot(sine_matrix(n), np.moveaxis(coeff, ax, 0), axes=1), 0, ax)
        k = np.arange(1, n + 1)
        shape = [1] * b.ndim
        shape[ax] = n
        lam = lam + ((2 - 2 * np.cos(np.pi * k / (n + 1))) / h[ax] ** 2).reshape(shape)
    coeff = coeff / lam
    for ax, n in enumerate(b.shape):
        coeff = np.moveaxis(np.tensordot(sine_matrix(n), np.moveaxis(coeff, ax, 0), axes=1), 0, ax)
        coeff = coeff * 2 / (n + 1)
    return coeff


def apply_box(v, h):
    """The box Laplacian on interior values v (zero boundary values), shape and h as solve_box."""
    p = np.pad(np.asarray(v, dtype=float), 1)
    out = np.zeros(v.shape)
    inner = tuple(slice(1, -1) for _ in v.shape)
    for ax in range(v.ndim):
        lo = list(inner)
        hi = list(inner)
        lo[ax], hi[ax] = slice(0, -2), slice(2, None)
        out += (2 * p[inner] - p[tuple(lo)] - p[tuple(hi)]) / h[ax] ** 2
    return out


def box_problem(N, dim):
    """(x, u, b) of the seed problem on N^dim points (u = u1(x) u1(y) [u1(z)], -lap u = b):
    the 1D grid x and u, b at the interior points, shape [N - 2] * dim."""
    x = np.linspace(-1, 1, N)
    xi = x[1:-1]
    grids = np.meshgrid(*([xi] * dim), indexing="ij")  # axis order irrelevant: symmetric
    u = np.ones(grids[0].shape)
    for g in grids:
        u = u * exact(g)
    b = np.zeros(u.shape)
    for a in range(dim):
        term = rhs(grids[a])
        for c in range(dim):
            if c != a:
                term = term * exact(grids[c])
        b = b + term
    return x, u, b


def discretisation_error_nd(N, dim):
    """max |u_h - u| of the seed problem on N^dim points (u = u1(x) u1(y) [u1(z)])."""
    x, u, b = box_problem(N, dim)
    uh = solve_box(b, [x[1] - x[0]] * dim)
    return float(np.abs(uh - u).max())


def dstn(v):
    """DST-I along every axis of v (dst1 per axis, through the FFT of the odd extension)."""
    for ax, n in enumerate(v.shape):
        w = np.moveaxis(v, ax, 0)
        z = np.zeros((1,) + w.shape[1:])
        ext = np.concatenate((z, w, z, -w[::-1]))
        v = np.moveaxis(-np.fft.rfft(ext, axis=0).imag[1:n + 1] / 2, 0, ax)
    return v


def jacobi_from_nd(N, dim, guess=None):
    """jacobi_from on N^dim points (equal spacings): mode k of the error is multiplied by
    (1/dim) sum_a cos(pi k_a / (n + 1)) per classical Jacobi sweep. guess: values on the whole
    grid ([N] * dim, its interior is used; None: zero)."""
    x, u, b = box_problem(N, dim)
    n, h = N - 2, x[1] - x[0]
    uh = solve_box(b, [h] * dim)
    inner = tuple(slice(1, -1) for _ in range(dim))
    E = dstn(uh - (0 if guess is None else np.asarray(guess, dtype=float)[inner]))
    c = np.cos(np.pi * np.arange(1, n + 1) / (n + 1))
    rho, lam = np.zeros(E.shape), np.zeros(E.shape)
    for a in range(dim):
        shape = [1] * dim
        shape[a] = n
        rho = rho + c.reshape(shape) / dim
        lam = lam + (2 - 2 * c.reshape(shape)) / h**2
    disc, bnorm, scale = uh - u, np.linalg.norm(b), (2 / (n + 1)) ** dim

    def max_error(j):
        return float(np.abs(disc - dstn(E * rho**j) * scale).max())

    def rel_residual(j):
        R = lam * E * rho**j
        return float(np.sqrt(scale * np.sum(R * R)) / bnorm)

    return max_error, rel_residual
