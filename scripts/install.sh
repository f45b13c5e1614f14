#!/usr/bin/env bash
# Installs, idempotently, every tool the project needs on a fresh Debian machine that has
# only Rust (rustup), node/npm and apt. Each step checks first and does nothing when the
# right version is already there, so `make run` and `make test` stay quick on re-runs.
#
#   scripts/install.sh build     tools to build and serve the app
#   scripts/install.sh test      the above plus Chromium, chromedriver and Playwright
set -euo pipefail

want=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

TRUNK_VERSION=0.21.14
WASM_SPLIT_VERSION=0.2.4
# wasm-bindgen CLI must match the crate exactly; the crate is pinned with `=` in Cargo.toml.
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p' Cargo.toml | head -n1)
: "${WASM_BINDGEN_VERSION:?could not read the wasm-bindgen pin from Cargo.toml}"

say() { printf '\033[1;34m[install]\033[0m %s\n' "$*"; }

export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
for comp in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$comp"; then
    say "adding rustup component $comp"
    rustup component add "$comp"
  fi
done

if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (about 10 minutes on 2 cores, once)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ] ||
   ! command -v wasm-bindgen-test-runner >/dev/null; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 4 minutes, once)"
  # No --locked: the CLI's own lockfile pins a webpki-roots the registry no longer serves.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# wasm-split-cli cuts the app into chunks (scripts/postbuild.mjs); pinned like wasm-bindgen.
if ! command -v wasm-split-cli >/dev/null ||
   ! cargo install --list | grep "^wasm_split_cli_support v$WASM_SPLIT_VERSION:" >/dev/null; then
  say "installing wasm-split-cli $WASM_SPLIT_VERSION (about 2 minutes, once)"
  cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --locked --force
fi

# Node packages: binaryen's wasm-opt (Debian's 108 breaks the module), terser and
# lightningcss for the post-build step's minification, and Playwright.
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -e node_modules/.install-stamp ] || [ package-lock.json -nt node_modules/.install-stamp ]; then
  say "installing node packages (npm ci)"
  npm ci --no-audit --no-fund
  touch node_modules/.install-stamp
fi

if [ "$want" = test ]; then
  # Chromium for the browser tests; poppler-utils (pdfinfo, pdftoppm) to check the printed
  # documents' pages and margins; PostgreSQL's server binaries.
  missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  command -v pdftoppm >/dev/null || missing+=(poppler-utils)
  # PostgreSQL for the server suite's second backend: the tests start a throwaway
  # cluster of their own (scripts/pg.sh), so the package need not make its default one.
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    missing+=(postgresql)
    if [ ! -e /etc/postgresql-common/createcluster.conf ]; then
      mkdir -p /etc/postgresql-common
      echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.conf
    fi
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing Debian ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}"
  fi
fi
say "tools ready"
