#!/usr/bin/env bash
# The bad-input suite: malformed files, wrong types, out-of-range values,
# oversized lists and files, corrupt models, unknown options across every
# command. Each must exit 2 with exactly the one-line message given
# (file:line:col where there is one). docs/reliability.md lists them.
#   run_bad_inputs.sh LIPS_BINARY SOURCE_DIR
set -u
lips=$1
cd "$2" || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
stdin=/dev/null # what the next bad() reads on standard input
bad() {
    local want=$1
    shift
    local err code
    err=$("$lips" "$@" 2>&1 >/dev/null <"$stdin")
    code=$?
    if [ "$code" = 2 ] && [ "$err" = "$want" ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        printf 'FAIL lips %s\n  exit %s, stderr: %s\n  want exit 2, stderr: %s\n' "$*" "$code" "$err" "$want"
    fi
    stdin=/dev/null
}

bad 'tests/bad/unknown_function.txt:2:6: unknown function '"'"'SROT'"'"'' run tests/bad/unknown_function.txt --inputs '[[1]]'
bad 'tests/bad/unknown_lambda.txt:2:10: unknown lambda '"'"'(+7)'"'"'' run tests/bad/unknown_lambda.txt --inputs '[[1]]'
bad 'tests/bad/type_error.txt:1:35: argument '"'"'a'"'"' of TAKE has type [int], expected int' run tests/bad/type_error.txt --inputs '[[1],2]'
bad 'tests/bad/undefined_variable.txt:2:11: undefined variable '"'"'q'"'"'' run tests/bad/undefined_variable.txt --inputs '[[1]]'
bad 'tests/bad/four_inputs.txt:4:1: a program has at most 3 inputs' run tests/bad/four_inputs.txt --inputs '[[1]]'
bad 'tests/bad/empty.txt:1:1: empty program' run tests/bad/empty.txt --inputs '[[1]]'
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
bad 'tests/bad/no_examples.lips:2:1: the problem has no examples' check tests/bad/no_examples.lips -e 'a <- [int] | b <- SUM a'
bad 'tests/bad/empty.txt:1:1: empty file' check tests/bad/empty.txt -e 'a <- [int] | b <- SUM a'
bad 'tests/bad/empty.txt:1:1: empty file' predict tests/bad/empty.txt
bad 'tests/bad/unclosed_list.lips:3:7: expected '"'"','"'"' or '"'"']'"'"' in list' check tests/bad/unclosed_list.lips -e 'a <- [int] | b <- SUM a'
bad 'tests/bad/sketch_output_mismatch.lips:3:11: the output must be [int], got int' check tests/bad/sketch_output_mismatch.lips -e 'a <- [int] | b <- SUM a'
bad 'tests/bad/nul_byte.lips: binary data (a NUL byte) in a text file' check tests/bad/nul_byte.lips -e 'a <- [int] | b <- SUM a'
bad '<program>:1:33: REVERSE takes 1 argument, got 0' check examples/seed_sort_desc.lips -e 'a <- [int] | b <- SORT a | c <- REVERSE'
bad 'lips check: give the program with --program or -e (see '"'"'lips check --help'"'"')' check examples/seed_sort_desc.lips
bad 'tests/bad/truncated.json:2:1: malformed JSON' fmt tests/bad/truncated.json
bad 'tests/bad/float_value.json:1:52: example 1, input a: 1.5 is not an integer' fmt tests/bad/float_value.json
bad 'tests/bad/bad_sketch.json:1:19: unknown function '"'"'FOO'"'"' (in "sketch")' fmt tests/bad/bad_sketch.json
bad 'tests/bad/no_sketch.json:1: a problem needs a "sketch" or a "program"' fmt tests/bad/no_sketch.json
bad 'tests/bad/unknown_lambda.txt:2:10: unknown lambda '"'"'(+7)'"'"'' fmt tests/bad/unknown_lambda.txt
bad 'tests/bad/empty.txt:1:1: empty program' fmt tests/bad/empty.txt
bad 'tests/bad/truncated.json:2:1: malformed JSON' solve tests/bad/truncated.json
bad 'lips solve: unknown solver '"'"'magic'"'"' (dfs, saa, enum or z3) (see '"'"'lips solve --help'"'"')' solve examples/seed_sort_desc.lips --solver magic
bad 'lips solve: --timeout takes a number in [0, 1e+06], not '"'"'-1'"'"' (see '"'"'lips solve --help'"'"')' solve examples/seed_sort_desc.lips --timeout -1
bad 'lips solve: --max-len takes an integer in [1, 8], not '"'"'99'"'"' (see '"'"'lips solve --help'"'"')' solve examples/seed_sort_desc.lips --max-len 99
bad 'tests/bad/order_incomplete.json: attribute "LAST" needs a probability in [0, 1]' solve examples/seed_sort_desc.lips --order tests/bad/order_incomplete.json
bad 'tests/bad/missing.json: cannot open the file' solve examples/seed_sort_desc.lips --order tests/bad/missing.json
bad 'tests/bad/order_repeated_key.json:1:30: repeated key "HEAD"' solve examples/seed_sort_desc.lips --order tests/bad/order_repeated_key.json
bad 'tests/bad/order_leading_zero.json:1:10: number with a leading zero' solve examples/seed_sort_desc.lips --order tests/bad/order_leading_zero.json
bad 'lips solve: --threads takes an integer in [1, 2], not '"'"'3'"'"' (see '"'"'lips solve --help'"'"')' solve examples/seed_sort_desc.lips --threads 3
bad 'lips solve: expected a PROBLEM file (see '"'"'lips solve --help'"'"')' solve
bad 'tests/bad/missing.lips: cannot open the file' solve examples/seed_sort_desc.lips --check-on tests/bad/missing.lips
bad 'tests/bad/truncated.json:2:1: malformed JSON' solve examples/seed_sort_desc.lips --check-on tests/bad/truncated.json
bad 'tests/bad/check_on_type.lips:4:1: example 1, input a must be [int] as in examples/seed_sort_desc.lips, got int' solve examples/seed_sort_desc.lips --check-on tests/bad/check_on_type.lips
bad 'tests/bad/check_on_arity.json:1:61: example 1 has 2 inputs, examples/seed_sort_desc.lips has 1' solve examples/seed_sort_desc.lips --check-on tests/bad/check_on_arity.json
bad 'tests/bad/check_on_output.lips:3:11: example 1, the output must be [int] as in examples/seed_sort_desc.lips, got int' solve examples/seed_sort_desc.lips --check-on tests/bad/check_on_output.lips
bad 'lips gen: --length takes an integer in [1, 8], not '"'"'0'"'"' (see '"'"'lips gen --help'"'"')' gen --length 0 --count 5 --out /tmp/lips-bad.jsonl
bad 'lips gen: give exactly one of --count N and --all (see '"'"'lips gen --help'"'"')' gen --length 3 --out /tmp/lips-bad.jsonl
bad 'tests/bad/dataset_bad_line.jsonl:2:50: example 1 has 2 inputs, the sketch declares 1' gen --stats tests/bad/dataset_bad_line.jsonl
bad 'tests/bad/missing.jsonl: cannot open the file' gen --length 3 --count 5 --out /tmp/lips-bad.jsonl --disjoint-from tests/bad/missing.jsonl
bad 'lips gen: --examples takes N or A-B with 1 <= A <= B <= 20, not '"'"'50'"'"' (see '"'"'lips gen --help'"'"')' gen --length 3 --count 5 --examples 50 --out /tmp/lips-bad.jsonl
bad 'lips gen: --examples takes N or A-B with 1 <= A <= B <= 20, not '"'"'5-2'"'"' (see '"'"'lips gen --help'"'"')' gen --length 3 --count 5 --examples 5-2 --out /tmp/lips-bad.jsonl
bad 'lips gen: --max-list-len takes N or A-B with 1 <= A <= B <= 20, not '"'"'0-5'"'"' (see '"'"'lips gen --help'"'"')' gen --length 3 --count 5 --max-list-len 0-5 --out /tmp/lips-bad.jsonl
bad 'lips gen: --value-scale takes N or A-B with 1 <= A <= B <= 256, not '"'"'3-'"'"' (see '"'"'lips gen --help'"'"')' gen --length 3 --count 5 --value-scale 3- --out /tmp/lips-bad.jsonl
bad 'lips gen: --value-scale takes N or A-B with 1 <= A <= B <= 256, not '"'"'-3'"'"' (see '"'"'lips gen --help'"'"')' gen --length 3 --count 5 --value-scale -3 --out /tmp/lips-bad.jsonl
bad 'lips gen: --shaped takes a number in [0, 1], not '"'"'1.5'"'"' (see '"'"'lips gen --help'"'"')' gen --length 3 --count 5 --mixed --shaped 1.5 --out /tmp/lips-bad.jsonl
bad 'lips gen: --examples plus --holdout-examples must be at most 20, got 10 + 11 (see '"'"'lips gen --help'"'"')' gen --length 3 --count 5 --examples 10 --holdout-examples 11 --out /tmp/lips-bad.jsonl
bad 'lips: unknown command '"'"'frobnicate'"'"' (see '"'"'lips --help'"'"')' frobnicate

# run: more of --inputs and example lines on standard input
bad '--inputs:1:54: list starting at column 2 is longer than 20 elements' run -e 'a <- [int] | b <- SORT a' --inputs "[[$(seq -s, 1 21)]]"
bad '--inputs:1:7: unexpected text' run -e 'a <- [int] | b <- SORT a' --inputs '[[1]] x'
printf '[1, 2] -> [2, 1]\n[1, x]\n' >"$tmp/lines.txt"
stdin=$tmp/lines.txt
bad '<stdin>:2:5: expected an integer' run -e 'a <- [int] | b <- SORT a'
head -c 9000 /dev/zero | tr '\0' ' ' >"$tmp/long.txt"
stdin=$tmp/long.txt
bad '<stdin>:1: line longer than 8190 bytes' run -e 'a <- [int] | b <- SORT a'
bad 'lips run: no inputs: give --inputs or example lines on standard input (see '"'"'lips run --help'"'"')' run -e 'a <- [int] | b <- SORT a'
bad 'tests/bad/missing.txt: cannot open the file' check examples/seed_sort_desc.lips --program tests/bad/missing.txt
bad 'lips fmt: expected one FILE (see '"'"'lips fmt --help'"'"')' fmt

# files over the documented bounds are refused from their size, not read
truncate -s 17M "$tmp/huge.lips"
bad "$tmp/huge.lips: file of 17825792 bytes is larger than the 16777216-byte limit" solve "$tmp/huge.lips"
bad "$tmp/huge.lips: file of 17825792 bytes is larger than the 16777216-byte limit" check "$tmp/huge.lips" -e 'a <- [int] | b <- SUM a'
bad "$tmp/huge.lips: file is larger than the 16777216-byte limit" fmt "$tmp/huge.lips"
bad "$tmp/huge.lips: file is larger than the 16777216-byte limit" run "$tmp/huge.lips"
truncate -s 65M "$tmp/huge-model.lips"
bad "$tmp/huge-model.lips: model file is larger than the 67108864-byte limit" predict examples/seed_sort_desc.lips --model "$tmp/huge-model.lips"
{ head -c 1100000 /dev/zero | tr '\0' ' '; echo; } >"$tmp/long-line.jsonl"
bad "$tmp/long-line.jsonl:1: line longer than the 1048576-byte limit" train --data "$tmp/long-line.jsonl" --out "$tmp/m.lips"
bad "$tmp/long-line.jsonl:1: line longer than the 1048576-byte limit" gen --stats "$tmp/long-line.jsonl"

# solve: the memory bound and models
bad 'lips solve: --max-memory takes an integer in [1, 4095], not '"'"'0'"'"' (see '"'"'lips solve --help'"'"')' solve examples/seed_sort_desc.lips --max-memory 0
bad 'lips solve: --max-memory takes an integer in [1, 4095], not '"'"'5000'"'"' (see '"'"'lips solve --help'"'"')' solve examples/seed_sort_desc.lips --max-memory 5000
bad 'tests/bad/model_truncated.lips: model file is corrupted (checksum mismatch)' solve examples/seed_sort_desc.lips --model tests/bad/model_truncated.lips

# predict: every way a model file can be wrong
bad 'tests/bad/model_truncated.lips: model file is corrupted (checksum mismatch)' predict examples/seed_sort_desc.lips --model tests/bad/model_truncated.lips
bad 'tests/bad/model_corrupt.lips: model file is corrupted (checksum mismatch)' predict examples/seed_sort_desc.lips --model tests/bad/model_corrupt.lips
bad 'tests/bad/model_mismatch.lips: model file size does not match its dimensions (truncated or mismatched)' predict examples/seed_sort_desc.lips --model tests/bad/model_mismatch.lips
bad 'tests/bad/model_bad_dims.lips: model dimensions are out of range' predict examples/seed_sort_desc.lips --model tests/bad/model_bad_dims.lips
bad 'tests/bad/model_version.lips: model version 9, this lips reads versions 1 to 2' predict examples/seed_sort_desc.lips --model tests/bad/model_version.lips
bad 'tests/bad/model_nan.lips: model parameter 0 is not finite' predict examples/seed_sort_desc.lips --model tests/bad/model_nan.lips
bad 'tests/bad/model_short.lips: not a lips model: 10 bytes is too short' predict examples/seed_sort_desc.lips --model tests/bad/model_short.lips
bad 'tests/bad/model_text.lips: not a lips model (bad magic)' predict examples/seed_sort_desc.lips --model tests/bad/model_text.lips
bad 'tests/bad: cannot open the model file' predict examples/seed_sort_desc.lips --model tests/bad
bad 'tests/bad/missing.lips: cannot open the model file' predict examples/seed_sort_desc.lips --model tests/bad/missing.lips
bad 'tests/bad/truncated.json:2:1: malformed JSON' predict tests/bad/truncated.json
bad 'lips predict: expected one PROBLEM (see '"'"'lips predict --help'"'"')' predict
bad 'lips predict: option '"'"'-x'"'"' is unknown or lacks its value (see '"'"'lips predict --help'"'"')' predict examples/seed_sort_desc.lips -x

# train: datasets, options, the output
gen_ok=tests/fuzz/corpus/fuzz_dataset/gen-t2.jsonl
bad 'tests/bad/dataset_no_program.jsonl: problem 1 has no "program" (the training set needs lips gen output)' train --data tests/bad/dataset_no_program.jsonl --out "$tmp/m.lips"
bad 'tests/bad/dataset_empty.jsonl: the training set is empty' train --data tests/bad/dataset_empty.jsonl --out "$tmp/m.lips"
bad 'tests/bad/dataset_malformed.jsonl:3:1: malformed JSON' train --data tests/bad/dataset_malformed.jsonl --out "$tmp/m.lips"
bad 'tests/bad/dataset_bad_line.jsonl:2:50: example 1 has 2 inputs, the sketch declares 1' train --data "$gen_ok" --valid tests/bad/dataset_bad_line.jsonl --out "$tmp/m.lips"
bad 'tests/bad/missing.jsonl: cannot open the file' train --data tests/bad/missing.jsonl --out "$tmp/m.lips"
bad 'lips train: give --data and --out (see '"'"'lips train --help'"'"')' train --data "$gen_ok"
bad 'lips train: --epochs takes an integer in [1, 10000], not '"'"'0'"'"' (see '"'"'lips train --help'"'"')' train --data "$gen_ok" --out "$tmp/m.lips" --epochs 0
bad 'lips train: option '"'"'--frobnicate'"'"' is unknown or lacks its value (see '"'"'lips train --help'"'"')' train --data "$gen_ok" --out "$tmp/m.lips" --frobnicate
bad 'lips train: unexpected argument '"'"'extra'"'"' (see '"'"'lips train --help'"'"')' train --data "$gen_ok" --out "$tmp/m.lips" extra
bad "$tmp/no-dir/m.lips: cannot write the model file" train --data "$gen_ok" --out "$tmp/no-dir/m.lips" --epochs 1 --hidden 8

# eval
bad 'tests/bad/dataset_no_program.jsonl: problem 1 has no "program" (the test set needs lips gen output)' eval --data tests/bad/dataset_no_program.jsonl
bad 'tests/bad/dataset_empty.jsonl: the test set is empty' eval --data tests/bad/dataset_empty.jsonl
bad 'tests/bad/dataset_malformed.jsonl:3:1: malformed JSON' eval --data tests/bad/dataset_malformed.jsonl
bad 'tests/bad/model_corrupt.lips: model file is corrupted (checksum mismatch)' eval --data "$gen_ok" --model tests/bad/model_corrupt.lips
bad 'tests/bad/truncated.json:2:1: malformed JSON' eval --data "$gen_ok" --prior tests/bad/truncated.json
bad 'lips eval: give --data (see '"'"'lips eval --help'"'"')' eval
bad 'lips eval: option '"'"'--frobnicate'"'"' is unknown or lacks its value (see '"'"'lips eval --help'"'"')' eval --data "$gen_ok" --frobnicate

# gen: more datasets and outputs
bad 'tests/bad/dataset_malformed.jsonl:3:1: malformed JSON' gen --stats tests/bad/dataset_malformed.jsonl
bad 'tests/bad/dataset_malformed.jsonl:3:1: malformed JSON' gen --length 2 --count 3 --out "$tmp/g.jsonl" --disjoint-from tests/bad/dataset_malformed.jsonl
bad "$tmp/no-dir/g.jsonl: cannot write the file" gen --length 2 --count 3 --out "$tmp/no-dir/g.jsonl"

# a directory or an empty file where a dataset or an ordering belongs
bad "$tmp: is a directory, not a dataset" gen --stats "$tmp"
bad '/dev/null: the dataset has no problems' gen --stats /dev/null
bad 'tests/bad/dataset_empty.jsonl: the dataset has no problems' gen --stats tests/bad/dataset_empty.jsonl
bad "$tmp: is a directory, not a dataset" gen --length 2 --count 3 --out "$tmp/g.jsonl" --disjoint-from "$tmp"
bad 'tests/bad/dataset_empty.jsonl: the training set has no problems' gen --length 2 --count 3 --out "$tmp/g.jsonl" --disjoint-from tests/bad/dataset_empty.jsonl
bad "$tmp: is a directory, not a dataset" bench --data "$tmp" --solvers enum --out "$tmp/b"
bad 'tests/bad/dataset_empty.jsonl: the dataset has no problems' bench --data tests/bad/dataset_empty.jsonl --solvers enum --out "$tmp/b"
[ -e "$tmp/b" ] && { fail=$((fail + 1)); echo "FAIL a refused bench created its --out"; } || pass=$((pass + 1))
bad "$tmp: is a directory, not an ordering file" solve --order "$tmp" examples/seed_sort_desc.lips

# leading zeros, repeated options, devices without an end
bad '--inputs:1:3: integer with a leading zero' run -e 'a <- [int] | b <- SORT a' --inputs '[[007]]'
printf 'a <- [int]\n---\n[007] -> [7]\n' >"$tmp/zero.lips"
bad "$tmp/zero.lips:3:2: integer with a leading zero" solve "$tmp/zero.lips"
bad 'lips run: --inputs is given twice (see '"'"'lips run --help'"'"')' run -e 'a <- [int] | b <- SORT a' --inputs '[[1]]' --inputs '[[2]]'
bad '/dev/zero: the file is larger than the 16777216-byte limit' solve /dev/zero

# option numbers: integers take no fraction, exponent, blank or trailing
# text; seeds are exact 64-bit integers; reals are decimal and finite
p=examples/seed_sort_desc.lips
bad "lips solve: --max-len takes an integer in [1, 8], not '2.5' (see 'lips solve --help')" solve $p --max-len 2.5
bad "lips solve: --max-len takes an integer in [1, 8], not '3x' (see 'lips solve --help')" solve $p --max-len 3x
bad "lips solve: --max-len takes an integer in [1, 8], not '' (see 'lips solve --help')" solve $p --max-len ''
bad "lips solve: --max-len takes an integer in [1, 8], not ' 3' (see 'lips solve --help')" solve $p --max-len ' 3'
bad "lips solve: --max-memory takes an integer in [1, 4095], not '1.5' (see 'lips solve --help')" solve $p --max-memory 1.5
bad "lips solve: --timeout takes a number in [0, 1e+06], not '1e-400' (see 'lips solve --help')" solve $p --timeout 1e-400
bad "lips train: --seed takes an integer in [0, 18446744073709551615], not '1.5' (see 'lips train --help')" train --data "$gen_ok" --out "$tmp/m.lips" --seed 1.5
bad "lips train: --seed takes an integer in [0, 18446744073709551615], not '-1' (see 'lips train --help')" train --data "$gen_ok" --out "$tmp/m.lips" --seed -1
bad "lips train: --seed takes an integer in [0, 18446744073709551615], not '18446744073709551616' (see 'lips train --help')" train --data "$gen_ok" --out "$tmp/m.lips" --seed 18446744073709551616
bad "lips train: --lr takes a number in [1e-07, 1], not '0x1p-3' (see 'lips train --help')" train --data "$gen_ok" --out "$tmp/m.lips" --lr 0x1p-3
bad "lips gen: --seed takes an integer in [0, 18446744073709551615], not '-0' (see 'lips gen --help')" gen --length 2 --count 3 --seed -0 --out "$tmp/g.jsonl"
bad "lips gen: --count takes an integer in [1, 1000000000], not '1e3' (see 'lips gen --help')" gen --length 2 --count 1e3 --out "$tmp/g.jsonl"
bad "lips bench: --timeout takes a number in [0.001, 1e+06], not 'nan' (see 'lips bench --help')" bench --data "$gen_ok" --timeout nan
bad "lips bench: --timeout takes a number in [0.001, 1e+06], not 'inf' (see 'lips bench --help')" bench --data "$gen_ok" --timeout inf
bad "lips bench: --max-len takes an integer in [1, 16], not '2.5' (see 'lips bench --help')" bench --data "$gen_ok" --max-len 2.5

# JSON that cJSON lets through: repeated keys, numbers JSON does not allow,
# nesting past its limit; JSON whose top level is not an object
bad 'tests/bad/json_repeated_key.json:1:74: repeated key "examples"' solve tests/bad/json_repeated_key.json
bad 'tests/bad/json_repeated_key_example.json:3:46: repeated key "output"' check tests/bad/json_repeated_key_example.json -e 'a <- [int] | b <- SUM a'
bad 'tests/bad/json_leading_zero.json:1:66: number with a leading zero' solve tests/bad/json_leading_zero.json
bad 'tests/bad/json_negative_leading_zero.json:1:78: number with a leading zero' predict tests/bad/json_negative_leading_zero.json
bad 'tests/bad/json_malformed_number.json:1:49: malformed number' fmt tests/bad/json_malformed_number.json
bad 'tests/bad/json_list.json:1: a problem must be a JSON object, not a list' solve tests/bad/json_list.json
bad 'tests/bad/json_number.json:1: a problem must be a JSON object, not a number' fmt tests/bad/json_number.json
bad 'tests/bad/dataset_repeated_key.jsonl:2:41: repeated key "program"' train --data tests/bad/dataset_repeated_key.jsonl --out "$tmp/m.lips"
bad 'tests/bad/card_repeated_key.json:3:40: repeated key "epochs"' eval --data "$gen_ok" --card tests/bad/card_repeated_key.json
bad 'tests/bad/json_list.json:1: a model card must be a JSON object, not a list' eval --data "$gen_ok" --card tests/bad/json_list.json
head -c 100000 /dev/zero | tr '\0' '[' >"$tmp/deep.json"
bad "$tmp/deep.json:1:1001: JSON nested deeper than 1000 levels" solve "$tmp/deep.json"
cp "$tmp/deep.json" "$tmp/deep.lips" # JSON by its first character too
bad "$tmp/deep.lips:1:1001: JSON nested deeper than 1000 levels" check "$tmp/deep.lips" -e 'a <- [int] | b <- SUM a'
{ printf '{"sketch": "a <- int", "examples": ' && cat "$tmp/deep.json" && echo; } >"$tmp/deep.jsonl"
bad "$tmp/deep.jsonl:1:1035: JSON nested deeper than 1000 levels" gen --stats "$tmp/deep.jsonl"

# lips import and lips export: Neo's problems and the DeepCoder utilities'
# data directory (docs/formats.md), malformed
bad 'tests/bad/neo_unclosed_tree.json:3:15: unclosed '"'"'('"'"' (in "program")' import --from neo tests/bad/neo_unclosed_tree.json
bad 'tests/bad/neo_filter_args.json:2:27: FILTER takes a list and a predicate (in "program")' import --from neo tests/bad/neo_filter_args.json
bad 'tests/bad/neo_input_type.json:3:14: example 2: an input must be [int] as in example 1' import --from neo tests/bad/neo_input_type.json
bad 'tests/bad/neo_float.json:2:18: example 1, input0: 2.5 is not an integer' import --from neo tests/bad/neo_float.json
bad 'tests/bad/neo_no_examples.json:1:27: "examples" must be a list of at least one example' import --from neo tests/bad/neo_no_examples.json
bad 'tests/bad/json_list.json:1: a Neo problem must be a JSON object, not a list' import --from neo tests/bad/json_list.json
bad 'tests/bad/truncated.json:2:1: malformed JSON' import --from neo tests/bad/truncated.json
bad 'tests/bad/dcu_bad_type: no .json file in the directory' import --from neo tests/bad/dcu_bad_type
bad 'tests/bad/dcu_bad_type/input_types.txt:2:1: unknown type '"'"'Arr'"'"' (Int or Array)' import --from deepcoder-utils tests/bad/dcu_bad_type
bad 'tests/bad/dcu_bad_value/input_values.txt:4:3: expected an integer or '"'"'|'"'"', not '"'"'--4'"'"'' import --from deepcoder-utils tests/bad/dcu_bad_value
bad 'tests/bad/dcu_uneven/input_values.txt: 8 lines is not a multiple of the 3 problems of input_types.txt' import --from deepcoder-utils tests/bad/dcu_uneven
bad 'tests/bad/dcu_int_list/input_values.txt:2:1: value 1 is an Int: one integer, not 2' import --from deepcoder-utils tests/bad/dcu_int_list
bad 'tests/bad/dcu_bad_prior/prior.txt:15:8: unknown function or lambda '"'"'SCANL1'"'"'' import --from deepcoder-utils tests/bad/dcu_bad_prior --orders "$tmp/orders"
bad 'tests/bad/input_types.txt: cannot open the file' import --from deepcoder-utils tests/bad
bad "lips import: --from takes neo or deepcoder-utils, not 'dcu' (see 'lips import --help')" import --from dcu tests/bad
bad "lips import: give the format with --from neo or --from deepcoder-utils (see 'lips import --help')" import tests/bad
bad "lips import: --orders is for --from deepcoder-utils (see 'lips import --help')" import --from neo tests/formats/neo --orders "$tmp/orders"
bad "lips export: give the output with -o OUT (see 'lips export --help')" export --to neo tests/formats/neo.jsonl
bad "lips export: --to takes neo or deepcoder-utils, not 'dcu' (see 'lips export --help')" export --to dcu tests/formats/neo.jsonl -o "$tmp/x"
bad "lips export: --order, --orders and --model are for --to deepcoder-utils (see 'lips export --help')" export --to neo tests/formats/neo.jsonl -o "$tmp/x" --model m
bad "lips export: give the prior with --order or --orders, not both (see 'lips export --help')" export --to deepcoder-utils tests/formats/dcu.jsonl -o "$tmp/x" --order a --orders b
bad 'tests/formats: is a directory, not a dataset' export --to deepcoder-utils tests/formats -o "$tmp/x"
bad 'tests/bad/json_list.json: expected an object of 34 probabilities' export --to deepcoder-utils tests/formats/dcu.jsonl -o "$tmp/x" --order tests/bad/json_list.json
bad 'tests/bad/dataset_malformed.jsonl:3:1: malformed JSON' export --to neo tests/bad/dataset_malformed.jsonl -o "$tmp/x"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -ge 40 ]
