#!/usr/bin/env bash
# run_snippets.sh WINNOW: `winnow tune` scores snippet-labelled pages as the
# published snippet metric does. A sample of fixtures/multilingual (every
# fifth page; every twentieth under AddressSanitizer, every fortieth under
# valgrind) is scored by winnow tune and by tools/snippet_score.py, an
# independent implementation that runs winnow on each page; the counts
# (tp, fp, fn, tn) must be equal, for both renderings.
. "$(dirname "$0")/harness.sh" "$1"
mkdir -p "$T/pages"
i=0
every=5
[ $ASAN = 1 ] && every=20
[ $SLOW = 1 ] && every=40
for d in "$ROOT"/fixtures/multilingual/*/; do
	i=$((i + 1))
	[ $((i % every)) -eq 0 ] && ln -s "$d" "$T/pages/$(basename "$d")"
done
for r in w3m blocks; do
	want=$(python3 "$ROOT/tools/snippet_score.py" "$T/pages" "$r" "${W[@]}" | grep -o 'tp=[0-9]* fp=[0-9]* fn=[0-9]* tn=[0-9]*')
	got=$("${W[@]}" tune --errors 0 --input "$r" "$T/pages" | grep '^total (snippets' | grep -o 'tp=[0-9]* fp=[0-9]* fn=[0-9]* tn=[0-9]*')
	[ -n "$want" ] && [ "$want" = "$got" ] && ok "$r: tune counts $got as the snippet metric does" \
		|| fail "$r: tune says '$got', the snippet metric '$want'"
done
# a labels.json that is not of the format is an error with its path
mkdir -p "$T/bad/p1"
echo 'text' > "$T/bad/p1/w3m.txt"
echo '{"with": "not a list"}' > "$T/bad/p1/labels.json"
"${W[@]}" tune "$T/bad" > /dev/null 2> "$T/err"
rc=$?
[ $rc -ne 0 ] && grep -q 'labels.json: "with" is not an array of strings' "$T/err" \
	&& ok "malformed labels.json reported" || fail "malformed labels.json (status $rc): $(cat "$T/err")"
exit $FAILED
