#!/usr/bin/env bash
# The served OpenAPI document, checked from outside (issue 11, point 8):
#   1. serves `carewell demo` (a small seeded SQLite database in a temporary directory) on a
#      free loopback port, with an API token of the demo admin made by `carewell token create`;
#   2. validates GET /api/v1/openapi.json with openapi-spec-validator;
#   3. runs schemathesis against it as that admin, a bounded number of cases per operation,
#      with the checks not_a_server_error, status_code_conformance and
#      response_schema_conformance: any 5xx, undocumented status or answer that breaks its
#      documented schema fails the script.
# The Python tools are installed (pinned, from PyPI) in a venv under the target directory.
#
#   .ci/openapi-fuzz.sh                      # from anywhere; builds the debug binary if needed
#   FUZZ_EXAMPLES=50 .ci/openapi-fuzz.sh     # more cases per operation (default 20)
#   FUZZ_SEED=7 .ci/openapi-fuzz.sh          # another seed (default 1, so runs repeat)
#   FUZZ_ENGINE=postgres .ci/openapi-fuzz.sh # on a fresh PostgreSQL database (made and dropped
#                                            # on FUZZ_PG, default postgres://postgres@127.0.0.1:5432)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
bin="$target/debug/carewell"
examples="${FUZZ_EXAMPLES:-20}"
seed="${FUZZ_SEED:-1}"
engine="${FUZZ_ENGINE:-sqlite}"
pg="${FUZZ_PG:-postgres://postgres@127.0.0.1:5432}"
venv="$target/openapi-fuzz-venv"

if [[ ! -x "$venv/bin/st" || ! -x "$venv/bin/openapi-spec-validator" ]]; then
  echo "installing schemathesis and openapi-spec-validator in $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet 'schemathesis==4.32.5' 'openapi-spec-validator==0.9.0'
fi

if [[ ! -x "$bin" ]] || [[ -n "$(find "$root/crates" "$root/Cargo.lock" -newer "$bin" -type f \
    \( -name '*.rs' -o -name '*.html' -o -name '*.ftl' -o -name '*.sql' -o -name '*.toml' -o -name 'Cargo.lock' \) \
    -print -quit)" ]]; then
  echo "building carewell (debug)"
  (cd "$root" && cargo build -p carewell --bin carewell)
fi

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
work="$(mktemp -d)"
log="$work/server.log"
server_pid=""
pg_db=""
cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [[ -n "$pg_db" ]]; then
    psql "$pg/postgres" -qAtc "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

case "$engine" in
  sqlite) db="$work/fuzz.db" ;;
  postgres)
    pg_db="carewell_fuzz_$$"
    psql "$pg/postgres" -qAtc "CREATE DATABASE $pg_db" >/dev/null
    db="$pg/$pg_db"
    ;;
  *) echo "error: FUZZ_ENGINE is sqlite or postgres, not $engine" >&2; exit 2 ;;
esac

# Messages the fuzzer causes (e-mail, webhooks) only wait in the outbox or fail in the
# background: the demo has no SMTP, and deliveries are not answers of the API.
if ! (cd "$work" && "$bin" --database "$db" demo --no-serve --customers 40) >"$work/seed.log" 2>&1; then
  echo "error: seeding the demo failed:" >&2
  cat "$work/seed.log" >&2
  exit 1
fi
token="$(cd "$work" && "$bin" --database "$db" token create --email admin@carewell.test --name openapi-fuzz 2>/dev/null)"

(cd "$work" && exec "$bin" --database "$db" demo --customers 40 --bind "127.0.0.1:$port") >"$log" 2>&1 &
server_pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 240); do
  curl -fsS "$base/healthz" >/dev/null 2>&1 && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "error: the server exited early:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 0.5
done
curl -fsS "$base/api/v1/openapi.json" -o "$work/openapi.json"

echo "--- openapi-spec-validator ($engine)"
"$venv/bin/openapi-spec-validator" "$work/openapi.json"

# Operations that can take the fuzzer's own access away (revoke its token, reset the admin's
# password, deactivate or demote the admin: schemathesis reuses ids it saw in answers) run in a
# second pass, so that the first covers every other operation signed in; the script checks
# that the token still works after the first pass.
self_harm='^(revoke_token|reset_password|update_user)$'
total=0
fuzz() {
  local label="$1"; shift
  echo "--- schemathesis, $label ($engine, $examples cases per operation, seed $seed)"
  local out="$work/st-$label.log" rc=0
  (cd "$work" && "$venv/bin/st" run "$work/openapi.json" \
    --url "$base" \
    --header "Authorization: Bearer $token" \
    --checks not_a_server_error,status_code_conformance,response_schema_conformance \
    --max-examples "$examples" \
    --seed "$seed" \
    --workers 2 \
    --request-timeout 30 \
    --generation-database none \
    --no-color "$@") >"$out" 2>&1 || rc=$?
  cat "$out"
  local n
  n="$(sed -n 's/^ *\([0-9][0-9]*\) generated.*/\1/p' "$out" | tail -n 1)"
  total=$((total + ${n:-0}))
  if [[ $rc -ne 0 ]]; then
    echo "--- server log (last 60 lines)" >&2
    tail -n 60 "$log" >&2
    echo "schemathesis ($label) failed" >&2
    exit $rc
  fi
}

fuzz main --exclude-operation-id-regex "$self_harm"
if ! curl -fsS -H "Authorization: Bearer $token" "$base/api/v1/account" >/dev/null; then
  echo "error: the fuzzer's token stopped working during the main pass: its results are not signed in" >&2
  exit 1
fi
fuzz self-harm --include-operation-id-regex "$self_harm"
echo "openapi-fuzz ($engine): document valid; schemathesis $total cases, no 5xx, no undocumented status, no schema violation"
