#!/usr/bin/env bash
# Builds the .deb from a configured, built tree (default build/release) and smoke-tests it: the package must
# contain the executables, and the extracted lounge-terminal must run.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
(cd "$build" && cpack -G DEB >/dev/null)
deb=$(ls -t "$build"/lounge-terminal_*.deb | head -n1)
dpkg-deb --info "$deb" >/dev/null
contents=$(dpkg-deb -c "$deb")
grep -q './usr/bin/lounge-terminal$' <<<"$contents" || { echo "lounge-terminal missing from $deb"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dpkg-deb -x "$deb" "$tmp"
"$tmp/usr/bin/lounge-terminal" --version
echo "$deb"
