#!/usr/bin/env bash
# The .deb as a user gets it (`make package-check`): installs it with apt, checks the files it put
# in place and its desktop entry (desktop-file-validate), runs the installed ledgerctl, starts the
# installed app under Xvfb on a temporary database for a few seconds (alive, database created,
# window titled 规范化建设台账 with the WM class the desktop entry names), then removes the package.
# As root (apt-get). Needs xvfb, xauth, x11-utils and desktop-file-utils (the Makefile installs
# them). Usage: tests/package/check-deb.sh target/release/bundle/deb/branch-ledger_*.deb
set -euo pipefail

deb=${1:?usage: $0 PACKAGE.deb}
[ -f "$deb" ] || { echo "no such file: $deb" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "run as root: the package is installed and removed with apt-get" >&2; exit 2; }
deb=$(realpath "$deb")
pkg=$(dpkg-deb -f "$deb" Package)
bin=/usr/bin/branch-ledger
desktop=/usr/share/applications/branch-ledger.desktop
SECONDS_RUNNING=${SECONDS_RUNNING:-8}

passed=0 failed=0
ok() { echo "ok    $1"; passed=$((passed + 1)); }
fail() { echo "FAIL  $1"; failed=$((failed + 1)); }
check() { local what=$1; shift; if "$@" >/dev/null 2>&1; then ok "$what"; else fail "$what"; fi; }

