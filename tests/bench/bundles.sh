#!/usr/bin/env bash
# Bundle benchmarks (`make bench-bundles`): the large demo branch exported full and then
# incrementally after a change, a hundred small demo branches' bundles verified and imported
# into one city database, and a branch with 200 MiB of evidence exported, verified and imported
# with the peak memory of each. Prints one line per figure.
set -euo pipefail
L=${LEDGERCTL:-target/release/ledgerctl}
W=target/bench-bundles
rm -rf "$W" && mkdir -p "$W/usb" "$W/branches"
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

"$L" --db "$W/large.sqlite3" demo --scale large --seed 1 >/dev/null
t0=$(now); full=$("$L" --db "$W/large.sqlite3" export --out "$W/usb" --full --builtin-fonts 2>/dev/null); t1=$(now)
echo "large branch, full export: $(secs "$t0" "$t1") s, $(stat -c %s "$full") bytes"
"$L" --db "$W/large.sqlite3" staff add --name 基准测试 --post 一线执法 --establishment 在编 >/dev/null
t0=$(now); inc=$("$L" --db "$W/large.sqlite3" export --out "$W/usb" --builtin-fonts 2>/dev/null); t1=$(now)
echo "large branch, incremental export (one change): $(secs "$t0" "$t1") s, $(stat -c %s "$inc") bytes"
t0=$(now); "$L" --db "$W/large.sqlite3" verify "$full" >/dev/null; t1=$(now)
echo "large branch, verify full bundle: $(secs "$t0" "$t1") s"

N=${BRANCHES:-100}
for i in $(seq 1 "$N"); do
  mkdir -p "$W/branches/$i/usb"
  "$L" --db "$W/branches/$i/ledger.sqlite3" demo --scale small --seed "$i" >/dev/null
  "$L" --db "$W/branches/$i/ledger.sqlite3" export --out "$W/branches/$i/usb" --builtin-fonts >/dev/null 2>&1
done
files=("$W"/branches/*/usb/*.zip)
bytes=$(cat "${files[@]}" | wc -c)
"$L" --db "$W/city.sqlite3" city init --name 基准市局 >/dev/null
t0=$(now); for f in "${files[@]}"; do "$L" --db "$W/city.sqlite3" verify "$f" >/dev/null; done; t1=$(now)
echo "$N branch bundles ($bytes bytes), verify one by one: $(secs "$t0" "$t1") s"
t0=$(now); "$L" --db "$W/city.sqlite3" city import --register "${files[@]}" >/dev/null; t1=$(now)
echo "$N branch bundles, verify and import in one city import: $(secs "$t0" "$t1") s"
t0=$(now); "$L" --db "$W/city.sqlite3" city status --json >/dev/null; t1=$(now)
echo "city status of $N branches: $(secs "$t0" "$t1") s"
t0=$(now); "$L" --db "$W/city.sqlite3" city import "${files[@]}" >/dev/null; t1=$(now)
echo "$N branch bundles imported again (nothing to do): $(secs "$t0" "$t1") s"

# A branch with its evidence: 40 scanned files of 5 MiB (random bytes, which do not compress),
# exported full, verified and imported at a city bureau, each with its peak memory (the largest
# resident set of the ledgerctl process).
peak_mb() {
  python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)' "$@"
}
E=$W/evidence
mkdir -p "$E/usb" "$E/files"
"$L" --db "$E/ledger.sqlite3" demo --scale small --seed 1 >/dev/null
mapfile -t tasks < <("$L" --db "$E/ledger.sqlite3" task list --json --limit 100 |
  python3 -c 'import json, sys; print("\n".join(t["id"] for t in json.load(sys.stdin)))')
for i in $(seq 1 40); do
  head -c $((5 << 20)) /dev/urandom > "$E/files/扫描件$i.pdf"
  "$L" --db "$E/ledger.sqlite3" task attach "${tasks[$((i % ${#tasks[@]}))]}" "$E/files/扫描件$i.pdf" >/dev/null
done
t0=$(now); mb=$(peak_mb "$L" --db "$E/ledger.sqlite3" export --out "$E/usb" --full --builtin-fonts); t1=$(now)
bundle=$(ls "$E"/usb/*.zip)
echo "branch with 200 MiB of evidence (40 files), full export: $(secs "$t0" "$t1") s, $(stat -c %s "$bundle") bytes, peak memory $mb MB"
t0=$(now); mb=$(peak_mb "$L" --db "$E/ledger.sqlite3" verify "$bundle"); t1=$(now)
echo "its bundle verified: $(secs "$t0" "$t1") s, peak memory $mb MB"
"$L" --db "$E/city.sqlite3" city init --name 基准市局 >/dev/null
t0=$(now); mb=$(peak_mb "$L" --db "$E/city.sqlite3" city import --register "$bundle"); t1=$(now)
echo "its bundle imported at the city bureau: $(secs "$t0" "$t1") s, peak memory $mb MB"
