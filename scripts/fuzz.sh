#!/bin/sh
# Local fuzzing (not CI): builds the libFuzzer targets with clang + ASan/UBSan and runs each for a while.
#   scripts/fuzz.sh [seconds-per-target]      (default 180; FUZZ_BUILD_DIR, FUZZ_JOBS override)
# New interesting inputs land in $FUZZ_BUILD_DIR/corpus/<target> (copy the useful ones into tests/fuzz/corpus/
# so tst_fuzzcorpus replays them in CI); crashes are written to $FUZZ_BUILD_DIR/artifacts/.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-180}
build=${FUZZ_BUILD_DIR:-$here/../build-fuzz}
jobs=${FUZZ_JOBS:-2}

command -v clang++ >/dev/null || { echo "fuzz.sh needs clang++ (apt-get install clang)" >&2; exit 1; }

cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
    -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link" \
    -DLOUNGE_SANITIZE=ON -DLOUNGE_FUZZ=ON -DLOUNGE_BUILD_GUI=OFF -DLOUNGE_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j "$jobs" --target fuzz_code_parser fuzz_token_verifier fuzz_central_request fuzz_boarding_pass

mkdir -p "$build/artifacts"
status=0
for target in code_parser token_verifier central_request boarding_pass; do
    work="$build/corpus/$target"
    mkdir -p "$work"
    cp "$here/tests/fuzz/corpus/$target/"* "$work/" 2>/dev/null || true
    echo "== fuzz_$target for ${seconds}s"
    exe=$(find "$build" -name "fuzz_$target" -type f -perm -u+x | head -n 1)
    if ! "$exe" -max_total_time="$seconds" -max_len=2048 -timeout=10 -print_final_stats=1 \
        -artifact_prefix="$build/artifacts/$target-" "$work" 2>"$build/fuzz_$target.log"; then
        status=1
        echo "   FAILED: see $build/fuzz_$target.log and $build/artifacts/" >&2
    fi
    grep -E "^stat::number_of_executed_units|^stat::new_units_added|^stat::peak_rss_mb|^#[0-9]+ *DONE" \
        "$build/fuzz_$target.log" || tail -n 5 "$build/fuzz_$target.log"
done
exit $status
