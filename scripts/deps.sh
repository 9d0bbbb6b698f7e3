#!/usr/bin/env bash
# Installs every Debian 12 package the build, the tests and the demo need, and the packaging's: dpkg-dev
# (dpkg-shlibdeps computes the .debs' Depends), git (the test command), debootstrap and curl (install test),
# systemd (systemd-analyze), openssl (TLS certificates in tst_setup), postgresql-15 + libpq-dev (central's
# PostgreSQL store; the *_pg tests start a throw-away cluster with scripts/pg-cluster.sh), poppler-utils (pdftotext
# reads the figures back out of the billing PDF in tst_centralbilling and of the shift report PDF in the kiosk tests),
# chromium (the operator console's browser test, tests/console: headless, over the DevTools pipe, so no Python
# package is needed) and python3. Idempotent; run as root.
set -euo pipefail
packages=(
    g++ cmake ninja-build pkg-config clang-format file
    qt6-base-dev qt6-multimedia-dev libqt6sql6-sqlite qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    qt6-svg-dev qt6-httpserver-dev qt6-websockets-dev
    libzxing-dev libzbar-dev libsqlite3-dev sqlite3 libsodium-dev libssl-dev
    postgresql-15 libpq-dev
    nginx-light openssl
    xvfb xauth x11-utils xdotool gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-libav ffmpeg
    git dpkg-dev debootstrap curl systemd
    fonts-wqy-zenhei
    chromium python3
    poppler-utils
)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "Installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
