#!/usr/bin/env bash
# run_formats.sh WINNOW: the formats and `winnow batch` end to end.
#
# Round trips (identity when nothing matches) for text, JSONL, WARC and their
# gzip forms; damaged inputs (corrupt and truncated gzip, truncated WARC,
# malformed JSONL); batch: -j 1 and -j 2 give the same bytes and the same
# report, SRC is never written, DST inside SRC is refused, an unreadable file
# and a symlink loop are reported, kill -9 in the middle then --resume ends
# complete; winnow as a mapper under GNU parallel.
# SLOW (valgrind) leaves out the timing-based and very large cases.
. "$(dirname "$0")/harness.sh" "$1"

python3 "$ROOT/tools/make_corpus.py" tree "$T/src" --files 48 --mb 3 --seed 7 || exit 1
python3 "$ROOT/tools/make_corpus.py" jsonl "$T/one.jsonl" --mb 0.6 --seed 3 || exit 1
python3 "$ROOT/tools/make_corpus.py" warc "$T/one.warc.gz" --mb 0.6 --seed 4 || exit 1
python3 "$ROOT/tools/make_corpus.py" warc "$T/one.warc" --mb 0.6 --seed 4 || exit 1
echo "# not a format winnow reads" > "$T/src/README.md"

# ---------------------------------------------------------------- identity
# A rule set that matches nothing: every format must come back byte for byte.
printf 'rule none.x\n  category none\n  describe "matches nothing"\n  match /\\A\\x{10FFFF}never\\z/\n' > "$T/none.rules"
NONE=(--no-default-rules --rules "$T/none.rules")
for f in one.jsonl one.warc; do
	"${W[@]}" "${NONE[@]}" "$T/$f" > "$T/id.out" || fail "identity run $f"
	cmp -s "$T/$f" "$T/id.out" && ok "identity $f" || fail "identity $f"
done
"${W[@]}" "${NONE[@]}" "$T/one.warc.gz" | gzip -dc > "$T/id.out"
gzip -dc "$T/one.warc.gz" | cmp -s - "$T/id.out" && ok "identity one.warc.gz" || fail "identity one.warc.gz"
gzip -dc "$T/one.warc.gz" | "${W[@]}" "${NONE[@]}" -f warc > "$T/id.out"
gzip -dc "$T/one.warc.gz" | cmp -s - "$T/id.out" && ok "identity warc on stdin" || fail "identity warc on stdin"
# text with separators (the separator is written back)
printf 'One line of prose here.\fAnother document, also prose.\f' > "$T/sep.txt"
"${W[@]}" "${NONE[@]}" --doc-separator '\f' "$T/sep.txt" | cmp -s - "$T/sep.txt" \
	&& ok "identity text with separators" || fail "identity text with separators"

# ----------------------------------------------------------- cleaned JSONL
# Each record's text is exactly what winnow makes of that text alone.
"${W[@]}" "$T/one.jsonl" > "$T/one.out.jsonl" || fail "jsonl run"
python3 - "$WINNOW" "$T/one.jsonl" "$T/one.out.jsonl" <<'EOF' && ok "jsonl records cleaned one by one" || fail "jsonl records cleaned one by one"
import json, subprocess, sys
w, a, b = sys.argv[1:]
ins = [json.loads(l) for l in open(a, encoding='utf-8', errors='surrogateescape')]
outs = [json.loads(l) for l in open(b, encoding='utf-8', errors='surrogateescape')]
assert len(ins) == len(outs) and len(ins) > 3
for i, o in zip(ins, outs):
    text = i['text'].encode('utf-8', 'surrogateescape')
    want = subprocess.run([w], input=text, capture_output=True, check=True).stdout
    assert o['text'].encode('utf-8', 'surrogateescape') == want, i['id']
    assert {k: v for k, v in i.items() if k != 'text'} == {k: v for k, v in o.items() if k != 'text'}
EOF

# ----------------------------------------------------------- damaged input
head -c 3000 "$T/one.warc.gz" > "$T/trunc.warc.gz"
"${W[@]}" "$T/trunc.warc.gz" > "$T/trunc.out" 2> "$T/err"
[ $? -eq 1 ] && grep -q "truncated gzip data" "$T/err" && ok "truncated gzip: exit 1" || fail "truncated gzip"
head -c 5000 "$T/one.warc" > "$T/trunc.warc"
"${W[@]}" "${NONE[@]}" "$T/trunc.warc" > "$T/trunc.out" 2> "$T/err"
rc=$?
[ $rc -eq 1 ] && grep -q "truncated WARC record" "$T/err" && cmp -s "$T/trunc.warc" "$T/trunc.out" \
	&& ok "truncated WARC: exit 1, every byte written" || fail "truncated WARC (rc $rc)"
