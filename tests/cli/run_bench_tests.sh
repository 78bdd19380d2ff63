#!/usr/bin/env bash
# End to end tests of `lips bench`: the files it writes, resume, exit codes
# and the one-line errors of bad usage.
#   run_bench_tests.sh LIPS_BINARY SOURCE_DIR
set -u
lips=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); printf 'FAIL %s\n' "$*"; }

# expect_err NAME WANT_STDERR -- CMD...: exit code 2, that one line on stderr, nothing on stdout
expect_err() {
    local name=$1 want=$2
    shift 3
    local out code
    out=$("$@" 2>"$tmp/err")
    code=$?
    if [ "$code" = 2 ] && [ -z "$out" ] && [ "$(cat "$tmp/err")" = "$want" ]; then ok; else
        bad "$name: code $code, stdout '$out', stderr '$(cat "$tmp/err")', want '$want'"
    fi
}

"$lips" gen -T 2 -n 6 -s 3 --test -o "$tmp/d.jsonl" 2>/dev/null || bad "gen"
prior=$src/models/deepcoder-t3.prior.json

"$lips" bench --data "$tmp/d.jsonl" --solvers saa,dfs,enum --order prior,oracle --prior "$prior" \
    --timeout 5 --jobs 2 --out "$tmp/b" --json >"$tmp/sum.json" 2>"$tmp/err"
[ $? = 0 ] && ok || bad "bench exit code: $(cat "$tmp/err")"
[ "$(wc -l <"$tmp/b/results.jsonl")" = 30 ] && ok || bad "30 results lines (6 problems x 5 runs)"
[ "$(grep -c '"status":"solved"' "$tmp/b/results.jsonl")" = 30 ] && ok || bad "every run solved"
[ "$(grep -c '"solved":	6' "$tmp/sum.json")" = 5 ] && ok || bad "summary.json: 5 rows with 6 solved: $(cat "$tmp/sum.json")"
cmp -s "$tmp/sum.json" "$tmp/b/summary.json" && ok || bad "--json prints summary.json"
grep -q '^| saa | oracle | 6/6 |' "$tmp/b/summary.md" && ok || bad "summary.md row"
[ "$(head -c 4 "$tmp/b/solved.png" | od -An -c | tr -d ' ')" = '211PNG' ] && ok || bad "solved.png is a PNG"
ls "$tmp/b" | grep -q tmp && bad "a temporary file was left" || ok
grep -q 'lips bench: 30 runs (0 resumed, 0 crashed)' "$tmp/err" && ok || bad "report line: $(cat "$tmp/err")"

# the same command again runs nothing; a missing line is run again
"$lips" bench --data "$tmp/d.jsonl" --solvers saa,dfs,enum --order prior,oracle --prior "$prior" \
    --timeout 5 --out "$tmp/b" --no-plot >/dev/null 2>"$tmp/err"
grep -q '30 runs (30 resumed, 0 crashed)' "$tmp/err" && ok || bad "resume: $(cat "$tmp/err")"
sed -i '$d' "$tmp/b/results.jsonl"
"$lips" bench --data "$tmp/d.jsonl" --solvers saa,dfs,enum --order prior,oracle --prior "$prior" \
    --timeout 5 --out "$tmp/b" --no-plot >/dev/null 2>"$tmp/err"
grep -q '30 runs (29 resumed, 0 crashed)' "$tmp/err" && ok || bad "resume one: $(cat "$tmp/err")"
[ "$(wc -l <"$tmp/b/results.jsonl")" = 30 ] && ok || bad "30 lines after resuming"

# the shipped model and its prior are the defaults
"$lips" bench --data "$tmp/d.jsonl" --solvers saa --timeout 5 --out "$tmp/m" --no-plot >/dev/null 2>&1 \
    && grep -q '^| saa | model | 6/6 |' "$tmp/m/summary.md" && grep -q '^| saa | prior | 6/6 |' "$tmp/m/summary.md" \
    && ok || bad "default model and prior"

# enum alone needs no model and no prior, whatever the orderings
"$lips" bench --data "$tmp/d.jsonl" --solvers enum --model /nonexistent.lips --timeout 5 --out "$tmp/e" --no-plot >/dev/null 2>&1 \
    && grep -q '^| enum | none | 6/6 |' "$tmp/e/summary.md" && ok || bad "enum alone"

expect_err "unknown solver" "lips bench: unknown solver 'z4' (see 'lips bench --help')" -- \
    "$lips" bench --data "$tmp/d.jsonl" --solvers saa,z4
expect_err "unknown order" "lips bench: unknown ordering 'none' (see 'lips bench --help')" -- \
    "$lips" bench --data "$tmp/d.jsonl" --order none
