#!/usr/bin/env bash
# The run command: installs the Debian packages, builds the release configuration and starts the kiosk GUI on the
# embedded demo cache in demo mode (with no camera it plays the built-in demo video of the demo codes). Extra arguments go to
# lounge-terminal (e.g. `scripts/run.sh demo` for the text demo, `scripts/run.sh --help`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)"
if [[ $# -eq 0 && -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
    echo "No display here: running the text demo instead of the kiosk window."
    echo "(On a machine with a screen this command opens the kiosk; see README for xvfb and screenshots.)"
    exec build/release/app/lounge-terminal demo
fi
if [[ $# -eq 0 ]]; then
    set -- --demo # the kiosk on the demo data set (its own cache file, DEMO ribbon); without it: "Set up this desk"
fi
exec build/release/app/lounge-terminal "$@"
