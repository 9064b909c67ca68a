#!/usr/bin/env bash
# Scoring-run benchmark (issue 16): a whole `carewell predict run` — read the transactions,
# build the summaries, fit BG/NBD + Gamma-Gamma (and the holdout fit), score, write every
# customer's prediction — at 1,000,000 customers and ~10,000,000 transactions, on SQLite and on
# PostgreSQL; beside it the Python peer (pandas + lifetimes) on the same transactions, and the
# customer page's latency while a run executes beside `carewell serve`.
#
#   bench/retention/run.sh [build|seed|run|peer|load|all]     (default: all)
#
# Seeding reuses bench/api/run.sh's seed phase (customers through `carewell import customers`,
# a staff user, complaints through the API) with API_BENCH_TX=0, then adds a BTYD-like purchase
# log (bench/retention/btyd.py: BG/NBD rates and dropout, Gamma-Gamma spend, 3 years) by SQL.
# Seeded databases are kept in RET_BENCH_DIR (default $CARGO_TARGET_DIR or target, then
# /retention-bench) and in the PostgreSQL database RET_BENCH_PG_DB (carewell_bench_ret, dropped
# and recreated by seeding: never point it at a database you keep); a marker file there says an
# engine is seeded. `clean` drops the PostgreSQL database and removes RET_BENCH_DIR.
#
# Settings (environment): RET_BENCH_ROWS (customers, 1000000), RET_BENCH_DAYS (days of
# purchases, 1095, ending RET_BENCH_END = 2026-11-30, also the runs' calibration end),
# RET_BENCH_ENGINES ("sqlite postgres"), RET_BENCH_RUNS (CLI runs per engine, 2: the first
# writes every prediction and moves the high band to at-risk, the next is the everyday run),
# RET_BENCH_PG (postgres://postgres@127.0.0.1:5432), RET_BENCH_PORT (18090), RET_BENCH_IDLE_SECS
# (30), CARGO (cargo; "flock /tmp/cargo.lock cargo" on a shared machine), PYTHON (the peer's
# interpreter: bench/predict/.venv/bin/python, made by bench/predict/setup_peer.sh).
# Needs curl, sqlite3, psql, /usr/bin/time and python3.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
DIR=${RET_BENCH_DIR:-$TARGET/retention-bench}
ROWS=${RET_BENCH_ROWS:-1000000}
DAYS=${RET_BENCH_DAYS:-1095}
END=${RET_BENCH_END:-2026-11-30}
ENGINES=${RET_BENCH_ENGINES:-sqlite postgres}
RUNS=${RET_BENCH_RUNS:-2}
PG=${RET_BENCH_PG:-postgres://postgres@127.0.0.1:5432}
PG_DB=${RET_BENCH_PG_DB:-carewell_bench_ret}
PORT=${RET_BENCH_PORT:-18090}
PY=${PYTHON:-$ROOT/bench/predict/.venv/bin/python}
BIN=$TARGET/release/carewell
# bench/api's staff user (an agent: reads customer pages).
EMAIL=bench@example.com
PASSWORD=bench-password-1234
SQLITE_DB=$DIR/bench-$ROWS.db
RESULTS=$DIR/results.md
LOG_CSV=$DIR/btyd-$ROWS-$DAYS.csv
mkdir -p "$DIR"

log() { printf '\n== %s (%s)\n' "$*" "$(date -u +%H:%M:%S)" >&2; }

# bench/api/run.sh on this benchmark's databases, without its transactions.
api() {
    env API_BENCH_DIR="$DIR" API_BENCH_ROWS="$ROWS" API_BENCH_TX=0 API_BENCH_PG="$PG" \
        API_BENCH_PG_DB="$PG_DB" API_BENCH_PORT="$PORT" "$@"
}

db_url() {
    case $1 in
        sqlite) echo "$SQLITE_DB" ;;
        postgres) echo "$PG/$PG_DB" ;;
    esac
}

scalar() {
    case $1 in
        sqlite) sqlite3 "$SQLITE_DB" "$2" ;;
        postgres) psql -X -At "$PG/$PG_DB" -c "$2" ;;
    esac
}

