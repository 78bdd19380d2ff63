#!/usr/bin/env bash
# The main job on its defaults: install what is missing, build, and solve every
# bundled example with the Z3 sketch solver ordered by the shipped model.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh" "$root/build"
"$root/build/lips" solve --solver z3 --max-len 4 --timeout 20 "$root"/examples/*.lips
