#!/usr/bin/env bash
# HTTP load benchmark (issue 13): 1,000,000 customers, 10,000,000 transactions and a few
# thousand complaints on SQLite and on PostgreSQL, a release `carewell serve` on loopback, and
# the load generator `crates/app/benches/api.rs` at 64 connections: open customer, search,
# customer page HTML, timeline, complaint list, then a mix. Beside it the floor: the SQL each
# endpoint runs, timed one statement at a time in sqlite3 / psql.
#
#   bench/api/run.sh [build|seed|load|floor|all]     (default: all)
#
# Seeded databases are kept (API_BENCH_DIR, default $CARGO_TARGET_DIR or target, then
# /api-bench; PostgreSQL database carewell_bench) and reused on the next run: a marker file
# there says an engine is seeded; remove it to seed again. Seeding drops and recreates the
# database API_BENCH_PG_DB: never point it at a database you keep.
#
# Settings (environment): API_BENCH_ROWS (customers, 1000000), API_BENCH_TX (transactions per
# customer, 10; 0: none, the caller adds its own as bench/retention/run.sh does),
# API_BENCH_COMPLAINTS (3000), API_BENCH_ENGINES ("sqlite postgres"),
# API_BENCH_PG (postgres://postgres@127.0.0.1:5432, trust auth), API_BENCH_PG_DB
# (carewell_bench), API_BENCH_PORT (18080), API_BENCH_CONNS (64), API_BENCH_SECS (20),
# API_BENCH_ENDPOINTS (customer,search,page,timeline,complaints,mix), CARGO (cargo; e.g.
# "flock /tmp/cargo.lock cargo" on a shared machine), API_BENCH_RATE (requests/s offered in all
# instead of back to back), FLOOR_N (statements per floor, 2000). Needs curl, sqlite3, python3
# and psql on the PATH.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
CARGO=${CARGO:-cargo}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
DIR=${API_BENCH_DIR:-$TARGET/api-bench}
ROWS=${API_BENCH_ROWS:-1000000}
TX=${API_BENCH_TX:-10}
COMPLAINTS=${API_BENCH_COMPLAINTS:-3000}
ENGINES=${API_BENCH_ENGINES:-sqlite postgres}
PG=${API_BENCH_PG:-postgres://postgres@127.0.0.1:5432}
PG_DB=${API_BENCH_PG_DB:-carewell_bench}
PORT=${API_BENCH_PORT:-18080}
BIN=$TARGET/release/carewell
EMAIL=bench@example.com
PASSWORD=bench-password-1234
mkdir -p "$DIR"
SQLITE_DB=$DIR/bench-$ROWS.db
RESULTS=$DIR/results.md

log() { printf '\n== %s (%s)\n' "$*" "$(date -u +%H:%M:%S)" >&2; }

db_url() {
    case $1 in
        sqlite) echo "$SQLITE_DB" ;;
        postgres) echo "$PG/$PG_DB" ;;
    esac
}

# The load generator's executable (built by `build`).
bench_exe() { cat "$DIR/bench-exe"; }

build() {
    log "release build"
    $CARGO build --release -p carewell --bin carewell
    $CARGO bench -p carewell --bench api --no-run --message-format=json |
        grep '"kind":\["bench"\]' | grep -o '"executable":"[^"]*"' | tail -1 | cut -d'"' -f4 >"$DIR/bench-exe"
    test -x "$(bench_exe)"
}

# Runs SQL on the engine's database.
sql() {
    case $1 in
        sqlite) sqlite3 -bail "$SQLITE_DB" ;;
        postgres) psql -X -q -v ON_ERROR_STOP=1 "$PG/$PG_DB" ;;
    esac
}

scalar() {
    case $1 in
        sqlite) sqlite3 "$SQLITE_DB" "$2" ;;
        postgres) psql -X -At "$PG/$PG_DB" -c "$2" ;;
    esac
}

seed_transactions() {
    local engine=$1
    log "$engine: $TX transactions per customer (direct SQL)"
    case $engine in
        sqlite)
            # Customers in insertion order (their v7 ids ascend with it), so both indexes of
            # `transactions` are appended to nearly in order.
            sql sqlite <<SQL
