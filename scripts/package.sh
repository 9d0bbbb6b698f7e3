#!/usr/bin/env bash
# Builds the two .deb packages (lounge-terminal, lounge-central) from a configured, built tree (default
# build/release) and checks them: each has a non-empty Depends from dpkg-shlibdeps (a .deb without them installs a
# program that cannot start elsewhere), its conffiles, changelog.Debian.gz and copyright, its maintainer scripts,
# and the extracted programs run. Prints the two package paths. Needs dpkg-dev (scripts/deps.sh installs it).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
die() { echo "package.sh: $*" >&2; exit 1; }
command -v dpkg-shlibdeps >/dev/null || die "dpkg-shlibdeps is missing: apt-get install dpkg-dev (scripts/deps.sh)"
cmake "$build" >/dev/null # CPackConfig.cmake is written at configure time: pick up packaging/ changes
rm -f "$build"/lounge-terminal_*.deb "$build"/lounge-central_*.deb
(cd "$build" && cpack -G DEB >"cpack.log" 2>&1) || { tail -n 30 "$build/cpack.log" >&2; die "cpack failed"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for pkg in lounge-terminal lounge-central; do
    deb=$(ls "$build"/${pkg}_*.deb 2>/dev/null | head -n1)
    [[ -n $deb ]] || die "cpack made no ${pkg}_*.deb in $build"
    depends=$(dpkg-deb -f "$deb" Depends)
    # shlibdeps ran when Depends names the libraries the binary links (Qt and libc at least).
    [[ -n $depends ]] || die "$deb has an empty Depends (dpkg-shlibdeps did not run)"
    grep -q 'libqt6core6' <<<"$depends" || die "$deb Depends lacks libqt6core6: '$depends'"
    grep -q 'libc6' <<<"$depends" || die "$deb Depends lacks libc6: '$depends'"
    if [[ $pkg == lounge-central ]]; then
        # central speaks to PostgreSQL through libpq (docs/deployment.md)
        grep -q 'libpq5' <<<"$depends" || die "$deb Depends lacks libpq5: '$depends'"
    fi
    contents=$(dpkg-deb -c "$deb")
    for f in "usr/bin/$pkg" "usr/share/doc/$pkg/changelog.Debian.gz" "usr/share/doc/$pkg/copyright" \
        "usr/lib/systemd/system/$pkg.service"; do
        grep -q "\./$f\$" <<<"$contents" || die "$deb lacks /$f"
    done
    mkdir -p "$tmp/$pkg/control"
    dpkg-deb -e "$deb" "$tmp/$pkg/control"
    for s in conffiles postinst prerm postrm; do
        [[ -s $tmp/$pkg/control/$s ]] || die "$deb lacks the $s control file"
    done
    while read -r conffile; do
        grep -q "\.$conffile\$" <<<"$contents" || die "$deb lists conffile $conffile but does not ship it"
    done <"$tmp/$pkg/control/conffiles"
    dpkg-deb -x "$deb" "$tmp/$pkg/root"
    "$tmp/$pkg/root/usr/bin/$pkg" --help >/dev/null || die "the extracted $pkg does not run"
    echo "$deb"
done
