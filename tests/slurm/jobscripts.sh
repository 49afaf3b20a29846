#!/usr/bin/env bash
# The jobscripts on a real single-node SLURM (installed if missing, started on localhost):
#   1. jobscripts/fpsolve_single.sbatch (hybrid, 2 ranks) + fpsolve_postprocess.sbatch chained
#      with --dependency=afterok;
#   2. jobscripts/submit_sweep.sh: the switch sweep as a job array (jacobi, dnn, two hybrid
#      switches) + its chained postprocessing job;
#   3. jobscripts/fpsolve_long.sbatch with the real fpsolve: the pre-time-limit signal (sent
#      with scancel -b once the first checkpoint exists, so it lands in training), checkpoint
#      and exit 3, requeue, and the second start with -restart auto, which completes the run
#      (its run file holds every training step and says where it was restarted from);
#   4. jobscripts/submit_strong_scaling.sh: its site check refuses a missing Python before
#      submitting; then 2 nodes x 1 task runs P = 1, 2 (P = 2 across both nodes) and a
#      separate job draws the scaling figures.
# The cluster has two nodes (SLURM_LOCAL_NODES=2: two slurmd on this machine, a core each).
# Checks job states and exit codes (scontrol), logs, run files and figures; stops the daemons
# by PID on every exit. Usage: bash jobscripts.sh FPSOLVE_EXE SOURCE_DIR BINARY_DIR
set -euo pipefail

exe=$(realpath "$1")
src=$(realpath "$2")
work=$(realpath -m "$3/slurm_jobscripts")
py=/usr/bin/python3
deadline=$((SECONDS + ${SLURM_TEST_TIMEOUT:-180}))
# Tiny inputs: a few seconds per run.
tiny="-da_grid_x 65 -jacobi_record_stride 20 -ksp_max_it 3000 -dnn_widths 16,16 \
-dnn_precision double -train_steps 300 -train_batch 64 -train_lr 1e-3 -train_record_stride 20 \
-spectrum_modes 2,4,6 -quiet"

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
step() { echo "== $* ($((SECONDS))s)"; }

rm -rf "$work"
mkdir -p "$work"
cd "$work"

# --- fpsolve must have the modes the jobscripts run (fail clearly, never pass vacuously) ---
step "preflight: fpsolve modes"
[[ -x $exe ]] || fail "fpsolve executable $exe not found"
for mode in jacobi dnn hybrid; do
  # shellcheck disable=SC2086  # $tiny is a list of options
  if ! "$exe" $tiny -mode "$mode" -hybrid_switch step:100 -output "$work/preflight_$mode.h5" \
    >"$work/preflight_$mode.log" 2>&1; then
    fail "fpsolve -mode $mode does not run yet: $(grep -m1 -v '^ *$' "$work/preflight_$mode.log")"
  fi
done