PRAGMA cache_size = -1000000;
PRAGMA synchronous = OFF;
BEGIN;
WITH RECURSIVE k(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM k WHERE k + 1 < $TX)
INSERT INTO transactions (id, customer_id, external_ref, amount_minor, currency, occurred_at, description)
SELECT printf('00000000-0000-7000-8000-%012d', c.rowid * $TX + k.k), c.id, NULL,
       100 + abs(random()) % 50000, 'EUR',
       strftime('%Y-%m-%dT%H:%M:%S', '2026-11-30', '-' || (abs(random()) % 1095) || ' days',
                '-' || (abs(random()) % 86400) || ' seconds') || '.000000Z',
       'Order ' || (c.rowid * $TX + k.k)
  FROM customers c CROSS JOIN k;
COMMIT;
SQL
            ;;
        postgres)
            sql postgres <<SQL
SET maintenance_work_mem = '512MB';
INSERT INTO transactions (id, customer_id, external_ref, amount_minor, currency, occurred_at, description)
SELECT '00000000-0000-7000-8000-' || lpad((c.n * $TX + k)::text, 12, '0'), c.id, NULL,
       100 + (random() * 50000)::bigint, 'EUR',
       to_char(timestamp '2026-11-30' - random() * interval '1095 days', 'YYYY-MM-DD"T"HH24:MI:SS".000000Z"'),
       'Order ' || (c.n * $TX + k)
  FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM customers) c
  CROSS JOIN generate_series(0, $TX - 1) k
 ORDER BY c.id, k;
SQL
            ;;
    esac
}

# The staff user the load signs in as, and its API token (kept in $DIR).
seed_user() {
    local engine=$1 url
    url=$(db_url "$engine")
    if [ "$(scalar "$engine" "SELECT COUNT(*) FROM users WHERE email = '$EMAIL'")" = 0 ]; then
        printf '%s\n' "$PASSWORD" | "$BIN" --database "$url" user add --email "$EMAIL" --role agent >/dev/null
    fi
    "$BIN" --database "$url" token create --email "$EMAIL" --name "bench $(date +%s)" |
        grep -oE '[A-Za-z0-9_-]{32,}' | tail -1 >"$DIR/$engine.token"
    test -s "$DIR/$engine.token"
}

SERVER_PID=
start_server() {
    local engine=$1
    log "$engine: carewell serve on 127.0.0.1:$PORT"
    CAREWELL_RUN_WORKER=false RUST_LOG=${RUST_LOG:-warn} "$BIN" --database "$(db_url "$engine")" \
        serve --bind "127.0.0.1:$PORT" >"$DIR/$engine-serve.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 600); do
        if curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null; then
            return 0
        fi
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$DIR/$engine-serve.log"; return 1; }
        sleep 0.2
    done
    return 1
}

stop_server() {
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=
    fi
}
trap stop_server EXIT

run_bench() {
    local engine=$1
    shift
    env API_BENCH_URL="http://127.0.0.1:$PORT" API_BENCH_TOKEN="$(cat "$DIR/$engine.token")" \
        API_BENCH_EMAIL="$EMAIL" API_BENCH_PASSWORD="$PASSWORD" API_BENCH_IDS="$DIR/$engine.ids" \
        API_BENCH_ROWS="$ROWS" API_BENCH_ENGINE="$engine" API_BENCH_SERVER_PID="$SERVER_PID" \
        "$@" "$(bench_exe)" --bench
}

seed() {
    local engine=$1 url csv=$DIR/customers-$ROWS.csv
    url=$(db_url "$engine")
    if [ -e "$DIR/$engine-$ROWS.seeded" ]; then
        log "$engine: seeded database present"
        return 0
    fi
    case $engine in
        sqlite) rm -f "$SQLITE_DB" "$SQLITE_DB-wal" "$SQLITE_DB-shm" ;;
        postgres)
            psql -X -q "$PG/postgres" -c "DROP DATABASE IF EXISTS $PG_DB"
            psql -X -q "$PG/postgres" -c "CREATE DATABASE $PG_DB"
            ;;
    esac
    if [ ! -s "$csv" ]; then
        log "customers CSV ($ROWS rows)"
        API_BENCH_MODE=csv API_BENCH_CSV="$csv" API_BENCH_ROWS="$ROWS" "$(bench_exe)" --bench
    fi
    log "$engine: migrate + import $ROWS customers (carewell import customers)"
    "$BIN" --database "$url" migrate
    local t0=$SECONDS
    "$BIN" --database "$url" import customers "$csv"
    echo "import: $((SECONDS - t0)) s" >"$DIR/$engine-seed.log"
    if [ "$TX" -gt 0 ]; then
        t0=$SECONDS
        seed_transactions "$engine"
        echo "transactions: $((SECONDS - t0)) s" >>"$DIR/$engine-seed.log"
    fi
    seed_user "$engine"
    scalar "$engine" "SELECT id FROM customers ORDER BY random() LIMIT 100000" >"$DIR/$engine.ids"
    start_server "$engine"
    log "$engine: $COMPLAINTS complaints through the API"
    run_bench "$engine" API_BENCH_MODE=complaints API_BENCH_COMPLAINTS="$COMPLAINTS"
    stop_server
    if [ "$engine" = postgres ]; then
        # What autovacuum would have done by the time anyone searched.
        scalar postgres "VACUUM ANALYZE" >/dev/null
    else
        sqlite3 "$SQLITE_DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
    fi
    scalar "$engine" "SELECT (SELECT COUNT(*) FROM customers) || ' customers, ' || (SELECT COUNT(*) FROM transactions) || ' transactions, ' || (SELECT COUNT(*) FROM complaints) || ' complaints'" |
        tee -a "$DIR/$engine-seed.log"
    touch "$DIR/$engine-$ROWS.seeded"
}

