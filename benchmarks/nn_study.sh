#!/bin/bash
# The small-scale study of docs/nn.md ("What else helps"): networks trained
# on 30,000 (or 60,000) length-3 problems for 4 epochs, each measured on the
# four conditions of benchmarks/conditions.sh (run that first, with the same
# OUT_DIR: it makes the training sets and the conditions).
# Usage: benchmarks/nn_study.sh [BUILD_DIR] [OUT_DIR]
# Here (2 cores, shared) each run took 2-6 min.
set -eu
BUILD=${1:-build}
OUT=${2:-conditions}
LIPS=$BUILD/lips
S=$OUT/study
mkdir -p "$S"
# samples drawn with fixed random bytes, so the same files come out each time
pick() { shuf -n "$1" --random-source=<(yes "$2") "$3"; }
[ -s "$S/std30k.jsonl" ] || pick 30000 1 "$OUT/t3-standard.jsonl" >"$S/std30k.jsonl"
[ -s "$S/mix60k.jsonl" ] || pick 60000 2 "$OUT/t3-mix.jsonl" >"$S/mix60k.jsonl"
[ -s "$S/mix30k.jsonl" ] || head -n 30000 "$S/mix60k.jsonl" >"$S/mix30k.jsonl"
# the share of shaped problems: the same construction for each share
for share in 0 0.5 0.75 1; do
    [ -s "$S/share$share.jsonl" ] && continue
    "$LIPS" gen --length 3 --count 60000 --per-program 10 --seed 11 --mixed --shaped "$share" \
        --out "$S/share$share-60k.jsonl"
    pick 30000 3 "$S/share$share-60k.jsonl" >"$S/share$share.jsonl"
done
run() {
    name=$1
    shift
    [ -s "$S/$name.eval.txt" ] && return
    OPENBLAS_NUM_THREADS=1 "$LIPS" train --out "$S/$name.lips" --epochs 4 --seed 1 "$@" >"$S/$name.train.log" 2>&1
    "$LIPS" eval --model "$S/$name.lips" --data standard="$OUT/standard.jsonl" --data small="$OUT/small.jsonl" \
        --data short="$OUT/short.jsonl" --data one="$OUT/one.jsonl" >"$S/$name.eval.txt"
}
# the first study ran before the relation features: its networks leave them out
run std30k --data "$S/std30k.jsonl" --no-relations
run mix30k --data "$S/mix30k.jsonl" --no-relations
run mix30k-k512 --data "$S/mix30k.jsonl" --hidden 512 --no-relations
run mix30k-e40 --data "$S/mix30k.jsonl" --embed 40 --no-relations
run mix60k --data "$S/mix60k.jsonl" --no-relations
for share in 0 0.5 0.75 1; do run "share$share" --data "$S/share$share.jsonl" --no-relations; done
# the relation features (the default)
run std30k-rel --data "$S/std30k.jsonl"
run mix30k-rel --data "$S/mix30k.jsonl"
for f in "$S"/*.eval.txt; do
    printf '%-14s' "$(basename "$f" .eval.txt)"
    sed -n 2,5p "$f" | awk '{ printf " %s %s", $1, $5 } END { print "" }'
done
