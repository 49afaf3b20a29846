"""Open and validate fpsolve run files; small typed accessors for their datasets."""

import os

import h5py
import numpy as np

REQUIRED_ATTRS = ("fpsolve_version", "mode")
MODES = ("hybrid", "jacobi", "dnn", "sweep", "fit", "cycle")
# Root attribute layout_version (absent = 1). 1: fields are 1D arrays in PETSc's global order
# and /grid/x holds the coordinates (only 1D runs existed). 2: fields are in the grid's natural
# order with its shape [nz][ny][nx] (x fastest; 1D [nx]); /grid/x, /grid/y, /grid/z per axis.
LAYOUT_VERSIONS = (1, 2)
AXES = ("x", "y", "z")


class RunFileError(Exception):
    """A file that is missing, not HDF5, not an fpsolve run file, or malformed."""


def _decode(value):
    """h5py attribute -> plain Python value (str, int, float or list)."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "SO" and value.size == 1:
            return _decode(value.reshape(-1)[0])
        if value.size == 1:
            return value.reshape(-1)[0].item()
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    return value


class RunFile:
    """A read-only fpsolve run file; arrays are loaded on demand and cached."""

    def __init__(self, path):
        self.path = path
        self.name = os.path.splitext(os.path.basename(path))[0]
        if not os.path.exists(path):
            raise RunFileError(f"{path}: no such file")
        if not h5py.is_hdf5(path):
            raise RunFileError(f"{path}: not an HDF5 file")
        try:
            self._h5 = h5py.File(path, "r")
        except OSError as err:
            raise RunFileError(f"{path}: cannot open as HDF5 ({err})") from None
        missing = [a for a in REQUIRED_ATTRS if a not in self._h5.attrs]
        if missing:
            self._h5.close()
            raise RunFileError(
                f"{path}: not an fpsolve run file (root attribute '{missing[0]}' missing)")
        self.attrs = {k: _decode(v) for k, v in self._h5.attrs.items()}
        self.mode = str(self.attrs["mode"])
        if self.mode not in MODES:
            self._h5.close()
            raise RunFileError(f"{path}: unknown mode '{self.mode}' in run file")
        self.layout_version = int(self.attrs.get("layout_version", 1))
        if self.layout_version not in LAYOUT_VERSIONS:
            self._h5.close()
            raise RunFileError(f"{path}: layout_version {self.layout_version}: this fppost "
                               f"reads versions {', '.join(map(str, LAYOUT_VERSIONS))}")
        self._cache = {}

    def close(self):
        self._h5.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # --- generic access -------------------------------------------------------------
    def has(self, path):
        """True if `path` names a dataset with at least one element."""
        obj = self._h5.get(path)
        return isinstance(obj, h5py.Dataset) and obj.size > 0

    def get(self, path):
        """The dataset at `path` as a float or int numpy array (cached)."""
        if path not in self._cache:
            obj = self._h5.get(path)
            if not isinstance(obj, h5py.Dataset):
                raise RunFileError(f"{self.path}: dataset {path} missing")
            try:
                self._cache[path] = np.asarray(obj[()])
            except (OSError, ValueError) as err:
                raise RunFileError(f"{self.path}: cannot read {path} ({err})") from None
        return self._cache[path]

    def frame(self, path, row):
        """Row `row` of a stacked dataset ([frames][...], e.g. /snapshots/train/u), read alone
        (not cached: a stack of grid fields can be large)."""
        obj = self._h5.get(path)
        if not isinstance(obj, h5py.Dataset) or not 0 <= row < obj.shape[0]:
            raise RunFileError(f"{self.path}: {path} has no row {row}")
        return np.asarray(obj[row])

    def group_attrs(self, path):
        obj = self._h5.get(path)
        return {} if obj is None else {k: _decode(v) for k, v in obj.attrs.items()}

    def subgroups(self, path):
        """Names of the subgroups of `path`, sorted (e.g. sweep members 000, 001...)."""
        obj = self._h5.get(path)
        if not isinstance(obj, h5py.Group):
            return []
        return sorted(k for k, v in obj.items() if isinstance(v, h5py.Group))

    # --- derived quantities ---------------------------------------------------------
    @property
    def ranks(self):
        return int(self.attrs.get("mpi_ranks", 1))

    def option(self, name, default=None):
        """The value of `-name` in the root `options` attribute (last occurrence)."""
        words = str(self.attrs.get("options", "")).split()
        value = default
        for i, word in enumerate(words):
            if word == "-" + name:
                nxt = words[i + 1] if i + 1 < len(words) else ""
                value = nxt if nxt and not _is_option(nxt) else "true"
        return value

    # --- the grid and fields on it -------------------------------------------------------
    @property
    def dim(self):
        """Grid dimension: the number of coordinate axes /grid/x[, y[, z]] (layout 1: 1)."""
        if self.layout_version == 1:
            return 1
        return next((d for d, a in enumerate(AXES) if not self.has(f"/grid/{a}")), len(AXES))

    def axis(self, name):
        """Coordinates along axis 'x', 'y' or 'z' (1D)."""
        return self.get(f"/grid/{name}").astype(float).reshape(-1)

    def grid_shape(self):
        """Points per axis in field order ([nz][ny][nx]); () without a grid."""
        return tuple(self.get(f"/grid/{a}").size for a in reversed(AXES[:self.dim])
                     if self.has(f"/grid/{a}"))

    def grid_points(self):
        shape = self.grid_shape()
        return int(np.prod(shape)) if shape else 0

    def field(self, path):
        """A grid field (/solution/u, /problem/rhs, ...) with the grid's shape, either layout."""
        data = self.get(path)
        shape = self.grid_shape()
        if self.layout_version == 1 or data.ndim == 1 and len(shape) == 1:
            data = data.reshape(-1)
        if data.shape != shape:
            raise RunFileError(f"{self.path}: {path} has shape {data.shape}, the grid {shape}")
        return data

    def modes(self):
        return self.get("/spectrum/modes").astype(int).reshape(-1)

    def series(self, group, xname, yname):
        """(x, y) of two equally long 1D datasets in `group`, trimmed to their common length."""
        x = self.get(f"{group}/{xname}").reshape(-1)
        y = self.get(f"{group}/{yname}").reshape(-1)
        n = min(x.size, y.size)
        return x[:n].astype(float), y[:n].astype(float)

    def record_axis(self, stage, rows, member=""):
        """Steps (train) or iterations (solve) of the rows of a /spectrum/<stage> matrix.

        Uses an explicit axis dataset when the file has one, else the stage's record or
        history axis when the row count matches, else the row index."""
        base = f"{member}/spectrum/{stage}"
        xname = "step" if stage == "train" else "iteration"
        for cand in (f"{base}/{xname}", f"{base}/peak_error_{xname}"):
            if self.has(cand) and self.get(cand).size == rows:
                return self.get(cand).reshape(-1).astype(float), xname
        hist = f"{member}/train/record/step" if stage == "train" else \
            f"{member}/solve/history/iteration"
        if self.has(hist) and self.get(hist).size == rows:
            return self.get(hist).reshape(-1).astype(float), xname
        return np.arange(rows, dtype=float), "record"

    def spectrum_axis(self, stage, rows, member=""):
        """Steps or iterations of the rows of /spectrum/<stage>/error_spectrum (or None)."""
        base = f"{member}/spectrum/{stage}"
        xname = "step" if stage == "train" else "iteration"
        for cand in (f"{base}/error_spectrum_index", f"{base}/error_spectrum_{xname}"):
            if self.has(cand) and self.get(cand).size == rows:
                return self.get(cand).reshape(-1).astype(float)
        obj = self._h5.get(f"{base}/error_spectrum")
        if obj is not None and xname in obj.attrs:
            val = np.asarray(obj.attrs[xname]).reshape(-1)
            if val.size == rows:
                return val.astype(float)
        return None


def _is_option(word):
    """True for '-name' words, False for negative numbers such as '-1,1' or '-0.5'."""
    return word.startswith("-") and len(word) > 1 and not (word[1].isdigit() or word[1] == ".")


def open_runs(paths):
    """Open every path; return (runs, errors) where errors are one-line messages."""
    runs, errors = [], []
    for path in paths:
        try:
            runs.append(RunFile(path))
        except RunFileError as err:
            errors.append(str(err))
    return runs, errors
