#!/usr/bin/env bash
# lips gen, train and bench under mpirun (a build with -DLIPS_MPI=ON) give
# what one process gives: gen the same bytes, train the same weights to
# 1e-5, bench the same outcomes, also resumed; and errors end the job with
# their exit code instead of hanging. 4 ranks on fewer cores (oversubscribed)
# check the same with ranks that get no work in some steps.
#   run_mpi_tests.sh LIPS_BINARY SOURCE_DIR MPIEXEC
set -u
lips=$1
src=$2
mpiexec=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); printf 'FAIL %s\n' "$*"; }
# CI runs as root, which Open MPI refuses unless told
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
# An ASan build checks every access here, but not leaks: Open MPI leaves
# much allocated at exit, from plugins it has unloaded, whose stacks no
# suppression can name. The library's side of the exchanges is leak-checked
# by the comm test, whose ranks are threads.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
mpi() { local np=$1; shift; "$mpiexec" --oversubscribe -np "$np" "$lips" "$@"; }

# ---- gen: the same bytes on 1, 2 and 4 ranks as without mpirun
gen_same() { # NAME RANKS OPTIONS...
    local name=$1 ranks=$2
    shift 2
    "$lips" gen "$@" -o "$tmp/g0.jsonl" 2>/dev/null || bad "$name: plain gen"
    for np in $ranks; do
        mpi "$np" gen "$@" -o "$tmp/g$np.jsonl" 2>/dev/null || bad "$name: gen on $np ranks"
        cmp -s "$tmp/g0.jsonl" "$tmp/g$np.jsonl" && ok || bad "$name: $np ranks wrote other bytes"
    done
    [ -s "$tmp/g0.jsonl" ] && ok || bad "$name: nothing generated"
}
gen_same "sampled T=3" "1 2 4" -T 3 -n 300 -s 11
gen_same "one thread a rank, two sets a program" "2 4" -T 2 -n 200 -s 5 -j 1 -k 2 --mixed
gen_same "every program of T=1" "2" -T 1 --all --test
gen_same "shared input sets, DeepCoder's semantics" "2 4" -T 3 -n 300 -s 3 --shared-inputs 16 --semantics deepcoder
"$lips" gen -T 2 -n 100 -s 1 -o "$tmp/train.jsonl" 2>/dev/null || bad "gen training set"
gen_same "disjoint test set" "2" -T 2 -n 40 -s 2 --disjoint-from "$tmp/train.jsonl"
mpi 2 gen -T 2 -n 50 -s 4 -o - >"$tmp/out2" 2>/dev/null || bad "gen to stdout on 2 ranks"
"$lips" gen -T 2 -n 50 -s 4 -o - >"$tmp/out0" 2>/dev/null
cmp -s "$tmp/out0" "$tmp/out2" && ok || bad "gen -o - on 2 ranks: rank 0 alone prints, the same bytes"

# ---- train: N ranks x batch B = one process with batch N x B, to 1e-5 a weight
# max |a - b| over the weights of two model files (the 40-byte header and the
# CRC at the end left out)
weight_diff() {
    local n=$(($(stat -c %s "$1") - 44))
    paste <(od -An -v -j 40 -N "$n" -t f4 -w4 "$1") <(od -An -v -j 40 -N "$n" -t f4 -w4 "$2") |
        awk '{ d = $1 - $2; if (d < 0) d = -d; if (d > m) m = d; n++ } END { printf "%d %.3g\n", n, m }'
}
# 150 problems: the last step of every run is a partial one
"$lips" gen -T 2 -n 150 -s 8 -o "$tmp/t.jsonl" 2>/dev/null || bad "gen for train"
topt=(--data "$tmp/t.jsonl" --epochs 1 --hidden 64 --threads 1 --seed 3)
"$lips" train "${topt[@]}" --batch 32 --out "$tmp/m1.lips" 2>/dev/null || bad "train, one process"
mpi 2 train "${topt[@]}" --batch 16 --out "$tmp/m2.lips" 2>/dev/null || bad "train on 2 ranks"
mpi 2 train "${topt[@]}" --batch 16 --out "$tmp/m2b.lips" 2>/dev/null || bad "train on 2 ranks again"
mpi 4 train "${topt[@]}" --batch 8 --out "$tmp/m4.lips" 2>/dev/null || bad "train on 4 ranks"
for m in m2 m4; do
    read -r n d < <(weight_diff "$tmp/m1.lips" "$tmp/$m.lips")
    [ "$n" -gt 1000 ] && awk -v d="$d" 'BEGIN { exit !(d <= 1e-5) }' && ok ||
        bad "train $m: $n weights, largest difference $d from one process with the whole batch"
