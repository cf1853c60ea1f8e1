#!/usr/bin/env bash
# fuzz/run.sh [SECONDS] [TARGET...]: build the libFuzzer harnesses (clang,
# ASan + UBSan) and run each target for SECONDS (default 60), one after the
# other, each with its corpus in fuzz/corpus-TARGET (seeded from fixtures/).
# Crashes are written to fuzz/crash-TARGET-*; the exit status is 1 if any
# target found one.
#   fuzz/run.sh 900                 # 15 minutes each
#   fuzz/run.sh 30 rules filter     # a short run of two targets
# FUZZ_SEED=N fixes libFuzzer's random seed and starts each target from its
# seeds and regressions only, in a temporary corpus: the same inputs in the
# same order on every machine (how far it gets in SECONDS depends on the
# machine); FUZZ_RUNS=N also stops each target after N inputs. CI runs
# FUZZ_SEED=1 fuzz/run.sh 30. FUZZ_TIMEOUT=S (default 10) is how long one
# input may take before it counts as a finding; a slower machine, or one
# that is busy, needs more (the sanitizers make PCRE2's interpreter slow).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
SECONDS_EACH=${1:-60}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(rules filter jsonl warc prefilter snippets conditions)
JOBS=${FUZZ_JOBS:-1}
TIMEOUT=${FUZZ_TIMEOUT:-10}
REPEAT=()
[ -n "${FUZZ_SEED:-}" ] && REPEAT=(-seed="$FUZZ_SEED")
[ -n "${FUZZ_RUNS:-}" ] && REPEAT+=(-runs="$FUZZ_RUNS")

if [ ! -d build-fuzz ]; then
	CC=clang meson setup build-fuzz -Dfuzz=true -Dbuildtype=debugoptimized -Db_lto=false \
		-Db_sanitize=address,undefined -Db_lundef=false \
		-Dc_args='-fsanitize=fuzzer-no-link -fno-sanitize-recover=all' > /dev/null || exit 2
fi
ninja -C build-fuzz > /dev/null || exit 2

seed() {
	local t=$1 dir=$2
	mkdir -p "$dir"
	[ -n "$(ls -A "$dir")" ] && return
	case $t in
	rules) cp rules/*.rules "$dir"/ ;;
	filter) for f in fixtures/seeds/*.txt fixtures/negatives/*.txt fixtures/cases/*.txt; do
			printf '\x05' | cat - "$f" > "$dir/$(basename "$f")"; done ;;
	jsonl) for f in fixtures/formats/*.jsonl; do printf '\x04' | cat - "$f" > "$dir/$(basename "$f")"; done ;;
	warc) printf '\x07' | cat - fixtures/formats/demo.warc > "$dir/demo.warc"
		printf '\x07' > "$dir/demo.warc.gz"; gzip -c fixtures/formats/demo.warc >> "$dir/demo.warc.gz" ;;
	prefilter) printf '\\bshare\\s+this\\b\0please share  this' > "$dir/a"
		printf '(?:follow|like)\\s+us|subscribe\0follow us on x' > "$dir/b"
		printf '^[^|]+\\|\\s*(?:news|times)\0the story | times' > "$dir/c"
		printf '^(?:\\d+\\s+)?(?:comments?|replies)(?:\\s*\\(\\d+\\))?:?$\0(42) comments' > "$dir/d"
		# letters outside ASCII: literals as a view folds them
		printf '(?:źródło|zdjęcie)\\s*:\0ŹRÓDŁO: PAP' > "$dir/e"
		printf '(?:lesen\\s+sie|ähnliche)\\s+artikel\0ÄHNLICHE  Artikel' > "$dir/f"
		printf 'straße|\\x{212a}m|ς\\s\0STRASSE 3 KM' > "$dir/g"
		printf '^[-_*(]*\\s*(?:ads?|sponsored)$\0- ads' > "$dir/h" ;;
	conditions) # the conditions of the default rules, each with values to pick from
		{ grep -hE '^\s*(when|continue-when|extend-when|line-when)\s' rules/*.rules |
			sed -E 's/^\s*[a-z-]+\s+//'
		  grep -hE '^\s*condition\s' rules/*.rules | sed -E 's/^\s*condition\s+\S+\s+//'
		  grep -hE '^\s*input\s' rules/*.rules | sed -E 's/^\s*input\s+\S+\s+//'; } |
		{ i=0; while IFS= read -r c; do
			i=$((i + 1)); printf '%s\0\1\2\3\5\7\13\15' "$c" > "$dir/c$i"; done; } ;;
	esac
	cp fuzz/regressions/"$t"/* "$dir"/ 2> /dev/null || true
}

status=0
for t in "${TARGETS[@]}"; do
	corpus=fuzz/corpus-$t
	[ -n "${FUZZ_SEED:-}" ] && corpus=$(mktemp -d)
	seed "$t" "$corpus"
	echo "== fuzz_$t for ${SECONDS_EACH}s"
	# several jobs fork workers that log to fuzz-N.log; one runs in-process
	PAR=()
	[ "$JOBS" -gt 1 ] && PAR=(-jobs="$JOBS" -workers="$JOBS")
	ASAN_OPTIONS=detect_leaks=1 ./build-fuzz/fuzz/fuzz_"$t" -max_total_time="$SECONDS_EACH" \
		"${PAR[@]}" "${REPEAT[@]}" -max_len=65536 -timeout="$TIMEOUT" \
		-report_slow_units="$TIMEOUT" -rss_limit_mb=2048 \
		-artifact_prefix="fuzz/crash-$t-" -print_final_stats=1 "$corpus" 2>&1 |
		grep -E "^(#[0-9]+ +DONE|==[0-9]+==ERROR|SUMMARY|stat::number_of_executed_units|stat::peak_rss|Done|INFO: a corpus)" || true
	[ -n "${FUZZ_SEED:-}" ] && rm -rf "$corpus"
	if ls fuzz/crash-"$t"-* > /dev/null 2>&1; then
		echo "fuzz_$t: crash inputs in fuzz/crash-$t-*"
		status=1
	fi
done
exit $status
