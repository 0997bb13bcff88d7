#!/usr/bin/env bash
# Prints measurements of the desktop app on a 10,000-article library: cold
# start to the library on screen, search-as-you-type latency, memory (RSS) of
# quire-desktop and its WebKit processes, and the .deb's size. Not a test:
# figures only. PROFILE=release measures what people install (the default,
# debug, is what CI builds). Needs what scripts/test.sh needs; COUNT and RUNS
# override the defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${COUNT:-10000}

PROFILE=${PROFILE:-debug}
if [ "$PROFILE" = release ]; then
  TAURI_APP_PATH=src-tauri TAURI_FRONTEND_PATH=ui ui/node_modules/.bin/tauri build --bundles deb --ci
  cargo build --release -p quire-core --example fill_library
else
  TAURI_APP_PATH=src-tauri TAURI_FRONTEND_PATH=ui ui/node_modules/.bin/tauri build --debug --bundles deb --ci
  cargo build -p quire-core --example fill_library
fi
TARGET_DIR=$(cargo metadata --format-version 1 --no-deps | sed -E 's/.*"target_directory":"([^"]*)".*/\1/')

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$TARGET_DIR/$PROFILE/examples/fill_library" "$work/library.sqlite" "$COUNT"

cd ui
QUIRE_LIBRARY="$work/library.sqlite" QUIRE_DESKTOP_BIN="$TARGET_DIR/$PROFILE/quire-desktop" \
  QUIRE_DEB="$(ls -t "$TARGET_DIR/$PROFILE"/bundle/deb/*.deb | head -1)" \
  xvfb-run -a -s "-screen 0 1280x860x24" node bench/desktop.mjs