build() {
    api API_BENCH_ENGINES="" bench/api/run.sh build
    [ -x "$PY" ] || bench/predict/setup_peer.sh
}

# The purchase log: `n` is the customer's position in import order (SQLite rowid; on
# PostgreSQL the row number by id, the same order: the import's v7 ids ascend with it).
seed_purchases() {
    local engine=$1
    if [ ! -s "$LOG_CSV" ]; then
        log "BTYD purchase log ($ROWS customers, $DAYS days)"
        "$PY" bench/retention/btyd.py "$ROWS" "$DAYS" "$LOG_CSV.tmp" | tee "$DIR/btyd.json"
        mv "$LOG_CSV.tmp" "$LOG_CSV"
    fi
    log "$engine: purchases from $LOG_CSV"
    local t0=$SECONDS
    case $engine in
        sqlite)
            sqlite3 -bail "$SQLITE_DB" <<SQL
PRAGMA cache_size = -1000000;
PRAGMA synchronous = OFF;
DROP TABLE IF EXISTS bench_btyd;
CREATE TABLE bench_btyd (n INTEGER, day INTEGER, second INTEGER, amount_minor INTEGER);
.import --csv --skip 1 $LOG_CSV bench_btyd
BEGIN;
INSERT INTO transactions (id, customer_id, external_ref, amount_minor, currency, occurred_at, description)
SELECT printf('00000000-0000-7000-8000-%012d', b.rowid), c.id, NULL, b.amount_minor, 'EUR',
       strftime('%Y-%m-%dT%H:%M:%S', '$END', '-' || b.day || ' days', '+' || b.second || ' seconds') || '.000000Z',
       'Order ' || b.rowid
  FROM bench_btyd b JOIN customers c ON c.rowid = b.n
 ORDER BY b.rowid;
COMMIT;
DROP TABLE bench_btyd;
SQL
            sqlite3 "$SQLITE_DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
            ;;
        postgres)
            psql -X -q -v ON_ERROR_STOP=1 "$PG/$PG_DB" <<SQL
SET maintenance_work_mem = '512MB';
DROP TABLE IF EXISTS bench_btyd;
-- The row trigger keeping customers.value_minor (queues) would update a customer per purchase
-- (10,000,000 updates, most of an hour): off for the load, then the same values set-based.
ALTER TABLE transactions DISABLE TRIGGER queue_value;
CREATE UNLOGGED TABLE bench_btyd (n bigint, day int, second int, amount_minor bigint);
\copy bench_btyd FROM '$LOG_CSV' CSV HEADER
INSERT INTO transactions (id, customer_id, external_ref, amount_minor, currency, occurred_at, description)
SELECT '00000000-0000-7000-8000-' || lpad(b.i::text, 12, '0'), c.id, NULL, b.amount_minor, 'EUR',
       to_char(timestamp '$END' - b.day * interval '1 day' + b.second * interval '1 second',
                'YYYY-MM-DD"T"HH24:MI:SS".000000Z"'),
       'Order ' || b.i
  FROM (SELECT *, row_number() OVER () AS i FROM bench_btyd) b
  JOIN (SELECT id, row_number() OVER (ORDER BY id) AS n FROM customers) c ON c.n = b.n
 ORDER BY b.i;
ALTER TABLE transactions ENABLE TRIGGER queue_value;
UPDATE customers c SET value_minor = v.total, value_currency = v.currency
  FROM (SELECT DISTINCT ON (customer_id) customer_id, currency, SUM(amount_minor) AS total
          FROM transactions GROUP BY customer_id, currency
         ORDER BY customer_id, SUM(amount_minor) DESC, currency) v
 WHERE c.id = v.customer_id;
DROP TABLE bench_btyd;
VACUUM ANALYZE;
SQL
            ;;
    esac
    echo "purchases: $((SECONDS - t0)) s" >>"$DIR/$engine-seed.log"
}

