#!/usr/bin/env bash
# Start-up and memory of the release app on the large demo branch (`make bench-startup`).
# Each run: (as root) drop the page cache for a cold start, start the app under Xvfb, read the
# `startup-ms` line it prints once its first page is rendered and the `startup-complete-ms` line
# once every call that page made has been answered and drawn (BRANCH_LEDGER_STARTUP_PROBE),
# wait until it is idle (its `checked-ms` line: the background check of the whole database, which
# waits for the first page to be complete, is done; then IDLE seconds), sum the proportional set size (PSS) of the app and all its processes
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
completes=()
memory=""
for run in $(seq 1 "$RUNS"); do
  if [ "$(id -u)" = 0 ]; then sync; echo 3 > /proc/sys/vm/drop_caches; fi
  out=$(mktemp)
  BRANCH_LEDGER_DB="$DB" BRANCH_LEDGER_STARTUP_PROBE=1 xvfb-run -a -s "-screen 0 1600x1000x24" "$APP" >"$out" 2>/dev/null &
  runner=$!
  for _ in $(seq 1 600); do grep -q '^startup-complete-ms' "$out" && break; sleep 0.1; done
  starts+=("$(awk '/^startup-ms/ { print $2 }' "$out")")
  completes+=("$(awk '/^startup-complete-ms/ { print $2 }' "$out")")
  for _ in $(seq 1 1200); do grep -q '^checked-ms' "$out" && break; sleep 0.1; done
  sleep "$IDLE"
  app=$(pgrep -n -f "^$APP" || pgrep -n branch-ledger)
  total=0; memory=""
  for p in $(tree "$app"); do
    kb=$(pss_kb "$p"); total=$((total + kb))
    memory+="| $(cat /proc/"$p"/comm) | $((kb / 1024)) MB |"$'\n'
  done
  memory+="| **all processes** | **$((total / 1024)) MB** |"$'\n'
  # What the web process holds: its largest mappings (anonymous memory as one line).
  web=""
  for p in $(tree "$app"); do [ "$(cat /proc/"$p"/comm)" = WebKitWebProces ] && web=$p; done
  webmap=""
  if [ -n "$web" ]; then
    webmap=$(awk '/^[0-9a-f]+-[0-9a-f]+ / { name = ($6 == "" ? "(anonymous: JavaScript heap, DOM, malloc)" : $6) }
                  /^Pss:/ { pss[name] += $2 }
                  END { for (n in pss) if (pss[n] >= 2048) printf "| %s | %d MB |\n", n, pss[n] / 1024 }' \
             "/proc/$web/smaps" | sort -t'|' -k3 -rn)
  fi
  kill -TERM "$app" 2>/dev/null || true
  wait "$runner" 2>/dev/null || true
  rm -f "$out"
done
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
all() { printf '%s\n' "$@" | sort -n | paste -sd, -; }
echo "### Start-up and memory (release app, large demo branch: $(du -h "$DB" | cut -f1) database)"
echo
echo "Cold start (page cache dropped before each run when root), $RUNS runs, from the process start:"
echo
echo "- first page rendered: median **$(median "${starts[@]}") ms** (all: $(all "${starts[@]}"));"
echo "- first page complete (every call it made answered and drawn: the home page's task counts,"
echo "  figures, self-assessment and equipment panels): median **$(median "${completes[@]}") ms**"
echo "  (all: $(all "${completes[@]}"))."
echo
echo "Memory once idle (${IDLE} s after the background check of the database has finished; last run),"
echo "proportional set size:"
echo
echo "| process | PSS |"
echo "|---|---|"
printf '%s' "$memory"
echo
if [ -n "$webmap" ]; then
  echo "What WebKitWebProcess holds (mappings of 2 MB or more, PSS):"
  echo
  echo "| mapping | PSS |"
  echo "|---|---|"
  echo "$webmap"
  echo
fi
if [ -x target/release/examples/page_timings ] || cargo build -q --release -p e2e --example page_timings 2>/dev/null; then
  BRANCH_LEDGER_APP="$APP" BRANCH_LEDGER_DB="$DB" xvfb-run -a -s "-screen 0 1600x1000x24" target/release/examples/page_timings
fi
