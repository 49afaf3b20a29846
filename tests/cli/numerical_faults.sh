# Numerical faults exit 2 with one line naming the stage, the step or KSP iteration and the
# last good checkpoint, and leave no complete-looking -output: a non-finite training loss, a
# non-finite KSP residual, and KSP divergence (damped Jacobi with scale 3 diverges; divtol).
source "$(dirname "$0")/../support/cli_lib.sh" "$@"
cd "$WORK"
fault() {  # fault FRAGMENT ARGS...
  local want=$1; shift
  local rc=0
  rm -f out.h5 out.h5.partial
  "$FPSOLVE" -output out.h5 -quiet "$@" >stdout 2>stderr || rc=$?
  [ "$rc" -eq 2 ] || fail "[$*] exit $rc, want 2: $(head -c 300 stderr)"
  [ "$(grep -c '^fpsolve: error:' stderr)" -eq 1 ] || fail "[$*] not one error line: $(cat stderr)"
  grep -q -- "$want" stderr || fail "[$*] message lacks '$want': $(cat stderr)"
  [ ! -e out.h5 ] && [ ! -e out.h5.partial ] || fail "[$*] left a file at -output"
}
fault "training: non-finite loss at step 0; no checkpoint written" \
  -mode dnn -da_grid_x 33 -problem expr -problem_rhs 1e300 -spectrum_peaks 1 -train_steps 3
fault "solve: non-finite residual at KSP iteration 0; no checkpoint written" \
  -mode jacobi -da_grid_x 33 -problem expr -problem_rhs 1e308
# The same divergence on both paths: PETSc's assembled loop tests divtol every iteration, the
# fused damped sweep (the default for any positive scale) at its checks, here every iteration.
for jacobi in "-fpsolve_jacobi assembled -jacobi_check_stride 10" "-jacobi_check_stride 1"; do
  # shellcheck disable=SC2086
  fault "solve diverged at KSP iteration 17 (DIVERGED_DTOL.*last good checkpoint: .*out.h5.ckpt.000001.h5 (KSP iteration 10)" \
    -mode jacobi -da_grid_x 33 -ksp_richardson_scale 3 -checkpoint_interval 10 \
    -jacobi_record_stride 10 $jacobi
done
finish
