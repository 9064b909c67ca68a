#!/usr/bin/env bash
# Time `carewell-predict classify` (5x5 stratified CV, release build) against the
# scikit-learn peer (classify_sklearn.py) on the Telco churn table and on synthetic tables.
# usage: bench/predict/classify.sh OUT_DIR [SIZES]   (default SIZES 100000)
# Needs python3 with scikit-learn and pandas (PYTHON=... to choose the interpreter;
# SKIP_SKLEARN=1 times carewell only) and GNU time at /usr/bin/time.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: classify.sh OUT_DIR [SIZES]}
sizes=${2:-100000}
py=${PYTHON:-python3}
mkdir -p "$out"
(cd "$here/../.." && cargo build --release -q -p carewell-predict --bin carewell-predict)
bin=${CARGO_TARGET_DIR:-$here/../../target}/release/carewell-predict
telco=$("$here/fetch_telco.sh" "$out")
run() { # name file target id
  local best="" rss="" t
  for threads in 2 1; do
    for _ in 1 2 3; do
      t=$( { RAYON_NUM_THREADS=$threads /usr/bin/time -f '%e %M' "$bin" classify --input "$2" --target "$3" --id "$4" --json \
        > "$out/$1.carewell.json"; } 2>&1 | tail -1)
      if [ -z "$best" ] || [ "$(echo "${t% *} < $best" | bc)" = 1 ]; then best=${t% *}; rss=${t#* }; fi
    done
    printf '%s carewell (%s threads, best of 3, whole process): %s s, peak RSS %s KiB, AUC %s\n' "$1" "$threads" "$best" "$rss" \
      "$("$py" -c 'import json,sys; d=json.load(open(sys.argv[1])); print("%.4f ± %.4f" % (d["auc_mean"], d["auc_std"]))' "$out/$1.carewell.json")"
    best=""
  done
  if [ -z "${SKIP_SKLEARN:-}" ]; then
    "$py" "$here/classify_sklearn.py" "$2" "$3" "$4" 0 > "$out/$1.sklearn.json"
    printf '%s sklearn (n_jobs=1): %s\n' "$1" "$(cat "$out/$1.sklearn.json")"
  fi
}
run telco "$telco" Churn customerID
for n in ${sizes//,/ }; do
  [ -f "$out/synth_$n.csv" ] || "$py" "$here/classify_synth.py" "$n" "$out/synth_$n.csv" 1
  run "synth_$n" "$out/synth_$n.csv" churn id
done
