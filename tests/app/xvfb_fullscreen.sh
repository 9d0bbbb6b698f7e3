#!/usr/bin/env bash
# The kiosk window covers the screen on an X server without a window manager (a kiosk X session, Xvfb): the
# full-screen state is only a hint there, so the window must also take the screen's geometry.
# Usage: xvfb_fullscreen.sh LOUNGE_TERMINAL [WxH]   (exit 0 = covered; prints what xwininfo saw)
set -euo pipefail
app=$1
size=${2:-1280x800}
data=$(mktemp -d)
display=""
cleanup() {
    [[ -n "${app_pid:-}" ]] && kill "$app_pid" 2>/dev/null || true
    [[ -n "${xvfb_pid:-}" ]] && kill "$xvfb_pid" 2>/dev/null || true
    rm -rf "$data"
}
trap cleanup EXIT
# A free display number: Xvfb refuses one in use, so try a few.
for n in $(seq $((100 + RANDOM % 400)) 1 $((600))); do
    if [[ ! -e /tmp/.X11-unix/X$n && ! -e /tmp/.X$n-lock ]]; then
        Xvfb ":$n" -screen 0 "${size}x24" -nolisten tcp >/dev/null 2>&1 &
        xvfb_pid=$!
        for _ in $(seq 50); do
            [[ -e /tmp/.X11-unix/X$n ]] && break
            sleep 0.1
        done
        if kill -0 "$xvfb_pid" 2>/dev/null && [[ -e /tmp/.X11-unix/X$n ]]; then
            display=":$n"
            break
        fi
    fi
done
[[ -n "$display" ]] || { echo "no Xvfb display" >&2; exit 1; }
export DISPLAY=$display QT_QPA_PLATFORM=xcb QT_LOGGING_RULES="qt.multimedia.*=false"
"$app" --data-dir "$data" --source none >"$data/app.log" 2>&1 &
app_pid=$!
geometry=""
for _ in $(seq 300); do
    # The kiosk's top-level window, once mapped: its size as X sees it.
    line=$(xwininfo -root -tree 2>/dev/null | grep '"Lounge Access Terminal"' | head -1 || true)
    if [[ -n "$line" ]]; then
        geometry=$(sed -E 's/.* ([0-9]+x[0-9]+)\+.*/\1/' <<<"$line")
        [[ "$geometry" == "$size" ]] && break
    fi
    kill -0 "$app_pid" 2>/dev/null || { cat "$data/app.log" >&2; echo "the app exited" >&2; exit 1; }
    sleep 0.1
done
echo "screen $size, kiosk window ${geometry:-not found}"
[[ "$geometry" == "$size" ]]
