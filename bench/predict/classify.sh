#!/usr/bin/env bash
# Time `carewell-predict classify` (5x5 stratified CV, release build) against the
# scikit-learn peer (classify_sklearn.py) on the Telco churn table and on synthetic tables.
# usage: bench/predict/classify.sh OUT_DIR [SIZES]   (default SIZES 100000)
# Needs python3 with scikit-learn and pandas (PYTHON=... to choose the interpreter).
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
  local t0 t1
  t0=$(date +%s.%N)
  "$bin" classify --input "$2" --target "$3" --id "$4" --json > "$out/$1.carewell.json"
  t1=$(date +%s.%N)
  printf '%s carewell: %s s, AUC %s\n' "$1" "$(echo "$t1 - $t0" | bc)" \
    "$("$py" -c 'import json,sys; d=json.load(open(sys.argv[1])); print("%.4f ± %.4f" % (d["auc_mean"], d["auc_std"]))' "$out/$1.carewell.json")"
  "$py" "$here/classify_sklearn.py" "$2" "$3" "$4" 0 > "$out/$1.sklearn.json"
  printf '%s sklearn:  %s\n' "$1" "$(cat "$out/$1.sklearn.json")"
}
run telco "$telco" Churn customerID
for n in ${sizes//,/ }; do
  [ -f "$out/synth_$n.csv" ] || "$py" "$here/classify_synth.py" "$n" "$out/synth_$n.csv" 1
  run "synth_$n" "$out/synth_$n.csv" churn id
done
