# -mode cycle restarts (docs/cycles.md, "Checkpoints and restart"):
#  - bit-identical at the same rank count: a run with a checkpoint every 50 sweeps (in the
#    sweeps) or 50 training steps (in a correction's training), restarted from checkpoints in the
#    sweeps and in training, also in cycles the schedule adapted (steps doubled after a
#    rejection; a plain-sweeps cycle after two), ends with the same run file (/cycle/history,
#    /solve/history, /solution/u, ...: every dataset but wall-clock times) and the same final
#    net, iterate and best candidate as the uninterrupted run. 1 rank with fresh nets, 2 ranks
#    with warm nets; 2D at 1 rank (candidates on a coarse grid: -cycle_candidate_points 8); a start guess (-cycle_start net) restarted in its training;
#  - SIGTERM during the cycles (2 ranks, sent to one rank): exit 3 within 10 s, one line naming
#    the checkpoint and where in the cycle it was taken, no complete-looking -output; -restart
#    auto then ends exactly like an uninterrupted run (-cycle_max changed: it may).
#  - a restart with a changed cycle option on 2 ranks exits 1 naming it (more such cases, on one
#    rank: tests/cli/bad_inputs_table.sh).
source "$(dirname "$0")/../support/cli_lib.sh" "$@"
SAME="/usr/bin/python3 $SRC/tests/cli/h5same.py"
cd "$WORK"
COMMON=(-mode cycle -da_grid_x 65 -train_batch 64 -cycle_max 4 -jacobi_record_stride 10
        -jacobi_check_stride 10 -spectrum_peaks 2 -quiet -checkpoint_interval 50
        -checkpoint_keep 1000)
# Accepted, rejected, accepted with twice the steps (120: a checkpoint at its step 100), ...
MIXED=(-dnn_widths 16,16 -train_lr 1e-2 -cycle_train_steps 60 -cycle_sweeps 200 -cycle_net fresh)
# Rejected, rejected, plain sweeps, rejected (a net that hardly learns: lr 1e-9).
PLAIN=(-dnn_widths 16,16 -train_lr 1e-9 -cycle_train_steps 40 -cycle_sweeps 100 -cycle_net warm)

# wheres DIR: "checkpoint<TAB>where it was taken" for each checkpoint of DIR/a.h5 (one python).
wheres() {
  /usr/bin/python3 -c "
import glob, sys, h5py
for f in sorted(glob.glob(sys.argv[1] + '/a.h5.ckpt.*.h5')):
    print(f, h5py.File(f)['state'].attrs['where'].decode(), sep='\t')" "$1"
}
accepted() { /usr/bin/python3 -c "import h5py, sys; print(*h5py.File(sys.argv[1])['cycle/history/accepted'][()])" "$1"; }

