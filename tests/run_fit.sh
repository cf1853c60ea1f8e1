#!/usr/bin/env bash
# run_fit.sh WINNOW [full]: winnow tune --fit.
#   without full: a small fit (two folds over the hard negatives and the spam
#   family) gives the same file twice, and the file loads as a rule file;
#   full: a fit on every labelled page in fixtures/ (the data the shipped fit
#   was made from) gives rules/model-fit.rules byte for byte.
. "$(dirname "$0")/harness.sh" "$1"
cd "$ROOT" || exit 1
if [ "${2:-}" = full ]; then
	"${W[@]}" tune --fit --input all --write "$T/fit.rules" fixtures/multilingual fixtures/bench \
		fixtures/seeds fixtures/variants fixtures/negatives fixtures/cases fixtures/hard > "$T/log" 2>&1
	rc=$?
	[ $rc -eq 0 ] && cmp -s "$T/fit.rules" rules/model-fit.rules \
		&& ok "a fit on fixtures/ is rules/model-fit.rules" \
		|| { tail -20 "$T/log"; diff rules/model-fit.rules "$T/fit.rules" | head -20; fail "refit differs from rules/model-fit.rules (status $rc)"; }
	exit $FAILED
fi
set -- fixtures/seeds fixtures/hard fixtures/negatives
for k in 1 2; do
	"${W[@]}" tune --fit --folds 2 --write "$T/fit$k.rules" "$@" > "$T/log$k" 2>&1 \
		|| fail "fit $k: $(tail -5 "$T/log$k")"
done
cmp -s "$T/fit1.rules" "$T/fit2.rules" && ok "the same data gives the same fit" || fail "two fits differ"
grep -q '^cross-validated (2 folds' "$T/log1" && grep -q '^fitted on all (dev)' "$T/log1" \
	&& ok "cross-validated and dev figures printed" || fail "no cross-validation report"
"${W[@]}" rules check "$T/fit1.rules" > /dev/null && ok "the fit loads" || fail "the fit does not load"
# a model input the fit does not know is an error with its place, until refitted
printf 'model boilerplate\n  describe "x"\n  windows 3\n  input words ln(1 + words)\n' > "$T/model.rules"
"${W[@]}" rules check "$T/model.rules" > /dev/null 2> "$T/err"
grep -q "model-fit.rules:.*model 'boilerplate' has no input" "$T/err" && ok "a stale fit is reported" \
	|| fail "stale fit: $(cat "$T/err")"
"${W[@]}" tune --fit --folds 2 --rules "$T/model.rules" --write "$T/new.rules" fixtures/hard > "$T/log3" 2>&1 \
	&& "${W[@]}" rules check "$T/model.rules" "$T/new.rules" > /dev/null && ok "a changed model refits" \
	|| fail "refitting a changed model: $(tail -3 "$T/log3")"
exit $FAILED
