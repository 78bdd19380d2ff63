#!/bin/sh
# Experiment 1 of docs/results.md, the DeepCoder paper's Table 1 at T=3:
# dfs, saa (sort and add), z3 and plain enumeration on 500 generated
# length-3 problems (5 examples each), each ordered by a model and by its
# training set's prior, for the shipped T=3 model (models/deepcoder-t3:
# shaped examples, lengths 1-3, relation features) and the earlier one
# (models/deepcoder-t3-standard: standard examples, length 3). The test set
# is the `standard` condition of benchmarks/conditions.sh, semantically
# disjoint from both training sets: run that first with the same OUT_DIR.
# The benches run one after the other, REPS times in turn (default 3): the
# times are fractions of a millisecond, so docs/results.md reports medians.
# MODELS (model files without .lips, each with its .prior.json beside it)
# replaces the two; docs/results.md adds the model of commit 618aa82.
# Usage: benchmarks/deepcoder_t3.sh [BUILD_DIR] [OUT_DIR] [TIMEOUT_S] [JOBS] [REPS]
# Here (2 cores): each bench of 3,500 runs took about 20 s (docs/results.md).
set -eu
BUILD=${1:-build}
OUT=${2:-conditions}
TIMEOUT=${3:-5}
JOBS=${4:-$(nproc)}
REPS=${5:-3}
SRC=$(cd "$(dirname "$0")/.." && pwd)
LIPS=$BUILD/lips
[ -s "$OUT/standard.jsonl" ] || { echo "run benchmarks/conditions.sh $BUILD $OUT first" >&2; exit 2; }
r=1
while [ "$r" -le "$REPS" ]; do
    for m in ${MODELS:-"$SRC/models/deepcoder-t3" "$SRC/models/deepcoder-t3-standard"}; do
        n=$(basename "$m")
        "$LIPS" bench --data "$OUT/standard.jsonl" --model "$m.lips" --prior "$m.prior.json" \
            --solvers dfs,saa,enum,z3 --order model,prior --timeout "$TIMEOUT" --jobs "$JOBS" --no-plot \
            --out "$OUT/table1-$n-$r" >"$OUT/table1-$n-$r.md"
    done
    r=$((r + 1))
done
grep -H '^| \(dfs\|saa\|z3\) |.*x |' "$OUT"/table1-*.md
