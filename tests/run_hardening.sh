#!/usr/bin/env bash
# run_hardening.sh WINNOW: inputs and outputs that must not hurt winnow.
#
# Odd bytes pass through untouched (invalid UTF-8, overlong encodings, lone
# surrogates, NUL, CR-only line ends, a BOM in the middle, an empty file);
# a 100 MB line passes through in bounded memory; a directory is refused
# with a message; a full disk and a closed pipe end with a message and
# status 1; a pattern with catastrophic backtracking gives up, is reported
# with its rule and line, and the rest is still cleaned.
. "$(dirname "$0")/harness.sh" "$1"

# Odd bytes in an article: nothing matches, so every byte must come back.
printf 'A line of prose with invalid UTF-8 \xff\xfe here, and that is fine.\n' > "$T/odd.txt"
printf 'An overlong slash \xc0\xaf and a lone surrogate \xed\xa0\x80 in the text.\n' >> "$T/odd.txt"
printf 'A NUL \0 byte, then a truncated sequence at the end \xe2\x82\n' >> "$T/odd.txt"
printf 'Windows line end here, in the middle of a paragraph of words.\r\n' >> "$T/odd.txt"
printf '\xef\xbb\xbfA byte order mark in the middle of the file, then more prose.\n' >> "$T/odd.txt"
"${W[@]}" "$T/odd.txt" > "$T/odd.out"
[ $? -eq 0 ] && cmp -s "$T/odd.txt" "$T/odd.out" && ok "odd bytes pass through" || fail "odd bytes"

# CR-only line ends: lines are still lines, and the bytes stay CR
printf 'Table of Contents\rAn article sentence that stays where it is, with enough words.\rShare this article\r' > "$T/cr.txt"
"${W[@]}" "$T/cr.txt" > "$T/cr.out"
[ "$(cat "$T/cr.out")" = "$(printf 'An article sentence that stays where it is, with enough words.\r')" ] \
	&& ok "CR-only line ends" || { od -c "$T/cr.out" | head -3; fail "CR-only line ends"; }

# an empty file, and an empty standard input
: > "$T/empty.txt"
[ "$("${W[@]}" "$T/empty.txt" | wc -c)" -eq 0 ] && [ "$("${W[@]}" < /dev/null | wc -c)" -eq 0 ] \
	&& ok "empty input, empty output" || fail "empty input"

# a directory given as a file
"${W[@]}" "$T" > /dev/null 2> "$T/err"
[ $? -eq 1 ] && grep -q "is a directory" "$T/err" && ok "directory refused" || fail "directory"
"${W[@]}" "$T/no-such-file" > /dev/null 2> "$T/err"
[ $? -eq 1 ] && grep -q "No such file or directory" "$T/err" && ok "missing file reported" || fail "missing file"

# output errors
"${W[@]}" "$ROOT/fixtures/cases/demo.txt" > /dev/full 2> "$T/err"
[ $? -eq 1 ] && grep -q "write error: No space left on device" "$T/err" && ok "/dev/full: message, status 1" \
	|| fail "/dev/full"
python3 -c "
import sys
for i in range(200000):
    sys.stdout.write('Article line %d is long enough to read as prose, and it goes on.\n' % i)" > "$T/many.txt"
set +o pipefail
"${W[@]}" "$T/many.txt" 2> "$T/err" | head -1 > /dev/null
rc=${PIPESTATUS[0]}
set -o pipefail
[ "$rc" -eq 1 ] && grep -q "write error: Broken pipe" "$T/err" && ok "closed pipe: message, status 1" \
	|| fail "closed pipe (status $rc)"

# catastrophic backtracking: bounded, reported, and the rest still works
cat > "$T/bad.rules" <<'EOF'
rule bad.backtrack
  category test
  describe "a pattern with catastrophic backtracking"
  match /^(\w+\s?)+$/
EOF
python3 -c "
print('Table of Contents')
print('word ' * 20000 + '!')
print('An article sentence that stays where it is, with enough words.')" > "$T/patho.txt"
timeout 60 "${W[@]}" --rules "$T/bad.rules" --report "$T/report.json" "$T/patho.txt" > "$T/patho.out" 2> "$T/err"
rc=$?
[ $rc -eq 0 ] && grep -q "line 2: rule bad.backtrack gave up at the PCRE2 match limit" "$T/err" \
	&& grep -q '"limit_hits":[1-9]' "$T/report.json" && ! grep -q "Table of Contents" "$T/patho.out" \
	&& [ "$(wc -l < "$T/patho.out")" -eq 2 ] && ok "pathological pattern gives up, reported" \
	|| { cat "$T/err"; fail "pathological pattern (status $rc)"; }

if [ $SLOW = 1 ]; then
	echo "skip: the 100 MB line under valgrind"
	exit $FAILED
fi
# a 100 MB line: copied through, memory bounded by --max-doc-bytes
python3 -c "
import sys
sys.stdout.write('Share this article\n' + 'x' * 100_000_000 + '\nA last line of prose that stays where it is, kept.\n')" > "$T/huge.txt"
/usr/bin/env time -f '%M' -o "$T/rss" "$WINNOW" "$T/huge.txt" > "$T/huge.out" 2> /dev/null
rc=$?
# (under AddressSanitizer the shadow memory makes the figure meaningless)
LIMIT=131072
[ $ASAN = 1 ] && LIMIT=4194304
tail -c +20 "$T/huge.txt" | cmp -s - "$T/huge.out" && [ $rc -eq 0 ] && [ "$(cat "$T/rss")" -lt $LIMIT ] \
	&& ok "100 MB line passes through (peak RSS $(( $(cat "$T/rss") / 1024 )) MB)" \
	|| fail "100 MB line (status $rc, RSS $(cat "$T/rss") KB)"
exit $FAILED
