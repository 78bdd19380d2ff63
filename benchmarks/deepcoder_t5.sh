#!/bin/sh
# Experiment 2 of docs/results.md: 100 generated length-5 problems,
# semantically disjoint from the training sets of both the shipped T=4 and
# T=5 models, solved by sort and add (saa: the paper ran only it here)
# ordered by the T=5 model and its training set's prior, and by the T=4
# model and its prior. The two benches run at once, JOBS children each, so
# both see the same load. Other solvers would add up to 100 x TIMEOUT
# seconds each: name them in SOLVERS=saa,dfs.
# Usage: benchmarks/deepcoder_t5.sh [BUILD_DIR] [OUT_DIR] [TIMEOUT_S] [JOBS]
# OUT_DIR keeps the data and the bench directories: run it again to resume.
# Here (2 cores): the T=4 training sets take about 8 and 22 min (mixed), the
# T=5 one about 2 min (--shared-inputs), the test set 4 min, the benches
# (400 runs) about 50 min with TIMEOUT 30 and JOBS 1 (docs/results.md).
set -eu
BUILD=${1:-build}
OUT=${2:-bench-t5}
TIMEOUT=${3:-30}
JOBS=${4:-1}
SRC=$(cd "$(dirname "$0")/.." && pwd)
LIPS=$BUILD/lips
mkdir -p "$OUT"
# the commands of models/deepcoder-t4.json and models/deepcoder-t5.json:
# the T=4 model is trained on t4-train + t4-mix, the T=5 model on those and
# t5-train. The cards' t4-train was made at commit fa3b3e7 (md5 in the
# cards); the current generator makes a slightly stricter one. The test set
# is disjoint from any length-4 set: no length-4 program can match a
# length-5 test problem, since none has a shorter program.
[ -s "$OUT/t4-mix.jsonl" ] ||
    "$LIPS" gen --length 4 --count 150000 --mixed --seed 21 --out "$OUT/t4-mix.jsonl"
[ -s "$OUT/t4-train.jsonl" ] ||
    "$LIPS" gen --length 4 --count 150000 --seed 21 --out "$OUT/t4-train.jsonl"
[ -s "$OUT/t5-train.jsonl" ] ||
    "$LIPS" gen --length 5 --count 100000 --shared-inputs 500 --shared-examples 2 --seed 51 --out "$OUT/t5-train.jsonl"
[ -s "$OUT/t5-test.jsonl" ] || {
    cat "$OUT/t4-train.jsonl" "$OUT/t5-train.jsonl" >"$OUT/union-train.jsonl"
    "$LIPS" gen --length 5 --count 100 --seed 22 --disjoint-from "$OUT/union-train.jsonl" --out "$OUT/t5-test.jsonl"
}
pids=
for T in 5 4; do
    "$LIPS" bench --data "$OUT/t5-test.jsonl" --model "$SRC/models/deepcoder-t$T.lips" \
        --solvers "${SOLVERS:-saa}" --order model,prior --timeout "$TIMEOUT" --jobs "$JOBS" --no-plot \
        --out "$OUT/bench-t$T" >"$OUT/bench-t$T.md" &
    pids="$pids $!"
done
for p in $pids; do wait "$p"; done
cat "$OUT/bench-t5.md" "$OUT/bench-t4.md"