python3 -c "
import sys
d = open('$T/one.warc.gz', 'rb').read()
m = len(d) // 2
sys.stdout.buffer.write(d[:m] + bytes(b ^ 0x5a for b in d[m:m + 64]) + d[m + 64:])" > "$T/corrupt.warc.gz"
"${W[@]}" "$T/corrupt.warc.gz" > /dev/null 2> "$T/err"
[ $? -eq 1 ] && grep -q "gzip" "$T/err" && ok "corrupt gzip: exit 1" || fail "corrupt gzip"
printf '{"text":"fine."}\n{"text":"broken\n{"text":"fine too."}\n' > "$T/bad.jsonl"
"${W[@]}" "$T/bad.jsonl" > "$T/bad.out" 2> "$T/err"
[ $? -eq 0 ] && grep -q "bad.jsonl:2: malformed record" "$T/err" && cmp -s "$T/bad.jsonl" "$T/bad.out" \
	&& ok "malformed JSONL kept, line reported" || fail "malformed JSONL keep"
"${W[@]}" --on-error skip "$T/bad.jsonl" 2>/dev/null | grep -c . | grep -qx 2 \
	&& ok "malformed JSONL skipped" || fail "malformed JSONL skip"
"${W[@]}" --on-error fail "$T/bad.jsonl" > /dev/null 2> "$T/err"
[ $? -eq 1 ] && grep -q "line 2: truncated JSON" "$T/err" && ok "malformed JSONL fails" || fail "malformed JSONL fail"

