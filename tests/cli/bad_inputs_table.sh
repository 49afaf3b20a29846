# Table-driven bad inputs (docs/robustness.md): options, expressions, contradictions, restart
# files. Each: exit 1, exactly one "fpsolve: error:" line on stderr containing the fragment, and
# nothing at -output (neither the file nor its .partial). One rank, started without mpiexec
# (a singleton MPI start; mpiexec takes seconds to report a failed rank); rank-count cases last.
source "$(dirname "$0")/../support/cli_lib.sh" "$@"
cd "$WORK"
checked=0
# Cases run four at a time, each in its own directory (a singleton start mostly waits, it
# hardly computes); results are collected at the end.
one_case() {  # one_case DIR NP FRAGMENT ARGS...
  local dir=$1 np=$2 want=$3; shift 3
  local out="$dir/out.h5" rc=0
  if [ "$np" -eq 1 ]; then
    "$FPSOLVE" -output "$out" -quiet "$@" >"$dir/stdout" 2>"$dir/stderr" || rc=$?
  else
    "$MPIEXEC" -n "$np" "$FPSOLVE" -output "$out" -quiet "$@" >"$dir/stdout" 2>"$dir/stderr" || rc=$?
  fi
  local lines; lines=$(grep -c '^fpsolve: error:' "$dir/stderr" || true)
  {
    [ "$rc" -eq 1 ] || echo "[$*] exit $rc, want 1: $(head -c 300 "$dir/stderr")"
    [ "$lines" -eq 1 ] || echo "[$*] $lines error lines, want 1: $(head -c 600 "$dir/stderr")"
    grep -q -- "$want" "$dir/stderr" || echo "[$*] message lacks '$want': $(head -c 300 "$dir/stderr")"
    [ ! -e "$out" ] && [ ! -e "$out.partial" ] || echo "[$*] left a file at -output"
  } >"$dir/result"
}
check() {  # check NP FRAGMENT ARGS...
  checked=$((checked + 1))
  mkdir -p "case$checked"
  one_case "$WORK/case$checked" "$@" &
  while [ "$(jobs -rp | wc -l)" -ge 4 ]; do wait -n || true; done
}
collect() {
  wait || true
  for r in case*/result; do
    [ -s "$r" ] && while read -r line; do fail "$line"; done <"$r"
  done
  return 0
}

# Fixtures: a training checkpoint (dnn) and a KSP checkpoint (jacobi), and damaged copies.
NET=(-mode dnn -dnn_widths 4 -train_batch 8 -da_grid_x 17 -train_steps 4 -train_record_stride 2
     -spectrum_peaks 2)
JAC=(-mode jacobi -da_grid_x 17 -ksp_max_it 200 -jacobi_record_stride 10 -jacobi_check_stride 10
     -spectrum_peaks 2)
# A cycle run (checkpoints in the sweeps and in training) and an image fit.
CYC=(-mode cycle -da_grid_x 17 -dnn_widths 4 -train_batch 8 -cycle_sweeps 20 -cycle_train_steps 4
     -cycle_max 3 -jacobi_record_stride 10 -jacobi_check_stride 10 -spectrum_peaks 2)
FIT=(-mode fit -problem_dim 2 -fit_image "$SRC/inputs/camera_128.h5" -dnn_widths 4 -train_batch 8
     -train_steps 4 -train_record_stride 2)
