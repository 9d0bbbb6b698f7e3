#!/usr/bin/env bash
# The run command: installs the Debian packages, builds the release configuration and starts the kiosk on the
# embedded demo cache. Extra arguments go to lounge-terminal (e.g. `scripts/run.sh demo` for the text demo).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)"
exec build/release/app/lounge-terminal "$@"
