# Branch Ledger — the two commands:
#   make run    install what is missing, build, start the app on the user's database
#   make test   install what is missing, run every test (core, CLI, UI, the real app end to end)
# On Debian 12 / Ubuntu 22.04+ with the Rust toolchain and Node.js. As root, missing system
# packages are installed with apt; otherwise the one command to run is printed.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

CARGO ?= cargo
NPM ?= npm
TAURI_DRIVER_VERSION := 2.1.0

# System packages the desktop app builds against.
APT_BUILD := build-essential pkg-config libssl-dev libwebkit2gtk-4.1-dev libgtk-3-dev \
             librsvg2-dev libsoup-3.0-dev libayatana-appindicator3-dev
# ... and what the end-to-end test drives it with.
APT_TEST := xvfb xauth webkit2gtk-driver poppler-utils qpdf minisign faketime util-linux

.PHONY: help run test system-deps system-deps-test tauri-driver ui-deps ui-build app \
        test-rust test-ui test-shell test-e2e bindings-check bench bench-bundles bench-report bench-startup fonts fmt lint clean fuzz \
        tauri-cli package package-check node-check

help:
	@echo "make run    — 安装缺少的依赖、构建并启动规范化建设台账 / build and start the app"
	@echo "make test   — 安装缺少的依赖并运行全部测试 / run every test"
	@echo "make bench  — 在生成的大型分局数据上测量性能 / benchmark on a large generated branch"
	@echo "make bench-bundles — 数据包导出、校验与导入 100 个分局的耗时 / bundle benchmarks"
	@echo "make bench-report — 自评报告 PDF 与 LibreOffice 转换的耗时对比 / PDF report vs LibreOffice"
	@echo "make package — 构建发布版并打成 .deb 安装包 / build the release app into a .deb installer"
	@echo "make package-check — 打包后安装、启动、卸载检查 / build the .deb, install, start and remove it"
	@echo "make bench-startup — 大型数据下程序冷启动、内存与各页打开耗时 / app start-up, memory, page times"
	@echo "（各项基准测试的结果记入 BENCHMARKS.md / each benchmark records its figures in BENCHMARKS.md）"
	@echo "make fuzz   — 对读取外来文件的解析器做模糊测试（每项 FUZZ_SECONDS 秒）/ fuzz the parsers (nightly, cargo-fuzz)"

# --- setup -----------------------------------------------------------------------------------

define apt_ensure
	missing=""; \
	for p in $(1); do \
	  dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "安装系统软件包 / installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "缺少系统软件包，请先运行 / missing system packages, run:"; \
	    echo "  sudo apt-get install -y$$missing"; \
	    exit 1; \
	  fi; \
	fi
endef

system-deps:
	@$(call apt_ensure,$(APT_BUILD))

system-deps-test: system-deps
	@$(call apt_ensure,$(APT_TEST))

tauri-driver:
	@command -v tauri-driver >/dev/null 2>&1 || [ -x "$$HOME/.cargo/bin/tauri-driver" ] || \
	  $(CARGO) install tauri-driver --version $(TAURI_DRIVER_VERSION) --locked

# The UI's tools need a recent Node.js: Vite 7 runs on 20.19+ or 22.12+. Debian 12's own nodejs
# package is 18, on which Vite fails with an error that does not say why; say it here instead.
node-check:
	@node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit((a === 20 && b >= 19) || (a === 22 && b >= 12) || a >= 23 ? 0 : 1)' 2>/dev/null || { \
	  echo "需要 Node.js 20.19 或 22.12 及以上版本，当前为 $$(node --version 2>/dev/null || echo '未安装')。请从 https://nodejs.org 安装长期支持版（Debian 12 自带的 nodejs 为 18，版本过旧）。"; \
	  echo "Node.js 20.19+ or 22.12+ is needed (found $$(node --version 2>/dev/null || echo 'none')): install a current LTS from https://nodejs.org (Debian 12's own nodejs is 18)."; \
	  exit 1; }

