#!/usr/bin/env bash
# Interrupted writes: lips gen and lips train write OUT through a temporary
# file renamed over OUT at the end, so a run killed with SIGKILL at any moment
# leaves either no OUT at all or the OUT of an earlier complete run, never a
# half file under the final name; the temporary name never equals OUT. A
# finished run leaves no temporary file behind.
#   interrupted_writes.sh LIPS_BINARY SOURCE_DIR
set -u
lips=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
no() { fail=$((fail + 1)); echo "FAIL $*"; ls -la "$tmp"; }

# start CMD in the background, wait until FILE (a glob) exists, kill -9
kill_when() {
    local glob=$1
    shift
    "$@" 2>/dev/null &
    local pid=$! i
    for i in $(seq 1 200); do
        compgen -G "$glob" >/dev/null && break
        sleep 0.02
    done
    sleep 0.1
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
}

# gen killed while writing: only its temporary file, never d.jsonl
kill_when "$tmp/d.jsonl.tmp*" "$lips" gen --length 4 --count 1000000 --seed 3 --out "$tmp/d.jsonl"
if [ -e "$tmp/d.jsonl" ]; then no "killed gen left d.jsonl"; else ok; fi
if compgen -G "$tmp/d.jsonl.tmp*" >/dev/null; then ok; else no "killed gen left no temporary file (was it killed while writing?)"; fi
rm -f "$tmp"/d.jsonl.tmp*

# gen over an earlier complete dataset: killed, the old one stays byte for byte
"$lips" gen --length 2 --count 20 --seed 1 --out "$tmp/d.jsonl" 2>/dev/null || no "gen failed"
cp "$tmp/d.jsonl" "$tmp/old.jsonl"
if compgen -G "$tmp/d.jsonl.tmp*" >/dev/null; then no "finished gen left a temporary file"; else ok; fi
kill_when "$tmp/d.jsonl.tmp*" "$lips" gen --length 4 --count 1000000 --seed 3 --out "$tmp/d.jsonl"
if cmp -s "$tmp/d.jsonl" "$tmp/old.jsonl"; then ok; else no "killed gen changed the earlier d.jsonl"; fi
rm -f "$tmp"/d.jsonl.tmp*

# train killed mid-run: no model; over an earlier model, the old one stays
data=$src/tests/fuzz/corpus/fuzz_dataset/gen-t2.jsonl
"$lips" train --data "$data" --out "$tmp/m.lips" --epochs 1 --hidden 8 2>/dev/null || no "train failed"
cp "$tmp/m.lips" "$tmp/old.lips"
if [ -e "$tmp/m.lips.tmp" ]; then no "finished train left m.lips.tmp"; else ok; fi
"$lips" train --data "$data" --out "$tmp/n.lips" --epochs 10000 2>/dev/null &
pid=$!
sleep 0.5
kill -9 $pid
wait $pid 2>/dev/null
if [ -e "$tmp/n.lips" ]; then no "killed train left n.lips"; else ok; fi
"$lips" train --data "$data" --out "$tmp/m.lips" --epochs 10000 2>/dev/null &
pid=$!
sleep 0.5
kill -9 $pid
wait $pid 2>/dev/null
if cmp -s "$tmp/m.lips" "$tmp/old.lips"; then ok; else no "killed train changed the earlier m.lips"; fi
"$lips" predict "$src/examples/seed_sort_desc.lips" --model "$tmp/m.lips" >/dev/null && ok || no "the earlier model no longer loads"

# a model cut anywhere (what a non-atomic write would leave) is refused
size=$(stat -c %s "$tmp/m.lips")
for cut in 0 8 40 $((size / 2)) $((size - 4)) $((size - 1)); do
    head -c "$cut" "$tmp/m.lips" >"$tmp/cut.lips"
    "$lips" predict "$src/examples/seed_sort_desc.lips" --model "$tmp/cut.lips" >/dev/null 2>&1
    if [ $? = 2 ]; then ok; else no "a model cut at $cut bytes was not refused"; fi
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