seed() {
    local engine=$1
    if [ -e "$DIR/$engine-$ROWS-$DAYS.ret-seeded" ]; then
        log "$engine: seeded database present"
        return 0
    fi
    # bench/api's part (customers, user, complaints; its marker says it is done), then ours.
    api API_BENCH_ENGINES="$engine" bench/api/run.sh seed
    [ "$(scalar "$engine" "SELECT COUNT(*) FROM transactions")" = 0 ] ||
        { echo "$engine: transactions present but not marked seeded: remove $DIR/$engine-$ROWS.seeded to seed again" >&2; return 1; }
    seed_purchases "$engine"
    scalar "$engine" "SELECT (SELECT COUNT(*) FROM customers) || ' customers, ' || (SELECT COUNT(*) FROM transactions) || ' transactions, ' || (SELECT COUNT(DISTINCT customer_id) FROM transactions) || ' buyers'" |
        tee -a "$DIR/$engine-seed.log"
    touch "$DIR/$engine-$ROWS-$DAYS.ret-seeded"
}

# `carewell predict run` as a whole process under /usr/bin/time -v: wall time and peak RSS,
# the run's duration_ms and its phases (the `prediction run phases` log line).
run_cli() {
    local engine=$1 i out
    for i in $(seq 1 "$RUNS"); do
        out=$DIR/run-$engine-$i
        log "$engine: carewell predict run --holdout-days 90 (run $i of $RUNS)"
        local load
        load=$(cut -d' ' -f1 /proc/loadavg)
        RUST_LOG=info,sqlx=warn /usr/bin/time -v "$BIN" --database "$(db_url "$engine")" predict run \
            --holdout-days 90 --calibration-end "$END" >"$out.json" 2>"$out.log"
        python3 - "$engine" "$i" "$out.json" "$out.log" "$load" <<'PY' | tee -a "$RESULTS"
import json, re, sys
engine, i, js, lg, load = sys.argv[1:6]
run = json.load(open(js))
text = open(lg).read()
ph = {k: int(v) for k, v in re.findall(r"\b(read_ms|fit_ms|signals_ms|write_ms|score_write_ms)=(\d+)", text)}
wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", text)
wall_s = (int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))) if wall else float("nan")
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1)) / 1024
p = run.get("params") or {}
s = lambda k: ph.get(k, float("nan")) / 1000
print(f"| {engine} | {i} | {s('read_ms'):.1f} | {s('fit_ms'):.1f} | {s('signals_ms'):.1f} | {s('write_ms'):.1f} | "
      f"{s('score_write_ms'):.1f} | {run.get('duration_ms', 0) / 1000:.1f} | {wall_s:.1f} | {rss:.0f} | "
      f"{run.get('customers')} | {run.get('scored')} | r={p.get('r', 0):.4g} α={p.get('alpha', 0):.4g} a={p.get('a', 0):.4g} b={p.get('b', 0):.4g} | {load} |")
PY
    done
}

peer() {
    local csv=$DIR/transactions-$ROWS-$DAYS.csv engine
    engine=${ENGINES%% *}
    if [ ! -s "$csv" ]; then
        log "export the $engine transactions to CSV"
        case $engine in
            sqlite) sqlite3 -csv -header "$SQLITE_DB" \
                "SELECT customer_id, occurred_at, amount_minor FROM transactions WHERE amount_minor >= 0" >"$csv.tmp" ;;
            postgres) psql -X -q "$PG/$PG_DB" -c "\\copy (SELECT customer_id, occurred_at, amount_minor FROM transactions WHERE amount_minor >= 0) TO '$csv.tmp' CSV HEADER" ;;
        esac
        mv "$csv.tmp" "$csv"
    fi
    log "Python peer (pandas + lifetimes) on $csv"
    /usr/bin/time -v "$PY" bench/retention/peer.py "$csv" "$END" "$DIR/peer-out.csv" \
        >"$DIR/peer.json" 2>"$DIR/peer.log"
    python3 - "$DIR/peer.json" "$DIR/peer.log" <<'PY' | tee -a "$RESULTS"
