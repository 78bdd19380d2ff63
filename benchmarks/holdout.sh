#!/bin/sh
# Programs that generalize (docs/results.md): length-3 and length-4 test sets
# semantically disjoint from the standard T=3 / T=4 models' training sets, each
# problem with 5 examples and 15 held-out ones (lips gen --holdout-examples
# 15). Every solver, under the model and the prior, solves each problem from
# its first 1, 2, 3 and 5 examples (lips bench --examples M --holdout 15);
# each program found is run on the 15 held-out examples. Prints one table:
# solved share, and the share right on every held-out example.
# Usage: benchmarks/holdout.sh [BUILD_DIR] [OUT_DIR] [N] [TIMEOUT_S] [JOBS]
# OUT_DIR keeps the data and the bench directories: run it again to resume.
# Here (2 cores, N 100, TIMEOUT 5, JOBS 2): the training sets take about 12
# min, the 16 benchmarks about 4 min (docs/results.md).
set -eu
BUILD=${1:-build}
OUT=${2:-bench-holdout}
N=${3:-100}
TIMEOUT=${4:-5}
JOBS=${5:-$(nproc)}
SRC=$(cd "$(dirname "$0")/.." && pwd)
LIPS=$BUILD/lips
mkdir -p "$OUT"
# the commands of models/deepcoder-t3-standard.json and
# models/deepcoder-t4-standard.json: the test sets are disjoint from these
# standard training sets, not from the shipped models' shaped ones
[ -s "$OUT/t3-train.jsonl" ] ||
    "$LIPS" gen --length 3 --count 150000 --per-program 5 --seed 11 --out "$OUT/t3-train.jsonl"
[ -s "$OUT/t4-train.jsonl" ] ||
    "$LIPS" gen --length 4 --count 150000 --seed 21 --out "$OUT/t4-train.jsonl"
echo "| T | examples | solver | ordering | solved | right on 15 held-out (of all) | (of solved) |"
echo "|---|---|---|---|---|---|---|"
for T in 3 4; do
    [ -s "$OUT/t$T-test.jsonl" ] ||
        "$LIPS" gen --length "$T" --count "$N" --seed "6$T" --examples 5 --holdout-examples 15 \
            --disjoint-from "$OUT/t$T-train.jsonl" --out "$OUT/t$T-test.jsonl" 2>/dev/null
    for M in 1 2 3 5; do
        "$LIPS" bench --data "$OUT/t$T-test.jsonl" --model "$SRC/models/deepcoder-t$T-standard.lips" \
            --solvers dfs,saa,enum,z3 --order model,prior --holdout 15 --examples "$M" \
            --timeout "$TIMEOUT" --jobs "$JOBS" --no-plot --out "$OUT/t$T-m$M" >/dev/null
        # the held-out table of summary.md: | solver | ordering | solved | right | of all | of solved |
        awk -v t="$T" -v m="$M" '/^Held out:/ { h = 1 } h && /^\| [a-z0-9]+ \| [a-z]+ \| [0-9]/ {
            split($0, c, "|"); printf "| %s | %s |%s|%s|%s|%s|%s|\n", t, m, c[2], c[3], c[4], c[6], c[7] }' \
            "$OUT/t$T-m$M/summary.md"
    done
done
