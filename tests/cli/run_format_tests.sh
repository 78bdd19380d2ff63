#!/usr/bin/env bash
# lips import and lips export: the fixtures of tests/formats, written in Neo's
# and the DeepCoder utilities' formats, imported to exact datasets; import ->
# export -> import byte-identical for both formats (orderings included); and
# datasets of lips gen through both formats and back.
#   run_format_tests.sh LIPS_BINARY SOURCE_DIR
set -u
lips=$1
cd "$2" || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

# check NAME: the last command's status was 0
check() {
    if [ "$?" = 0 ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL $1"
    fi
}

neo=tests/formats/neo
dcu=tests/formats/dcu

# -- Neo: the dataset and the report
"$lips" import --from neo $neo -o "$tmp/n1.jsonl" 2>"$tmp/err"
check "import neo"
cmp -s "$tmp/n1.jsonl" tests/formats/neo.jsonl
check "import neo: the dataset"
printf '%s\n' "$neo/prog3.json: the solution is left out: MAP-POW 2 is not one of the 38 instances" \
    "lips import: 6 problems, 4 with a solution, 1 left without one (not expressible), 0 skipped" >"$tmp/want"
cmp -s "$tmp/err" "$tmp/want"
check "import neo: the report"
"$lips" import --from neo $neo/prog10.json 2>/dev/null | cmp -s - <(sed -n 6p tests/formats/neo.jsonl)
check "import neo: one file"

# a problem lips cannot hold is skipped, the others imported
mkdir "$tmp/skip"
printf '{"examples": [{"input": [[1, 2]], "output": 3},\n {"input": [[200, 300]], "output": 500}]}\n' >"$tmp/skip/a.json"
printf '{"examples": [{"input": [[1], [2], [3], 4], "output": 3}]}\n' >"$tmp/skip/b.json"
cp $neo/prog2.json "$tmp/skip/c.json"
"$lips" import --from neo "$tmp/skip" -o "$tmp/s.jsonl" 2>"$tmp/err"
check "import neo: skipped problems are no error"
printf '%s\n' "$tmp/skip/a.json:2:19: example 2, input0: 300 is outside [-256, 255]; the problem is skipped" \
    "$tmp/skip/b.json:1:25: 4 inputs; lips takes 1 to 3; the problem is skipped" \
    "lips import: 1 problem, 1 with a solution, 0 left without one (not expressible), 2 skipped" >"$tmp/want"
cmp -s "$tmp/err" "$tmp/want" && [ "$(cut -c1-14 "$tmp/s.jsonl")" = '{"name":"c","s' ]
check "import neo: the skipped problems reported"

# -- Neo: import -> export -> import, and export -> import -> export
"$lips" export --to neo "$tmp/n1.jsonl" -o "$tmp/neo1" &&
    "$lips" import --from neo "$tmp/neo1" -o "$tmp/n2.jsonl" 2>/dev/null &&
    cmp -s "$tmp/n1.jsonl" "$tmp/n2.jsonl"
check "neo round trip: the datasets are byte-identical"
"$lips" export --to neo "$tmp/n2.jsonl" -o "$tmp/neo2" && diff -r "$tmp/neo1" "$tmp/neo2" >/dev/null
check "neo round trip: the Neo files are byte-identical"
[ "$(sed -n 3p "$tmp/neo1/prog4.json")" = '  "program": "(root [id=1](COUNT [id=2](MAP-POW [id=3](MAP-MUL [id=4]input0 [id=5]-1) [id=6]1) [id=7]l(a,b).(%!= a b) [id=8]2))",' ]
check "export neo: the tree of MAP (*(-1)), MAP (**2), COUNT (%2==1)"
[ "$(sed -n 3p "$tmp/neo1/prog10.json")" = '  "program": "(root [id=1](ACCESS [id=2](ZIPWITH-MIN [id=3](SCANL1-MINUS [id=4]input0) [id=5](MAP-PLUS [id=6]input1 [id=7]1)) [id=8](HEAD [id=9](DROP [id=10]input0 [id=11]input2))))",' ]
check "export neo: TAKE/DROP/ACCESS as (list, n)"
"$lips" export --to neo "$tmp/n1.jsonl" -o "$tmp/one.json" 2>"$tmp/err"
[ $? = 2 ] && [ "$(cat "$tmp/err")" = "$tmp/one.json: a .json file takes a dataset of one problem, this one has 6; give a directory" ]
check "export neo: a .json file takes one problem"
sed -n 2p "$tmp/n1.jsonl" >"$tmp/p2.json" && "$lips" export --to neo "$tmp/p2.json" -o "$tmp/p2neo.json" &&
    cmp -s "$tmp/p2neo.json" "$tmp/neo1/prog2.json"
check "export neo: one problem file to one .json file"

# every imported solution is right on its examples
n=0
while IFS= read -r line; do
    n=$((n + 1))
    prog=$(printf '%s' "$line" | sed -n 's/.*"program":"\([^"]*\)".*/\1/p')
    [ -z "$prog" ] && continue
    printf '%s\n' "$line" >"$tmp/p.json"
    [ "$("$lips" check "$tmp/p.json" -e "$prog")" = ok ]
    check "import neo: problem $n's solution fits its examples"
done <"$tmp/n1.jsonl"

# -- the DeepCoder utilities: the dataset, the orderings, the round trip
"$lips" import --from deepcoder-utils $dcu -o "$tmp/d1.jsonl" --orders "$tmp/o1" 2>/dev/null &&
    cmp -s "$tmp/d1.jsonl" tests/formats/dcu.jsonl
check "import deepcoder-utils: the dataset"
"$lips" import --from deepcoder-utils $dcu 2>"$tmp/err" >/dev/null
printf '%s\n' "lips import: $dcu/prior.txt (and predictions/) not read: --orders DIR writes them as lips ordering files" \
    "lips import: 3 problems, 0 with a solution, 0 left without one (not expressible), 0 skipped" >"$tmp/want"
cmp -s "$tmp/err" "$tmp/want"
check "import deepcoder-utils: without --orders, a note that the orderings are not read"
[ "$(ls "$tmp/o1" | tr '\n' ' ')" = "0.json 2.json prior.json " ] &&
    [ "$(sed -n '2p;6p;17p;35p' "$tmp/o1/prior.json" | tr -d '\n')" = '  "HEAD": 1,  "SUM": 1,  "(+1)": 0.25,  "MAX": 0.5' ] &&
    [ "$(sed -n '2p;8p;31p' "$tmp/o1/0.json" | tr -d '\n')" = '  "HEAD": 0.9,  "SORT": 0.333333,  "(+)": 0,' ]
check "import deepcoder-utils: the orderings"
"$lips" export --to deepcoder-utils "$tmp/d1.jsonl" -o "$tmp/dcu1" --orders "$tmp/o1" &&
    "$lips" import --from deepcoder-utils "$tmp/dcu1" -o "$tmp/d2.jsonl" --orders "$tmp/o2" 2>/dev/null &&
    cmp -s "$tmp/d1.jsonl" "$tmp/d2.jsonl" && diff -r "$tmp/o1" "$tmp/o2" >/dev/null
check "deepcoder-utils round trip: datasets and orderings byte-identical"
for f in input_types input_values output_types output_values; do
    cmp -s $dcu/$f.txt "$tmp/dcu1/$f.txt"
    check "export deepcoder-utils: $f.txt as the fixture's"
done
[ "$(head -3 "$tmp/dcu1/prior.txt" | tr '\n' ' ')" = "0.5 ZIPWITH 0.25 * 0.0001 MAP " ] &&
    [ "$(tail -2 "$tmp/dcu1/prior.txt" | tr '\n' '|')" = "1 DROP||" ]
check "export deepcoder-utils: prior.txt in the utilities' order, a blank line last"
"$lips" export --to deepcoder-utils "$tmp/d1.jsonl" -o "$tmp/dcu2" &&
    [ "$(grep -c '^1 [^ ]*$' "$tmp/dcu2/prior.txt")" = 34 ] && [ "$(wc -l <"$tmp/dcu2/prior.txt")" = 35 ] &&
    [ ! -e "$tmp/dcu2/predictions" ]
check "export deepcoder-utils: without programs or orderings, a prior of 1"
"$lips" export --to deepcoder-utils "$tmp/d1.jsonl" -o "$tmp/dcu3" --order "$tmp/o1/0.json" &&
    cmp -s "$tmp/dcu3/prior.txt" "$tmp/dcu1/predictions/0.txt"
check "export deepcoder-utils: --order"
"$lips" export --to deepcoder-utils "$tmp/d1.jsonl" -o "$tmp/dcu4" --model models/deepcoder-t3.lips &&
    [ "$(ls "$tmp/dcu4/predictions" | tr '\n' ' ')" = "0.txt 1.txt 2.txt " ] &&
    "$lips" predict "$tmp/p2.json" --json >/dev/null &&
    "$lips" import --from deepcoder-utils "$tmp/dcu4" --orders "$tmp/o4" >/dev/null 2>&1 &&
    [ "$(ls "$tmp/o4" | wc -l)" = 4 ]
check "export deepcoder-utils: --model writes a prediction per problem"
"$lips" export --to deepcoder-utils "$tmp/n1.jsonl" -o "$tmp/dcu5" 2>"$tmp/err"
[ $? = 2 ] && [ "$(cat "$tmp/err")" = "lips: problem 4 has 2 examples, problem 1 has 3: the DeepCoder utilities' format needs the same number for every problem" ]
check "export deepcoder-utils: problems with different numbers of examples"

# a problem lips cannot hold is skipped, the others imported; orderings keep
# the problems' own indices
mkdir -p "$tmp/dskip/predictions"
printf 'Int\nArray Int\nArray\n' >"$tmp/dskip/input_types.txt"
printf 'Int\nArray\nArray\n' >"$tmp/dskip/output_types.txt"
printf '1\n2\n3 272 | 1\n4 | 0\n5 -6\n7\n' >"$tmp/dskip/input_values.txt"
printf '2\n3\n272\n4\n-6\n7\n' >"$tmp/dskip/output_values.txt"
cp "$tmp/dcu1/prior.txt" "$tmp/dskip/prior.txt"
cp "$tmp/dcu1/predictions/0.txt" "$tmp/dskip/predictions/2.txt"
"$lips" import --from deepcoder-utils "$tmp/dskip" -o "$tmp/dskip.jsonl" --orders "$tmp/oskip" 2>"$tmp/err" &&
    [ "$(sed 's/.*"name":"\([0-9]*\)".*/\1/' "$tmp/dskip.jsonl" | tr '\n' ' ')" = "0 2 " ] &&
    [ "$(ls "$tmp/oskip" | tr '\n' ' ')" = "2.json prior.json " ]
check "import deepcoder-utils: skipped problems are no error"
printf '%s\n' "$tmp/dskip/input_values.txt:3:3: integer 272 is outside [-256, 255]; the problem is skipped" \
    "lips import: 2 problems, 0 with a solution, 0 left without one (not expressible), 1 skipped" >"$tmp/want"
cmp -s "$tmp/err" "$tmp/want"
check "import deepcoder-utils: the skipped problem reported"

# -- datasets of lips gen through both formats and back: every program is
# still right on its examples, and a second pass changes nothing
"$lips" gen --length 3 --count 60 --seed 7 --out "$tmp/g.jsonl" 2>/dev/null
check "gen"
"$lips" export --to neo "$tmp/g.jsonl" -o "$tmp/gneo" && "$lips" import --from neo "$tmp/gneo" -o "$tmp/g1.jsonl" 2>/dev/null &&
    "$lips" export --to neo "$tmp/g1.jsonl" -o "$tmp/gneo2" && "$lips" import --from neo "$tmp/gneo2" -o "$tmp/g2.jsonl" 2>/dev/null &&
    cmp -s "$tmp/g1.jsonl" "$tmp/g2.jsonl" && [ "$(grep -c '"program"' "$tmp/g1.jsonl")" = 60 ]
check "gen -> neo -> lips -> neo -> lips: every program kept, the second pass identical"
bad=0
while IFS= read -r line; do
    prog=$(printf '%s' "$line" | sed -n 's/.*"program":"\([^"]*\)".*/\1/p')
    printf '%s\n' "$line" >"$tmp/p.json"
    [ "$("$lips" check "$tmp/p.json" -e "$prog")" = ok ] || bad=$((bad + 1))
done <"$tmp/g1.jsonl"
[ "$bad" = 0 ]
check "gen -> neo -> lips: all 60 programs right on their examples"
"$lips" export --to deepcoder-utils "$tmp/g.jsonl" -o "$tmp/gd" && "$lips" import --from deepcoder-utils "$tmp/gd" -o "$tmp/gd1.jsonl" 2>/dev/null &&
    "$lips" export --to deepcoder-utils "$tmp/gd1.jsonl" -o "$tmp/gd2" && cmp -s "$tmp/gd/input_values.txt" "$tmp/gd2/input_values.txt" &&
    cmp -s "$tmp/gd/output_values.txt" "$tmp/gd2/output_values.txt" && cmp -s "$tmp/gd/input_types.txt" "$tmp/gd2/input_types.txt" &&
    [ "$(wc -l <"$tmp/gd/input_values.txt")" = 300 ]
check "gen -> deepcoder-utils -> lips -> deepcoder-utils: the same example files"
"$lips" gen --stats "$tmp/g.jsonl" >"$tmp/stats.json"
check "gen --stats"
[ "$(sed -n 's/^\([^ ]*\) MAP$/\1/p' "$tmp/gd/prior.txt")" = "$(printf '%.6g' "$(sed -n 's/.*"MAP": *\([0-9.e-]*\).*/\1/p' "$tmp/stats.json" | head -1)")" ]
check "export deepcoder-utils: the prior is the dataset's attribute frequencies, as gen --stats gives them"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -ge 30 ]
