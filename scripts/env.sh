# Sourced by the scripts: MPI as root, no oversubscription stalls, one BLAS thread a rank
# (docs/platform.md). Harmless for non-root users; override any of these in your own environment.
export OMPI_ALLOW_RUN_AS_ROOT=${OMPI_ALLOW_RUN_AS_ROOT:-1}
export OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=${OMPI_ALLOW_RUN_AS_ROOT_CONFIRM:-1}
export OMPI_MCA_rmaps_base_oversubscribe=${OMPI_MCA_rmaps_base_oversubscribe:-1}
export OMPI_MCA_mpi_yield_when_idle=${OMPI_MCA_mpi_yield_when_idle:-1}
export OMPI_MCA_pml=${OMPI_MCA_pml:-ob1}
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1}
