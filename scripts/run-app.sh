#!/usr/bin/env bash
# Sets up a fresh Debian/Ubuntu machine and starts the Quire desktop app.
# The library is one SQLite file (~/.local/share/quire/library.sqlite), shared
# with the `quire` command line; there is no server to set up.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# `tauri build` embeds ui/dist in the binary; a plain `cargo build` would load a dev server instead.
TAURI_APP_PATH=src-tauri TAURI_FRONTEND_PATH=ui ui/node_modules/.bin/tauri build --debug --no-bundle
cargo build -p quire
echo "The command line is at $(cargo metadata --format-version 1 --no-deps | sed -E 's/.*"target_directory":"([^"]*)".*/\1/')/debug/quire"
exec "$(cargo metadata --format-version 1 --no-deps | sed -E 's/.*"target_directory":"([^"]*)".*/\1/')/debug/quire-desktop"
