#!/usr/bin/env bash
# Installs the two .deb packages with apt into a fresh Debian 12 root (debootstrap --variant=minbase bookworm) and
# checks what a lounge IT person would: both programs start, `lounge-terminal demo` passes, central answers
# GET /v1/terminal/time and /v1/health on loopback, every unit passes `systemd-analyze verify`, the kiosk's cage
# compositor starts headless with the kiosk in it, `apt-get remove` keeps the data and `apt-get purge` deletes it.
#
#   scripts/install-test.sh [DIR_WITH_DEBS]     default build/ci (run scripts/package.sh first)
#   scripts/install-test.sh --base-only         only build/refresh the cached Debian root
#
# Needs root, debootstrap and network access to the Debian mirror apt is configured with. The pristine root and
# apt's downloaded packages are cached under /var/cache/lounge-install-test, so a rerun only unpacks a tarball.
# Each run works in a fresh copy under /var/tmp and unmounts everything it mounted, also on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
cache=/var/cache/lounge-install-test
base="$cache/bookworm-minbase.tar"
archives="$cache/apt-archives"
lists="$cache/apt-lists"
mkdir -p "$cache" "$archives/partial" "$lists/partial"

say() { printf '== [%4ss] %s\n' "$(($(date +%s) - started))" "$*"; }
die() { printf 'install-test: FAIL: %s\n' "$*" >&2; exit 1; }

# The mirror apt uses on this machine (deb822 or one-line format); Debian's own as a fallback.
mirror() {
    local m
    m=$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v security | head -n1 || true)
    [[ -n $m ]] || m=$(grep -hs '^deb ' /etc/apt/sources.list | awk '{print $2}' | grep -v security | head -n1 || true)
    echo "${m:-http://deb.debian.org/debian}"
}

make_base() {
    local tmp="$cache/base.tmp"
    rm -rf "$tmp"
    say "debootstrap --variant=minbase bookworm from $(mirror) (cached afterwards)"
    debootstrap --variant=minbase --cache-dir="$archives" bookworm "$tmp" "$(mirror)" >"$cache/debootstrap.log" 2>&1 \
        || { tail -n 20 "$cache/debootstrap.log" >&2; die "debootstrap failed (log: $cache/debootstrap.log)"; }
    tar -C "$tmp" -cf "$base.new" . && mv "$base.new" "$base"
    rm -rf "$tmp"
}

[[ $(id -u) == 0 ]] || die "run as root (debootstrap, chroot, mounts)"
command -v debootstrap >/dev/null || die "debootstrap is not installed (apt-get install debootstrap)"
[[ -f $base ]] || make_base
[[ ${1:-} == --base-only ]] && exit 0

debdir=${1:-build/ci}
term_deb=$(ls -t "$debdir"/lounge-terminal_*.deb 2>/dev/null | head -n1 || true)
central_deb=$(ls -t "$debdir"/lounge-central_*.deb 2>/dev/null | head -n1 || true)
[[ -n $term_deb && -n $central_deb ]] || die "no lounge-terminal_*.deb / lounge-central_*.deb in $debdir (scripts/package.sh $debdir)"

