#!/bin/sh
# bench/vectorscan.sh [WINNOW] [--each-only]: how long Vectorscan takes to
# compile the default rules' patterns as a prefilter, which of them it
# cannot compile, and how large the database is (see README, Benchmarks).
# Needs libvectorscan-dev. The full run takes several minutes.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
winnow=${1:-$here/../build/winnow}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pkg-config --exists libhs || { echo "vectorscan.sh: libvectorscan-dev is not installed" >&2; exit 2; }
cc -O2 -Wall -Wextra -Werror -o "$tmp/probe" "$here/vectorscan_compile.c" $(pkg-config --cflags --libs libhs)
printf '' | WINNOW_DUMP_PATTERNS="$tmp/patterns" "$winnow" > /dev/null
echo "Vectorscan $(pkg-config --modversion libhs), the default rules of $("$winnow" --version 2>/dev/null | head -n 1)"
"$tmp/probe" "$tmp/patterns" ${2:-}