mkdir fix
"$FPSOLVE" "${NET[@]}" -quiet -output fix/net.h5 -checkpoint_interval 2 -checkpoint_keep 9 || fail "fixture net"
"$FPSOLVE" "${JAC[@]}" -quiet -output fix/jac.h5 -checkpoint_interval 50 -checkpoint_keep 9 || fail "fixture jac"
"$FPSOLVE" "${CYC[@]}" -quiet -output fix/cyc.h5 -checkpoint_interval 2 -checkpoint_keep 99 || fail "fixture cyc"
"$FPSOLVE" "${FIT[@]}" -quiet -output fix/fit.h5 -checkpoint_interval 2 -checkpoint_keep 9 || fail "fixture fit"
NETCK=fix/net.h5.ckpt.000001.h5   # step 2
JACCK=fix/jac.h5.ckpt.000001.h5   # KSP iteration 50
CYCSW=fix/cyc.h5.ckpt.000001.h5   # cycle 0, sweep 10
CYCTR=fix/cyc.h5.ckpt.000004.h5   # cycle 1, training step 2 of its correction
CYCLATE=fix/cyc.h5.ckpt.000005.h5 # cycle 2, sweep 50
FITCK=fix/fit.h5.ckpt.000001.h5   # step 2
cp "$SRC/inputs/camera_128.h5" fix/other.h5
printf 'not a checkpoint\n' > fix/text.h5
printf 'mode jacobi\n' > fix/garbage.opts
printf -- '-mode jacobi -quiet\n' > fix/twoperline.opts
: > fix/empty.h5
head -c $(( $(stat -c %s $NETCK) * 6 / 10 )) $NETCK > fix/trunc.h5
/usr/bin/python3 - "$NETCK" "$JACCK" "$CYCTR" <<'PY'
import shutil, sys
import h5py, numpy as np
net, jac, cyc = sys.argv[1], sys.argv[2], sys.argv[3]
def variant(src, name, edit):
    shutil.copy(src, "fix/" + name)
    with h5py.File("fix/" + name, "r+") as f:
        edit(f)