expect_err "no data" "lips bench: give --data (see 'lips bench --help')" -- "$lips" bench
expect_err "bad timeout" "lips bench: --timeout takes a number in [0.001, 1e+06], not '0' (see 'lips bench --help')" -- \
    "$lips" bench --data "$tmp/d.jsonl" --timeout 0
expect_err "bad jobs" "lips bench: --jobs takes an integer in [1, 64], not '1.5' (see 'lips bench --help')" -- \
    "$lips" bench --data "$tmp/d.jsonl" --jobs 1.5
expect_err "bad memory bound" "lips bench: --max-memory takes an integer in [1, 4095], not '0' (see 'lips bench --help')" -- \
    "$lips" bench --data "$tmp/d.jsonl" --max-memory 0
expect_err "unknown option" "lips bench: option '--frob' is unknown or lacks its value (see 'lips bench --help')" -- \
    "$lips" bench --frob
expect_err "other timeout" "$tmp/b/run.json: holds a run with another timeout; resume with the same data and settings or choose another --out" -- \
    "$lips" bench --data "$tmp/d.jsonl" --solvers saa --order prior --prior "$prior" --timeout 6 --out "$tmp/b"
expect_err "missing prior" "/nonexistent.json: cannot open the file" -- \
    "$lips" bench --data "$tmp/d.jsonl" --order prior --prior /nonexistent.json --out "$tmp/c"
sed -i '2s/.*/{"problem": 1, "solver": "saa"}/' "$tmp/b/results.jsonl"
expect_err "bad results line" "$tmp/b/results.jsonl:2: a results line needs problem, solver, order, status, seconds and nodes" -- \
    "$lips" bench --data "$tmp/d.jsonl" --solvers saa --order prior --prior "$prior" --timeout 5 --out "$tmp/b"
"$lips" bench --help | grep -q '^usage: lips bench' && ok || bad "--help"

# --holdout K: the solvers see all but the last K examples. REVERSE a, the one
# program of one statement that fits sortdesc's first two, gets its third wrong.
cat >"$tmp/h.jsonl" <<'EOF'
{"name":"sort","program":"a <- [int] | b <- SORT a","examples":[{"inputs":[[3,1,2]],"output":[1,2,3]},{"inputs":[[5,-1]],"output":[-1,5]},{"inputs":[[0,7,-7]],"output":[-7,0,7]}]}
{"name":"sortdesc","program":"a <- [int] | b <- SORT a | c <- REVERSE b","examples":[{"inputs":[[1,2,3]],"output":[3,2,1]},{"inputs":[[-5,0]],"output":[0,-5]},{"inputs":[[2,9,4]],"output":[9,4,2]}]}
EOF
hold() { "$lips" bench --data "$tmp/h.jsonl" --solvers enum --max-len 1 --timeout 5 --no-plot "$@"; }
hold --holdout 1 --out "$tmp/h" >"$tmp/h.md" 2>"$tmp/err" && ok || bad "bench --holdout: $(cat "$tmp/err")"
grep -q '^{"problem":0,.*"program":"a <- \[int\] | b <- SORT a","holdout":1,"holdout_right":1,"holdout_ok":true}$' "$tmp/h/results.jsonl" \
    && ok || bad "holdout line of sort: $(cat "$tmp/h/results.jsonl")"
grep -q '^{"problem":1,.*"program":"a <- \[int\] | b <- REVERSE a","holdout":1,"holdout_right":0,"holdout_ok":false}$' "$tmp/h/results.jsonl" \
    && ok || bad "holdout line of sortdesc: $(cat "$tmp/h/results.jsonl")"
grep -qxF '| enum | none | 2/2 | 1 | 50.0% | 50.0% |' "$tmp/h.md" && ok || bad "held-out row: $(cat "$tmp/h.md")"
cmp -s "$tmp/h.md" "$tmp/h/summary.md" && ok || bad "stdout is summary.md"
grep -q '"holdout":	1$' "$tmp/h/run.json" && ok || bad "run.json records the holdout: $(cat "$tmp/h/run.json")"
hold --holdout 1 --out "$tmp/h" >/dev/null 2>"$tmp/err"
grep -q '2 runs (2 resumed, 0 crashed)' "$tmp/err" && ok || bad "resume with the same holdout: $(cat "$tmp/err")"
expect_err "other holdout" "$tmp/h/run.json: holds a run with another holdout; resume with the same data and settings or choose another --out" -- \
    hold --holdout 2 --out "$tmp/h"
expect_err "no holdout on a holdout run" "$tmp/h/run.json: holds a run with another holdout; resume with the same data and settings or choose another --out" -- \
    hold --out "$tmp/h"
expect_err "holdout leaves nothing" "$tmp/h.jsonl:1: --holdout 3 leaves none of the problem's 3 examples to solve from" -- \
    hold --holdout 3 --out "$tmp/h3"
