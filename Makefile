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
APT_TEST := xvfb xauth webkit2gtk-driver poppler-utils qpdf minisign

.PHONY: help run test system-deps system-deps-test tauri-driver ui-deps ui-build app \
        test-rust test-ui test-e2e bindings-check bench bench-bundles bench-report fonts fmt lint clean

help:
	@echo "make run    — 安装缺少的依赖、构建并启动规范化建设台账 / build and start the app"
	@echo "make test   — 安装缺少的依赖并运行全部测试 / run every test"
	@echo "make bench  — 在生成的大型分局数据上测量性能 / benchmark on a large generated branch"
	@echo "make bench-bundles — 数据包导出、校验与导入 100 个分局的耗时 / bundle benchmarks"
	@echo "make bench-report — 自评报告 PDF 与 LibreOffice 转换的耗时对比 / PDF report vs LibreOffice"

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

ui/node_modules/.package-lock.json: ui/package-lock.json
	cd ui && $(NPM) ci --no-audit --no-fund
	@touch $@

ui-deps: ui/node_modules/.package-lock.json

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

# --- tests -----------------------------------------------------------------------------------

test: system-deps-test tauri-driver test-rust bindings-check test-ui test-e2e

test-rust: fonts
	$(CARGO) test -p ledger-core -p ledger-report -p ledger-bundle -p ledgerctl

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

test-e2e: app
	xvfb-run -a -s "-screen 0 1600x1000x24" $(CARGO) test -p e2e -- --test-threads=1

# --- developer helpers -------------------------------------------------------------------------

bench: fonts
	$(CARGO) build --release -p ledgerctl
	rm -f target/bench-large.sqlite3 target/bench-large.sqlite3-wal target/bench-large.sqlite3-shm
	./target/release/ledgerctl --db target/bench-large.sqlite3 demo --scale large --seed 1
	./target/release/ledgerctl --db target/bench-large.sqlite3 bench --runs 20

# Bundles: the large demo branch exported full and incrementally; a hundred branches' bundles
# verified and imported into one city database (BRANCHES=N for another number).
bench-bundles: fonts
	$(CARGO) build --release -p ledgerctl
	./tests/bench/bundles.sh

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
	./target/release/ledgerctl --db target/bench-large.sqlite3 report bench --out-dir target/bench-report

fmt:
	$(CARGO) fmt --all

lint: system-deps ui-build fonts
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy -p ledger-core -p ledger-report -p ledger-bundle -p ledgerctl -p branch-ledger --all-targets -- -D warnings

clean:
	$(CARGO) clean
	rm -rf ui/node_modules ui/dist
