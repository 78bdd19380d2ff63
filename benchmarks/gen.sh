#!/bin/sh
# Data generator throughput: problems per second for the dataset sizes the
# network trains on, median of RUNS runs each (the machine is shared, so
# single runs are noisy). Usage: benchmarks/gen.sh [BUILD_DIR] [RUNS] [CASES]
# where CASES is an extended regular expression over the case names (all by
# default), e.g. 'shared|1t' for the --shared-inputs rows and their
# one-thread baselines.
set -eu
BUILD=${1:-build}
RUNS=${2:-3}
CASES=${3:-.}
LIPS=$BUILD/lips
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

# name | lips gen arguments
grep -E "^($CASES)" > "$OUT/cases" <<'CASES' || true
T1-all|--length 1 --all
T2-all|--length 2 --all
T3-all-x10|--length 3 --all --per-program 10
T4-30k|--length 4 --count 30000
T5-100|--length 5 --count 100
T4-test-1k-vs-T4-30k|--length 4 --count 1000 --seed 7 --disjoint-from TRAIN4
T5-test-100-vs-T4-30k|--length 5 --count 100 --seed 22 --disjoint-from TRAIN4
T4-2k-1t|--length 4 --count 2000 --threads 1
T4-30k-shared50-1t|--length 4 --count 30000 --shared-inputs 50 --threads 1
T4-30k-shared50-mixed-1t|--length 4 --count 30000 --shared-inputs 50 --mixed --threads 1
T5-20-1t|--length 5 --count 20 --threads 1
T5-5k-shared500-1t|--length 5 --count 5000 --shared-inputs 500 --threads 1
T5-5k-shared500-mixed-1t|--length 5 --count 5000 --shared-inputs 500 --mixed --threads 1
T5-5k-shared500-2t|--length 5 --count 5000 --shared-inputs 500
CASES

# Every problem passes an exhaustive search for a shorter program
# (docs/datagen.md section 8): 300,000 T=4 problems take about 20 minutes
# here, so the training set of the disjointness cases is 30,000.
if grep -q TRAIN4 "$OUT/cases"; then
    "$LIPS" gen --length 4 --count 30000 --out "$OUT/train4.jsonl" 2>/dev/null
fi
printf '%-26s %10s %10s %12s\n' case problems seconds problems/s
while IFS='|' read -r name args; do
    args=$(echo "$args" | sed "s|TRAIN4|$OUT/train4.jsonl|")
    : > "$OUT/times"
    for _ in $(seq "$RUNS"); do
        # shellcheck disable=SC2086
        "$LIPS" gen $args --out "$OUT/out.jsonl" 2>"$OUT/err"
        sed -n 's/^lips gen: \([0-9]*\) problems in \([0-9.]*\) s.*/\1 \2/p' "$OUT/err" >> "$OUT/times"
    done
    sort -k2 -n "$OUT/times" | awk -v n="$name" -v r="$RUNS" 'NR == int((r + 1) / 2) {
        rate = "-"
        if ($2 > 0) rate = sprintf("%.1f", $1 / $2)
        printf "%-26s %10d %10.2f %12s\n", n, $1, $2, rate
    }'
done < "$OUT/cases"
