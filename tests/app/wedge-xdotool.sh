#!/usr/bin/env bash
# The handheld (keyboard-wedge) scanner against the real kiosk window: starts lounge-terminal under Xvfb on a demo
# cache (--demo: an unenrolled cache starts on the set-up screen otherwise), then types like a USB HID scanner with xdotool (Shift pressed and released around every capital, Return at
# the end): a staff badge to sign in, then demo pass codes at 5 ms and at 30 ms per key. Each must become a recorded
# visit, read back with `lounge-terminal history --json` on the same --data-dir.
# usage: wedge-xdotool.sh path/to/lounge-terminal        (exit 77 = skipped: no Xvfb or xdotool)
set -euo pipefail
terminal=${1:?usage: wedge-xdotool.sh path/to/lounge-terminal}
command -v Xvfb >/dev/null && command -v xdotool >/dev/null || { echo "skipped: needs Xvfb and xdotool"; exit 77; }

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Types CODE the way a HID scanner does (the logic of ../shared/tools/wedge-type, kept here so CI needs nothing
# beside the clone): one key event per character, shift+X for capitals and shifted symbols, MS per key, then SUFFIX.
wedge_type() {
  local code=$1 ms=$2 suffix=${3:-Return} keys=() c hex i
  for ((i = 0; i < ${#code}; i++)); do
    c=${code:i:1}
    case $c in
      [A-Z]) keys+=("shift+$c") ;;
      [a-z0-9]) keys+=("$c") ;;
      -) keys+=(minus) ;; :) keys+=(shift+colon) ;; /) keys+=(slash) ;; .) keys+=(period) ;;
      ' ') keys+=(space) ;; '<') keys+=(shift+less) ;; '>') keys+=(shift+greater) ;;
      '^') keys+=(shift+asciicircum) ;; '+') keys+=(shift+plus) ;; '*') keys+=(shift+asterisk) ;; =) keys+=(equal) ;;
      *) printf -v hex '%04X' "'$c"; keys+=("U$hex") ;;
    esac
  done
  [ "$suffix" = none ] || keys+=("$suffix")
  xdotool key --delay "$ms" "${keys[@]}"
}

# Waits up to ~20 s until `history --json` lists N visits recorded for HOLDER.
wait_visits() {
  local holder=$1 want=$2 got=0
  for _ in $(seq 1 100); do
    got=$("$terminal" history --json --data-dir "$work/data" 2>/dev/null | grep -F "\"holder\":\"$holder\"" \
      | grep -F '"kind":"redeem"' | grep -cF '"staff":"demo-agent"' || true)
    [ "$got" -ge "$want" ] && return 0
    sleep 0.2
  done
  echo "FAIL: $holder has $got recorded visit(s), expected $want" >&2
  "$terminal" history --data-dir "$work/data" >&2 || true
  echo "--- kiosk log" >&2
  tail -n 40 "$work/kiosk.log" >&2 || true
  return 1
}

"$terminal" seed-demo --json --data-dir "$work/data" >"$work/codes.json"
code_of() { grep -F "\"label\":\"$1\"" "$work/codes.json" | sed -E 's/.*"code":"([^"]+)".*/\1/'; }
epass=$(code_of "E-pass, any lounge, 3 visits")          # Olivia Brown, one-scan flow (no guests)
explorer=$(code_of "Asia Explorer member (HKG/SIN only)") # Liam O'Brien
[ -n "$epass" ] && [ -n "$explorer" ] || { echo "FAIL: demo codes not found" >&2; exit 1; }

exec 3<> <(:)
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
pids+=($!)
display=""
for _ in $(seq 1 50); do
  read -r -t 0.2 display <&3 || true
  [ -n "$display" ] && break
done
[ -n "$display" ] || { echo "FAIL: Xvfb did not start" >&2; cat "$work/xvfb.log" >&2; exit 1; }
export DISPLAY=":$display"

QT_LOGGING_RULES="lounge.*.info=true" QT_QPA_PLATFORM=xcb "$terminal" --data-dir "$work/data" --demo --source none --size 1024x600 >"$work/kiosk.log" 2>&1 &
pids+=($!)
win=$(timeout 30 xdotool search --sync --name "Lounge Access Terminal" | head -n1) || {
  echo "FAIL: no kiosk window" >&2; cat "$work/kiosk.log" >&2; exit 1; }
xdotool windowfocus --sync "$win" || true
xdotool mousemove --window "$win" 400 300
sleep 1 # the store opens and the sign-in screen takes the keyboard focus

# A staff badge with a capital and a colon (Shift around each), read by the wedge on the sign-in screen.
wedge_type "STAFF:1234" 5
signed_in=""
for _ in $(seq 1 100); do
  if "$terminal" staff-log --json --data-dir "$work/data" 2>/dev/null | grep -F '"demo-agent"' | grep -qi 'signed_in'; then
    signed_in=yes
    break
  fi
  sleep 0.2
done
[ -n "$signed_in" ] || { echo "FAIL: the badge typed by the scanner did not sign in" >&2; tail -n 40 "$work/kiosk.log" >&2; exit 1; }
# A pass at 5 ms per key; then another at 30 ms per key while the first ACCEPT is still up: it waits as the next
# guest and is recorded once the ACCEPT has had its time. Both under the badge's staff id (demo-agent).
wedge_type "$epass" 5
wait_visits "Olivia Brown" 1
wedge_type "$explorer" 30
wait_visits "Liam O'Brien" 1

# An IATA boarding pass (issue 14; tests/common/BcbpGenerator.h, samplePass(2, true, true)): blanks, '/', and the
# shifted '>', '^', '+' of its conditional and security blocks; upper case at 5 ms, lower case at 30 ms per key. The
# kiosk must receive exactly that text: the wedge logs every scan's SHA-256 tag and length (never the text).
bcbp='M2MUSTERMANN/ERIKA MS EABC123 FRAJFKLH 0400 100J002A0042 154>6181WW6099BLH 02201234560012A22012345678900 LH LH 992000000000001  2PCN*30600000K09ABC123 JFKORDUA 0417 101J003A0043 12C2A22012345678900 LH LH 992000000000001  2PCN^15CMEUCIQDx3b1Iq9ZcLw2Jm8yZ0f6b0uQm0qJ8dV2vQeQ7Hc0R7wIgF6YqYl4Kk8xw+Qe9pB5x/8z5Yc0c1dJx0Wc8Aa=='
expect_wedge_scan() {
  local text=$1 tag
  tag=$(printf '%s' "$text" | sha256sum | cut -c1-8)
  for _ in $(seq 1 100); do
    grep -qF "keyboard wedge scan \"$tag\" length ${#text}" "$work/kiosk.log" && return 0
    sleep 0.2
  done
  echo "FAIL: the kiosk did not receive the boarding pass typed by the scanner (${#text} characters, tag $tag)" >&2
  grep -F "keyboard wedge" "$work/kiosk.log" >&2 || true
  return 1
}
wedge_type "$bcbp" 5
expect_wedge_scan "$bcbp"
wedge_type "${bcbp,,}" 30
expect_wedge_scan "${bcbp,,}"
echo "PASS: badge, two passes and a boarding pass typed by a keyboard-wedge scanner under Xvfb (5 and 30 ms per key) arrived"
