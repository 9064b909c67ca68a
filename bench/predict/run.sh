#!/usr/bin/env bash
# Side-by-side benchmark: carewell-predict (Rust, release) vs lifetimes (Python).
# Usage: bench/predict/run.sh [OUT_DIR] [SIZES] [PNBD_MAX]
#   defaults: bench-out/predict 10000,100000,1000000 100000
# Needs bench/predict/setup_peer.sh to have been run once.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:-$root/bench-out/predict}"
sizes="${2:-10000,100000,1000000}"
pnbd_max="${3:-100000}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
mkdir -p "$out"
cd "$root"
cargo run --release -q -p carewell-predict --bin predict-bench -- "$out" "$sizes"
"$here/.venv/bin/python" "$here/peer.py" "$out" "$sizes" "$pnbd_max"
echo
python3 "$here/table.py" "$out"
