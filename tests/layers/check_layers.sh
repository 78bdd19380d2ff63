#!/usr/bin/env bash
# The modules' include graph has no cycle: module X depends on module Y when
# X.c or X.h includes Y.h ("lips/Y.h" or "Y.h"). Functions are declared only
# in headers and implicit declarations are errors, so a module calls only
# what it includes and an acyclic include graph is an acyclic call graph:
# solve -> sketch -> enumerate -> order, never back. tsort finds the cycles.
#   check_layers.sh SOURCE_DIR
set -euo pipefail
root=${1:?usage: check_layers.sh SOURCE_DIR}
edges=$(
    for f in "$root"/src/*.[ch] "$root"/src/cli/*.[ch] "$root"/smt/*.[ch] "$root"/include/lips/*.h; do
        from=$(basename "$f"); from=${from%.*}
        sed -n 's/^#include "\(lips\/\)\{0,1\}\([a-z_0-9]*\)\.h".*/\2/p' "$f" | while read -r to; do
            [ "$to" != "$from" ] && echo "$from $to"
        done
    done | sort -u
)
if ! out=$(printf '%s\n' "$edges" | tsort 2>&1 >/dev/null) || [ -n "$out" ]; then
    echo "include cycle among the modules:" >&2
    printf '%s\n' "$out" >&2
    exit 1
fi
# The dispatch runs one way: the solvers never reach solve.c.
for m in order enumerate sketch encode; do
    if printf '%s\n' "$edges" | grep -q "^$m solve$"; then
        echo "$m includes solve.h: the solvers depend on order.h only" >&2
        exit 1
    fi
done
echo "no include cycle among $(printf '%s\n' "$edges" | tr ' ' '\n' | sort -u | wc -l) modules"
