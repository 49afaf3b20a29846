# Site settings shared by every jobscript (sourced; not a job). The lines marked `# SITE:` are
# the ones a cluster needs edited (or overridden from the environment); the #SBATCH lines
# marked `# SITE:` in the .sbatch files are the others (account, partition).
# `site_check_run` and `site_check_python` test them in seconds, before any work: inside a job
# before the first srun, and in the submit_*.sh drivers before anything is submitted.

# SITE: modules that provide the MPI, PETSc and HDF5 fpsolve was built with, e.g.
#   module load openmpi petsc hdf5/parallel fftw openblas
site_modules() { :; }
# SITE: a Python 3 with h5py, numpy and matplotlib (figures); Debian/Ubuntu: /usr/bin/python3
FPPLOT_PYTHON=${FPPLOT_PYTHON:-/usr/bin/python3}
# SITE: the MPI launcher inside a job. Open MPI 4 built with PMIx: srun --mpi=pmix; MPICH or
# Intel MPI: srun --mpi=pmi2; without SLURM's MPI plugins: mpirun.
read -r -a FPSOLVE_LAUNCHER <<<"${FPSOLVE_LAUNCHER:-srun --mpi=pmix}"

export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1  # pure MPI: no BLAS threads per rank
# Cluster file systems (Lustre, GPFS, NFS): HDF5's file locks fail or hang on some of them.
export HDF5_USE_FILE_LOCKING=${HDF5_USE_FILE_LOCKING:-FALSE}
# SITE: Open MPI 4 only: its default MPI-IO (OMPIO) has known collective-write hangs on some
# parallel file systems; ROMIO avoids them. Uncomment if a run hangs while writing.
# export OMPI_MCA_io=romio321

site_die() {
  echo "fpsolve: site check failed: $*" >&2
  exit 1
}

# The executable starts (its shared libraries resolve: the modules are right), the launcher
# exists, and the folder for the run files is writable.
site_check_run() {  # site_check_run EXE OUTDIR
  local exe=$1 outdir=$2
  [[ -x $exe ]] || site_die "executable $exe not found (set FPSOLVE_EXE or FPSOLVE_ROOT)"
  "$exe" -version >/dev/null 2>&1 ||
    site_die "$exe -version fails (missing modules? see site_modules in jobscripts/site.sh): $("$exe" -version 2>&1 | head -1)"
  command -v "${FPSOLVE_LAUNCHER[0]}" >/dev/null ||
    site_die "MPI launcher '${FPSOLVE_LAUNCHER[0]}' not found (set FPSOLVE_LAUNCHER)"
  mkdir -p "$outdir" && [[ -w $outdir ]] || site_die "cannot write run files to $outdir"
}

# The figures' Python has what fpplot imports.
site_check_python() {
  "$FPPLOT_PYTHON" -c 'import h5py, numpy, matplotlib' 2>/dev/null ||
    site_die "$FPPLOT_PYTHON lacks h5py, numpy or matplotlib (set FPPLOT_PYTHON)"
}

site_modules
