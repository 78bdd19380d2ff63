#!/usr/bin/env bash
# Installs the Debian packages lips needs, only those missing. Run as root on
# Debian 12; quiet and quick when everything is present.
set -euo pipefail
pkgs=(cmake make gcc pkg-config libz3-dev libopenblas-dev libcjson-dev libcmocka-dev zlib1g-dev gnuplot-nox clang
      libclang-rt-14-dev help2man man-db groff-base libopenmpi-dev openmpi-bin)
missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing packages: ${missing[*]}; run as root: sudo $0" >&2
    exit 2
fi
echo "setup: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
