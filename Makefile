# Two commands for a fresh Debian machine with Rust, node/npm and apt:
#   make run    install what is missing, build, serve http://127.0.0.1:8080
#   make test   install what is missing (Chromium too) and run every test tier
# Also: make bench (benchmarks -> target/bench/results.json), make build, make clean.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export CHROMEDRIVER ?= /usr/bin/chromedriver
export CHROME_BIN ?= /usr/bin/chromium
export WASM_BINDGEN_TEST_TIMEOUT ?= 120

SERVER_BIN := target/release/reses-server
APP_SOURCES := $(shell find src style public crates/domain/src -type f 2>/dev/null) \
	index.html Trunk.toml Cargo.toml Cargo.lock crates/domain/Cargo.toml scripts/postbuild.mjs \
	.cargo/config.toml build.rs
NATIVE := -p reses-domain -p reses-server

.PHONY: help run test bench bench-app build install install-test fmt-check clippy test-native \
	test-browser test-e2e clean

help:
	@echo "make run    build and start the server on http://127.0.0.1:8080"
	@echo "make test   run every test tier (fmt, clippy, native on SQLite and PostgreSQL,"
	@echo "            browser, Playwright)"
	@echo "make bench  run the benchmarks; results in target/bench/results.json"
	@echo "make bench-app  only the app's download, start-up and field benchmarks"

install:
	@scripts/install.sh build

install-test:
	@scripts/install.sh test

# The app is rebuilt only when its sources changed, so a second `make run` is quick.
dist/index.html: $(APP_SOURCES) | install
	trunk build --release --offline

$(SERVER_BIN): $(shell find server/src server/migrations crates/domain/src -type f) server/Cargo.toml Cargo.toml Cargo.lock | install
	cargo build --release -p reses-server

build: dist/index.html $(SERVER_BIN)

run: build
	@mkdir -p data
	$(SERVER_BIN) --demo

fmt-check:
	cargo fmt --all -- --check

clippy: install
	cargo clippy $(NATIVE) --all-targets -- -D warnings
	cargo clippy -p reses-app -p reses-domain --target wasm32-unknown-unknown --all-targets -- -D warnings
	cargo clippy -p reses-app --target wasm32-unknown-unknown --features split --bin reses-app -- -D warnings

# The server's API suite runs twice: on SQLite (above) and on a throwaway PostgreSQL
# cluster, started once and stopped on every exit path (scripts/with-pg.sh).
test-native: install-test
	cargo test $(NATIVE)
	scripts/with-pg.sh cargo test -p reses-server --test api

test-browser: install-test
	cargo test -p reses-app --target wasm32-unknown-unknown

test-e2e: install-test build
	cd end2end && npx playwright test

test: install-test fmt-check clippy test-native test-browser test-e2e
	@echo "All test tiers passed."

bench: install-test build
	node bench/run.mjs

# Only the app's figures (first load, whole app, cold start, offline reload, field, update).
bench-app: install-test build
	BENCH_ONLY=app node bench/run.mjs

clean:
	rm -rf dist target/bench end2end/.tmp end2end/test-results
