#!/usr/bin/env bash
# The whole suite: install what is missing, build, run every test; then the
# same suite under AddressSanitizer + UndefinedBehaviorSanitizer; then a short
# fuzzing run of every reader. Both builds have MPI (-DLIPS_MPI=ON), so the
# suite runs gen, train and bench under mpirun too. Exits non-zero on any
# failure.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
jobs=$(nproc)

echo "== build and test (RelWithDebInfo)"
"$root/scripts/build.sh" "$root/build" -DLIPS_MPI=ON
(cd "$root/build" && ctest --output-on-failure -j"$jobs")

echo "== build and test (ASan + UBSan)"
"$root/scripts/build.sh" "$root/build-asan" -DLIPS_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug -DLIPS_MPI=ON
(cd "$root/build-asan" && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --output-on-failure -j"$jobs")

echo "== fuzz every reader for ${LIPS_FUZZ_SECONDS:=30}s"
LIPS_FUZZ_DIR="$root/build-fuzz" "$root/tests/fuzz/run.sh" "$LIPS_FUZZ_SECONDS"
