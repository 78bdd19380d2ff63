#!/bin/sh
# Experiment 1 of docs/results.md, the DeepCoder paper's Table 1 at T=3:
# dfs, saa (sort and add), z3 and plain enumeration on 500 generated
# length-3 problems (5 examples each) that are semantically disjoint from the
# shipped T=3 model's training set, each ordered by that model and by its
# training set's prior (models/deepcoder-t3.prior.json).
# Usage: benchmarks/deepcoder_t3.sh [BUILD_DIR] [OUT_DIR] [TIMEOUT_S] [JOBS]
# OUT_DIR keeps the data and the bench directory: run it again to resume.
# Here (2 cores): the bench took 25 min with TIMEOUT 5 and JOBS 2 (3,500
# runs); making the data takes a few minutes more (docs/results.md).
set -eu
BUILD=${1:-build}
OUT=${2:-bench-t3}
TIMEOUT=${3:-5}
JOBS=${4:-$(nproc)}
SRC=$(cd "$(dirname "$0")/.." && pwd)
LIPS=$BUILD/lips
mkdir -p "$OUT"
# the commands of models/deepcoder-t3.json
[ -s "$OUT/t3-train.jsonl" ] ||
    "$LIPS" gen --length 3 --count 150000 --per-program 5 --seed 11 --out "$OUT/t3-train.jsonl"
[ -s "$OUT/t3-test.jsonl" ] ||
    "$LIPS" gen --length 3 --count 500 --seed 12 --disjoint-from "$OUT/t3-train.jsonl" --out "$OUT/t3-test.jsonl"
"$LIPS" bench --data "$OUT/t3-test.jsonl" --model "$SRC/models/deepcoder-t3.lips" \
    --solvers dfs,saa,enum,z3 --order model,prior --timeout "$TIMEOUT" --jobs "$JOBS" --out "$OUT/bench"