done
cmp -s "$tmp/m2.lips" "$tmp/m2b.lips" && ok || bad "train on 2 ranks is not deterministic"
grep -q '"ranks":	2' "$tmp/m2.json" && ok || bad "the card records the ranks: $(cat "$tmp/m2.json")"
grep -q '"ranks"' "$tmp/m1.json" && bad "one process's card names ranks" || ok

# ---- bench: the same outcomes, programs and node counts (times differ)
outcomes() { sed 's/"[a-z_]*seconds":[^,]*,//g' "$1/results.jsonl" | sort; }
solved() { grep -E '"(solver|order|runs|solved|crashed)":' "$1/summary.json"; }
"$lips" gen -T 2 -n 12 -s 6 --test -o "$tmp/d.jsonl" 2>/dev/null || bad "gen for bench"
bopt=(--data "$tmp/d.jsonl" --solvers dfs,enum --order prior,oracle --timeout 5 --jobs 1 --no-plot
      --prior "$src/models/deepcoder-t3.prior.json")
"$lips" bench "${bopt[@]}" --out "$tmp/b1" >"$tmp/s1.md" 2>/dev/null || bad "bench, one process"
for np in 2 4; do
    mpi "$np" bench "${bopt[@]}" --out "$tmp/b$np" >"$tmp/s$np.md" 2>"$tmp/err$np" || bad "bench on $np ranks"
    [ "$(outcomes "$tmp/b1")" = "$(outcomes "$tmp/b$np")" ] && ok || bad "bench on $np ranks: other outcomes"
    [ "$(solved "$tmp/b1")" = "$(solved "$tmp/b$np")" ] && ok || bad "bench on $np ranks: another summary"
    [ "$(grep -c . "$tmp/s$np.md")" = "$(grep -c . "$tmp/s1.md")" ] && ok || bad "bench on $np ranks: one table"
    grep -q "36 runs (0 resumed, 0 crashed)" "$tmp/err$np" && ok || bad "bench on $np ranks: $(cat "$tmp/err$np")"
done
# resumed on 2 ranks after a one-process run was cut short
mkdir "$tmp/br" && cp "$tmp/b1/run.json" "$tmp/br/" && head -n 13 "$tmp/b1/results.jsonl" >"$tmp/br/results.jsonl"
mpi 2 bench "${bopt[@]}" --out "$tmp/br" >/dev/null 2>"$tmp/err" || bad "resumed bench on 2 ranks"
grep -q "36 runs (13 resumed, 0 crashed)" "$tmp/err" && ok || bad "resume on 2 ranks: $(cat "$tmp/err")"
[ "$(outcomes "$tmp/b1")" = "$(outcomes "$tmp/br")" ] && ok || bad "resumed on 2 ranks: other outcomes"

# ---- errors end the job with their code: on every rank, and on rank 0 alone
mpi 2 gen -T 9 -n 5 -o "$tmp/x.jsonl" >/dev/null 2>&1
code=$?
[ "$code" = 2 ] && ok || bad "bad option on 2 ranks: exit code $code"
mpi 2 gen -T 2 -n 100 -o "$tmp/none/x.jsonl" >/dev/null 2>&1
code=$?
[ "$code" = 2 ] && ok || bad "rank 0 cannot write its output: exit code $code"
mpi 2 train --data "$tmp/t.jsonl" --out "$tmp/none/m.lips" >/dev/null 2>&1
code=$?
[ "$code" = 2 ] && ok || bad "rank 0 cannot write the model: exit code $code"

echo "mpi tests: $pass passed, $fail failed"
[ "$fail" = 0 ]
