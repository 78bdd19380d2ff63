#!/usr/bin/env bash
# The bad-input suite: malformed files, wrong types, out-of-range values,
# oversized lists, unknown options across every command. Each must exit 2
# with exactly the one-line message given (file:line:col where there is one).
#   run_bad_inputs.sh LIPS_BINARY SOURCE_DIR
set -u
lips=$1
cd "$2" || exit 1
pass=0 fail=0
bad() {
    local want=$1
    shift
    local err code
    err=$("$lips" "$@" 2>&1 >/dev/null)
    code=$?
    if [ "$code" = 2 ] && [ "$err" = "$want" ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        printf 'FAIL lips %s\n  exit %s, stderr: %s\n  want exit 2, stderr: %s\n' "$*" "$code" "$err" "$want"
    fi
}

bad 'tests/bad/unknown_function.txt:2:6: unknown function '"'"'SROT'"'"'' run tests/bad/unknown_function.txt --inputs '[[1]]'
bad 'tests/bad/unknown_lambda.txt:2:10: unknown lambda '"'"'(+7)'"'"'' run tests/bad/unknown_lambda.txt --inputs '[[1]]'
bad 'tests/bad/type_error.txt:1:35: argument '"'"'a'"'"' of TAKE has type [int], expected int' run tests/bad/type_error.txt --inputs '[[1],2]'
bad 'tests/bad/undefined_variable.txt:2:11: undefined variable '"'"'q'"'"'' run tests/bad/undefined_variable.txt --inputs '[[1]]'
bad 'tests/bad/four_inputs.txt:4:1: a program has at most 3 inputs' run tests/bad/four_inputs.txt --inputs '[[1]]'
bad 'tests/bad/empty.txt:1: empty program' run tests/bad/empty.txt --inputs '[[1]]'
bad 'tests/bad/hole_in_program.txt:2:6: holes '"'"'??'"'"' are allowed only in sketches' run tests/bad/hole_in_program.txt --inputs '[[1]]'
bad 'tests/bad/missing_file.txt: cannot open the file' run tests/bad/missing_file.txt --inputs '[[1]]'
bad '--inputs:1:1: the program takes 1 input, got 2' run -e 'a <- [int] | b <- SORT a' --inputs '[[1], 2]'
bad '--inputs:1:6: integer 300 is outside [-256, 255]' run -e 'a <- [int] | b <- SORT a' --inputs '[[1, 300]]'
bad '--inputs:1:2: input a must be [int], got int' run -e 'a <- [int] | b <- SORT a' --inputs '[1]'
bad '--inputs:1:5: expected '"'"','"'"' or '"'"']'"'"'' run -e 'a <- [int] | b <- SORT a' --inputs '[[1]'
bad '--inputs:1:1: --inputs must be a JSON list of the program'"'"'s inputs' run -e 'a <- [int] | b <- SORT a' --inputs '{"a": 1}'
bad 'lips run: option '"'"'--frobnicate'"'"' is unknown or lacks its value (see '"'"'lips run --help'"'"')' run -e 'a <- [int] | b <- SORT a' --frobnicate
bad 'tests/bad: is a directory' run tests/bad
bad 'tests/bad/int_out_of_range.lips:4:5: integer 999 is outside [-256, 255]' check tests/bad/int_out_of_range.lips -e 'a <- [int] | b <- SUM a'
bad 'tests/bad/list_too_long.lips:3:52: list starting at column 1 is longer than 20 elements' check tests/bad/list_too_long.lips -e 'a <- [int] | b <- SUM a'
bad 'tests/bad/wrong_input_type.lips:4:1: input a must be [int], got int' check tests/bad/wrong_input_type.lips -e 'a <- [int] | b <- SUM a'
bad 'tests/bad/wrong_output_type.lips:4:8: the output must be int, got [int]' check tests/bad/wrong_output_type.lips -e 'a <- [int] | b <- SUM a'
bad 'tests/bad/no_separator.lips:1: no '"'"'---'"'"' line between the sketch and the examples' check tests/bad/no_separator.lips -e 'a <- [int] | b <- SUM a'
bad 'tests/bad/no_examples.lips: the problem has no examples' check tests/bad/no_examples.lips -e 'a <- [int] | b <- SUM a'
bad 'tests/bad/unclosed_list.lips:3:7: expected '"'"','"'"' or '"'"']'"'"' in list' check tests/bad/unclosed_list.lips -e 'a <- [int] | b <- SUM a'
bad 'tests/bad/sketch_output_mismatch.lips:3:11: the output must be [int], got int' check tests/bad/sketch_output_mismatch.lips -e 'a <- [int] | b <- SUM a'
bad 'tests/bad/nul_byte.lips: binary data (a NUL byte) in a text file' check tests/bad/nul_byte.lips -e 'a <- [int] | b <- SUM a'
bad '<program>:1:33: REVERSE takes 1 argument, got 0' check examples/seed_sort_desc.lips -e 'a <- [int] | b <- SORT a | c <- REVERSE'
bad 'lips check: give the program with --program or -e (see '"'"'lips check --help'"'"')' check examples/seed_sort_desc.lips
bad 'tests/bad/truncated.json:2:1: malformed JSON' fmt tests/bad/truncated.json
bad 'tests/bad/float_value.json:1: example 1, input a: 1.5 is not an integer' fmt tests/bad/float_value.json
bad 'tests/bad/bad_sketch.json:1:19: unknown function '"'"'FOO'"'"' (in "sketch")' fmt tests/bad/bad_sketch.json
bad 'tests/bad/no_sketch.json:1: a problem needs a "sketch" or a "program"' fmt tests/bad/no_sketch.json
bad 'tests/bad/unknown_lambda.txt:2:10: unknown lambda '"'"'(+7)'"'"'' fmt tests/bad/unknown_lambda.txt
bad 'tests/bad/empty.txt:1: empty program' fmt tests/bad/empty.txt
bad 'tests/bad/truncated.json:2:1: malformed JSON' solve tests/bad/truncated.json
bad 'lips solve: unknown solver '"'"'magic'"'"' (dfs, saa, enum or z3) (see '"'"'lips solve --help'"'"')' solve examples/seed_sort_desc.lips --solver magic
bad 'lips solve: --timeout takes a number in [0, 1e+06], not '"'"'-1'"'"' (see '"'"'lips solve --help'"'"')' solve examples/seed_sort_desc.lips --timeout -1
bad 'lips solve: --max-len takes a number in [1, 8], not '"'"'99'"'"' (see '"'"'lips solve --help'"'"')' solve examples/seed_sort_desc.lips --max-len 99
bad 'tests/bad/order_incomplete.json: attribute "LAST" needs a probability in [0, 1]' solve examples/seed_sort_desc.lips --order tests/bad/order_incomplete.json
bad 'tests/bad/missing.json: cannot open the file' solve examples/seed_sort_desc.lips --order tests/bad/missing.json
bad 'lips solve: --threads takes a number in [1, 2], not '"'"'3'"'"' (see '"'"'lips solve --help'"'"')' solve examples/seed_sort_desc.lips --threads 3
bad 'lips solve: expected a PROBLEM file (see '"'"'lips solve --help'"'"')' solve
bad 'lips gen: --length must be an integer in 1..8, got '"'"'0'"'"' (see '"'"'lips gen --help'"'"')' gen --length 0 --count 5 --out /tmp/lips-bad.jsonl
bad 'lips gen: give exactly one of --count N and --all (see '"'"'lips gen --help'"'"')' gen --length 3 --out /tmp/lips-bad.jsonl
bad 'tests/bad/dataset_bad_line.jsonl:2: example 1 has 2 inputs, the sketch declares 1' gen --stats tests/bad/dataset_bad_line.jsonl
bad 'tests/bad/missing.jsonl: cannot open the file' gen --length 3 --count 5 --out /tmp/lips-bad.jsonl --disjoint-from tests/bad/missing.jsonl
bad 'lips gen: --examples must be an integer in 2..20, got '"'"'50'"'"' (see '"'"'lips gen --help'"'"')' gen --length 3 --count 5 --examples 50 --out /tmp/lips-bad.jsonl
bad 'lips: unknown command '"'"'frobnicate'"'"' (see '"'"'lips --help'"'"')' frobnicate

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -ge 40 ]
