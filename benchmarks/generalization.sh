#!/bin/sh
# Experiment 3 of docs/results.md, generalization across program lengths:
# the models trained on standard programs of length 1, 2, 3 and 4 each order
# sort and add (saa) on test programs of length 1 to 5, against the prior of
# the same model's training set. Every test set is semantically disjoint from
# all four training sets. Writes OUT_DIR/speedup.md (the model's speedup over
# the prior at 20/40/60% solved for each pair) and OUT_DIR/speedup.png (a
# heatmap of the speedup at PCT% solved, drawn by gnuplot).
# Usage: benchmarks/generalization.sh [BUILD_DIR] [OUT_DIR] [TIMEOUT_S] [N] [PCT] [JOBS]
# PCT is 20, 40 or 60.
# OUT_DIR keeps the data and the bench directories: run it again to resume.
# Here (2 cores): the 20 benches took 16.5 min with TIMEOUT 2 and JOBS 2
# (3,304 runs; the length-5 column is most of it), the data a few minutes
# more (the T=3 and T=4 training sets are the other scripts' too).
set -eu
BUILD=${1:-build}
OUT=${2:-bench-gen}
TIMEOUT=${3:-2}
N=${4:-100}
PCT=${5:-20}
JOBS=${6:-$(nproc)}
SRC=$(cd "$(dirname "$0")/.." && pwd)
LIPS=$BUILD/lips
mkdir -p "$OUT"
# the training sets, by the commands of models/deepcoder-t{1,2}.json and
# models/deepcoder-t{3,4}-standard.json: the four models trained on standard
# examples of one length each (the shipped deepcoder-t3 and deepcoder-t4
# learned from shaped examples, which these test sets are not disjoint from)
[ -s "$OUT/t1-train.jsonl" ] || "$LIPS" gen --length 1 --count 10000 --per-program 400 --seed 31 --out "$OUT/t1-train.jsonl"
[ -s "$OUT/t2-train.jsonl" ] || "$LIPS" gen --length 2 --count 100000 --per-program 100 --seed 32 --out "$OUT/t2-train.jsonl"
[ -s "$OUT/t3-train.jsonl" ] || "$LIPS" gen --length 3 --count 150000 --per-program 5 --seed 11 --out "$OUT/t3-train.jsonl"
[ -s "$OUT/t4-train.jsonl" ] || "$LIPS" gen --length 4 --count 150000 --seed 21 --out "$OUT/t4-train.jsonl"
[ -s "$OUT/union-train.jsonl" ] ||
    cat "$OUT/t1-train.jsonl" "$OUT/t2-train.jsonl" "$OUT/t3-train.jsonl" "$OUT/t4-train.jsonl" >"$OUT/union-train.jsonl"
for t in 1 2 3 4 5; do
    # T=1 has 39 programs and the T=1 model trains on 25 of them: its test set is what is left
    [ -s "$OUT/test$t.jsonl" ] ||
        "$LIPS" gen --length "$t" --count "$N" --seed "4$t" --disjoint-from "$OUT/union-train.jsonl" --out "$OUT/test$t.jsonl"
done

{
    echo "Speedup of each model's ordering over its training set's prior, sort and add, time limit $TIMEOUT s:"
    echo "the time needed to solve 20% / 40% / 60% of the test problems under the prior over that under the model"
    echo "('>' a lower bound: only the model got there; '—' the model did not)."
    echo
    echo "| model \\ test length | 1 | 2 | 3 | 4 | 5 |"
    echo "|---|---|---|---|---|---|"
} >"$OUT/speedup.md"
: >"$OUT/heat.dat"
solved=""
solved_rows=""
col=$(( PCT / 20 + 1 ))
for m in 1 2 3 4; do
    row="| T=$m |"
    for t in 1 2 3 4 5; do
        b="$OUT/bench-m$m-t$t"
        model=deepcoder-t$m
        [ "$m" -ge 3 ] && model=$model-standard
        "$LIPS" bench --data "$OUT/test$t.jsonl" --model "$SRC/models/$model.lips" --solvers saa \
            --order model,prior --timeout "$TIMEOUT" --jobs "$JOBS" --out "$b" --no-plot >/dev/null
        # the speedup row of summary.md: | saa | 20% | 40% | 60% | 80% | 100% |
        s=$(awk -F'|' '/^\| saa \| [^|]*x \|/ || /^\| saa \| — \|/ {print $3 "/" $4 "/" $5; exit}' "$b/summary.md" | tr -d ' ')
        row="$row $s |"
        v=$(awk -F'|' -v c="$col" '/^\| saa \| [^|]*x \|/ || /^\| saa \| — \|/ {gsub(/[ x>]/, "", $(c + 1)); print $(c + 1); exit}' "$b/summary.md")
        lb=$(awk -F'|' -v c="$col" '/^\| saa \| [^|]*x \|/ || /^\| saa \| — \|/ {print ($(c + 1) ~ />/) ? ">" : ""; exit}' "$b/summary.md")
        case $v in ''|—) echo "$t $m NaN \"—\"" ;; *) echo "$t $m $v \"$lb$v\"" ;; esac >>"$OUT/heat.dat"
        # solved within the time limit: | saa | model | 16/100 | ...
        solved="$solved $(awk -F'|' '$2 ~ /saa/ && $3 ~ /model/ {m = $4} $2 ~ /saa/ && $3 ~ /prior/ {p = $4}
            END {gsub(/ /, "", m); gsub(/ /, "", p); print m " vs " p}' "$b/summary.md") |"
    done
    echo "$row" >>"$OUT/speedup.md"
    solved_rows="$solved_rows| T=$m |$solved
"
    solved=""
done
{
    echo
    echo "Problems solved within $TIMEOUT s, model vs prior:"
    echo
    echo "| model \\ test length | 1 | 2 | 3 | 4 | 5 |"
    echo "|---|---|---|---|---|---|"
    printf '%s' "$solved_rows"
} >>"$OUT/speedup.md"
cat "$OUT/speedup.md"
gnuplot <<GP
set terminal pngcairo size 640,480 font ',10'
set output '$OUT/speedup.png'
set title "saa: model's speedup over the prior at $PCT% solved (log colour)" noenhanced
set xlabel 'test program length'
set ylabel 'model trained on length'
set xrange [0.5:5.5]
set yrange [4.5:0.5]
set xtics 1
set ytics 1
set logscale cb
set palette rgb 33,13,10
plot '$OUT/heat.dat' using 1:2:3 with image notitle, '' using 1:2:4 with labels notitle
GP
