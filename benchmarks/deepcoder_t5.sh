#!/bin/sh
# Experiment 2 of docs/results.md: 100 generated length-5 problems,
# semantically disjoint from the shipped T=4 model's training set, solved by
# sort and add (saa: the paper ran only it here) ordered by that model and by
# its training set's prior (models/deepcoder-t4.prior.json). Other solvers
# would add up to 100 x TIMEOUT seconds each: name them in SOLVERS=saa,dfs.
# Usage: benchmarks/deepcoder_t5.sh [BUILD_DIR] [OUT_DIR] [TIMEOUT_S] [JOBS]
# OUT_DIR keeps the data and the bench directory: run it again to resume.
# Here (2 cores): the bench took 34 min with TIMEOUT 60 and JOBS 2 (200
# runs); the 150,000-problem training set takes about 10 min more with the
# generator's shorter-program search (docs/results.md).
set -eu
BUILD=${1:-build}
OUT=${2:-bench-t5}
TIMEOUT=${3:-60}
JOBS=${4:-$(nproc)}
SRC=$(cd "$(dirname "$0")/.." && pwd)
LIPS=$BUILD/lips
mkdir -p "$OUT"
# the commands of models/deepcoder-t4.json
[ -s "$OUT/t4-train.jsonl" ] ||
    "$LIPS" gen --length 4 --count 150000 --seed 21 --out "$OUT/t4-train.jsonl"
[ -s "$OUT/t5-test.jsonl" ] ||
    "$LIPS" gen --length 5 --count 100 --seed 22 --disjoint-from "$OUT/t4-train.jsonl" --out "$OUT/t5-test.jsonl"
"$LIPS" bench --data "$OUT/t5-test.jsonl" --model "$SRC/models/deepcoder-t4.lips" \
    --solvers "${SOLVERS:-saa}" --order model,prior --timeout "$TIMEOUT" --jobs "$JOBS" --out "$OUT/bench"
