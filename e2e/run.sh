#!/usr/bin/env bash
# Real-browser smoke test: builds the debug binary if needed, serves `carewell demo` on a free
# port from a temporary directory, runs e2e/smoke.mjs with Debian's chromium, stops the server.
# Exits non-zero on any failure. Screenshots: e2e/out/.
#
#   e2e/run.sh            # from the repository root (or anywhere)
#   CI=true e2e/run.sh    # also installs chromium with apt-get when it is missing
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
bin="$target/debug/carewell"

if [[ ! -x /usr/bin/chromium ]]; then
  if [[ "${CI:-}" == "true" ]]; then
    echo "installing chromium"
    apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  else
    echo "error: /usr/bin/chromium is missing; run: apt-get update && apt-get install -y chromium" >&2
    exit 2
  fi
fi

if [[ ! -d "$here/node_modules/playwright-core" ]]; then
  (cd "$here" && npm ci --no-audit --no-fund)
fi

# Build when the binary is missing or older than any source, template, locale or asset.
if [[ ! -x "$bin" ]] || [[ -n "$(find "$root/crates" "$root/Cargo.lock" -newer "$bin" -type f \
    \( -name '*.rs' -o -name '*.html' -o -name '*.ftl' -o -name '*.css' -o -name '*.js' -o -name '*.sql' -o -name '*.toml' -o -name 'Cargo.lock' \) \
    -print -quit)" ]]; then
  echo "building carewell (debug)"
  (cd "$root" && cargo build -p carewell --bin carewell)
fi

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
work="$(mktemp -d)"
log="$work/server.log"
server_pid=""
sink_pid=""

cleanup() {
  for pid in "$server_pid" "$sink_pid"; do
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$work"
}
trap cleanup EXIT

# A real SMTP sink (e2e/smtp-sink.mjs) receives the demo's e-mail; each message lands as JSON in
# $mail, where surveys.mjs reads the survey links. Quiet hours are off for the run: a survey
# e-mail would otherwise wait for morning in the customer's time zone, whenever the run happens.
mail="$work/mail"
node "$here/smtp-sink.mjs" "$mail" >"$work/smtp.log" 2>&1 &
sink_pid=$!
for _ in $(seq 1 50); do
  grep -q '^listening ' "$work/smtp.log" 2>/dev/null && break
  sleep 0.1
done
smtp_port="$(sed -n 's/^listening //p' "$work/smtp.log")"
if [[ -z "$smtp_port" ]]; then
  echo "error: the SMTP sink did not start:" >&2
  cat "$work/smtp.log" >&2
  exit 1
fi

echo "starting carewell demo on 127.0.0.1:$port (in $work; SMTP sink on 127.0.0.1:$smtp_port)"
(cd "$work" && CAREWELL_SMTP_HOST=127.0.0.1 CAREWELL_SMTP_PORT="$smtp_port" CAREWELL_SMTP_TLS=none \
  CAREWELL_QUIET_HOURS="00:00-00:00" exec "$bin" demo --bind "127.0.0.1:$port") >"$log" 2>&1 &
server_pid=$!

base="http://127.0.0.1:$port"
for _ in $(seq 1 240); do
  if curl -fsS "$base/healthz" >/dev/null 2>&1; then
    break
  fi
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "error: the server exited early:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 0.5
done
if ! curl -fsS "$base/healthz" >/dev/null 2>&1; then
  echo "error: /healthz did not answer within 120 s" >&2
  cat "$log" >&2
  exit 1
fi

status=0
CAREWELL_URL="$base" node "$here/smoke.mjs" || status=$?
# The demo's staff include the manager (manager@carewell.test, the demo password).
CAREWELL_URL="$base" node "$here/complaints.mjs" || status=$?
# A complaint's conversation: reply, note, the customer's page, inbound e-mail, SLA resumed.
CAREWELL_URL="$base" node "$here/thread.mjs" || status=$?
# Sortable queues as the demo agent: sort by SLA due, "assigned to me", customers by last contact.
CAREWELL_URL="$base" node "$here/queues.mjs" || status=$?
CAREWELL_URL="$base" node "$here/offboarding.mjs" || status=$?
CAREWELL_URL="$base" node "$here/client_fit.mjs" || status=$?
# Departure care: a manager starts a scoring run, the care list, the top customer's reasons in
# en, zh-CN and et, the model page (issue 16).
CAREWELL_URL="$base" node "$here/retention.mjs" || status=$?
CAREWELL_URL="$base" node "$here/admin.mjs" || status=$?
CAREWELL_URL="$base" node "$here/activity.mjs" || status=$?
# The demo agent's tasks: overdue marked, done, the navigation's count drops (en, zh-CN; 1440/390 px).
CAREWELL_URL="$base" node "$here/tasks.mjs" || status=$?
# Global search: the header box with keyboard type-ahead, a complaint reference, the picker.
CAREWELL_URL="$base" node "$here/find.mjs" || status=$?
# Form errors beside the fields, duplicate e-mail warning, large-amount confirmation (issue 14).
CAREWELL_URL="$base" node "$here/forms.mjs" || status=$?
# Issue 15: Today after sign-in, a segment, an NPS survey answered through the links in real
# e-mails (the SMTP sink), NPS 0 ± 70.7, the detractor's call-back on Today, the throttle.
CAREWELL_URL="$base" CAREWELL_MAILDIR="$mail" node "$here/surveys.mjs" || status=$?
# The main pages at 1440 and 390 px in en, zh-CN and et: nothing wider than the window, skip link,
# focus ring, customer error pages without staff links (screenshots in e2e/out/screens/).
CAREWELL_URL="$base" node "$here/screens.mjs" || status=$?
# Every main page as admin in en, zh-CN and et: no HTTP >= 400, no console error, no raw message id.
CAREWELL_URL="$base" node "$here/walkthrough.mjs" || status=$?
if [[ $status -ne 0 ]]; then
  echo "--- server log ---" >&2
  tail -n 50 "$log" >&2
fi
exit $status