# ------------------------------------------------------------------- batch
cp "$T/trunc.warc.gz" "$T/corrupt.warc.gz" "$T/bad.jsonl" "$T/src/part-000/"
(cd "$T/src" && find . -type f -exec md5sum {} + | sort -k2) > "$T/src.md5"
"${W[@]}" batch -q -j 1 --report "$T/r1.jsonl" "$T/src" "$T/d1" 2> "$T/err1"
rc1=$?
"${W[@]}" batch -j 2 --report "$T/r2.jsonl" "$T/src" "$T/d2" 2> "$T/err2"
rc2=$?
[ $rc1 -eq 1 ] && [ $rc2 -eq 1 ] && ok "batch with failures exits 1" || fail "batch exit ($rc1, $rc2)"
diff -r "$T/d1" "$T/d2" > /dev/null && ok "-j 1 and -j 2 write the same files" || fail "-j 1 vs -j 2 outputs"
cmp -s "$T/r1.jsonl" "$T/r2.jsonl" && ok "-j 1 and -j 2 write the same report" || fail "-j 1 vs -j 2 reports"
# every JSONL and WARC document is named by its file and record
[ "$(grep -cE '^\{"file":"[^"]+\.(jsonl|jsonl\.gz|warc\.gz|wet)","record":"[^"]+"' "$T/r1.jsonl")" -eq \
  "$(grep -cE '^\{"file":"[^"]+\.(jsonl|jsonl\.gz|warc\.gz|wet)"' "$T/r1.jsonl")" ] && \
  grep -q '"record":"<urn:uuid:' "$T/r1.jsonl" && grep -q '"record":"doc-' "$T/r1.jsonl" \
	&& ok "report names file and record" || fail "report records"
(cd "$T/src" && find . -type f -exec md5sum {} + | sort -k2) | cmp -s - "$T/src.md5" && ok "SRC untouched" || fail "SRC changed"
grep -q "part-000/corrupt.warc.gz: corrupt gzip data" "$T/err2" && grep -q "part-000/trunc.warc.gz: truncated gzip" "$T/err2" \
	&& ok "failures listed with reasons" || fail "failures list"
grep -qE "[0-9]+ skipped \(not" "$T/err2" && ok "other files skipped and counted" || fail "skipped count"
grep -q "bad.jsonl: 1 malformed record kept unchanged (the first on line 2" "$T/err2" && ok "malformed records noted" || fail "malformed note"
[ ! -e "$T/d1/part-000/corrupt.warc.gz" ] && [ ! -e "$T/d1/README.md" ] && ok "failed outputs absent" || fail "failed output present"
[ -z "$(find "$T/d1" -name '*.winnow-tmp')" ] && ok "no temporary files left" || fail "temporary files left"
# --profile: where the time went, per phase and per rule, and nothing else
# changes: the batch's threads are merged (every rule once, and as many
# documents as the report has lines); the filter's table lists the N rules
# asked for and sums the rest
"${W[@]}" batch -q -j 2 --profile=0 --report "$T/r5.jsonl" "$T/src" "$T/d5" 2> "$T/err5"
"${W[@]}" rules list | awk '{print $1}' > "$T/ids"
rows=$(awk 'NR == FNR { id[$1] = 1; next } ($1 in id) && $2 ~ /^[0-9]+\.[0-9]$/ && $3 ~ /%$/' "$T/ids" "$T/err5" | wc -l)
[ "$rows" -eq "$(wc -l < "$T/ids")" ] && grep -q "^rules, stage 2 " "$T/err5" && \
	grep -q "($(wc -l < "$T/r5.jsonl") documents, " "$T/err5" && diff -r "$T/d1" "$T/d5" > /dev/null \
	&& ok "batch --profile: every rule, every document, the same outputs" || fail "batch --profile ($rows rows)"
"${W[@]}" --profile=3 --doc-separator '\f' "$T/sep.txt" > "$T/p.out" 2> "$T/p.err"
"${W[@]}" --doc-separator '\f' "$T/sep.txt" | cmp -s - "$T/p.out" && grep -q "^measure " "$T/p.err" && \
	[ "$(grep -c '^(the other rules) ' "$T/p.err")" -eq 1 ] && \
	[ "$(sed -n '/^rule (most expensive)/,/^(the other rules)/p' "$T/p.err" | wc -l)" -eq 5 ] \
	&& ok "--profile=3: the same output, three rules and the rest" || fail "--profile=3"
"${W[@]}" --profile=many "$T/sep.txt" > /dev/null 2>&1
[ $? -eq 2 ] && ok "--profile=many is a usage error" || fail "--profile=many"
"${W[@]}" tune --profile "$ROOT/fixtures/seeds" > /dev/null 2>&1
[ $? -eq 2 ] && ok "tune --profile is a usage error" || fail "tune --profile"
"${W[@]}" batch --fail-fast -j 1 "$T/src" "$T/d3" 2> "$T/err"
[ $? -eq 1 ] && grep -q "not started (--fail-fast)" "$T/err" && \
	[ "$(find "$T/d3" -type f | wc -l)" -lt "$(find "$T/d1" -type f | wc -l)" ] && ok "--fail-fast stops" || fail "--fail-fast"
rm -f "$T/src/part-000/trunc.warc.gz" "$T/src/part-000/corrupt.warc.gz" "$T/src/part-000/bad.jsonl"

"${W[@]}" batch -q "$T/src" "$T/src/out" 2> "$T/err"
[ $? -eq 2 ] && grep -q "is inside SRC" "$T/err" && [ ! -e "$T/src/out" ] && ok "DST inside SRC refused" || fail "DST inside SRC"
"${W[@]}" batch -q "$T/src" "$T/src/." 2> "$T/err"
[ $? -eq 2 ] && grep -q "the same directory" "$T/err" && ok "SRC = DST refused" || fail "SRC = DST"
"${W[@]}" batch -q "$T/src/part-001" "$T/src" 2> "$T/err"
[ $? -eq 2 ] && grep -q "is inside DST" "$T/err" && ok "SRC inside DST refused" || fail "SRC inside DST"

# deep trees: every missing level made, of DST itself and under it; a
# file where DST's directory should be is an error that names it
mkdir -p "$T/deep/a/b/c/d"
cp "$T/one.jsonl" "$T/deep/a/b/c/d/x.jsonl"
cp "$T/one.jsonl" "$T/deep/a/y.jsonl"
"${W[@]}" "$T/one.jsonl" > "$T/one.out"
"${W[@]}" batch -q -j 2 "$T/deep" "$T/new/1/2/out" 2> "$T/err" && \
	cmp -s "$T/one.out" "$T/new/1/2/out/a/b/c/d/x.jsonl" && cmp -s "$T/one.out" "$T/new/1/2/out/a/y.jsonl" \
	&& ok "deep SRC into a deep new DST" || fail "deep trees"
touch "$T/blocked"
"${W[@]}" batch -q "$T/deep" "$T/blocked/out" 2> "$T/err"
[ $? -ne 0 ] && grep -q "blocked/out: Not a directory" "$T/err" && ok "a file in DST's way is named" \
	|| { cat "$T/err"; fail "a file in DST's way"; }

# an unreadable file and a symlink loop: reported, the rest is done
mkdir -p "$T/src2/sub"
cp "$T/one.jsonl" "$T/src2/ok.jsonl"
cp "$T/one.jsonl" "$T/src2/sub/locked.jsonl"
chmod 000 "$T/src2/sub/locked.jsonl"
ln -s .. "$T/src2/sub/loop"
RUN=("${W[@]}")
if [ "$(id -u)" -eq 0 ]; then
	# root reads anything: run as nobody so that the lock means something
	chmod 755 "$T" "$T/src2" "$T/src2/sub"; chmod 644 "$T/src2/ok.jsonl"; chmod 1777 "$T"
	RUN=(setpriv --reuid=nobody --regid=nogroup --clear-groups "${W[@]}")
fi
"${RUN[@]}" batch -q "$T/src2" "$T/d4" 2> "$T/err"
rc=$?
[ $rc -eq 1 ] && grep -q "sub/locked.jsonl: cannot read: Permission denied" "$T/err" \
	&& grep -q "sub/loop: symlink loop" "$T/err" && [ -s "$T/d4/ok.jsonl" ] \
	&& ok "unreadable file and symlink loop reported, the rest done" || { cat "$T/err"; fail "unreadable/loop (rc $rc)"; }

# kill -9 in the middle, then --resume: every output complete or absent
if [ $SLOW = 1 ]; then
	echo "skip: kill -9 and GNU parallel under valgrind"
	exit $FAILED
fi
python3 "$ROOT/tools/make_corpus.py" tree "$T/big" --files 400 --mb 24 --seed 11 || exit 1
"${W[@]}" batch -q -j 2 "$T/big" "$T/ref" || fail "reference batch"
"${W[@]}" batch -q -j 1 "$T/big" "$T/killed" &
pid=$!
for _ in $(seq 1 200); do
	[ "$(find "$T/killed" -type f -not -name '*.winnow-tmp' 2>/dev/null | wc -l)" -ge 20 ] && break
	sleep 0.05
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
done_before=$(find "$T/killed" -type f -not -name '*.winnow-tmp' | wc -l)
total=$(find "$T/ref" -type f | wc -l)
partial=0
while IFS= read -r f; do
	cmp -s "$f" "$T/ref/${f#"$T/killed/"}" || partial=1
done < <(find "$T/killed" -type f -not -name '*.winnow-tmp')
[ "$done_before" -gt 0 ] && [ "$done_before" -lt "$total" ] && [ $partial -eq 0 ] \
	&& ok "kill -9: $done_before of $total outputs, each complete" || fail "kill -9 ($done_before of $total, partial=$partial)"
"${W[@]}" batch -j 2 --resume "$T/big" "$T/killed" 2> "$T/err" || fail "resume run"
grep -q "already done (--resume)" "$T/err" && diff -r "$T/ref" "$T/killed" > /dev/null \
	&& ok "--resume completes the batch" || fail "--resume"

# ----------------------------------------------------------- GNU parallel
if command -v parallel > /dev/null; then
	"${W[@]}" "$T/one.jsonl" > "$T/serial.jsonl"
	parallel --will-cite --pipe --block 300k -k "$WINNOW" -f jsonl < "$T/one.jsonl" > "$T/par.jsonl"
	cmp -s "$T/serial.jsonl" "$T/par.jsonl" && ok "GNU parallel --pipe mapper" || fail "parallel --pipe"
	mkdir -p "$T/shards" "$T/shards.out"
	split -l 3 -d --additional-suffix=.jsonl "$T/one.jsonl" "$T/shards/part-"
	parallel --will-cite "$WINNOW" {} '>' "$T/shards.out/{/}" ::: "$T"/shards/*.jsonl
	cat "$T"/shards.out/*.jsonl | cmp -s - "$T/serial.jsonl" && ok "GNU parallel over shards" || fail "parallel shards"
else
	echo "skip: GNU parallel is not installed"
fi

exit $FAILED
