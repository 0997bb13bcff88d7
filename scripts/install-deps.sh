#!/usr/bin/env bash
# Installs what building, running and testing Quire needs on Debian/Ubuntu:
# the WebKitGTK and build packages Tauri needs, Chromium and Xvfb for the
# browser and desktop tests, Rust (if missing) and the UI's npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
  libwebkit2gtk-4.1-dev build-essential curl file libxdo-dev libssl-dev \
  libayatana-appindicator3-dev librsvg2-dev pkg-config xvfb xauth x11-utils \
  webkit2gtk-driver libturbojpeg0-dev chromium firefox-esr imagemagick fonts-dejavu-core fonts-noto-cjk \
  ca-certificates git >/dev/null

if ! command -v cargo >/dev/null 2>&1; then
  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal --component clippy,rustfmt
  # shellcheck disable=SC1091
  . "$HOME/.cargo/env"
fi

# Vite 8 needs Node.js 20.19 or newer; Debian 12's own nodejs is 18.
node_ok() { command -v node >/dev/null 2>&1 && node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'; }
if ! node_ok; then
  curl -fsSL https://deb.nodesource.com/setup_22.x | $SUDO bash -
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs >/dev/null
fi

npm --prefix ui ci --no-audit --no-fund

# The WebDriver bridge for the end-to-end test of the real desktop window.
if ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
  cargo install tauri-driver --locked --version '^2' --quiet
fi