load() {
    local engine=$1
    [ -s "$DIR/$engine.token" ] || seed_user "$engine"
    start_server "$engine"
    log "$engine: load, ${API_BENCH_CONNS:-64} connections, ${API_BENCH_SECS:-20} s per endpoint"
    {
        echo
        echo "<!-- $engine, $(date -u +%FT%TZ), $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg) -->"
    } >>"$RESULTS"
    run_bench "$engine" API_BENCH_MODE=load API_BENCH_OUT="$RESULTS"
    stop_server
}

# The floor: each endpoint's main statement (printed by the load generator's `floor` mode with
# the app's SQL and a different customer or search term each time), FLOOR_N times, on one
# connection, one statement at a time, timed by the client (python3's sqlite3 module, the library
# of the sqlite3 shell, whose .timer resolves only milliseconds / psql \timing);
# prints p50, p99 and statements/s of that one connection.
floor() {
    local engine=$1 n=${FLOOR_N:-2000}
    log "$engine: floor ($n statements each)"
    for kind in customer search timeline complaints; do
        API_BENCH_MODE=floor API_BENCH_FLOOR=$kind API_BENCH_FLOOR_N=$n API_BENCH_ENGINE=$engine \
            API_BENCH_IDS="$DIR/$engine.ids" API_BENCH_ROWS="$ROWS" "$(bench_exe)" --bench \
            >"$DIR/floor-$engine-$kind.sql"
        case $engine in
            sqlite) python3 bench/api/floor_sqlite.py "$SQLITE_DB" "$DIR/floor-$engine-$kind.sql" ;;
            postgres) (echo '\timing on'; echo '\o /dev/null'; cat "$DIR/floor-$engine-$kind.sql") |
                psql -X -q "$PG/$PG_DB" 2>&1 | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' ;;
        esac | sort -g | awk -v e="$engine" -v q="$kind" '
            { v[NR] = $1; s += $1 }
            END {
                if (NR == 0) { print "| " e " | " q " | no timings |"; exit }
                p50 = v[int(NR * 0.5 + 0.5)]; p99 = v[int(NR * 0.99 + 0.5)]
                printf "| %s | %s | %d | %.3f | %.3f | %.0f |\n", e, q, NR, p50, p99, NR / (s / 1000)
            }' | tee -a "$RESULTS"
    done
}

load_header() {
    echo "| engine | endpoint | connections | requests | req/s | p50 ms | p99 ms | max ms | errors | server CPU | PostgreSQL CPU | client CPU | machine CPU |" >>"$RESULTS"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|" >>"$RESULTS"
}

floor_header() {
    echo "| engine | statement | runs | p50 ms | p99 ms | statements/s (1 connection) |" >>"$RESULTS"
    echo "|---|---|---|---|---|---|" >>"$RESULTS"
}

what=${1:-all}
case $what in
    build) build ;;
    seed) for e in $ENGINES; do seed "$e"; done ;;
    load) load_header; for e in $ENGINES; do load "$e"; done ;;
    floor) floor_header; for e in $ENGINES; do floor "$e"; done ;;
    all)
        build
        for e in $ENGINES; do seed "$e"; done
        load_header
        for e in $ENGINES; do load "$e"; done
        floor_header
        for e in $ENGINES; do floor "$e"; done
        log "results in $RESULTS"
        ;;
    *) echo "usage: $0 [build|seed|load|floor|all]" >&2; exit 2 ;;
esac