ui/node_modules/.package-lock.json: ui/package-lock.json | node-check
	cd ui && $(NPM) ci --no-audit --no-fund
	@touch $@

ui-deps: node-check ui/node_modules/.package-lock.json

# The built-in CJK fonts of the PDF reports (SIL OFL 1.1): fetched from npm at the versions
# pinned in assets/fonts/package-lock.json, never committed; ledger-report embeds them.
FONT_SERIF := assets/fonts/NotoSerifSC-Regular.ttf
FONT_SANS := assets/fonts/NotoSansSC-Bold.ttf

fonts:
	@if [ ! -s $(FONT_SERIF) ] || [ ! -s $(FONT_SANS) ]; then \
	  echo "获取内置字体 / fetching the built-in fonts (npm ci in assets/fonts)"; \
	  (cd assets/fonts && $(NPM) ci --no-audit --no-fund) && \
	  cp assets/fonts/node_modules/@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf $(FONT_SERIF).tmp && \
	  cp assets/fonts/node_modules/@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf $(FONT_SANS).tmp && \
	  mv $(FONT_SERIF).tmp $(FONT_SERIF) && mv $(FONT_SANS).tmp $(FONT_SANS); \
	fi

ui-build: ui-deps
	cd ui && $(NPM) run build

# --- the app ---------------------------------------------------------------------------------

run: system-deps ui-build fonts
	$(CARGO) build --release -p branch-ledger -p ledgerctl
	./target/release/branch-ledger

app: system-deps ui-build fonts
	$(CARGO) build -p branch-ledger -p ledgerctl

# --- the installer ---------------------------------------------------------------------------

# The Tauri CLI (`tauri build`, which makes the .deb) from npm at the version pinned in
# src-tauri/packaging/package-lock.json, the same as the tauri crate's in Cargo.lock; a prebuilt
# binary, so nothing is compiled for it.
TAURI_CLI := src-tauri/packaging/node_modules/.bin/tauri
# What the .deb is checked with (make package-check).
APT_PACKAGE_CHECK := xvfb xauth x11-utils desktop-file-utils

src-tauri/packaging/node_modules/.package-lock.json: src-tauri/packaging/package-lock.json
	cd src-tauri/packaging && $(NPM) ci --no-audit --no-fund
	@touch $@

tauri-cli: src-tauri/packaging/node_modules/.package-lock.json

