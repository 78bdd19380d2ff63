#!/bin/sh
# Scaling over MPI ranks on one machine (docs/scale.md): lips gen and lips
# bench as one process with one thread or child, against mpirun -np 2 with
# one each, alternated RUNS times (the machine is shared: the load average is
# printed with each run); medians and the speedup, and the fastest runs (the
# least disturbed by other work) and theirs. Needs a -DLIPS_MPI=ON
# build. Usage: benchmarks/mpi_scale.sh [BUILD_DIR] [RUNS]
set -eu
BUILD=${1:-build}
RUNS=${2:-3}
LIPS=$BUILD/lips
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

GEN="gen --length 4 --count 2000 --seed 1 --threads 1"
"$LIPS" gen --length 4 --count 24 --seed 9 --test --out "$OUT/test.jsonl" 2>/dev/null
BENCH="bench --data $OUT/test.jsonl --solvers saa,dfs,enum --order prior --timeout 5 --jobs 1 --no-plot
       --prior $ROOT/models/deepcoder-t3.prior.json"

now() { date +%s.%N; }
# run CASE RANKS: one timed run, its seconds appended to OUT/CASE-RANKS
run() {
    rm -rf "$OUT/b"
    if [ "$1" = gen ]; then args="$GEN --out $OUT/g$2.jsonl"; else args="$BENCH --out $OUT/b"; fi
    t0=$(now)
    if [ "$2" = 1 ]; then "$LIPS" $args >/dev/null 2>&1; else mpirun -np "$2" "$LIPS" $args >/dev/null 2>&1; fi
    t=$(echo "$(now) - $t0" | bc)
    echo "$t" >>"$OUT/$1-$2"
    printf '%-5s ranks %d: %6.2f s   load %s\n' "$1" "$2" "$t" "$(cut -d' ' -f1-3 /proc/loadavg)"
}
median() { sort -g "$1" | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
fastest() { sort -g "$1" | head -n 1; }

for i in $(seq "$RUNS"); do
    for c in gen bench; do
        run "$c" 1
        run "$c" 2
    done
done
cmp -s "$OUT/g1.jsonl" "$OUT/g2.jsonl" || { echo "gen: 2 ranks wrote other bytes" >&2; exit 1; }
printf '\n%-16s %12s %12s %8s\n' case "1 rank (s)" "2 ranks (s)" speedup
for c in gen bench; do
    for m in median fastest; do
        a=$($m "$OUT/$c-1")
        b=$($m "$OUT/$c-2")
        printf '%-16s %12.2f %12.2f %7.2fx\n' "$c, $m" "$a" "$b" "$(echo "$a / $b" | bc -l)"
    done
done
