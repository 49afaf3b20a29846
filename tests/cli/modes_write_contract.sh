# Every mode writes the datasets and attributes of docs/output-format.md (read back with h5py),
# on 2 ranks.
source "$(dirname "$0")/../support/cli_lib.sh" "$@"
common=(-da_grid_x 201 -dnn_widths 16,16 -train_steps 40 -train_record_stride 10 -train_batch 64
  -jacobi_record_stride 50 -ksp_max_it 400 -quiet)
for mode in jacobi dnn hybrid sweep fit; do
  extra=()
  case $mode in
    hybrid) extra=(-hybrid_switch step:20) ;;
    sweep) extra=(-sweep_switch_steps 0,20,40) ;;
  esac
  "$MPIEXEC" -n 2 "$FPSOLVE" -mode "$mode" "${common[@]}" "${extra[@]}" -output "$WORK/$mode.h5" ||
    fail "$mode exited $?"
done
/usr/bin/python3 - "$WORK" <<'PY'
import sys, h5py
work = sys.argv[1]
need = {
  "all": ["/grid/x", "/problem/rhs", "/problem/exact", "/solution/u", "/spectrum/modes"],
  "train": ["/train/history/step", "/train/history/time", "/train/history/loss",
            "/train/record/step", "/train/record/time", "/train/record/max_error",
            "/spectrum/train/peak_error", "/spectrum/train/error_spectrum"],
  "solve": ["/solve/history/iteration", "/solve/history/time", "/solve/history/residual",
            "/solve/history/max_error", "/spectrum/solve/peak_error", "/spectrum/solve/error_spectrum"],
}
plan = {"jacobi": ["all", "solve"], "dnn": ["all", "train"], "hybrid": ["all", "train", "solve"],
        "sweep": ["all", "train"], "fit": ["all", "train"]}
bad = []
for mode, groups in plan.items():
    f = h5py.File(f"{work}/{mode}.h5", "r")
    for a in ("fpsolve_version", "git_commit", "petsc_version", "mpi_ranks", "created", "options", "mode"):
        if a not in f.attrs: bad.append(f"{mode}: attribute {a}")
    if f.attrs["mode"] not in (mode, mode.encode()): bad.append(f"{mode}: mode attribute")
    for g in groups:
        for d in need[g]:
            if d not in f: bad.append(f"{mode}: {d}")
    if "/train/history/step" in f:
        if len(f["/train/history/step"]) != 40 and mode != "hybrid": bad.append(f"{mode}: history length")
        if len(f["/spectrum/train/peak_error"]) != len(f["/train/record/step"]): bad.append(f"{mode}: peak rows")
    if mode == "sweep":
        members = sorted(f["/sweep"])
        if members != ["000", "001", "002"]: bad.append(f"sweep members {members}")
        for k in members:
            g = f["/sweep/" + k]
            for d in ("solve/history/iteration", "solve/history/time", "solve/history/residual",
                      "solve/history/max_error", "spectrum/solve/peak_error"):
                if d not in g: bad.append(f"sweep {k}: {d}")
            if "switch_step" not in g.attrs or "switch_time" not in g.attrs: bad.append(f"sweep {k} attrs")
        t = f["/sweep/002/solve/history/time"][:]
        if not t[0] >= f["/sweep/002"].attrs["switch_time"]: bad.append("sweep member time offset")
print("\n".join(bad) or "all datasets present")
sys.exit(1 if bad else 0)
PY
finish
