#!/bin/sh
# The Z3 sketch solver next to saa and enum (docs/results.md, "Z3 sketch solver"):
#  1. whole-program synthesis of N generated length-3 tasks (5 examples, test
#     problems disjoint from a 3,000-problem training set whose statistics
#     are the prior), TIMEOUT seconds each, under the prior, the shipped
#     model and an oracle ordering;
#  2. length-5 tasks with 1 and 2 holes punched into the program (the same
#     holes under every ordering; the model is the shipped T=4 one), z3 only.
# Usage: benchmarks/z3.sh [BUILD_DIR] [N] [TIMEOUT]
set -eu
BUILD=${1:-build}
N=${2:-50}
TIMEOUT=${3:-5}
SRC=$(cd "$(dirname "$0")/.." && pwd)
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
LIPS=$BUILD/lips

"$LIPS" gen -T 3 -n 3000 -s 1 -j 1 -o "$OUT/train3.jsonl" 2>/dev/null
"$LIPS" gen --stats "$OUT/train3.jsonl" > "$OUT/prior3.json"
"$LIPS" gen -T 3 -n "$N" -s 11 -j 1 --disjoint-from "$OUT/train3.jsonl" -o "$OUT/test3.jsonl" 2>/dev/null
"$LIPS" gen -T 5 -n 3000 -s 2 -j 1 -o "$OUT/train5.jsonl" 2>/dev/null
"$LIPS" gen --stats "$OUT/train5.jsonl" > "$OUT/prior5.json"
"$LIPS" gen -T 5 -n "$N" -s 12 -j 1 -o "$OUT/test5.jsonl" 2>/dev/null

echo "## whole programs, length 3, $N tasks"
"$BUILD/bench_solvers" "$OUT/test3.jsonl" "$OUT/prior3.json" "$TIMEOUT" \
    --model "$SRC/models/deepcoder-t3.lips"
for k in 1 2; do
    echo "## length-5 sketches with $k hole(s), $N tasks"
    "$BUILD/bench_solvers" "$OUT/test5.jsonl" "$OUT/prior5.json" "$TIMEOUT" --holes "$k" --solvers z3 \
        --model "$SRC/models/deepcoder-t4.lips"
done