def flip(f):
    d = f["blobs/trainer"]; v = d[()]; v[len(v) // 2] ^= 0xFF; d[...] = v
variant(net, "missing.h5", lambda f: f.__delitem__("blobs/trainer"))
variant(net, "checksum.h5", flip)
variant(net, "incomplete.h5", lambda f: f.attrs.__setitem__("complete", np.int64(0)))
variant(net, "badattr.h5", lambda f: f["state"].attrs.__setitem__("step", np.bytes_(b"abc")))
variant(net, "badstage.h5", lambda f: f["state"].attrs.__setitem__("stage", np.bytes_(b"later")))
def single(f):
    d = f["fields/iterate"]; u, h = d[()], d.attrs["hash"]; del f["fields/iterate"]
    f["fields/iterate"] = u.astype(np.float32); f["fields/iterate"].attrs["hash"] = h
def short(f):
    d = f["fields/iterate"]; u, h = d[()], d.attrs["hash"]; del f["fields/iterate"]
    f["fields/iterate"] = u[:10]; f["fields/iterate"].attrs["hash"] = h
variant(jac, "single.h5", single)
variant(jac, "short.h5", short)
variant(jac, "nou.h5", lambda f: f.__delitem__("fields/iterate"))
variant(cyc, "nophase.h5", lambda f: f["state"].attrs.__delitem__("cycle_phase"))
variant(cyc, "nobest.h5", lambda f: f.__delitem__("fields/cycle_best"))
variant(cyc, "badphase.h5", lambda f: f["state"].attrs.__setitem__("cycle_phase", np.int64(7)))
PY

while IFS='|' read -r want args; do
  [ -z "$want" ] || [ "${want:0:1}" = "#" ] && continue
  eval "set -- $args"
  check 1 "$want" "$@"
done <<'TABLE'
# --- options: names, values, ranges ---
-bogus_option|-mode jacobi -bogus_option 3
-mode|-mode nonsense
-train_steps|-mode dnn -train_steps abc
-train_steps|-mode dnn -train_steps -5
-train_batch|-mode dnn -train_batch 0
-train_lr|-mode dnn -train_lr -1
-train_lr|-mode dnn -train_lr nan
-train_beta|-mode dnn -train_beta inf
-train_adam_beta1|-mode dnn -train_adam_beta1 1
-train_adam_eps|-mode dnn -train_adam_eps 0
-train_lr_decay|-mode dnn -train_lr_decay 2
-dnn_widths|-mode dnn -dnn_widths 0,5
-dnn_widths|-mode dnn -dnn_widths 5,abc
-dnn_init|-mode dnn -dnn_init normal:inf
-dnn_init|-mode dnn -dnn_init uniformish
-dnn_activation|-mode dnn -dnn_activation swish2
-dnn_precision|-mode dnn -dnn_precision half
-dnn_input|-mode dnn -dnn_input wavelet
-dnn_fourier_features|-mode dnn -dnn_input fourier -dnn_fourier_features 0
-dnn_fourier_sigma|-mode dnn -dnn_input fourier -dnn_fourier_sigma -1
-dnn_fourier_sigma|-mode dnn -dnn_input fourier -dnn_fourier_sigma nan
-dnn_mscale|-mode dnn -dnn_input mscale -dnn_mscale 1,0,2
-dnn_mscale|-mode dnn -dnn_input mscale -dnn_mscale 1,2,3 -dnn_widths 2
-cycle_smooth_fraction|-mode cycle -cycle_smooth_fraction 0
-cycle_smooth_fraction|-mode cycle -cycle_smooth_fraction 1.5
-cycle_smooth_fraction|-mode cycle -cycle_smooth_fraction 1/8
-cycle_smoother_weight|-mode cycle -cycle_smoother_weight 0
-cycle_smoother_weight|-mode cycle -cycle_smoother_weight nan
-cycle_start|-mode cycle -cycle_start half
-cycle_candidate_points|-mode cycle -cycle_candidate_points 0
-cycle_candidate_points|-mode cycle -cycle_candidate_points coarse
-snapshot_max|-mode jacobi -snapshot_max -1
-snapshot_ratio|-mode jacobi -snapshot_ratio 0.5
-snapshot_ratio|-mode jacobi -snapshot_ratio nan
-snapshot_max_mb|-mode jacobi -snapshot_max_mb -1
-snapshot_max_mb|-mode jacobi -snapshot_max_mb inf
-hybrid_switch|-hybrid_switch step:-3
-hybrid_switch|-hybrid_switch step:2.5
-hybrid_switch|-hybrid_switch time:inf
-hybrid_auto_target|-hybrid_auto_target -1
-jacobi_record_stride|-mode jacobi -jacobi_record_stride 0
-progress_interval|-mode jacobi -progress_interval 0
-spectrum_modes|-mode jacobi -spectrum_modes 0
-spectrum_modes|-mode jacobi -da_grid_x 33 -spectrum_modes 2,1000
-spectrum_peaks|-mode jacobi -da_grid_x 33 -spectrum_peaks 500
-da_grid_x|-mode jacobi -da_grid_x 2
-checkpoint_interval|-mode dnn -checkpoint_interval 10x
-checkpoint_interval|-mode dnn -checkpoint_interval -5
-checkpoint_interval|-mode dnn -checkpoint_interval 0s
-checkpoint_keep|-mode dnn -checkpoint_keep 0
-checkpoint_dir|-mode dnn -checkpoint_dir /nonexistent/fpsolve/ckpt
# --- contradictions ---
must be an integer|-mode hybrid -hybrid_switch step:1.5
-hybrid_auto_target|-mode hybrid -hybrid_switch auto -hybrid_auto_target -1
-sweep_switch_steps|-mode sweep -sweep_switch_steps 5,3
-sweep_switch_steps|-mode sweep
exceeds -train_steps|-mode sweep -sweep_switch_steps 10,20000 -train_steps 100
-checkpoint_interval: sweep|-mode sweep -sweep_switch_steps 1 -checkpoint_interval 10
-restart: sweep|-mode sweep -sweep_switch_steps 1 -restart auto
-train_loss mse|-mode fit -train_loss ritz
-fit_target needs -mode fit|-mode hybrid -fit_target x
-problem_domain needs -problem expr|-mode jacobi -problem_domain 0,1
-problem_rhs/-problem_exact/-problem_bc need -problem expr|-mode jacobi -problem_rhs 1
-jacobi_target_error|-mode jacobi -problem expr -problem_rhs 1 -jacobi_target_error 1e-3
# --- expressions ---
-problem_rhs|-mode jacobi -problem expr -problem_rhs 'sin(x'
-problem_rhs|-mode jacobi -problem expr -problem_rhs 'x*y'
-problem_rhs: not finite|-mode jacobi -problem expr -problem_rhs 'sqrt(x)'
-problem_exact|-mode jacobi -problem expr -problem_rhs 1 -problem_exact 'q*x'
-problem_exact: not finite|-mode jacobi -problem expr -problem_rhs 1 -problem_exact 'log(x)'
-problem_bc|-mode jacobi -problem expr -problem_rhs 1 -problem_bc '1/(x+1)'
-problem_domain|-mode jacobi -problem expr -problem_rhs 1 -problem_domain 1,0
-problem_domain|-mode jacobi -problem expr -problem_rhs 1 -problem_domain 0,inf
-fit_target|-mode fit -fit_target 'cos(' -dnn_widths 4
# --- numbers and lists: no 2^32 wrap, no empty values, no loose lists, degenerate domains ---
-da_grid_x 4294967497: not an integer|-mode jacobi -da_grid_x 4294967497
-train_steps 4294967297|-mode dnn -train_steps 4294967297
-dnn_widths 4294967297|-mode dnn -dnn_widths 4294967297
-train_steps: given without a value|-mode dnn -train_steps
-da_grid_x: given without a value|-mode jacobi -da_grid_x
-train_lr: given without a value|-mode dnn -train_lr -dnn_widths 4
-dnn_widths 32,,32: a list with an empty element|-mode dnn -dnn_widths 32,,32
-spectrum_modes 1,: a list with an empty element|-mode jacobi -spectrum_modes 1,
-problem_domain: expected 2 numbers (a pair a,b per axis) for -problem_dim 1, got 3|-mode jacobi -problem expr -problem_rhs 1 -problem_domain 0,1,2
degenerate grid|-mode jacobi -problem expr -problem_rhs 1 -problem_domain 0,1e-200
degenerate grid|-mode jacobi -problem expr -problem_rhs 1 -problem_domain 1,1.0000000000000002
degenerate grid|-mode hybrid -problem expr -problem_rhs 1 -problem_domain 0,1e300 -dnn_widths 4
-fit_target sqrt(x): not finite on the grid|-mode fit -fit_target 'sqrt(x)' -dnn_widths 4
# --- options files: missing, a directory, garbage (one line, no PETSc trace) ---
-options_file fix/none.opts: No such file|-options_file fix/none.opts
-options_file fix: a directory|-options_file fix
-options_file fix/garbage.opts: line 1|-options_file fix/garbage.opts
one option a line|-options_file fix/twoperline.opts
# --- 2D/3D ---
-problem_domain: expected 4 numbers|-mode jacobi -problem_dim 2 -problem expr -problem_rhs 1 -problem_domain 0,1
-problem_domain: expected 6 numbers|-mode jacobi -problem_dim 3 -problem expr -problem_rhs 1 -problem_domain 0,1,0,1
-problem_domain|-mode jacobi -problem_dim 2 -problem expr -problem_rhs 1 -problem_domain 0,1,2,1
-problem_dim|-mode jacobi -problem_dim 4
-da_grid_y: the grid has 1 dimension|-mode jacobi -da_grid_y 5
-da_grid_z: the grid has 2 dimensions|-mode jacobi -problem_dim 2 -da_grid_z 5
-da_processors_y|-mode jacobi -da_processors_y 1
-da_grid_y|-mode jacobi -problem_dim 2 -da_grid_x 9 -da_grid_y 2
variable y needs -problem_dim 2|-mode jacobi -problem expr -problem_rhs 'x+y'
variable z needs -problem_dim 3|-mode jacobi -problem_dim 2 -problem expr -problem_rhs 1 -problem_exact 'x*z'
TABLE

# --- restart files ---
while IFS='|' read -r want file extra; do
  [ -z "$want" ] || [ "${want:0:1}" = "#" ] && continue
  eval "set -- $extra"
  check 1 "$want" "$@" -restart "$file"
done <<TABLE
cannot read the file|fix/does-not-exist.h5|${NET[*]}
not an HDF5 file|fix/text.h5|${NET[*]}
not an HDF5 file|fix/empty.h5|${NET[*]}
truncated|fix/trunc.h5|${NET[*]}
not an fpsolve checkpoint|fix/net.h5|${NET[*]}
entry 'trainer' is missing|fix/missing.h5|${NET[*]}
checksum mismatch|fix/checksum.h5|${NET[*]}
incomplete checkpoint|fix/incomplete.h5|${NET[*]}
entry 'step' has the wrong type|fix/badattr.h5|${NET[*]}
unknown stage|fix/badstage.h5|${NET[*]}
wrong type or precision|fix/single.h5|${JAC[*]}
has shape 10, expected 17|fix/short.h5|${JAC[*]}
without the iterate /fields/iterate|fix/nou.h5|${JAC[*]}
33|$JACCK|${JAC[*]} -da_grid_x 33
-mode dnn, this run is -mode hybrid|$NETCK|${NET[*]} -mode hybrid
-dnn_widths|$NETCK|${NET[*]} -dnn_widths 5
-dnn_precision double|$NETCK|${NET[*]} -dnn_precision double
-dnn_input|$NETCK|${NET[*]} -dnn_input fourier
another problem|$NETCK|${NET[*]} -problem expr -problem_rhs 1 -problem_exact 'x*x'
beyond -train_steps|$NETCK|${NET[*]} -train_steps 1
# result-changing options must match the checkpoint (allowed to change: docs/robustness.md)
made with -train_lr 0.0001, this run has -train_lr 0.001|$NETCK|${NET[*]} -train_lr 1e-3
# ... compared at round-trip precision (17 significant digits): equal to 7 digits is not equal
made with -train_lr 0.0001, this run has -train_lr 0.00010000001|$NETCK|${NET[*]} -train_lr 1.0000001e-4
-train_loss ritz, this run has -train_loss pinn|$NETCK|${NET[*]} -train_loss pinn
-train_batch 8, this run has -train_batch 9|$NETCK|${NET[*]} -train_batch 9
-train_seed 0, this run has -train_seed 3|$NETCK|${NET[*]} -train_seed 3
-train_beta 1000, this run has -train_beta 10|$NETCK|${NET[*]} -train_beta 10
-ksp_type default, this run has -ksp_type cg|$JACCK|${JAC[*]} -ksp_type cg
# -mode cycle: its schedule must match (-cycle_max may change, but not to before the checkpoint)
-cycle_sweeps 20, this run has -cycle_sweeps 30|$CYCSW|${CYC[*]} -cycle_sweeps 30
-cycle_train_steps 4, this run has -cycle_train_steps auto|$CYCTR|${CYC[*]} -cycle_train_steps auto
-cycle_net fresh, this run has -cycle_net warm|$CYCTR|${CYC[*]} -cycle_net warm
-cycle_amplitude 0.5, this run has -cycle_amplitude 0.25|$CYCTR|${CYC[*]} -cycle_amplitude 0.25
-cycle_amplitude 0.5, this run has -cycle_amplitude 0.50000001|$CYCTR|${CYC[*]} -cycle_amplitude 0.50000001
-cycle_candidate_points auto, this run has -cycle_candidate_points 5|$CYCTR|${CYC[*]} -cycle_candidate_points 5
in cycle 2, beyond -cycle_max 2|$CYCLATE|${CYC[*]} -cycle_max 2
entry 'cycle_phase' is missing|fix/nophase.h5|${CYC[*]}
in training without /fields/cycle_best|fix/nobest.h5|${CYC[*]}
impossible cycle position|fix/badphase.h5|${CYC[*]}
-mode jacobi, this run is -mode cycle|$JACCK|${CYC[*]}
-mode cycle, this run is -mode hybrid|$CYCTR|${CYC[*]} -mode hybrid
# the image fit: its image and records
-fit_image_shells 0, this run has -fit_image_shells 5|$FITCK|${FIT[*]} -fit_image_shells 5
this run has -fit_image fix/other.h5|$FITCK|${FIT[*]} -fit_image fix/other.h5
TABLE

# --- rank counts (mpiexec: slower to report a failure, so only these) ---
check 2 "-train_batch" -mode dnn -dnn_widths 4 -train_batch 1
check 4 "too small for 4 MPI ranks" -mode jacobi -problem_dim 2 -da_grid_x 9 -da_grid_y 3 -da_processors_y 4
collect
echo "$checked bad inputs checked"
[ "$checked" -ge 25 ] || fail "only $checked cases ran"
finish
