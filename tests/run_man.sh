#!/bin/sh
# run_man.sh WINNOW MAN1 MAN5: the man pages render without warnings, and
# say what the program does: every long option of `winnow --help`, every
# command and exit status in winnow(1); every feature of `winnow rules
# features` and every statement in winnow-rules(5).
set -eu
winnow=$1 man1=$2 man5=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

for page in "$man1" "$man5"; do
	# groff's hyphens and minus signs back to ASCII, so options read as typed
	MANWIDTH=100 man --warnings -l "$page" 2>"$tmp/warnings" |
		sed 's/\xe2\x80\x90/-/g; s/\xe2\x88\x92/-/g' > "$tmp/$(basename "$page").txt"
	[ ! -s "$tmp/warnings" ] || { cat "$tmp/warnings" >&2; fail "$page: groff warnings"; }
	[ "$(wc -l < "$tmp/$(basename "$page").txt")" -gt 100 ] || fail "$page renders nearly empty"
done
page1=$tmp/$(basename "$man1").txt
page5=$tmp/$(basename "$man5").txt

missing=""
for opt in $("$winnow" --help | grep -o -- '--[a-z][a-z0-9-]*' | sort -u); do
	grep -q -- "$opt\b" "$page1" || missing="$missing $opt"
done
[ -z "$missing" ] || fail "winnow(1) lacks options of --help:$missing"
for word in "winnow batch" "winnow review" "winnow tune" "rules check" "rules list" "rules params" \
            "rules conditions" "rules features" WINNOW_NO_JIT WINNOW_NO_PREFILTER \
            WINNOW_CHECK_PREFILTER WINNOW_DEBUG_PREFILTER "EXIT STATUS" "winnow-rules(5)"; do
	grep -q -- "$word" "$page1" || missing="$missing '$word'"
done
[ -z "$missing" ] || fail "winnow(1) lacks:$missing"
"$winnow" --help | grep -q 'winnow-rules' || fail "--help does not name the man pages"

for feat in $("$winnow" rules features | awk '{print $1}' | sed 's/(LIST)//'); do
	grep -q -- "\b$feat\b" "$page5" || missing="$missing $feat"
done
[ -z "$missing" ] || fail "winnow-rules(5) lacks features:$missing"
for word in rule param set define condition wordlist disable spam model fit \
            category describe scope match unless when continue-when line-when extend \
            glue min-lines gap blank line block suffix sentence paragraph; do
	grep -q -- "\b$word\b" "$page5" || missing="$missing $word"
done
[ -z "$missing" ] || fail "winnow-rules(5) lacks:$missing"
echo "man pages: $(wc -l < "$page1") and $(wc -l < "$page5") lines, every option and feature named"