tmp=$(mktemp -d /tmp/pkgtest.XXXXXX)
installed=0
cleanup() {
  if [ "$installed" = 1 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq "$pkg" >/dev/null 2>&1 || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

echo "== $(basename "$deb") ($(du -h "$deb" | cut -f1))"
dpkg-deb -f "$deb" Package Version Architecture Depends Installed-Size | sed 's/^/   /'

# A copy installed before is removed first, so what is checked is this file's content.
if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
  DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq "$pkg" >/dev/null
fi
if DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >"$tmp/apt.log" 2>&1; then
  installed=1; ok "apt-get install $(basename "$deb")"
else
  cat "$tmp/apt.log"; fail "apt-get install $(basename "$deb")"
  echo "$passed passed, $failed failed"; exit 1
fi

# --- the files ---------------------------------------------------------------------------------
dpkg -L "$pkg" >"$tmp/files"
for f in "$bin" /usr/bin/ledgerctl "$desktop" \
         /usr/share/doc/"$pkg"/copyright \
         /usr/share/icons/hicolor/32x32/apps/branch-ledger.png \
         /usr/share/icons/hicolor/48x48/apps/branch-ledger.png \
         /usr/share/icons/hicolor/64x64/apps/branch-ledger.png \
         /usr/share/icons/hicolor/128x128/apps/branch-ledger.png \
         /usr/share/icons/hicolor/256x256/apps/branch-ledger.png; do
  check "installed: $f" bash -c 'grep -qx "$1" "$2" && [ -s "$1" ]' _ "$f" "$tmp/files"
done
# The manual pages, read from the package itself (a system may exclude /usr/share/man from
# what dpkg installs): the app's, ledgerctl's and one of its commands'; ledgerctl's in Chinese.
dpkg-deb -c "$deb" >"$tmp/contents"
for page in branch-ledger ledgerctl ledgerctl-task-list; do
  check "manual page: $page(1)" grep -Eq " (\./)?usr/share/man/man1/$page\.1\.gz$" "$tmp/contents"
done
dpkg-deb -x "$deb" "$tmp/unpacked"
check "manual page in Chinese: ledgerctl(1)" \
  bash -c 'zcat "$1/usr/share/man/man1/ledgerctl.1.gz" | grep -q "^\.SH 名称"' _ "$tmp/unpacked"
check "executable: $bin" test -x "$bin"
check "executable: /usr/bin/ledgerctl" test -x /usr/bin/ledgerctl

# --- the desktop entry -------------------------------------------------------------------------
for line in 'Type=Application' 'Name=规范化建设台账' 'Name\[zh_CN\]=规范化建设台账' \
            'Exec=branch-ledger' 'Icon=branch-ledger' 'Categories=Office;' 'Terminal=false'; do
  check "desktop entry: $line" grep -qx -- "$line" "$desktop"
done
check "desktop entry: GenericName and Comment[zh_CN]" \
  bash -c 'grep -q "^GenericName=" "$1" && grep -q "^Comment\[zh_CN\]=" "$1"' _ "$desktop"
if desktop-file-validate "$desktop" >"$tmp/dfv" 2>&1 && [ ! -s "$tmp/dfv" ]; then
  ok "desktop-file-validate $desktop"
else
  cat "$tmp/dfv"; fail "desktop-file-validate $desktop"
fi

# --- ledgerctl, installed ------------------------------------------------------------------------
check "ledgerctl --version" /usr/bin/ledgerctl --version
check "ledgerctl init + backup on a temporary database" bash -c '
  /usr/bin/ledgerctl --db "$1/cli.sqlite3" init --branch-name 打包检查分局 &&
  /usr/bin/ledgerctl --db "$1/cli.sqlite3" backup --out "$1/cli-backup.sqlite3" &&
  [ -s "$1/cli-backup.sqlite3" ]' _ "$tmp"

# --- the app, installed, under Xvfb --------------------------------------------------------------
# One shell inside xvfb-run starts the app, waits, looks at it and stops it; it writes what it saw.
cat >"$tmp/run.sh" <<'INNER'
set -u
tmp=$1 bin=$2 secs=$3
"$bin" --db "$tmp/ledger.sqlite3" >"$tmp/app.log" 2>&1 &
app=$!
sleep "$secs"
if kill -0 "$app" 2>/dev/null; then echo alive >"$tmp/alive"; fi
for w in $(xwininfo -root -children 2>/dev/null | awk '/^ +0x/ {print $1}'); do
  xprop -id "$w" WM_CLASS _NET_WM_NAME 2>/dev/null
done >"$tmp/windows"
kill "$app" 2>/dev/null
wait "$app" 2>/dev/null
exit 0
INNER
LC_ALL=C.UTF-8 xvfb-run -a -s "-screen 0 1600x1000x24" bash "$tmp/run.sh" "$tmp" "$bin" "$SECONDS_RUNNING" || true
check "app still running after ${SECONDS_RUNNING} s" test -f "$tmp/alive"
check "app created its database ($tmp/ledger.sqlite3)" test -s "$tmp/ledger.sqlite3"
check "window titled 规范化建设台账" grep -q '_NET_WM_NAME.*"规范化建设台账"' "$tmp/windows"
wmclass=$(sed -n 's/^StartupWMClass=//p' "$desktop")
check "window's WM_CLASS matches StartupWMClass=$wmclass" \
  grep -q "^WM_CLASS(STRING) = .*\"$wmclass\"" "$tmp/windows"
if [ "$failed" -gt 0 ]; then
  echo "--- app log"; cat "$tmp/app.log" 2>/dev/null || true
  echo "--- windows"; cat "$tmp/windows" 2>/dev/null || true
fi

# --- lintian, where it is installed (information only) -----------------------------------------
if command -v lintian >/dev/null 2>&1; then
  echo "-- lintian (information only)"
  lintian --tag-display-limit 0 "$deb" 2>&1 | sed 's/^/   /' || true
fi

# --- removal -------------------------------------------------------------------------------------
if DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq "$pkg" >/dev/null 2>&1; then
  installed=0; ok "apt-get remove $pkg"
else
  fail "apt-get remove $pkg"
fi
check "removed: $bin and /usr/bin/ledgerctl" bash -c '[ ! -e "$1" ] && [ ! -e /usr/bin/ledgerctl ]' _ "$bin"
check "removed: $desktop" test ! -e "$desktop"

echo "package: $passed passed, $failed failed"
[ "$failed" = 0 ]