import json, re, sys
r = json.load(open(sys.argv[1]))
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(sys.argv[2]).read()).group(1)) / 1024
t = r["seconds"]
print("| peer | " + " | ".join(f"{k} {v:.1f}" for k, v in t.items()) + f" | total {r['total_s']:.1f} s | peak {rss:.0f} MiB | "
      f"{r['customers']} customers, {r['rows']} rows | " + json.dumps(r["bgnbd"]) + " |")
PY
}

SERVER_PID=
stop_server() {
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=
    fi
}
trap stop_server EXIT

# The customer page's latency idle, then while a run executes. `carewell serve` without its job
# worker serves the pages, the run is `carewell predict run` in a second process (`run_now`, what
# the `predictions.run` job calls) on the same database: a worker started on the seeded database
# first runs the periodic jobs' start-up work over 1,000,000 customers (health, client fit,
# cadence), which holds SQLite's write lock for minutes and would be measured instead.
load() {
    local engine=$1 url stop=$DIR/latency.stop
    url=$(db_url "$engine")
    log "$engine: carewell serve (no worker) on 127.0.0.1:$PORT"
    CAREWELL_RUN_WORKER=false RUST_LOG=info,sqlx=warn "$BIN" --database "$url" serve --bind "127.0.0.1:$PORT" >"$DIR/$engine-serve.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 600); do
        curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$DIR/$engine-serve.log"; return 1; }
        sleep 0.2
    done
    local base=http://127.0.0.1:$PORT idle during
    log "$engine: customer page, idle, ${RET_BENCH_IDLE_SECS:-30} s"
    rm -f "$stop"
    idle=$("$PY" bench/retention/latency.py "$base" "$EMAIL" "$PASSWORD" "$DIR/$engine.ids" "$stop" "${RET_BENCH_IDLE_SECS:-30}")
    log "$engine: customer page while carewell predict run executes"
    "$PY" bench/retention/latency.py "$base" "$EMAIL" "$PASSWORD" "$DIR/$engine.ids" "$stop" 3600 >"$DIR/$engine-during.json" &
    local client=$! t0=$SECONDS status=done
    RUST_LOG=info,sqlx=warn "$BIN" --database "$url" predict run --holdout-days 90 --calibration-end "$END" \
        >"$DIR/$engine-load-run.json" 2>"$DIR/$engine-load-run.log" || status=failed
    touch "$stop"
    wait "$client"
    during=$(cat "$DIR/$engine-during.json")
    stop_server
    python3 - "$engine" "$idle" "$during" "$status" "$((SECONDS - t0))" <<'PY' | tee -a "$RESULTS"
import json, sys
e, idle, during, status, secs = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3]), sys.argv[4], sys.argv[5]
f = lambda d: f"{d['p50_ms']:.1f} / {d['p99_ms']:.1f} / {d['max_ms']:.0f} ms ({d['requests']} req, {d['errors']} errors)"
print(f"| {e} | idle {f(idle)} | during the run {f(during)} | run {status} in ~{secs} s |")
PY
}

clean() {
    psql -X -q "$PG/postgres" -c "DROP DATABASE IF EXISTS $PG_DB"
    rm -rf "$DIR"
}

run_header() {
    {
        echo
        echo "<!-- $(date -u +%FT%TZ), $(nproc) cores -->"
        echo "| engine | run | read s | fit s | signals s | write s | score+signals+write s | duration_ms s | wall s | peak RSS MiB | customers | scored | params (weeks) | load avg before |"
        echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    } >>"$RESULTS"
}

what=${1:-all}
case $what in
    build) build ;;
    seed) for e in $ENGINES; do seed "$e"; done ;;
    run) run_header; for e in $ENGINES; do run_cli "$e"; done ;;
    peer) peer ;;
    load) for e in $ENGINES; do load "$e"; done ;;
    clean) clean ;;
    all)
        build
        for e in $ENGINES; do seed "$e"; done
        run_header
        for e in $ENGINES; do run_cli "$e"; done
        peer
        for e in $ENGINES; do load "$e"; done
        log "results in $RESULTS"
        ;;
    *) echo "usage: $0 [build|seed|run|peer|load|clean|all]" >&2; exit 2 ;;
esac