# The release app and ledgerctl in one .deb (desktop entry, icons, /usr/bin/branch-ledger and
# /usr/bin/ledgerctl): target/release/bundle/deb/branch-ledger_<version>_amd64.deb. The UI is
# built by ui-build (build.beforeBuildCommand is empty); the bundle settings are in
# src-tauri/tauri.conf.json, the desktop entry template and copyright file in src-tauri/packaging/.
# The two release binaries are stripped in place (symbols only serve backtraces) before bundling.
# The manual pages (section 1, in Chinese): ledgerctl's made by `ledgerctl man` from its --help,
# one page a command; the app's is src-tauri/packaging/branch-ledger.1.
package: system-deps ui-build fonts tauri-cli
	$(CARGO) build --release -p ledgerctl
	rm -rf target/man && ./target/release/ledgerctl man target/man/man1 >/dev/null
	cp src-tauri/packaging/branch-ledger.1 target/man/man1/ && gzip -9n target/man/man1/*.1
	cd src-tauri && ../$(TAURI_CLI) build --ci --no-bundle
	strip target/release/branch-ledger target/release/ledgerctl
	rm -f target/release/bundle/deb/*.deb
	cd src-tauri && ../$(TAURI_CLI) bundle --ci --bundles deb
	@deb=$$(ls target/release/bundle/deb/*.deb); \
	  echo "安装包 / installer: $$deb ($$(du -h "$$deb" | cut -f1))"; \
	  echo "安装 / install: sudo apt install ./$$deb"

# Installs the .deb, checks its files and desktop entry, starts the installed app under Xvfb on a
# temporary database, removes the package (as root; see tests/package/check-deb.sh).
package-check: package
	@$(call apt_ensure,$(APT_PACKAGE_CHECK))
	./tests/package/check-deb.sh target/release/bundle/deb/*.deb

# --- tests -----------------------------------------------------------------------------------

test: system-deps-test tauri-driver test-rust bindings-check test-ui test-shell test-e2e

test-rust: fonts
	$(CARGO) test -p ledger-core -p ledger-report -p ledger-bundle -p ledgerctl -p ledger-fuzz-targets

# The TypeScript types of IPC are generated from the Rust ones by the tests above (ts-rs);
# what is committed must be what they generate.
bindings-check:
	@if git rev-parse --is-inside-work-tree >/dev/null 2>&1 && \
	   [ -n "$$(git status --porcelain -- ui/src/bindings)" ]; then \
	  git status --porcelain -- ui/src/bindings; \
	  echo "ui/src/bindings is out of date: commit what 'cargo test -p ledger-core' generated"; exit 1; \
	fi

test-ui: ui-deps
	cd ui && $(NPM) test

# The desktop shell's own unit tests (it embeds ui/dist when it compiles, hence after `app`).
test-shell: app
	$(CARGO) test -p branch-ledger

test-e2e: app
	xvfb-run -a -s "-screen 0 1600x1000x24" $(CARGO) test -p e2e -- --test-threads=1

# --- developer helpers -------------------------------------------------------------------------

bench: fonts
	$(CARGO) build --release -p ledgerctl
	rm -f target/bench-large.sqlite3 target/bench-large.sqlite3-wal target/bench-large.sqlite3-shm
	./target/release/ledgerctl --db target/bench-large.sqlite3 demo --scale large --seed 1
	./target/release/ledgerctl --db target/bench-large.sqlite3 bench --runs 20 | ./tests/bench/record.sh bench "Operations a clerk waits on (large demo branch)"

# Bundles: the large demo branch exported full and incrementally; a hundred branches' bundles
# verified and imported into one city database (BRANCHES=N for another number).
bench-bundles: fonts
	$(CARGO) build --release -p ledgerctl
	./tests/bench/bundles.sh | ./tests/bench/record.sh bench-bundles "Bundles"

# The self-assessment report of the large demo branch: our PDF and LibreOffice converting the
# same content (.fodt), timed side by side. Installs libreoffice-writer when root.
bench-report: fonts
	@command -v libreoffice >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "安装 / installing libreoffice-writer"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-writer; \
	  else \
	    echo "缺少 LibreOffice，请先运行 / missing LibreOffice, run:"; \
	    echo "  sudo apt-get install -y --no-install-recommends libreoffice-writer"; exit 1; \
	  fi; }
	@$(call apt_ensure,poppler-utils)
	$(CARGO) build --release -p ledgerctl
	[ -s target/bench-large.sqlite3 ] || ./target/release/ledgerctl --db target/bench-large.sqlite3 demo --scale large --seed 1
	./target/release/ledgerctl --db target/bench-large.sqlite3 report bench --out-dir target/bench-report | ./tests/bench/record.sh bench-report "Self-assessment report PDF"

# The release app on the large demo branch: cold start to the first rendered page, memory of all
# its processes once idle, and the time each ledger page takes to open (tests/bench/startup.sh).
bench-startup: system-deps-test tauri-driver ui-build fonts
	$(CARGO) build --release -p branch-ledger -p ledgerctl
	$(CARGO) build --release -p e2e --example page_timings
	./tests/bench/startup.sh | ./tests/bench/record.sh bench-startup "Start-up, memory and page times of the app"

# Fuzzing: the parsers that read what others wrote (deadline phrases, the Excel importers, the
# bundle reader, rubrics, task templates, the standard equipment list) under libFuzzer, each for
# FUZZ_SECONDS (default 60), one after another. Installs the nightly toolchain and cargo-fuzz when
# missing. The invariants are in src-tauri/crates/fuzz-targets (whose property tests run the same
# functions on stable in `make test`). Committed: the seeds in src-tauri/fuzz/corpus/<target>/
# and the parsers' words in src-tauri/fuzz/dict/. The corpus grows in
# src-tauri/fuzz/target/corpus/<target>/, never committed; a finding is saved in
# src-tauri/fuzz/artifacts/<target>/ and fails the run once every target has run.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= deadline excel_import excel_rows bundle_reader rubric template standard
# address, or none: the code under test forbids unsafe, and twice the executions find more.
FUZZ_SANITIZER ?= none
# excel_import runs in a child process (-fork=1) that may run out of memory and be replaced:
# calamine 0.38 follows a cyclic sector chain of a damaged .xls until memory runs out (see
# src-tauri/crates/fuzz-targets/tests/fuzz/known.rs); counted in the summary, not a failure.

fuzz:
	@rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
	@command -v cargo-fuzz >/dev/null 2>&1 || [ -x "$$HOME/.cargo/bin/cargo-fuzz" ] || \
	  $(CARGO) install cargo-fuzz --locked
	cd src-tauri/fuzz && cargo +nightly fuzz build -s $(FUZZ_SANITIZER)
	@cd src-tauri/fuzz && failed=0 && summary="" && \
	for t in $(FUZZ_TARGETS); do \
	  mkdir -p target/corpus/$$t && echo "== $$t ($(FUZZ_SECONDS) s)"; \
	  dict=""; [ -f dict/$$t.dict ] && dict="-dict=dict/$$t.dict"; \
	  extra=""; [ $$t = excel_import ] && extra="-fork=1 -ignore_ooms=1"; \
	  if cargo +nightly fuzz run -s $(FUZZ_SANITIZER) $$t target/corpus/$$t corpus/$$t -- $$dict $$extra \
	       -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -timeout=30 -print_final_stats=1 \
	       > target/fuzz-$$t.log 2>&1; then result="无发现 / no finding"; \
	  else result="发现问题 / FINDING: src-tauri/fuzz/artifacts/$$t/"; failed=1; \
	    grep -E '^(==[0-9]+==|SUMMARY|thread .* panicked)|artifacts/' target/fuzz-$$t.log | cut -c1-300 | head -n 12; fi; \
	  runs=$$(sed -n 's/^stat::number_of_executed_units: *//p' target/fuzz-$$t.log | tail -1); \
	  [ -n "$$runs" ] || runs=$$(sed -n 's/^#\([0-9]*\): cov.*/\1/p' target/fuzz-$$t.log | tail -1); \
	  ooms=$$(sed -n 's/.*oom\/timeout\/crash: \([0-9]*\)\/.*/\1/p' target/fuzz-$$t.log | tail -1); \
	  [ "$${ooms:-0}" = 0 ] || result="$$result; 内存耗尽 / out of memory: $$ooms (artifacts/$$t/oom-*)"; \
	  corpus=$$(ls target/corpus/$$t | wc -l); \
	  summary="$$summary$$(printf '%-14s %10s runs  %6s inputs  %s' $$t "$${runs:-?}" $$corpus "$$result")\n"; \
	done; \
	printf '\n模糊测试结果 / fuzzing summary (%s s each):\n%b' $(FUZZ_SECONDS) "$$summary"; \
	exit $$failed

fmt:
	$(CARGO) fmt --all

lint: system-deps ui-build fonts
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy -p ledger-core -p ledger-report -p ledger-bundle -p ledgerctl -p branch-ledger --all-targets -- -D warnings
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --no-deps -p ledger-core -p ledger-report -p ledger-bundle -p ledgerctl \
	  -p branch-ledger -p ledger-fuzz-targets
	cd ui && $(NPM) run lint

clean:
	$(CARGO) clean
	rm -rf ui/node_modules ui/dist
