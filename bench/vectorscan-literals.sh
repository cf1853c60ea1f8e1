#!/bin/sh
# bench/vectorscan-literals.sh [BUILD] [TEXT]: Vectorscan's literal matcher
# against winnow's literal automaton, on the default rules' prefilter
# literals and the lines of TEXT (default: the bench corpus, see run.py);
# both must give every line the same patterns (see README, Benchmarks).
# Needs libvectorscan-dev and a build of winnow (BUILD, default build/).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
text=${2:-$here/corpus/text.txt}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pkg-config --exists libhs || { echo "vectorscan-literals.sh: libvectorscan-dev is not installed" >&2; exit 2; }
[ -f "$text" ] || { echo "vectorscan-literals.sh: $text not found (python3 bench/run.py builds it)" >&2; exit 2; }
cc -O2 -std=c17 -Wall -Wextra -Werror -I"$here/../src/rules" -I"$here/../src/text" \
	-o "$tmp/probe" "$here/vectorscan_literals.c" "$build/libwinnow.a" \
	$(pkg-config --cflags --libs libhs libpcre2-8 libutf8proc zlib nettle) -lm
printf '' | WINNOW_DUMP_LITERALS="$tmp/literals" "$build/winnow" > /dev/null
echo "Vectorscan $(pkg-config --modversion libhs), the default rules of $("$build/winnow" --version 2>/dev/null | head -n 1)"
"$tmp/probe" "$tmp/literals" "$text"
