#!/bin/sh
# The four conditions of docs/nn.md ("Examples as people write them"): the
# T=3 models measured on length-3 test sets of the standard shape, small
# values, short lists with 2-3 examples, and one example. Each test set is
# semantically disjoint from every T=3 training set of docs/nn.md: the
# standard one (models/deepcoder-t3-standard.json) and the mixed ones with
# 10 and 20 example sets per program, so the models are compared on
# problems none has seen.
# Usage: benchmarks/conditions.sh [BUILD_DIR] [OUT_DIR]
# OUT_DIR keeps the data: run it again to measure again. Here (2 cores) the
# data take about 25 min, mostly the disjointness checks of the test sets.
set -eu
BUILD=${1:-build}
OUT=${2:-conditions}
SRC=$(cd "$(dirname "$0")/.." && pwd)
LIPS=$BUILD/lips
mkdir -p "$OUT"
# the training sets: t3-standard and t123-mix20 by the commands of the
# cards of deepcoder-t3-standard and deepcoder-t3, t123-mix the earlier
# mixed model's (docs/nn.md); the mixed models also learned from every
# length-1 and length-2 program, which no length-3 test problem can match
# (none has a shorter program), so they are not in union
[ -s "$OUT/t3-standard.jsonl" ] ||
    "$LIPS" gen --length 3 --count 150000 --per-program 5 --seed 11 --out "$OUT/t3-standard.jsonl"
[ -s "$OUT/t3-mix.jsonl" ] ||
    "$LIPS" gen --length 3 --count 300000 --per-program 10 --mixed --seed 11 --out "$OUT/t3-mix.jsonl"
[ -s "$OUT/t2-mix.jsonl" ] ||
    "$LIPS" gen --length 2 --all --per-program 30 --mixed --seed 32 --out "$OUT/t2-mix.jsonl"
[ -s "$OUT/t1-mix.jsonl" ] ||
    "$LIPS" gen --length 1 --all --per-program 100 --mixed --seed 31 --out "$OUT/t1-mix.jsonl"
[ -s "$OUT/t3-mix20.jsonl" ] ||
    "$LIPS" gen --length 3 --count 600000 --per-program 20 --mixed --seed 11 --out "$OUT/t3-mix20.jsonl"
[ -s "$OUT/t123-mix.jsonl" ] || cat "$OUT/t3-mix.jsonl" "$OUT/t2-mix.jsonl" "$OUT/t1-mix.jsonl" >"$OUT/t123-mix.jsonl"
[ -s "$OUT/t123-mix20.jsonl" ] || cat "$OUT/t3-mix20.jsonl" "$OUT/t2-mix.jsonl" "$OUT/t1-mix.jsonl" >"$OUT/t123-mix20.jsonl"
[ -s "$OUT/union.jsonl" ] || cat "$OUT/t3-standard.jsonl" "$OUT/t3-mix.jsonl" "$OUT/t3-mix20.jsonl" >"$OUT/union.jsonl"
# the four conditions
[ -s "$OUT/standard.jsonl" ] ||
    "$LIPS" gen --length 3 --count 500 --seed 12 --disjoint-from "$OUT/union.jsonl" --out "$OUT/standard.jsonl"
[ -s "$OUT/small.jsonl" ] ||
    "$LIPS" gen --length 3 --count 500 --seed 14 --value-scale 10 --disjoint-from "$OUT/union.jsonl" --out "$OUT/small.jsonl"
[ -s "$OUT/short.jsonl" ] ||
    "$LIPS" gen --length 3 --count 500 --seed 15 --max-list-len 5 --examples 2-3 --disjoint-from "$OUT/union.jsonl" \
        --out "$OUT/short.jsonl"
[ -s "$OUT/one.jsonl" ] ||
    "$LIPS" gen --length 3 --count 500 --seed 16 --examples 1 --disjoint-from "$OUT/union.jsonl" --out "$OUT/one.jsonl"
for m in deepcoder-t3-standard deepcoder-t3; do
    echo "== $m"
    "$LIPS" eval --model "$SRC/models/$m.lips" --prior "$SRC/models/$m.prior.json" --data standard="$OUT/standard.jsonl" \
        --data small="$OUT/small.jsonl" --data short="$OUT/short.jsonl" --data one="$OUT/one.jsonl"
done
