#!/usr/bin/env bash
# Stands in for fpsolve in the requeue test of jobscripts/fpsolve_long.sbatch, for as long as
# fpsolve has no `-restart` (robustness issue): without -restart it runs until SIGUSR1 or
# SIGTERM, then writes OUTPUT.ckpt and exits 3 (fpsolve's "checkpointed" code); with
# `-restart auto` it needs OUTPUT.ckpt, writes OUTPUT and exits 0.
set -euo pipefail
out="" restart=""
while (($#)); do
  case $1 in
    -output) out=$2; shift ;;
    -restart) restart=$2; shift ;;
    -version) echo "fake_fpsolve"; exit 0 ;;  # the jobscripts' site check
  esac
  shift
done
[[ -n $out ]] || { echo "fake_fpsolve: no -output" >&2; exit 1; }
if [[ -n $restart ]]; then
  [[ -f $out.ckpt ]] || { echo "fake_fpsolve: -restart $restart: no checkpoint" >&2; exit 1; }
  echo "restarted from $(cat "$out.ckpt")" >"$out"
  exit 0
fi
trap 'echo "checkpoint $(date +%s)" >"$out.ckpt"; exit 3' USR1 TERM
echo started >"$out.started"
# The signal may reach the whole process group: a `sleep` killed by it must not end the
# script (set -e) before the trap has run.
set +e
for ((i = 0; i < 600; i++)); do sleep 0.1; done
echo "fake_fpsolve: no signal within 60 s" >&2
exit 1
