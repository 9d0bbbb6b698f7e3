#!/usr/bin/env bash
# Boarding passes typed by a keyboard-wedge scanner into the real kiosk window (issue 14 §3): lounge-terminal under
# Xvfb on a demo cache whose lounge requires boarding passes, xdotool typing like a USB HID scanner (Shift around
# every capital, Return at the end). The pass then an IATA BCBP at 5 ms per key, and a BCBP then the pass at 30 ms
# per key: each must become a visit that records the flight, read back with `lounge-terminal history --json`.
# usage: bp-xdotool.sh path/to/lounge-terminal        (exit 77 = skipped: no Xvfb, xdotool or sqlite3)
set -euo pipefail
terminal=${1:?usage: bp-xdotool.sh path/to/lounge-terminal}
command -v Xvfb >/dev/null && command -v xdotool >/dev/null && command -v sqlite3 >/dev/null \
  || { echo "skipped: needs Xvfb, xdotool and sqlite3"; exit 77; }

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Types CODE the way a HID scanner does (as in wedge-xdotool.sh): one key event per character, MS per key, Return.
wedge_type() {
  local code=$1 ms=$2 keys=() c hex i
  for ((i = 0; i < ${#code}; i++)); do
    c=${code:i:1}
    case $c in
      [A-Z]) keys+=("shift+$c") ;;
      [a-z0-9]) keys+=("$c") ;;
      -) keys+=(minus) ;; :) keys+=(shift+colon) ;; /) keys+=(slash) ;; .) keys+=(period) ;;
      ' ') keys+=(space) ;; '<') keys+=(shift+less) ;; '>') keys+=(shift+greater) ;;
      *) printf -v hex '%04X' "'$c"; keys+=("U$hex") ;;
    esac
  done
  keys+=(Return)
  xdotool key --delay "$ms" "${keys[@]}"
}

# A BCBP (format M, one leg, no conditional block) for NAME on CX 251 HKG→LHR in J, dated today in Hong Kong.
bcbp() {
  local name=$1 pnr=$2 day
  day=$(TZ=Asia/Hong_Kong date +%j)
  printf 'M1%-20.20sE%-7.7sHKGLHRCX 0251 %sJ011A0042 100' "$name" "$pnr" "$day"
}

# Waits up to ~20 s until `history --json` lists a visit for HOLDER that records flight CX 251.
wait_flight() {
  local holder=$1 got=""
  for _ in $(seq 1 100); do
    got=$("$terminal" history --json --data-dir "$work/data" 2>/dev/null | grep -F "\"holder\":\"$holder\"" \
      | grep -F '"kind":"redeem"' | grep -F '"carrier":"CX"' | grep -F '"flight":"251"' || true)
    [ -n "$got" ] && return 0
    sleep 0.2
  done
  echo "FAIL: no visit with flight CX 251 recorded for $holder" >&2
  "$terminal" history --json --data-dir "$work/data" >&2 || true
  echo "--- kiosk log" >&2
  tail -n 40 "$work/kiosk.log" >&2 || true
  return 1
}

"$terminal" seed-demo --json --data-dir "$work/data" >"$work/codes.json"
code_of() { grep -F "\"label\":\"$1\"" "$work/codes.json" | sed -E 's/.*"code":"([^"]+)".*/\1/'; }
gold=$(code_of "Gold member, active")             # Mei Ling Chan
epass=$(code_of "E-pass, any lounge, 3 visits")   # Olivia Brown
[ -n "$gold" ] && [ -n "$epass" ] || { echo "FAIL: demo codes not found" >&2; exit 1; }
# The demo lounge requires boarding passes (as central would send it in the feed: resource JSON "boardingPass").
cache=$(ls "$work"/data/*.sqlite | head -n1)
sqlite3 "$cache" "UPDATE resources SET body = json_set(body, '\$.boardingPass', json('{\"policy\":\"required\"}'))
                  WHERE id = 'HKG-T1-LOUNGE';"

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

QT_LOGGING_RULES="lounge.*.info=true" QT_QPA_PLATFORM=xcb "$terminal" --data-dir "$work/data" --demo --source none \
  --size 1024x600 >"$work/kiosk.log" 2>&1 &
pids+=($!)
win=$(timeout 30 xdotool search --sync --name "Lounge Access Terminal" | head -n1) || {
  echo "FAIL: no kiosk window" >&2; cat "$work/kiosk.log" >&2; exit 1; }
xdotool windowfocus --sync "$win" || true
xdotool mousemove --window "$win" 400 300
sleep 1 # the store opens and the sign-in screen takes the keyboard focus

# A boarding pass on the sign-in screen is not a staff badge and is never typed into the PIN field.
wedge_type "$(bcbp "CHAN/MEI LING MS" XK4P2Q)" 5
wedge_type "STAFF:1234" 5
for _ in $(seq 1 100); do
  "$terminal" staff-log --json --data-dir "$work/data" 2>/dev/null | grep -F '"demo-agent"' | grep -qi 'signed_in' \
    && break
  sleep 0.2
done

# Pass, then boarding pass, at 5 ms per key.
wedge_type "$gold" 5
sleep 1 # the check answers "scan boarding pass"
wedge_type "$(bcbp "CHAN/MEI LING MS" XK4P2Q)" 5
sleep 1 # the gold member may bring a guest: the party picker asks; Return admits the member alone
xdotool key Return
wait_flight "Mei Ling Chan"
sleep 5 # the ACCEPT has its time on screen

# Boarding pass, then pass, at 30 ms per key.
wedge_type "$(bcbp "BROWN/OLIVIA MS" YT7LM2)" 30
sleep 1
wedge_type "$epass" 30
wait_flight "Olivia Brown"
echo "PASS: pass + BCBP typed by a keyboard-wedge scanner under Xvfb (5 and 30 ms per key), both orders, recorded with the flight"