root=$(mktemp -d /var/tmp/lounge-root.XXXXXX)
mounts=()
cleanup() {
    local rc=$? i
    for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
        umount "${mounts[i]}" 2>/dev/null || umount -l "${mounts[i]}" 2>/dev/null || true
    done
    # Never delete through a mount that is still there.
    if ! grep -q " $root" /proc/mounts; then rm -rf "$root"; else echo "install-test: left $root (still mounted)" >&2; fi
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM
bindmount() { mkdir -p "$root$2"; mount "${@:3}" "$1" "$root$2"; mounts+=("$root$2"); }

say "fresh root in $root"
tar -C "$root" -xf "$base"
bindmount proc /proc -t proc
bindmount /dev /dev --bind
bindmount devpts /dev/pts -t devpts
bindmount "$archives" /var/cache/apt/archives --bind
bindmount "$lists" /var/lib/apt/lists --bind
cp /etc/resolv.conf "$root/etc/resolv.conf"
# The same suites the packages were built against (bookworm, -updates, -security).
if ls /etc/apt/sources.list.d/*.sources >/dev/null 2>&1; then
    rm -f "$root/etc/apt/sources.list"
    for f in /etc/apt/sources.list.d/*.sources; do cp "$f" "$root/etc/apt/sources.list.d/"; done
fi
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d" && chmod +x "$root/usr/sbin/policy-rc.d"
mkdir -p "$root/tmp/debs"
cp "$term_deb" "$central_deb" "$root/tmp/debs/"
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }

say "apt-get install ./$(basename "$term_deb") ./$(basename "$central_deb")"
export DEBIAN_FRONTEND=noninteractive
in_root env DEBIAN_FRONTEND=noninteractive apt-get -qq update >/dev/null
in_root env DEBIAN_FRONTEND=noninteractive apt-get -y -q -o Dpkg::Options::=--force-unsafe-io install \
    "/tmp/debs/$(basename "$term_deb")" "/tmp/debs/$(basename "$central_deb")" >"$root/tmp/install.log" 2>&1 \
    || { tail -n 30 "$root/tmp/install.log" >&2; die "apt-get install failed"; }
in_root dpkg -s lounge-terminal lounge-central >/dev/null || die "packages not installed"

say "system users and state directories from postinst"
for u in lounge-kiosk lounge-central; do in_root id "$u" >/dev/null || die "postinst did not create user $u"; done
in_root id -nG lounge-kiosk | grep -qw video || die "lounge-kiosk is not in group video"
in_root id -nG lounge-kiosk | grep -qw input || die "lounge-kiosk is not in group input"
for d in /var/lib/lounge-terminal /var/lib/lounge-central; do [[ -d $root$d ]] || die "postinst did not create $d"; done
[[ $(in_root stat -c %U /var/lib/lounge-terminal) == lounge-kiosk ]] || die "/var/lib/lounge-terminal not owned by lounge-kiosk"
[[ $(stat -c %a "$root/etc/lounge-central/issuer.key") == 600 ]] || die "issuer key file is not 0600"

say "lounge-terminal --help, demo (offscreen, as lounge-kiosk)"
in_root lounge-terminal --help >/dev/null || die "lounge-terminal --help failed"
in_root setpriv --reuid=lounge-kiosk --regid=lounge-kiosk --init-groups env HOME=/var/lib/lounge-terminal \
    QT_QPA_PLATFORM=offscreen lounge-terminal demo --data-dir /tmp/demo-cache >"$root/tmp/demo.log" 2>&1 \
    || { tail -n 20 "$root/tmp/demo.log" >&2; die "lounge-terminal demo failed"; }
echo "   demo: $(grep -c . "$root/tmp/demo.log") lines, last: $(tail -n1 "$root/tmp/demo.log")"

say "systemd-analyze verify on every unit"
units=$(cd "$root" && ls usr/lib/systemd/system/lounge-*.service)
for u in $units; do
    SYSTEMD_LOG_LEVEL=notice systemd-analyze verify --root="$root" "/$u" >"$root/tmp/verify.log" 2>&1 \
        || { cat "$root/tmp/verify.log" >&2; die "systemd-analyze verify $u"; }
    if [[ -s $root/tmp/verify.log ]]; then cat "$root/tmp/verify.log" >&2; die "systemd-analyze verify $u warned"; fi
    echo "   verified /$u"
done

say "lounge-central serve (the unit's command line, as lounge-central, config from /etc/lounge-central)"
exec_start=$(sed -n 's/^ExecStart=//p' "$root/usr/lib/systemd/system/lounge-central.service")
port=$((20000 + RANDOM % 20000))
sed -i "s/^listen *=.*/listen = 127.0.0.1:$port/" "$root/etc/lounge-central/central.conf"
chroot "$root" setpriv --reuid=lounge-central --regid=lounge-central --init-groups \
    env CREDENTIALS_DIRECTORY=/etc/lounge-central STATE_DIRECTORY=/var/lib/lounge-central $exec_start \
    >"$root/tmp/central.log" 2>&1 &
central_pid=$!
as_central() { chroot "$root" setpriv --reuid=lounge-central --regid=lounge-central --init-groups "$@"; }
as_kiosk() { chroot "$root" setpriv --reuid=lounge-kiosk --regid=lounge-kiosk --init-groups env HOME=/var/lib/lounge-terminal "$@"; }
ok=""
for _ in $(seq 150); do
    if curl -sf "http://127.0.0.1:$port/v1/health" >"$root/tmp/health.json" 2>/dev/null; then ok=1; break; fi
    kill -0 $central_pid 2>/dev/null || break
    sleep 0.2
done
[[ -n $ok ]] || { cat "$root/tmp/central.log" >&2; die "central did not answer GET /v1/health"; }
grep -q '"status":"ok"' "$root/tmp/health.json" || die "GET /v1/health: $(cat "$root/tmp/health.json")"
issuer_key=$(cat "$root/etc/lounge-central/issuer.key")
# A lounge through the issuer API, a one-time code (with its QR), a terminal enrolled with it, one sync: the
# sync asks GET /v1/terminal/time with the terminal's credentials.
curl -sf -o /dev/null -X PUT -H "Authorization: Bearer $issuer_key" -H 'Content-Type: application/json' \
    -d '{"module":"LOUNGE","name":"Test lounge","airport":"HKG","timeZone":"Asia/Hong_Kong","requireDynamic":false}' \
    "http://127.0.0.1:$port/v1/issuer/resources/TEST-LOUNGE" || die "issuer API: PUT resource failed"
as_central lounge-central enroll-code --config /etc/lounge-central/central.conf --resource TEST-LOUNGE \
    --qr --url "http://127.0.0.1:$port" --png /tmp/enroll.png >"$root/tmp/enroll-code.txt" 2>&1 \
    || { cat "$root/tmp/enroll-code.txt" >&2; die "lounge-central enroll-code --qr failed"; }
code=$(head -n1 "$root/tmp/enroll-code.txt")
[[ -s $root/tmp/enroll.png ]] || die "enroll-code --png wrote no PNG"
as_kiosk lounge-terminal enroll "http://127.0.0.1:$port" "$code" --data-dir /var/lib/lounge-terminal \
    >"$root/tmp/enroll.log" 2>&1 || { cat "$root/tmp/enroll.log" >&2; die "lounge-terminal enroll failed"; }
as_kiosk lounge-terminal sync --once --data-dir /var/lib/lounge-terminal >"$root/tmp/sync.log" 2>&1 \
    || { cat "$root/tmp/sync.log" "$root/tmp/central.log" >&2; die "lounge-terminal sync --once failed"; }
[[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v1/terminal/time") == 401 ]] \
    || die "GET /v1/terminal/time without credentials is not 401"
sleep 0.5
grep -qF "$issuer_key" "$root/tmp/central.log" && die "central printed the issuer key into its log"
grep -Eq 'GET /v1/terminal/time 200 [0-9]+ms terminal=[^-]' "$root/tmp/central.log" \
    || { cat "$root/tmp/central.log" >&2; die "no structured log line for an authenticated GET /v1/terminal/time"; }
echo "   health: $(cat "$root/tmp/health.json")"
echo "   $(head -n1 "$root/tmp/enroll.log")"
echo "   log: $(grep -m1 -E 'GET /v1/terminal/time 200' "$root/tmp/central.log")"
kill $central_pid && wait $central_pid 2>/dev/null || true
[[ -f $root/var/lib/lounge-central/central.sqlite ]] || die "central wrote no database in /var/lib/lounge-central"

say "kiosk in cage, headless wlroots backend (no seat needed), as lounge-kiosk, until 'kiosk ready'"
in_root dpkg -s cage >/dev/null 2>&1 || die "cage was not installed with lounge-terminal (Recommends)"
runtime_dir=/run/lounge-test
mkdir -p "$root$runtime_dir"
chroot "$root" chown lounge-kiosk:lounge-kiosk "$runtime_dir"
chmod 700 "$root$runtime_dir"
chroot "$root" setpriv --reuid=lounge-kiosk --regid=lounge-kiosk --init-groups \
    env HOME=/var/lib/lounge-terminal XDG_RUNTIME_DIR=$runtime_dir WLR_BACKENDS=headless WLR_RENDERER=pixman \
    WLR_LIBINPUT_NO_DEVICES=1 QT_QPA_PLATFORM=wayland \
    cage -d -- lounge-terminal --config /etc/lounge-terminal/terminal.conf >"$root/tmp/cage.log" 2>&1 &
cage_pid=$!
ok=""
for _ in $(seq 300); do
    if grep -q 'kiosk ready' "$root/tmp/cage.log"; then ok=1; break; fi
    kill -0 $cage_pid 2>/dev/null || break
    sleep 0.2
done
kill $cage_pid 2>/dev/null || true
wait $cage_pid 2>/dev/null || true
[[ -n $ok ]] || { tail -n 30 "$root/tmp/cage.log" >&2; die "the kiosk did not come up in cage"; }
# The cache was enrolled above, so the kiosk started on the desk (sign-in), not on the set-up screen.
grep -q 'kiosk ready: desk' "$root/tmp/cage.log" || { tail -n 30 "$root/tmp/cage.log" >&2; die "the kiosk in cage did not start the desk"; }
echo "   cage: $(grep -m1 'kiosk ready' "$root/tmp/cage.log")"

say "apt-get remove keeps the data"
echo "visit data" >"$root/var/lib/lounge-terminal/keep-me"
in_root env DEBIAN_FRONTEND=noninteractive apt-get -y -q remove lounge-terminal lounge-central >"$root/tmp/remove.log" 2>&1 \
    || { tail -n 20 "$root/tmp/remove.log" >&2; die "apt-get remove failed"; }
[[ -f $root/var/lib/lounge-terminal/keep-me ]] || die "remove deleted /var/lib/lounge-terminal"
[[ -f $root/var/lib/lounge-terminal/cache.sqlite ]] || die "remove deleted the kiosk's enrolled cache"
[[ -f $root/var/lib/lounge-central/central.sqlite ]] || die "remove deleted central's database"
[[ -f $root/etc/lounge-central/central.conf ]] || die "remove deleted the conffile"
in_root id lounge-kiosk >/dev/null || die "remove deleted the kiosk user (files it owns remain)"

say "apt-get purge deletes it"
in_root env DEBIAN_FRONTEND=noninteractive apt-get -y -q purge lounge-terminal lounge-central >"$root/tmp/purge.log" 2>&1 \
    || { tail -n 20 "$root/tmp/purge.log" >&2; die "apt-get purge failed"; }
for p in /var/lib/lounge-terminal /var/lib/lounge-central /etc/lounge-terminal /etc/lounge-central; do
    [[ ! -e $root$p ]] || die "purge left $p"
done

say "install test passed in $(($(date +%s) - started)) s"
