#!/usr/bin/env bash
# The test command: installs the Debian packages, builds everything with warnings as errors, runs every test,
# then builds core + sync alone (no Widgets, proving the layering) under ASan+UBSan and runs their tests, and
# checks formatting, builds the two .debs and installs them into a fresh Debian 12 root (scripts/install-test.sh;
# LOUNGE_SKIP_INSTALL_TEST=1 skips that on a machine without network or mount rights). Exit status is non-zero if anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
jobs=$(nproc)

echo "== format check"
git ls-files '*.cpp' '*.h' | xargs -r clang-format --dry-run --Werror

echo "== build (ci preset: RelWithDebInfo, -Werror, all layers)"
cmake --preset ci >/dev/null
cmake --build --preset ci -j"$jobs"
echo "== tests"
ctest --preset ci -j"$jobs"

echo "== ASan+UBSan build of core and sync (no Gui/Widgets linked)"
cmake --preset asan >/dev/null
cmake --build --preset asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --preset asan -j"$jobs"

echo "== package (two .debs, Depends from dpkg-shlibdeps, conffiles, changelog, copyright)"
bash scripts/package.sh build/ci >/dev/null
if [[ ${LOUNGE_SKIP_INSTALL_TEST:-0} == 1 ]]; then
    echo "== install test SKIPPED (LOUNGE_SKIP_INSTALL_TEST=1)"
else
    echo "== install test (both .debs with apt in a fresh debootstrap'd Debian 12 root; ~5 min, docs/performance.md)"
    bash scripts/install-test.sh build/ci
fi
echo "All checks passed."
