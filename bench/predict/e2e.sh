#!/usr/bin/env bash
# End to end from the file, side by side with lifetimes (crates/predict/BENCHMARKS.md):
#   carewell-predict: the CLI as a whole process (farm-bench, median of RUNS; start-up,
#                     reading, parsing, compression, fit and output included);
#   lifetimes:        in process (peer_e2e.py, median of 3; interpreter start-up and imports
#                     NOT included, which favours the peer).
# Usage: bench/predict/e2e.sh [OUT_DIR] [RUNS]   (OUT_DIR holds predict-bench's files; made if missing)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:-$root/bench-out/predict}"
runs="${2:-5}"
target="${CARGO_TARGET_DIR:-$root/target}"
cd "$root"
cargo build --release -q -p carewell-predict --bins
bin="$target/release/carewell-predict"
bench="$target/release/predict-bench"
[ -f "$out/bgnbd_1000000.csv" ] && [ -f "$out/log_1m.csv" ] || "$bench" "$out" 1000000 >/dev/null
median() { farm-bench -n "$runs" -- "$@" 2>&1 | awk -v what="$1" '/wall s/ {w=$4} /peak MiB/ {p=$4} END {printf "%s %s\n", w, p}'; }
py="$here/.venv/bin/python"

read -r fit_s fit_mib < <(median "$bin" fit --model bgnbd --input "$out/bgnbd_1000000.csv" --json)
peer_fit=$("$py" "$here/peer_e2e.py" fit "$out/bgnbd_1000000.csv" 3 | python3 -c 'import json,sys; print(json.load(sys.stdin)["median_s"])')
read_best=$("$bench" read "$out/bgnbd_1000000.csv" 7 | sed -E 's/.*: ([0-9.]+) s = ([0-9]+) MB\/s/\1 \2/')
peer_read=$("$py" "$here/peer_e2e.py" read "$out/bgnbd_1000000.csv" 3 | python3 -c 'import json,sys; print(json.load(sys.stdin)["median_s"])')
log_best=$("$bench" log "$out/log_1m.csv" 5 | sed -E 's/.*: ([0-9.]+) s = ([0-9]+) MB\/s/\1 \2/')
peer_log=$("$py" "$here/peer_e2e.py" log "$out/log_1m.csv" 3 | python3 -c 'import json,sys; print(json.load(sys.stdin)["median_s"])')
# 1 GB of garbage: refused at its first line without reading it all.
[ -f "$out/garbage_1g.bin" ] || head -c 1000000000 /dev/urandom > "$out/garbage_1g.bin"
read -r junk_s junk_mib < <(median "$bin" fit --model bgnbd --format log --input "$out/garbage_1g.bin")

python3 - "$fit_s" "$fit_mib" "$peer_fit" $read_best "$peer_read" $log_best "$peer_log" "$junk_s" "$junk_mib" <<'PY'
import sys
a = sys.argv[1:]
fit_s, fit_mib, peer_fit, read_s, read_mbs, peer_read, log_s, log_mbs, peer_log, junk_s, junk_mib = a
f = float
print("| step (1,000,000 customers) | carewell-predict | lifetimes / pandas | ratio |")
print("|---|---:|---:|---:|")
print(f"| BG/NBD fit end to end from the 28 MB summary CSV | {f(fit_s):.3f} s (whole process, peak {f(fit_mib):.0f} MiB) | {f(peer_fit):.2f} s (read_csv + fit) | {f(peer_fit)/f(fit_s):.0f}× |")
print(f"| read the summary CSV into per-customer columns (in process, best of 7) | {f(read_s):.4f} s = {read_mbs} MB/s | {f(peer_read):.3f} s (read_csv) | {f(peer_read)/f(read_s):.0f}× |")
print(f"| transaction log → summary (97.8 MB, 3.56 M lines; in process, best of 5, file read included) | {f(log_s):.3f} s = {log_mbs} MB/s | {f(peer_log):.2f} s (read_csv + summary_data_from_transaction_data) | {f(peer_log)/f(log_s):.0f}× |")
print(f"| `fit --format log` on 1 GB of random bytes: refused at line 1 | {f(junk_s):.3f} s (peak {f(junk_mib):.0f} MiB) | | |")
PY
