"""fppost: figures from fpsolve run files (HDF5, layout per docs/postprocessing.md).

Modules: runfile (read and validate a run file), dst (DST-I), heatmap, spectrum,
walltime, fitplot, scaling (one figure family each), cli (the `fpplot` command).
"""

__version__ = "0.1.0"
