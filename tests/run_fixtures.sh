#!/bin/sh
# run_fixtures.sh WINNOW DIR...
#
# Runs every fixture under DIR through WINNOW and compares the output with
# what is expected, byte for byte:
#   NAME.txt       the input
#   NAME.gold.txt  the expected output; without it, the input must come
#                  through untouched (a hard negative)
#   NAME.args      extra command-line arguments, one per line (optional)
# Prints a unified diff for each failure; exits 1 if any fixture fails.
set -u
winnow=$1
shift
here=$(dirname "$0")
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for dir in "$@"; do
	for input in $(find "$dir" -name '*.txt' ! -name '*.gold.txt' | LC_ALL=C sort); do
		base=${input%.txt}
		expected=$base.gold.txt
		[ -f "$expected" ] || expected=$input
		set --
		if [ -f "$base.args" ]; then
			while IFS= read -r arg || [ -n "$arg" ]; do
				[ -n "$arg" ] && set -- "$@" "$arg"
			done < "$base.args"
		fi
		if "$here/valgrind.sh" "$winnow" "$@" "$input" > "$tmp/out" 2> "$tmp/err" &&
			cmp -s "$tmp/out" "$expected"; then
			pass=$((pass + 1))
		else
			fail=$((fail + 1))
			echo "FAIL: $input"
			cat "$tmp/err"
			diff -u "$expected" "$tmp/out" | head -40 | cut -c1-200
		fi
	done
done
echo "fixtures: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
