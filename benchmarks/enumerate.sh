#!/usr/bin/env bash
# Search throughput, pruning savings, two-thread speedup and timeout accuracy
# of the enumerative solvers. About a minute and a half on the 2-core development machine.
#   benchmarks/enumerate.sh [TASKS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/build.sh" "$root/build"
"$root/build/bench_enumerate" "${1:-9}" 1
