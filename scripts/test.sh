#!/usr/bin/env bash
# Runs every test: formatting and lints, the Rust tests (core, extraction, CLI
# and HTTP end to end), the UI's type check, the web UI in headless Chromium
# against a real `quire serve`, and the real desktop window under Xvfb.
# Assumes scripts/install-deps.sh has run once.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n=== %s\n' "$*"; }

TARGET_DIR=$(cargo metadata --format-version 1 --no-deps | sed -E 's/.*"target_directory":"([^"]*)".*/\1/')
export QUIRE_BIN="$TARGET_DIR/debug/quire" QUIRE_DESKTOP_BIN="$TARGET_DIR/debug/quire-desktop" \
  QUIRE_FILL="$TARGET_DIR/debug/examples/fill_library"

[ -d ui/node_modules ] || npm --prefix ui ci --no-audit --no-fund

step "web UI build (the desktop crate embeds ui/dist)"
npm --prefix ui run build

step "cargo fmt"
cargo fmt --all --check

step "cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "cargo test"
cargo test --workspace --locked

step "svelte-check"
npm --prefix ui run check

step "UI unit tests (Vitest)"
npm --prefix ui test

step "the desktop app and its .deb (tauri build --debug --bundles deb)"
TAURI_APP_PATH=src-tauri TAURI_FRONTEND_PATH=ui ui/node_modules/.bin/tauri build --debug --bundles deb --ci

step "the .deb: metadata, desktop entry, icons, and the packaged binary under Xvfb"
QUIRE_TARGET_DIR="$TARGET_DIR" npm --prefix ui run test:deb

step "the real desktop window under Xvfb (tauri-driver + WebKitWebDriver)"
npm --prefix ui run test:desktop

step "the web UI in headless Chromium against quire serve"
npm --prefix ui run test:e2e