# restarts NP NAME WANT_ACCEPTED PATTERNS -- ARGS...
restarts() {
  local np=$1 d=$2 want=$3 patterns=(); shift 3
  while [ "$1" != "--" ]; do patterns+=("$1"); shift; done; shift
  mkdir "$d"
  "$MPIEXEC" -n "$np" "$FPSOLVE" "${COMMON[@]}" "$@" -output "$d/a.h5" || { fail "$d: run failed"; return; }
  # The paths the restarts must cover (- : any).
  [ "$want" = - ] || [ "$(accepted "$d/a.h5")" = "$want" ] ||
    fail "$d: accepted $(accepted "$d/a.h5"), want $want"
  local last; last=$(ls "$d"/a.h5.ckpt.*.h5 | tail -1); last=${last##*.ckpt.}
  wheres "$d" >"$d/wheres"
  local i=0
  for pattern in "${patterns[@]}"; do
    local ck; ck=$(grep -m1 -E -- $'\t'"$pattern" "$d/wheres" | cut -f1 || true)
    [ -n "$ck" ] || { fail "$d: no checkpoint in '$pattern'"; continue; }
    local at; at=$(grep -m1 -- "^$ck	" "$d/wheres" | cut -f2)
    i=$((i + 1))
    local out="$d/b$i.h5"
    "$MPIEXEC" -n "$np" "$FPSOLVE" "${COMMON[@]}" "$@" -output "$out" -restart "$ck" ||
      { fail "$d: restart from $ck ($at) failed"; continue; }
    $SAME "$d/a.h5" "$out" || fail "$d: run file after a restart in $at differs"
    $SAME "$d/a.h5.ckpt.$last" "$out.ckpt.$last" \
      --only blobs/trainer,fields/iterate,fields/cycle_best ||
      fail "$d: final net, iterate or best candidate after a restart in $at differ"
  done
}
restarts 1 np1 - "cycle 1, sweep 300" "cycle 2, training step 100" -- "${MIXED[@]}"
restarts 2 np2 "0 0 -1 0" "cycle 1, training step 50" "cycle 2, sweep 600" -- "${PLAIN[@]}"
# A changed cycle option on 2 ranks: exit 1, one line naming it, nothing at -output (the
# one-rank cases: tests/cli/bad_inputs_table.sh).
ck=$(ls np2/a.h5.ckpt.*.h5 | head -1)
rc=0
"$MPIEXEC" -n 2 "$FPSOLVE" "${COMMON[@]}" "${PLAIN[@]}" -cycle_net fresh -output np2/x.h5 \
  -restart "$ck" 2>np2/x.stderr || rc=$?
[ "$rc" -eq 1 ] || fail "np2: restart with another -cycle_net: exit $rc, want 1"
[ "$(grep -c '^fpsolve: error: .*made with -cycle_net warm, this run has -cycle_net fresh' \
  np2/x.stderr)" -eq 1 ] || fail "np2: restart with another -cycle_net: $(cat np2/x.stderr)"
[ ! -e np2/x.h5 ] && [ ! -e np2/x.h5.partial ] || fail "np2: a refused restart left a file"
# 2D; and -cycle_start net, restarted in the start guess's training (a checkpoint of hybrid
# mode's kind: its "where" is empty) and in the cycles after it.
restarts 1 np1_2d - "cycle 0, training" "cycle 1, sweep 300" -- "${MIXED[@]}" -cycle_max 2 \
  -problem_dim 2 -da_grid_x 33 -da_grid_y 25 -cycle_candidate_points 8
restarts 1 np1_start - "$" "cycle 0, training" -- "${MIXED[@]}" -cycle_max 2 \
  -cycle_start net -train_steps 100 -hybrid_switch step:100 -train_record_stride 20

# SIGTERM to one of two ranks once the first cycle is recorded. The run would go on for 1000
# cycles; the restart and the uninterrupted reference stop two cycles after the signal's
# (-cycle_max may change on restart).
SIG=(-mode cycle -da_grid_x 129 -dnn_widths 32,32 -train_batch 256 -train_lr 1e-2
     -cycle_train_steps 300 -cycle_sweeps 2000 -jacobi_record_stride 100 -jacobi_check_stride 100
     -spectrum_peaks 2)
"$MPIEXEC" -n 2 "$FPSOLVE" "${SIG[@]}" -cycle_max 1000 -output s.h5 -progress_interval 0.1 \
  >s.stdout 2>s.stderr &
mp=$!
end=$((SECONDS + 60))
while ((SECONDS < end)) && ! grep -q "cycle    0:" s.stdout 2>/dev/null; do sleep 0.05; done
target=$(pgrep -P $mp | sort -n | tail -1 || true)
t0=$(date +%s.%N)
[ -n "$target" ] && kill -TERM "$target"
rc=0; wait $mp || rc=$?
secs=$(echo "$(date +%s.%N) - $t0" | bc)
[ "$rc" -eq 3 ] || fail "signal: exit $rc, want 3: $(head -c 300 s.stderr)"
(( $(echo "$secs < 10" | bc) )) || fail "signal: took $secs s to stop"
grep -q "^fpsolve: stopped: SIGTERM in cycle [0-9]*, .*; last good checkpoint: .*s.h5.ckpt.*(cycle" \
  s.stderr || fail "signal: no stop line naming the cycle and the checkpoint: $(cat s.stderr)"
[ ! -e s.h5 ] || fail "signal: left a complete-looking s.h5"
stopped=$(grep -o "SIGTERM in cycle [0-9]*" s.stderr | awk '{print $4}')
K=$((${stopped:-0} + 2))
"$MPIEXEC" -n 2 "$FPSOLVE" "${SIG[@]}" -cycle_max $K -quiet -output s.h5 -restart auto ||
  fail "signal: restart failed"
"$MPIEXEC" -n 2 "$FPSOLVE" "${SIG[@]}" -cycle_max $K -quiet -output ref.h5 ||
  fail "signal: reference run failed"
$SAME ref.h5 s.h5 || fail "signal: stopped + restarted run differs from an uninterrupted one"
finish
