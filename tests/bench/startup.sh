#!/usr/bin/env bash
# Start-up and memory of the release app on the large demo branch (`make bench-startup`).
# Each run: (as root) drop the page cache for a cold start, start the app under Xvfb, read the
# `startup-ms` line it prints once its first page is rendered (BRANCH_LEDGER_STARTUP_PROBE),
# wait until it is idle, sum the proportional set size (PSS) of the app and all its processes
# (WebKitWebProcess, WebKitNetworkProcess), stop it. Then the slowest page of each ledger,
# through WebDriver (tests/e2e/examples/page_timings.rs). Prints a Markdown section.
set -euo pipefail
APP=${APP:-target/release/branch-ledger}
L=${LEDGERCTL:-target/release/ledgerctl}
DB=${DB:-target/bench-large.sqlite3}
RUNS=${RUNS:-5}
IDLE=${IDLE:-10}
[ -s "$DB" ] || "$L" --db "$DB" demo --scale large --seed 1 >/dev/null
# The daily backup of a 700 MB database would run during the measurement: make today's first.
"$L" --db "$DB" backups --json | grep -q "\"created_at\": \"$(date +%F)" || "$L" --db "$DB" backup >/dev/null

pss_kb() { awk '/^Pss:/ { s += $2 } END { print s + 0 }' "/proc/$1/smaps_rollup" 2>/dev/null || echo 0; }
tree() { # the pid and all its descendants
  local all=("$1") i=0
  while [ $i -lt ${#all[@]} ]; do
    for c in $(cat /proc/"${all[$i]}"/task/*/children 2>/dev/null); do all+=("$c"); done
    i=$((i + 1))
  done
  echo "${all[@]}"
}

starts=()
memory=""
for run in $(seq 1 "$RUNS"); do
  if [ "$(id -u)" = 0 ]; then sync; echo 3 > /proc/sys/vm/drop_caches; fi
  out=$(mktemp)
  BRANCH_LEDGER_DB="$DB" BRANCH_LEDGER_STARTUP_PROBE=1 xvfb-run -a -s "-screen 0 1600x1000x24" "$APP" >"$out" 2>/dev/null &
  runner=$!
  for _ in $(seq 1 600); do grep -q '^startup-ms' "$out" && break; sleep 0.1; done
  ms=$(awk '/^startup-ms/ { print $2 }' "$out")
  starts+=("$ms")
  sleep "$IDLE"
  app=$(pgrep -n -f "^$APP" || pgrep -n branch-ledger)
  total=0; memory=""
  for p in $(tree "$app"); do
    kb=$(pss_kb "$p"); total=$((total + kb))
    memory+="| $(cat /proc/"$p"/comm) | $((kb / 1024)) MB |"$'\n'
  done
  memory+="| **all processes** | **$((total / 1024)) MB** |"$'\n'
  kill -TERM "$app" 2>/dev/null || true
  wait "$runner" 2>/dev/null || true
  rm -f "$out"
done
sorted=$(printf '%s\n' "${starts[@]}" | sort -n)
median=$(echo "$sorted" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
echo "### Start-up and memory (release app, large demo branch: $(du -h "$DB" | cut -f1) database)"
echo
echo "Cold start to the first rendered page (page cache dropped before each run when root), $RUNS runs:"
echo "median **${median} ms** (all: $(echo $sorted | tr ' ' ','))."
echo
echo "Memory once idle (${IDLE} s after the first page), proportional set size:"
echo
echo "| process | PSS |"
echo "|---|---|"
printf '%s' "$memory"
echo
if [ -x target/release/examples/page_timings ] || cargo build -q --release -p e2e --example page_timings 2>/dev/null; then
  BRANCH_LEDGER_APP="$APP" BRANCH_LEDGER_DB="$DB" xvfb-run -a -s "-screen 0 1600x1000x24" target/release/examples/page_timings
fi
