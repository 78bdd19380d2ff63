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
expect_err "bad jobs" "lips bench: --jobs takes a whole number (see 'lips bench --help')" -- \
    "$lips" bench --data "$tmp/d.jsonl" --jobs 1.5
expect_err "bad memory bound" "lips bench: --max-memory takes a number in [1, 4095], not '0' (see 'lips bench --help')" -- \
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

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