[ -e "$tmp/h3" ] && bad "a refused holdout created its --out" || ok
expect_err "holdout zero" "lips bench: --holdout takes an integer in [1, 19], not '0' (see 'lips bench --help')" -- \
    hold --holdout 0 --out "$tmp/h0"
expect_err "holdout fraction" "lips bench: --holdout takes an integer in [1, 19], not '1.5' (see 'lips bench --help')" -- \
    hold --holdout 1.5 --out "$tmp/h0"
# --examples M: the same problems from their first M examples only. From
# [1, 2, 3] -> [3, 2, 1] alone REVERSE a fits, and is wrong on the held-out one
hold --holdout 1 --examples 1 --out "$tmp/ex" >"$tmp/ex.md" 2>"$tmp/err" && ok || bad "bench --examples: $(cat "$tmp/err")"
grep -q '^{"problem":1,.*"program":"a <- \[int\] | b <- REVERSE a","holdout":1,"holdout_right":0,"holdout_ok":false}$' "$tmp/ex/results.jsonl" \
    && ok || bad "--examples line of sortdesc: $(cat "$tmp/ex/results.jsonl")"
grep -qxF 'The solvers and the network saw at most the first 1 example of each problem.' "$tmp/ex.md" \
    && ok || bad "--examples in the summary: $(cat "$tmp/ex.md")"
grep -q '"examples":	1$' "$tmp/ex/run.json" && ok || bad "run.json records --examples: $(cat "$tmp/ex/run.json")"
expect_err "other examples" "$tmp/ex/run.json: holds a run with another examples; resume with the same data and settings or choose another --out" -- \
    hold --holdout 1 --examples 2 --out "$tmp/ex"
expect_err "examples zero" "lips bench: --examples takes an integer in [1, 20], not '0' (see 'lips bench --help')" -- \
    hold --examples 0 --out "$tmp/ex0"
# without --holdout the files say nothing of it
hold --out "$tmp/n" >/dev/null 2>&1 && ! grep -q holdout "$tmp/n/run.json" "$tmp/n/results.jsonl" "$tmp/n/summary.json" \
    && ! grep -q 'Held out' "$tmp/n/summary.md" && ok || bad "no holdout, no holdout keys"

# semantics: each problem runs in its own, --semantics overrides it; lines
# and summaries name DeepCoder semantics, run.json counts its problems
cat >"$tmp/s.jsonl" <<'EOF'
{"name":"mul3","semantics":"deepcoder","program":"a <- [int] | b <- MAP (*3) a | c <- MAP (/4) b","examples":[{"inputs":[[106,-5]],"output":[79,-3]},{"inputs":[[7,8,9]],"output":[5,6,6]}]}
{"name":"sort","program":"a <- [int] | b <- SORT a","examples":[{"inputs":[[3,1,2]],"output":[1,2,3]},{"inputs":[[5,-1]],"output":[-1,5]}]}
EOF
sem() { "$lips" bench --data "$tmp/s.jsonl" --solvers enum --max-len 2 --timeout 5 --no-plot "$@"; }
sem --out "$tmp/s" >"$tmp/s.md" 2>"$tmp/err" && ok || bad "bench semantics: $(cat "$tmp/err")"
grep -q '^{"problem":0,.*"status":"solved",.*,"semantics":"deepcoder"}$' "$tmp/s/results.jsonl" \
    && ok || bad "deepcoder line: $(cat "$tmp/s/results.jsonl")"
[ "$(grep -c semantics "$tmp/s/results.jsonl")" = 1 ] && ok || bad "a strict line names no semantics"
grep -qxF '1 run in DeepCoder semantics (values in between may leave [-256, 255]; docs/dsl.md).' "$tmp/s.md" \
    && ok || bad "semantics in the summary: $(cat "$tmp/s.md")"
grep -q '"deepcoder_problems":	1$' "$tmp/s/run.json" && ok || bad "run.json counts deepcoder problems: $(cat "$tmp/s/run.json")"
expect_err "other semantics" "$tmp/s/run.json: holds a run with another deepcoder_problems; resume with the same data and settings or choose another --out" -- \
    sem --semantics strict --out "$tmp/s"
sem --semantics strict --out "$tmp/s2" >/dev/null 2>&1 && grep -q '^{"problem":0,.*"status":"no program"' "$tmp/s2/results.jsonl" \
    && ! grep -q semantics "$tmp/s2/results.jsonl" "$tmp/s2/run.json" && ok || bad "--semantics strict: $(cat "$tmp/s2/results.jsonl")"
expect_err "unknown semantics" "lips bench: --semantics takes strict or deepcoder, not 'x' (see 'lips bench --help')" -- \
    sem --semantics x --out "$tmp/s3"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
