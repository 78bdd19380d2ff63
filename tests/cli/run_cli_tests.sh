#!/usr/bin/env bash
# End-to-end tests of the lips command line: exact outputs and exit codes.
#   run_cli_tests.sh LIPS_BINARY SOURCE_DIR
set -u
lips=$1
src=$2
ex=$src/examples
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

# expect NAME WANT_CODE WANT_STDOUT WANT_STDERR -- CMD...   (stdin from $input)
input=""
expect() {
    local name=$1 code=$2 out=$3 err=$4
    shift 5
    local got_out got_err got_code
    got_out=$(printf '%s' "$input" | "$@" 2>"$tmp/err")
    got_code=$?
    got_err=$(cat "$tmp/err")
    if [ "$got_code" = "$code" ] && [ "$got_out" = "$out" ] && [ "$got_err" = "$err" ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        printf 'FAIL %s\n  code %s (want %s)\n  stdout: %s\n  want:   %s\n  stderr: %s\n  want:   %s\n' \
            "$name" "$got_code" "$code" "$got_out" "$out" "$got_err" "$err"
    fi
    input=""
}

fig1='a <- [int] | b <- FILTER (<0) a | c <- MAP (*4) b | d <- SORT c | e <- REVERSE d'
expect "run inline" 0 "[-12, -20, -32, -36, -68]" "" -- \
    "$lips" run -e "$fig1" --inputs '[[-17, -3, 4, 11, 0, -5, -9, 13, 6, 6, -8, 11]]'
expect "run json" 0 '{"output":[-12],"trace":{"a":[-3,4],"b":[-3],"c":[-12],"d":[-12],"e":[-12]}}' "" -- \
    "$lips" run -e "$fig1" --inputs '[[-3, 4]]' --json --trace
expect "run null" 0 "NULL: statement 1 'b <- HEAD a' got an empty list" "" -- \
    "$lips" run -e 'a <- [int] | b <- HEAD a' --inputs '[[]]'
expect "run range" 0 "NULL: statement 2 'c <- MAP (*4) b' got a value left [-256, 255]" "" -- \
    "$lips" run -e 'a <- [int] | b <- SCANL1 (+) a | c <- MAP (*4) b' --inputs '[[60, 10]]'
# --semantics: DeepCoder semantics bounds inputs and the result, not the values in between
mul3='a <- [int] | b <- MAP (*3) a | c <- MAP (/4) b'
expect "run strict range" 0 "NULL: statement 1 'b <- MAP (*3) a' got a value left [-256, 255]" "" -- \
    "$lips" run -e "$mul3" --inputs '[[106, -5]]'
expect "run deepcoder" 0 "[79, -3]" "" -- "$lips" run -e "$mul3" --inputs '[[106, -5]]' --semantics deepcoder
expect "run deepcoder result" 0 "NULL: statement 2 'c <- MAP (*4) b' got a result outside [-256, 255]" "" -- \
    "$lips" run -e 'a <- [int] | b <- SCANL1 (+) a | c <- MAP (*4) b' --inputs '[[60, 10]]' --semantics deepcoder
expect "run deepcoder wraps" 0 $'a = [128, 128, 128, 128, 128]\nb = [128, 16384, 2097152, 268435456, 0]\nc = 0\n0' "" -- \
    "$lips" run -e 'a <- [int] | b <- SCANL1 (*) a | c <- LAST b' --inputs '[[128, 128, 128, 128, 128]]' \
    --semantics deepcoder --trace
expect "run strict overflow" 0 "NULL: statement 1 'b <- SCANL1 (*) a' got a value left [-256, 255]" "" -- \
    "$lips" run -e 'a <- [int] | b <- SCANL1 (*) a | c <- LAST b' --inputs '[[128, 128, 128, 128, 128]]' 
expect "run deepcoder trace" 0 $'a = [255]\nb = [1020]\nc = [1040400]\nd = 1\n1' "" -- \
    "$lips" run -e 'a <- [int] | b <- MAP (*4) a | c <- ZIPWITH (*) b b | d <- COUNT (>0) c' --inputs '[[255]]' \
    --semantics deepcoder --trace
expect "run unknown semantics" 2 "" "lips run: --semantics takes strict or deepcoder, not 'loose' (see 'lips run --help')" -- \
    "$lips" run --semantics loose -e "$mul3" --inputs '[[1]]'
printf '# semantics: deepcoder\na <- [int]\n---\n[106, -5] -> [79, -3]\n[7, 8, 9] -> [5, 6, 6]\n' >"$tmp/dc.lips"
expect "check semantics header" 0 "ok" "" -- "$lips" check "$tmp/dc.lips" -e "$mul3"
expect "check semantics override" 3 "fail: example 1: expected [79, -3], got a value out of range in strict semantics (statement 1)" "" -- \
    "$lips" check "$tmp/dc.lips" -e "$mul3" --semantics strict
expect "check unknown semantics" 2 "" "lips check: --semantics takes strict or deepcoder, not 'wide' (see 'lips check --help')" -- \
    "$lips" check "$tmp/dc.lips" -e "$mul3" --semantics wide
# prog31's shape: a running product that wraps to 0 (32 factors of 2) picks element 0
printf '# semantics: deepcoder\na <- [int]\n---\n[%s] -> 7\n[2, 1, 1] -> 1\n' \
    "7, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4" >"$tmp/wrap.lips"
wrapprog='a <- [int] | b <- SCANL1 (*) a | c <- LAST b | d <- ACCESS c a'
expect "check deepcoder wraps" 0 "ok" "" -- "$lips" check "$tmp/wrap.lips" -e "$wrapprog"
expect "check strict refutes the wrap" 3 "fail: example 1: expected 7, got a value out of range in strict semantics (statement 1)" "" -- \
    "$lips" check "$tmp/wrap.lips" -e "$wrapprog" --semantics strict
printf '# semantics: loose\na <- [int]\n---\n[1] -> [1]\n' >"$tmp/loose.lips"
expect "check unknown semantics header" 2 "" "$tmp/loose.lips:1:14: unknown semantics \"loose\" (strict or deepcoder)" -- \
    "$lips" check "$tmp/loose.lips" -e 'a <- [int] | b <- SORT a'
expect "solve semantics header" 0 $'a <- [int]\nb <- MAP (*3) a\nc <- MAP (/4) b' "" -- \
    sh -c '"$0" solve --solver enum --max-len 2 "$1" | sed 1d' "$lips" "$tmp/dc.lips"
expect "solve semantics line" 0 "1" "" -- \
    sh -c '"$0" solve --solver z3 --max-len 2 "$1" | grep -c "^# .*: found by z3 (deepcoder semantics) in "' "$lips" "$tmp/dc.lips"
expect "solve semantics json" 0 "{\"problem\":\"$tmp/dc.lips\",\"solver\":\"saa\",\"semantics\":\"deepcoder\",\"status\":\"found\",\"program\":\"$mul3\"}" "" -- \
    sh -c '"$0" solve --solver saa --max-len 2 --json "$1" | sed "s/,\"seconds\".*/}/"' "$lips" "$tmp/dc.lips"
expect "solve semantics strict" 0 "# $tmp/dc.lips: no program by saa" "" -- \
    sh -c '"$0" solve --solver saa --max-len 2 --semantics strict "$1" | sed "s/ in .*//"' "$lips" "$tmp/dc.lips"
expect "solve unknown semantics" 2 "" "lips solve: --semantics takes strict or deepcoder, not 'Strict' (see 'lips solve --help')" -- \
    "$lips" solve --semantics Strict "$tmp/dc.lips"
expect "gen semantics" 0 "20" "" -- \
    sh -c '"$0" gen --length 2 --count 20 --seed 3 --semantics deepcoder --out - 2>/dev/null | grep -c "^{\"name\":\"T2-[0-9]*\",\"semantics\":\"deepcoder\","' "$lips"
expect "gen unknown semantics" 2 "" "lips gen: --semantics takes strict or deepcoder, not 'x' (see 'lips gen --help')" -- \
    "$lips" gen --length 2 --count 20 --semantics x --out -
expect "run access" 0 '{"output":null,"failed_statement":1,"reason":"null"}' "" -- \
    "$lips" run -e 'a <- int | b <- [int] | c <- ACCESS a b' --inputs '[5, [1, 2]]' --json
input=$'[3, 4, -9] -> [4, 3, -9]\n# comment\n2, [1] -> 1\n'
expect "run stdin type error" 2 "[4, 3, -9]" "<stdin>:3:1: input a must be [int], got int" -- \
    "$lips" run -e 'a <- [int] | b <- SORT a | c <- REVERSE b'
input=$'[3, 4, -9] -> [4, 3, -9]\n[1, 2] -> [1, 2]\n'
expect "run stdin compare" 0 $'[4, 3, -9]\n[2, 1]   (expected [1, 2])' "1/2 outputs match" -- \
    "$lips" run -e 'a <- [int] | b <- SORT a | c <- REVERSE b'
expect "run program file" 0 "[4, 3, -9]" "" -- "$lips" run "$src/tests/cli/sort_desc.txt" --inputs '[[3, 4, -9]]'
expect "run bad program" 2 "" "<program>:1:19: unknown function 'SROT'" -- "$lips" run -e 'a <- [int] | b <- SROT a' --inputs '[[1]]'
expect "run bad inputs" 2 "" "--inputs:1:2: integer 300 is outside [-256, 255]" -- "$lips" run -e 'a <- int | b <- [int] | c <- TAKE a b' --inputs '[300, [1]]'
expect "run wrong arity" 2 "" "--inputs:1:1: the program takes 2 inputs, got 1" -- "$lips" run -e 'a <- int | b <- [int] | c <- TAKE a b' --inputs '[3]'
expect "run missing file" 2 "" "/nonexistent: cannot open the file" -- "$lips" run /nonexistent --inputs '[[1]]'
expect "run no program" 2 "" "lips run: expected one PROGRAM (see 'lips run --help')" -- "$lips" run
expect "run unknown option" 2 "" "lips run: option '--bogus' is unknown or lacks its value (see 'lips run --help')" -- "$lips" run --bogus
expect "run missing value" 2 "" "lips run: option '--inputs' is unknown or lacks its value (see 'lips run --help')" -- "$lips" run -e 'a <- int | b <- [int] | c <- TAKE a b' --inputs
expect "run unknown short" 2 "" "lips run: option '-z' is unknown or lacks its value (see 'lips run --help')" -- "$lips" run -z

expect "check ok" 0 "ok" "" -- "$lips" check "$ex/seed_sort_desc.lips" -e 'a <- [int] | b <- SORT a | c <- REVERSE b'
expect "check not filling" 3 "fail: the program does not fill the sketch" "" -- \
    "$lips" check "$ex/seed_sort_desc.lips" -e 'a <- [int] | b <- REVERSE a | c <- SORT b'
expect "check wrong output" 3 "fail: example 1: expected [4, 3, -9], got [-9, 3, 4]" "" -- \
    "$lips" check "$ex/seed_synthesize.lips" -e 'a <- [int] | b <- SORT a'
expect "check json" 3 '{"ok":false,"reason":"example 1: expected [4, 3, -9], got [-9, 4, 3]","example":1}' "" -- \
    "$lips" check "$ex/seed_synthesize.lips" -e 'a <- [int] | b <- REVERSE a' --json
expect "check json problem" 0 "ok" "" -- "$lips" check "$ex/paper_figure1.json" -e "$fig1"
printf 'a <- [int]\n---\n[1, 2] -> [1, 2]\n[1 2] -> [1]\n' >"$tmp/bad.lips"
expect "check bad problem" 2 "" "$tmp/bad.lips:4:4: expected ',' or ']' in list" -- "$lips" check "$tmp/bad.lips" -e 'a <- [int] | b <- SORT a'
expect "check no program" 2 "" "lips check: give the program with --program or -e (see 'lips check --help')" -- "$lips" check "$ex/seed_sort_desc.lips"

printf 'xs <- [int]\nn <- int\nys <- TAKE n xs\nzs <- MAP SHL ys\n' >"$tmp/p.txt"
expect "fmt program" 0 $'a <- [int]\nb <- int\nc <- TAKE b a\nd <- MAP (*2) c' "" -- "$lips" fmt "$tmp/p.txt"
expect "fmt oneline" 0 'a <- [int] | b <- int | c <- TAKE b a | d <- MAP (*2) c' "" -- "$lips" fmt --oneline "$tmp/p.txt"
printf 'a <- [int]\nb <- ?? a\n---\n[1,2]->[2,1]\n' >"$tmp/q.lips"
expect "fmt problem json" 0 '{"sketch":"a <- [int] | b <- ?? a","output":"[int]","examples":[{"inputs":[[1,2]],"output":[2,1]}]}' "" -- \
    "$lips" fmt --json "$tmp/q.lips"
expect "fmt problem text" 0 $'a <- [int]\nb <- ?? a\n---\n[1, 2] -> [2, 1]' "" -- "$lips" fmt "$tmp/q.lips"
: >"$tmp/empty"
expect "fmt empty" 2 "" "$tmp/empty:1:1: empty program" -- "$lips" fmt "$tmp/empty"

# a problem from a pipe (no size to stat) is read to its end
input=$'a <- [int]\n---\n[1, 2] -> [2, 1]\n'
expect "solve from a pipe" 0 $'a <- [int]\nb <- REVERSE a' "" -- \
    sh -c 'f=$1; shift; "$0" solve --solver enum --max-len 1 "$@" | sed "$f"' "$lips" 1d /dev/stdin
# solve --check-on: REVERSE a, the one program of one statement that fits the
# first file, is run on the examples of the second
printf 'a <- [int]\n---\n[1, 2, 3] -> [3, 2, 1]\n[-5, 0] -> [0, -5]\n' >"$tmp/vis.lips"
printf '# held out\na <- [int]\n---\n[7, 8] -> [8, 7]\n[2, 9, 4] -> [9, 4, 2]\n' >"$tmp/held.lips"
printf '{"sketch": "a <- [int]", "examples": [{"inputs": [[4, 5]], "output": [5, 4]}]}\n' >"$tmp/held.json"
# solve1 FILTER ARGS...: lips solve of vis.lips, its output through the sed script FILTER
solve1='f=$1; shift; "$0" solve --solver enum --max-len 1 "$@" | sed "$f"'
expect "solve check-on" 0 $'a <- [int]\nb <- REVERSE a\n# held-out: 1/2 right' "" -- \
    sh -c "$solve1" "$lips" 1d "$tmp/vis.lips" --check-on "$tmp/held.lips"
expect "solve check-on json" 0 "{\"problem\":\"$tmp/vis.lips\",\"solver\":\"enum\",\"semantics\":\"strict\",\"status\":\"found\",\"program\":\"a <- [int] | b <- REVERSE a\",\"holdout_examples\":2,\"holdout_right\":1,\"holdout_ok\":false}" "" -- \
    sh -c "$solve1" "$lips" 's/"seconds":[^,]*,"nodes":[0-9]*,//' "$tmp/vis.lips" --check-on "$tmp/held.lips" --json
expect "solve check-on all" 0 $'a <- [int] | b <- REVERSE a\n# held-out: 1 of 1 programs right on all 1' "" -- \
    sh -c "$solve1" "$lips" 1d "$tmp/vis.lips" --check-on "$tmp/held.json" --all
printf 'a <- int\n---\n3 -> 4\n' >"$tmp/int.lips"
expect "solve check-on types" 2 "" "$tmp/held.json:1:51: example 1, input a must be int as in $tmp/int.lips, got [int]" -- \
    "$lips" solve --solver enum "$tmp/int.lips" --check-on "$tmp/held.json"

# train: --list-len, the model card beside the model, eval --card merging into a card
"$lips" gen --length 2 --count 200 --seed 1 --out "$tmp/tr.jsonl" 2>/dev/null
"$lips" gen --length 2 --count 40 --seed 2 --disjoint-from "$tmp/tr.jsonl" --out "$tmp/va.jsonl" 2>/dev/null
expect "train" 0 "" "" -- sh -c '"$0" train --data "$1/tr.jsonl" --valid "$1/va.jsonl" --out "$1/m.lips" --epochs 2 --embed 4 --hidden 16 --layers 2 --list-len 5 --seed 3 2>"$1/progress"' "$lips" "$tmp"
# card KEY VALUE: the card has the line "KEY": VALUE (cJSON prints one key a line)
card() {
    if grep -Eq "^[[:space:]]*\"$1\":[[:space:]]*$2,?\$" "$3"; then pass=$((pass + 1)); else
        fail=$((fail + 1)); printf 'FAIL card %s: "%s" is not %s\n' "$3" "$1" "$2"; fi
}
# E=4, L=5, K=16, H=2, R=35: embedding, two layers, decoder
np=$((513 * 4 + 16 * (4 * (2 + 5 * 4) + 35) + 16 + 16 * 16 + 16 + 34 * 16 + 34))
card L 5 "$tmp/m.json"; card E 4 "$tmp/m.json"; card K 16 "$tmp/m.json"; card H 2 "$tmp/m.json"
card R 35 "$tmp/m.json"
card parameters "$np" "$tmp/m.json"
card bytes "$(wc -c <"$tmp/m.lips")" "$tmp/m.json"
card problems 200 "$tmp/m.json"; card problems 40 "$tmp/m.json"
card file '"m.lips"' "$tmp/m.json"; card name '"m"' "$tmp/m.json"
card command "\"lips train --data $tmp/tr.jsonl --valid $tmp/va.jsonl --out $tmp/m.lips --epochs 2 --embed 4 --hidden 16 --layers 2 --list-len 5 --seed 3\"" "$tmp/m.json"
card epochs 2 "$tmp/m.json"; card seed 3 "$tmp/m.json"
card openblas_threads '[1-9][0-9]*' "$tmp/m.json"
# the card has 4 decimals without trailing zeros; the progress line prints MAP with 3
card train_loss "$(sed -n 's/^epoch 2\/2: train loss \([0-9.]*\),.*/\1/p' "$tmp/progress" | sed 's/\.\{0,1\}0*$//')" "$tmp/m.json"
want=$(sed -n 's/^epoch 2\/2: .*MAP \([0-9.]*\),.*/\1/p' "$tmp/progress")
got=$(sed -n 's/^[[:space:]]*"valid_map":[[:space:]]*\([0-9.]*\).*/\1/p' "$tmp/m.json")
if awk -v a="$want" -v b="$got" 'BEGIN { d = a - b; exit !(b != "" && d < 0.00051 && d > -0.00051) }'; then
    pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL card valid_map $got, progress line $want"; fi
expect "train progress" 0 "2" "" -- grep -c 'valid loss .*, mean AUC .*, MAP ' "$tmp/progress"
# --no-relations: R = 0, the 35 columns of the first layer gone, the file one u32 longer than version 1's
expect "train no-relations" 0 "" "" -- sh -c '"$0" train --data "$1/tr.jsonl" --out "$1/m0.lips" --epochs 1 --embed 4 --hidden 16 --layers 2 --list-len 5 --no-relations 2>/dev/null' "$lips" "$tmp"
card R 0 "$tmp/m0.json"
card parameters "$((np - 16 * 35))" "$tmp/m0.json"
expect "predict no-relations" 0 "34" "" -- sh -c '"$0" predict "$1" --model "$2" | wc -l' "$lips" "$src/examples/seed_sort_desc.lips" "$tmp/m0.lips"
expect "train list-len range" 2 "" "lips train: --list-len takes an integer in [1, 20], not '21' (see 'lips train --help')" -- \
    "$lips" train --data "$tmp/tr.jsonl" --out "$tmp/m2.lips" --list-len 21
# seeds are read as exact 64-bit integers, not through a double (which makes
# 2^64-1 and 2^64-2 one number); the card keeps a seed past 2^53 as a string
"$lips" gen --length 2 --count 5 --seed 18446744073709551615 --out "$tmp/s1.jsonl" 2>/dev/null
"$lips" gen --length 2 --count 5 --seed 18446744073709551614 --out "$tmp/s2.jsonl" 2>/dev/null
if [ -s "$tmp/s1.jsonl" ] && ! cmp -s "$tmp/s1.jsonl" "$tmp/s2.jsonl"; then pass=$((pass + 1)); else
    fail=$((fail + 1)); echo "FAIL gen seeds 2^64-1 and 2^64-2 gave the same dataset"; fi
# an output path that is not a regular file (a pipe, /dev/null) is written
# in place, not replaced by a file renamed over it
for cmd in gen import; do
    mkfifo "$tmp/pipe-$cmd"
    cat "$tmp/pipe-$cmd" >"$tmp/piped-$cmd" &
    reader=$!
    if [ $cmd = gen ]; then
        "$lips" gen --length 2 --count 5 --seed 1 --out "$tmp/pipe-$cmd" 2>/dev/null
    else
        "$lips" import --from neo "$src/tests/formats/neo" -o "$tmp/pipe-$cmd" 2>/dev/null
    fi
    code=$?
    # a replaced pipe is never opened: its reader would wait for ever
    if [ -p "$tmp/pipe-$cmd" ]; then wait $reader; else kill $reader; fi
    if [ $code = 0 ] && [ -p "$tmp/pipe-$cmd" ] && [ "$(wc -l <"$tmp/piped-$cmd")" -ge 5 ]; then pass=$((pass + 1)); else
        fail=$((fail + 1)); echo "FAIL $cmd --out a pipe: exit $code, the pipe replaced or nothing written"; fi
done
"$lips" train --data "$tmp/tr.jsonl" --out "$tmp/s.lips" --epochs 1 --embed 2 --hidden 4 --layers 1 \
    --seed 18446744073709551615 2>/dev/null
card seed '"18446744073709551615"' "$tmp/s.json"
# the shipped model on the seed task as people type it: SORT and REVERSE
# among its first five (docs/nn.md); the default model is the shipped one
printf 'a <- [int]\n---\n[3, 4, -9] -> [4, 3, -9]\n[1, 5, 2] -> [5, 2, 1]\n' >"$tmp/seed2.lips"
for f in "$ex/seed_synthesize.lips" "$tmp/seed2.lips"; do
    expect "predict seed task top 5: $f" 0 $'REVERSE\nSORT' "" -- \
        sh -c '"$0" predict "$1" --model "$2" | head -n 5 | cut -d" " -f1 | grep -x -e SORT -e REVERSE | sort' \
        "$lips" "$f" "$src/models/deepcoder-t3.lips"
done
expect "predict list-len 5" 0 34 "" -- sh -c '"$0" predict --model "$1/m.lips" "$2" | wc -l' "$lips" "$tmp" "$ex/paper_figure1.lips"
# eval --card replaces "test_metrics" and keeps every other key of a hand-written card
cp "$src/models/deepcoder-t3-standard.json" "$tmp/card.json"
expect "eval card" 0 "" "" -- sh -c '"$0" eval --model "$1/m.lips" --data "$1/va.jsonl" --prior "$2" --card "$1/card.json" >/dev/null' \
    "$lips" "$tmp" "$src/models/deepcoder-t3.prior.json"
for key in what ordering_quality saa_prior ratio prior network training valid_map examples_per_problem; do
    if grep -q "\"$key\"" "$tmp/card.json"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL eval card lost \"$key\""; fi
done
card problems 40 "$tmp/card.json"
card command "\"lips eval --model $tmp/m.lips --data $tmp/va.jsonl --prior $src/models/deepcoder-t3.prior.json --card $tmp/card.json\"" "$tmp/card.json"
card data "\"$tmp/va.jsonl\"" "$tmp/card.json"
card mean_auc 0.5 "$tmp/card.json" # the prior's
card MAP '[01](\.[0-9]+)?' "$tmp/card.json" # an attribute every 40-problem length-2 set has and lacks
card ratio '"model ordering: 9.7x less median time, 3.9x fewer nodes than the prior, all 500 solved by both"' "$tmp/card.json"
if [ "$(grep -c '"test_metrics"' "$tmp/card.json")" = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL eval card: test_metrics twice"; fi
# conditions: one line each, the AUC table a column each; the card lists them
"$lips" eval --model "$tmp/m.lips" --data std="$tmp/va.jsonl" --data "again=$tmp/va.jsonl" >"$tmp/cond.txt"
if awk '
    NR == 1 { ok = $1 == "condition" && $2 == "problems" }
    NR == 2 { ok = ok && $1 == "std" && $2 == 40; $1 = ""; std = $0 }
    NR == 3 { ok = ok && $1 == "again" && $2 == 40; $1 = ""; ok = ok && $0 == std }
    $0 == "per-attribute AUC:" { auc = NR }
    auc && NR == auc + 1 { ok = ok && $1 == "std" && $2 == "again" && NF == 2 }
    auc && NR == auc + 2 { ok = ok && $1 == "HEAD" && NF == 3 }
    END { exit !(ok && auc) }' "$tmp/cond.txt"; then
    pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL eval conditions: $(cat "$tmp/cond.txt")"; fi
"$lips" eval --model "$tmp/m.lips" --data std="$tmp/va.jsonl" --data "again=$tmp/va.jsonl" --json >"$tmp/cond.json"
if grep -q '^{"conditions":\[{"name":"std","problems":40,.*},{"name":"again","problems":40,' "$tmp/cond.json"; then
    pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL eval conditions json: $(cat "$tmp/cond.json")"; fi
cp "$src/models/deepcoder-t3-standard.json" "$tmp/card2.json"
"$lips" eval --model "$tmp/m.lips" --data std="$tmp/va.jsonl" --data "again=$tmp/va.jsonl" --card "$tmp/card2.json" >/dev/null
if tr -d ' \n\t' <"$tmp/card2.json" | grep -q '"test_metrics":{"command":"lipseval[^"]*","conditions":\[{"name":"std","data":"[^"]*va.jsonl","problems":40,.*{"name":"again",'; then
    pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL eval conditions card"; fi
# the command as typed: NAME=FILE whole, not cut at the '='
card command "\"lips eval --model $tmp/m.lips --data std=$tmp/va.jsonl --data again=$tmp/va.jsonl --card $tmp/card2.json\"" "$tmp/card2.json"
expect "eval condition twice" 2 "" "lips eval: condition 'x' is given twice (see 'lips eval --help')" -- \
    "$lips" eval --model "$tmp/m.lips" --data x="$tmp/va.jsonl" --data x="$tmp/va.jsonl"
echo '{"a": 1,' >"$tmp/bad-card.json"
expect "eval bad card" 2 "" "$tmp/bad-card.json:2:1: malformed JSON" -- \
    "$lips" eval --model "$tmp/m.lips" --data "$tmp/va.jsonl" --card "$tmp/bad-card.json"

expect "version" 0 "$("$lips" --version)" "" -- "$lips" --version
case $("$lips" --version) in "lips 0.1.0 (Z3 "*) pass=$((pass + 1)) ;; *) fail=$((fail + 1)); echo "FAIL version text" ;; esac
expect "unknown command" 2 "" "lips: unknown command 'frobnicate' (see 'lips --help')" -- "$lips" frobnicate
"$lips" solve --help | tr '\n' ' ' | grep -q 'Synthesis reports a program of the fewest statements that fits the examples (lengths 1..--max-len are tried in increasing order; within a length, the ordering decides); --all ranks by length, then by score.' \
    && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL solve --help: the shortest-first sentence"; }
for c in run check solve gen bench; do
    if "$lips" $c --help | grep -q -- "--semantics"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $c --help: --semantics"; fi
done
for c in run check fmt; do
    if "$lips" $c --help | grep -q "^usage: lips $c"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $c --help"; fi
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
