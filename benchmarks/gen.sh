#!/bin/sh
# Data generator throughput: problems per second for the dataset sizes the
# network trains on, median of RUNS runs each (the machine is shared, so
# single runs are noisy). Usage: benchmarks/gen.sh [BUILD_DIR] [RUNS]
set -eu
BUILD=${1:-build}
RUNS=${2:-3}
LIPS=$BUILD/lips
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

# name | lips gen arguments
cat > "$OUT/cases" <<'CASES'
T1-all|--length 1 --all
T2-all|--length 2 --all
T3-all-x10|--length 3 --all --per-program 10
T4-30k|--length 4 --count 30000
T5-100|--length 5 --count 100
T4-test-1k-vs-T4-30k|--length 4 --count 1000 --seed 7 --disjoint-from TRAIN4
T5-test-100-vs-T4-30k|--length 5 --count 100 --seed 22 --disjoint-from TRAIN4
CASES

# Every problem passes an exhaustive search for a shorter program
# (docs/datagen.md section 8): 300,000 T=4 problems take about 20 minutes
# here, so the training set of the disjointness cases is 30,000.
"$LIPS" gen --length 4 --count 30000 --out "$OUT/train4.jsonl" 2>/dev/null
printf '%-24s %10s %10s %12s\n' case problems seconds problems/s
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
        if ($2 > 0) rate = sprintf("%.0f", $1 / $2)
        printf "%-24s %10d %10.2f %12s\n", n, $1, $2, rate
    }'
done < "$OUT/cases"
