#!/usr/bin/env bash
# Screenshots of every kiosk screen, taken from the real app under Xvfb (no window manager: the app covers the
# screen by geometry). Usage: scripts/screenshots.sh [BUILD_DIR] [OUT_DIR] [WxH]
#   defaults: build/release, docs/screenshots, 1280x800
# The app's hidden --screenshot-tour option signs in, walks the screens with the demo codes (English, then Arabic
# and Chinese) and saves one PNG per screen; the demo video plays in the live view.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
out=${2:-docs/screenshots}
size=${3:-1280x800}
app="$build/app/lounge-terminal"
[[ -x "$app" ]] || { echo "no $app: build it first (cmake --build --preset release)" >&2; exit 1; }
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
mkdir -p "$out"
# No audio device under Xvfb: keep Qt Multimedia quiet rather than probing PulseAudio.
export QT_LOGGING_RULES="qt.multimedia.*=false"
xvfb-run -a -s "-screen 0 ${size}x24" \
    "$app" --data-dir "$data" --demo --screenshot-tour "$out"
# Keep the committed images small.
if command -v optipng >/dev/null; then optipng -quiet -o2 "$out"/*.png; fi
ls -l "$out"/*.png
