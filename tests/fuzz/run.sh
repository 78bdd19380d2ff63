#!/usr/bin/env bash
# Builds every libFuzzer harness with clang (ASan+UBSan) and fuzzes each for a
# bounded time, seeded from examples/ and tests/fuzz/corpus/. A crash leaves
# its input in tests/fuzz/crashes/<harness>/ and fails the run: copy it into
# tests/fuzz/corpus/<harness>/ so ctest replays it from then on.
#   tests/fuzz/run.sh [SECONDS_PER_HARNESS]   (default 60)
set -euo pipefail
secs=${1:-60}
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${LIPS_FUZZ_DIR:-$root/build-fuzz}
mkdir -p "$out"
CC=${CC_FUZZ:-clang}
libs=$(pkg-config --cflags --libs z3 libcjson openblas zlib)
# lips/version.h is made by CMake's configure step, from project()'s version
cmake -S "$root" -B "$out/cmake" -DLIPS_TESTS=OFF -DLIPS_MAN=OFF >/dev/null
shopt -s nullglob
srcs=("$root"/src/*.c "$root"/smt/*.c)
status=0
for h in "$root"/tests/fuzz/fuzz_*.c; do
    name=$(basename "$h" .c)
    echo "== $name: building"
    $CC -std=c11 -g -O1 -D_POSIX_C_SOURCE=200809L -fsanitize=fuzzer,address,undefined \
        -fno-sanitize-recover=undefined -I"$root/include" -I"$out/cmake/include" -I"$root/src" -I"$root/smt" \
        "$h" "${srcs[@]}" $libs -lm -lpthread -o "$out/$name"
    corpus="$out/corpus/$name"
    mkdir -p "$corpus" "$root/tests/fuzz/crashes/$name"
    seeds=("$root/tests/fuzz/corpus/$name")
    case $name in
        fuzz_program|fuzz_problem_text|fuzz_problem_json) seeds+=("$root/examples" "$root/tests/bad") ;;
        fuzz_value|fuzz_inputs) seeds+=("$root/examples") ;;
        fuzz_dataset) seeds+=("$root/tests/bad") ;;
    esac
    echo "== $name: fuzzing for ${secs}s"
    if ! "$out/$name" -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$root/tests/fuzz/crashes/$name/" -print_final_stats=1 \
        "$corpus" "${seeds[@]}" >"$out/$name.log" 2>&1; then
        echo "== $name: FAILED (see $out/$name.log)"
        tail -40 "$out/$name.log"
        status=1
    else
        grep -E 'stat::number_of_executed_units|Done' "$out/$name.log" | tail -2
    fi
done
exit $status
