#!/usr/bin/env bash
# Prints measurements of the desktop app on a 10,000-article library: cold
# start to the library on screen, search-as-you-type latency, memory (RSS) of
# quire-desktop and its WebKit processes, and the .deb's size. Not a test:
# figures only. Builds are debug (as in CI); a release build starts faster.
# Needs what scripts/test.sh needs; COUNT and RUNS override the defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${COUNT:-10000}

TAURI_APP_PATH=src-tauri TAURI_FRONTEND_PATH=ui ui/node_modules/.bin/tauri build --debug --bundles deb --ci
cargo build -p quire-core --example fill_library
TARGET_DIR=$(cargo metadata --format-version 1 --no-deps | sed -E 's/.*"target_directory":"([^"]*)".*/\1/')

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$TARGET_DIR/debug/examples/fill_library" "$work/library.sqlite" "$COUNT"

cd ui
QUIRE_LIBRARY="$work/library.sqlite" QUIRE_DESKTOP_BIN="$TARGET_DIR/debug/quire-desktop" \
  xvfb-run -a -s "-screen 0 1280x860x24" node bench/desktop.mjs