# --- the local SLURM ------------------------------------------------------------------------
jobs_submitted=()
cleanup() {
  local rc=$?
  if ((${#jobs_submitted[@]})); then
    scancel "${jobs_submitted[@]}" 2>/dev/null || true
  fi
  bash "$src/scripts/slurm-local.sh" stop "$work/slurm" || true
  if ((rc != 0)); then
    echo "--- logs in $work:" >&2
    for f in "$work"/*.out; do
      [[ -f $f ]] && { echo "--- $f" >&2; tail -n 15 "$f" >&2; }
    done
    [[ -f $work/slurm/slurmctld.log ]] && tail -n 15 "$work/slurm/slurmctld.log" >&2
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step "start SLURM"
# Two nodes (two slurmd on this machine, a core each): jobs may span nodes as on a cluster.
SLURM_LOCAL_NODES=2 bash "$src/scripts/slurm-local.sh" start "$work/slurm"
export SLURM_CONF=$work/slurm/slurm.conf

# Everything the jobscripts read from the environment (sbatch exports it to the jobs).
export FPSOLVE_ROOT=$src FPSOLVE_EXE=$exe FPSOLVE_OPTS=$tiny FPSOLVE_OUTDIR=$work/runs
export FPPLOT_PYTHON=$py OMPI_MCA_mpi_yield_when_idle=1

submit() {  # submit ARGS...: sbatch --parsable, remember the id, print it
  local id
  id=$(sbatch --parsable "$@") || fail "sbatch $* was refused"
  id=${id%%;*}
  jobs_submitted+=("$id")
  echo "$id"
}

wait_jobs() {  # wait_jobs ID...: until squeue no longer lists them
  local ids
  ids=$(IFS=,; echo "$*")
  while [[ -n $(squeue -h -j "$ids" 2>/dev/null) ]]; do
    ((SECONDS < deadline)) || { squeue >&2; fail "jobs $ids still queued at the time limit"; }
    sleep 0.5
  done
}

job_field() {  # job_field ID FIELD: every value of FIELD= in scontrol show job (array: per task)
  scontrol show job "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"
}

expect_completed() {  # expect_completed ID NAME [TASKS]
  local states codes n=${3:-1}
  states=$(job_field "$1" JobState | sort | uniq -c | xargs)
  codes=$(job_field "$1" ExitCode | sort -u | xargs)
  [[ $states == "$n COMPLETED" && $codes == 0:0 ]] ||
    fail "$2 (job $1): states '$states', exit codes '$codes' (want $n COMPLETED, 0:0)"
  echo "ok: $2 (job $1): $states"
}

# --- 1. single run + chained postprocessing -------------------------------------------------
step "submit single run and its postprocessing"
single=$(FPSOLVE_OUTPUT=$work/runs/single.h5 submit --nodes=2 --ntasks=2 \
  "$src/jobscripts/fpsolve_single.sbatch" -mode hybrid -hybrid_switch step:100)
post1=$(FPPLOT_OUTDIR=$work/figs_single submit --dependency=afterok:"$single" \
  --kill-on-invalid-dep=yes "$src/jobscripts/fpsolve_postprocess.sbatch" "$work/runs/single.h5")

# --- 2. switch sweep as a job array + chained postprocessing --------------------------------
step "submit the sweep array"
read -r array post2 < <(FPSOLVE_SWITCHES="jacobi dnn step:100 step:200" \
  FPPLOT_OUTDIR=$work/figs_sweep bash "$src/jobscripts/submit_sweep.sh")
[[ $array =~ ^[0-9]+$ && $post2 =~ ^[0-9]+$ ]] || fail "submit_sweep.sh printed '$array $post2'"
jobs_submitted+=("$array" "$post2")

# --- 4. strong scaling: nodes x tasks per node, runs and figures as separate jobs ----------
# The local cluster has two nodes of one core: the shape is 2 nodes x 1 task.
step "site check: a bad figures Python stops the submission before any job"
before=$(squeue -h | wc -l)
rc=0
FPPLOT_PYTHON=$work/no-such-python FPSOLVE_NODES=2 FPSOLVE_TASKS_PER_NODE=1 \
  bash "$src/jobscripts/submit_strong_scaling.sh" -mode jacobi >site.out 2>&1 || rc=$?
((rc == 1)) && grep -q "site check failed: .*no-such-python" site.out ||
  fail "submit_strong_scaling.sh with a bad FPPLOT_PYTHON: exit $rc: $(cat site.out)"
(($(squeue -h | wc -l) == before)) || fail "a job was submitted despite the failed site check"
step "submit strong scaling (2 nodes x 1 task)"
read -r strong post3 < <(FPSOLVE_NODES=2 FPSOLVE_TASKS_PER_NODE=1 \
  FPPLOT_OUTDIR=$work/figs_strong bash "$src/jobscripts/submit_strong_scaling.sh" -mode jacobi)
[[ $strong =~ ^[0-9]+$ && $post3 =~ ^[0-9]+$ ]] || fail "submit_strong_scaling.sh printed '$strong $post3'"
jobs_submitted+=("$strong" "$post3")

# --- 3. time-limit signal, checkpoint, requeue, restart ------------------------------------
step "submit the long (requeue) job"
# Long enough to be in training when the signal comes (the first checkpoint is the cue), short
# enough to finish after the requeue.
long_steps=200000
long_opts="-mode hybrid -da_grid_x 65 -dnn_widths 16,16 -dnn_precision double -train_batch 64 \
-train_lr 1e-3 -train_steps $long_steps -hybrid_switch step:$long_steps -train_record_stride 1000 \
-jacobi_record_stride 20 -ksp_max_it 3000 -spectrum_modes 2,4,6 -checkpoint_interval 500 -quiet"
long=$(FPSOLVE_OPTS=$long_opts FPSOLVE_OUTPUT=$work/runs/long.h5 submit --ntasks=1 \
  "$src/jobscripts/fpsolve_long.sbatch")

# The single run and the array occupy both cores first; wait for the long job to run.
while [[ $(squeue -h -j "$long" -o %T) != RUNNING ]]; do
  ((SECONDS < deadline)) || fail "long job $long never started"
  sleep 0.3
done
# Any checkpoint (older ones are pruned as new ones come).
while ! compgen -G "$work/runs/long.h5.ckpt.*.h5" >/dev/null; do
  ((SECONDS < deadline)) || fail "long job $long: no first checkpoint"
  [[ ! -e $work/runs/long.h5 ]] || fail "long job $long finished before the signal"
  sleep 0.1
done
step "signal the long job as SLURM does before its time limit"
scancel --batch --signal=USR1 "$long"
# A requeued job waits ~2 minutes (BeginTime) before it may start again: release it early,
# but not within the second of the requeue: slurmd refuses a credential created in the same
# second as the revoked one ("Job credential revoked") and the job would fail.
while [[ $(job_field "$long" Restarts) == 0 || $(squeue -h -j "$long" -o %T) != PENDING ]]; do
  ((SECONDS < deadline)) || fail "long job $long was not requeued"
  sleep 0.3
done
sleep 2
scontrol update JobId="$long" StartTime=now

step "wait for all jobs"
wait_jobs "$single" "$post1" "$array" "$post2" "$long" "$strong" "$post3"

# --- checks ---------------------------------------------------------------------------------
step "check states, logs, run files and figures"
expect_completed "$single" "single run"
expect_completed "$post1" "single-run postprocessing"
expect_completed "$array" "sweep array" 4
expect_completed "$post2" "sweep postprocessing"
expect_completed "$long" "long run after requeue"
expect_completed "$strong" "strong scaling runs"
expect_completed "$post3" "strong scaling figures"
[[ $(job_field "$strong" NumNodes) == 2 && $(job_field "$strong" NumTasks) == 2 ]] ||
  fail "strong job shape: $(job_field "$strong" NumNodes) nodes, $(job_field "$strong" NumTasks) tasks"
grep -q "strong scaling on 2 node(s) x 1 ranks, P = 1 2" "fpsolve-strong_$strong.out" ||
  fail "strong-scaling log: $(head -3 "fpsolve-strong_$strong.out")"
for p in 1 2; do [[ -s runs/strong_${strong}_P$p.h5 ]] || fail "strong scaling: no run file for P=$p"; done
[[ $(job_field "$long" Restarts) == 1 ]] || fail "long job: Restarts=$(job_field "$long" Restarts)"

grep -q "2 MPI ranks" "fpsolve_$single.out" || fail "single-run log does not print '2 MPI ranks'"
grep -q "array task 3 (step:200), 1 MPI ranks" "fpsolve-sweep_${array}_3.out" ||
  fail "sweep task 3 log does not name its switch and rank count"
grep -q "requeueing" "fpsolve-long_$long.out" || fail "long-job log does not show the requeue"
grep -q "piece 2" "fpsolve-long_$long.out" || fail "long-job log does not show the second piece"
grep -q "fpsolve: stopped: SIGUSR1 at training step" "fpsolve-long_$long.out" ||
  fail "long-job log does not show fpsolve's checkpointed stop"
"$py" - "$work/runs/long.h5" "$long_steps" <<'EOF' || fail "long job: run file after the restart"
import sys
import h5py
import numpy as np

with h5py.File(sys.argv[1], "r") as f:
    steps = f["/train/history/step"][()]
    assert np.array_equal(steps, np.arange(int(sys.argv[2]))), "training steps not 0..N-1 once each"
    assert "restarted_from" in f.attrs, "no restarted_from attribute"
    assert f["/solve/history/iteration"].size > 0, "no KSP history"
    print(f"ok: long run: {steps.size} steps across the requeue, restarted from {f.attrs['restarted_from']}")
EOF

"$py" - "$work/runs/single.h5" "$work/runs/sweep_${array}"_00{0,1,2,3}.h5 <<'EOF' ||
import sys
import h5py

want = {0: ("hybrid", 2), 1: ("jacobi", 1), 2: ("dnn", 1), 3: ("hybrid", 1), 4: ("hybrid", 1)}
for i, path in enumerate(sys.argv[1:]):
    mode, ranks = want[i]
    with h5py.File(path, "r") as f:
        got = (f.attrs["mode"], int(f.attrs["mpi_ranks"]))
        got = (got[0].decode() if isinstance(got[0], bytes) else got[0], got[1])
        assert got == (mode, ranks), f"{path}: mode/ranks {got}, want {(mode, ranks)}"
        grp = "/train/record" if mode == "dnn" else "/solve/history"
        err = f[grp + "/max_error"][()]
        assert err.size >= 2 and err[-1] < err[0], f"{path}: {grp}/max_error does not fall"
        if mode == "hybrid":
            assert f["/train/history/step"].size >= 100, f"{path}: no training history"
    print(f"ok: {path}: mode {mode}, {ranks} rank(s), max error {err[0]:.3g} -> {err[-1]:.3g}")
EOF
  fail "run files are not what the jobs were asked for"

figs=(figs_single/single_error_time.png figs_single/single_fprinciple.png
  figs_sweep/error_time.png figs_strong/scaling_time.png)
for f in "${figs[@]}"; do [[ -f $f ]] || fail "figure $f missing"; done
"$py" "$src/tests/post/figcheck.py" figs_single/*.png figs_sweep/*.png figs_strong/*.png ||
  fail "figures are not valid non-blank PNGs"
step "all SLURM jobscript checks passed"
echo "1 passed, 0 failed"
