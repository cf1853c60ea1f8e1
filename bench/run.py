#!/usr/bin/env python3
"""The winnow benchmark: one command, one table.

    bench/run.py [--build build] [--mb 500] [--runs 3] [--slice-mb 5] [--skip-batch]
                 [--against OTHER_BUILD [--pairs 7] [--ab-mb 50] [--ab-only]]

Builds (once, under bench/corpus/, reproducibly) a corpus of --mb MB from the
bundled benchmark pages and spam-family fixtures, with every copy varied
(tools/make_corpus.py): the html-text mix as plain text (documents separated
by form feeds) and as JSONL. Then, on one core (taskset -c 0):

  * cat and grep -c with one simple pattern, and grep -v with a small
    anchored alternation: the floor winnow is measured against;
  * winnow on the text and on the JSONL corpus: MB/s, median of --runs runs,
    and its time as a ratio to grep -c's on the same bytes (the target: 5x);
  * peak RSS of winnow on a 1 GB stream (the corpus twice, through a pipe)
    and on one 200 MB document (the corpus without its document breaks);
  * instructions per input byte under callgrind on a fixed --slice-mb slice
    (stable on a noisy machine);
  * winnow batch with -j 1 and -j 2 over a tree of files, --runs pairs back
    to back, the median speed-up (--skip-batch to skip).

With --against OTHER_BUILD, also times this build and that one interleaved
(--pairs pairs, the CPU time of each run on one core, over the first --ab-mb
MB of the text corpus) and checks that their outputs are identical: on a
shared machine, MB/s of one build moves by 10% between runs minutes apart
(and by 2x between hours), so a change is measured against the build before
it this way, not by two bench runs. --ab-only skips the rest.

Prints a Markdown table; --json FILE also writes the figures.
"""
import argparse
import hashlib
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / 'bench' / 'corpus'


def sh(cmd, **kw):
    return subprocess.run(cmd, shell=True, check=True, **kw)


def make_corpus(mb):
    CORPUS.mkdir(parents=True, exist_ok=True)
    maker = ROOT / 'tools' / 'make_corpus.py'
    made = {}
    for kind, name in (('text', 'html-text.txt'), ('jsonl', 'html-text.jsonl')):
        path = CORPUS / name
        stamp = CORPUS / (name + '.mb')
        if not path.exists() or not stamp.exists() or stamp.read_text() != str(mb):
            print('building %s (%g MB) ...' % (path, mb), file=sys.stderr)
            sh('python3 %s %s %s --mb %g --renderings html-text --seed 42' % (maker, kind, path, mb))
            stamp.write_text(str(mb))
        made[kind] = path
    return made


def timed(cmd, runs, core='0'):
    """Median wall time of cmd (a shell string) over runs, pinned to one core.
    Its output goes through a pipe to cat on the other core: GNU grep
    notices a standard output of /dev/null and stops at the first match."""
    times = []
    other = '1' if core == '0' else '0'
    for _ in range(runs):
        t0 = time.perf_counter()
        sh('set -o pipefail; taskset -c %s sh -c %s | taskset -c %s cat > /dev/null'
           % (core, shlex_quote(cmd), other), executable='/bin/bash')
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def shlex_quote(s):
    return "'" + s.replace("'", "'\\''") + "'"


def peak_rss_kb(cmd):
    out = subprocess.run(['/usr/bin/time', '-f', '%M', 'sh', '-c', cmd],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
    return int(out.stderr.strip().splitlines()[-1])


def callgrind_ir(winnow, args):
    with tempfile.TemporaryDirectory() as tmp:
        r = subprocess.run(['valgrind', '--tool=callgrind', '--smc-check=all-non-file',
                            '--callgrind-out-file=' + str(Path(tmp) / 'cg.out'), winnow] + args,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    m = re.search(r'refs:\s+([\d,]+)', r.stderr)
    return int(m.group(1).replace(',', '')) if m else None


def instructions_per_byte(winnow, path, slice_mb, args):
    """Instructions per byte of a fixed slice, start-up (rules compiled,
    patterns JIT-compiled) subtracted; and the start-up itself."""
    with tempfile.TemporaryDirectory() as tmp:
        piece, empty = Path(tmp) / 'slice', Path(tmp) / 'empty'
        with open(path, 'rb') as f:
            data = f.read(int(slice_mb * 1e6))
        piece.write_bytes(data)
        empty.write_bytes(b'')
        full = callgrind_ir(winnow, args + [str(piece)])
        start = callgrind_ir(winnow, args + [str(empty)])
    if full is None or start is None:
        return None, None
    return (full - start) / len(data), start


def cpu_seconds(winnow, path):
    """User and system seconds of one run of winnow on path, on core 0."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(path, 'rb') as f:
        subprocess.run(['taskset', '-c', '0', winnow, '--doc-separator', '\f'], stdin=f,
                       stdout=subprocess.DEVNULL, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def output_digest(winnow, path, args):
    with open(path, 'rb') as f:
        out = subprocess.run([winnow, '--doc-separator', '\f'] + args, stdin=f,
                             stdout=subprocess.PIPE, check=True).stdout
    return hashlib.sha256(out).hexdigest()


def against(winnow, other, text, mb, pairs, fig):
    """This build and another, interleaved on the same slice: Markdown rows."""
    with tempfile.TemporaryDirectory() as tmp:
        piece = Path(tmp) / 'slice'
        with open(text, 'rb') as f:
            piece.write_bytes(f.read(int(mb * 1e6)))
        same = all(output_digest(winnow, piece, args) == output_digest(other, piece, args)
                   for args in ([], ['--explain']))
        times = {winnow: [], other: []}
        for _ in range(pairs):
            for w in (other, winnow):
                times[w].append(cpu_seconds(w, piece))
    mean = {w: statistics.mean(t) for w, t in times.items()}
    fig['against'] = {'pairs': pairs, 'mb': mb, 'outputs_identical': same,
                      'seconds': {'this': times[winnow], 'other': times[other]},
                      'time_ratio': mean[winnow] / mean[other]}
    return [
        '| this build, interleaved | %.3f s (fastest %.3f s) | mean CPU time of %d runs on %g MB, one core |'
        % (mean[winnow], min(times[winnow]), pairs, mb),
        '| %s, interleaved | %.3f s (fastest %.3f s) | the same runs, alternating with this build\'s |'
        % (other, mean[other], min(times[other])),
        '| time, this / other | %.3f | outputs (and --explain) %s |'
        % (mean[winnow] / mean[other], 'identical' if same else '**differ**'),
    ]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--build', default=str(ROOT / 'build'))
    ap.add_argument('--mb', type=float, default=500)
    ap.add_argument('--runs', type=int, default=3)
    ap.add_argument('--slice-mb', type=float, default=5)
    ap.add_argument('--skip-batch', action='store_true')
    ap.add_argument('--json')
    ap.add_argument('--against', metavar='OTHER_BUILD')
    ap.add_argument('--pairs', type=int, default=7)
    ap.add_argument('--ab-mb', type=float, default=50)
    ap.add_argument('--ab-only', action='store_true')
    a = ap.parse_args()
    winnow = str(Path(a.build) / 'winnow')
    for w in [winnow] + ([str(Path(a.against) / 'winnow')] if a.against else []):
        if not os.access(w, os.X_OK):
            sys.exit('bench: %s not found: build first (meson setup build && meson compile -C build)' % w)
    if a.ab_only and not a.against:
        sys.exit('bench: --ab-only needs --against OTHER_BUILD')
    corpus = make_corpus(a.mb)
    text, jsonl = corpus['text'], corpus['jsonl']
    if a.ab_only:
        fig = {}
        print('| what | figure | note |')
        print('| --- | ---: | --- |')
        for line in against(winnow, str(Path(a.against) / 'winnow'), text, a.ab_mb, a.pairs, fig):
            print(line)
        if a.json:
            Path(a.json).write_text(json.dumps(fig, indent=1))
        return
    size = text.stat().st_size / 1e6
    jsize = jsonl.stat().st_size / 1e6
    rows, fig = [], {}

    def row(name, mb, secs, note=''):
        rate = mb / secs
        rows.append((name, '%.1f' % rate, note))
        fig[name] = rate

    sh('cat %s > /dev/null' % text)  # warm the page cache
    row('cat', size, timed('cat %s' % text, a.runs))
    # -a: the corpus holds form feeds and the odd invalid byte; without it
    # grep calls the file binary and stops at the first match
    grep_text = timed('grep -a -c the %s' % text, a.runs)
    row('grep -c the', size, grep_text)
    row("grep -v -E '^(share|follow us|advertisement)'", size,
        timed("grep -a -v -E '^(share|follow us|advertisement)' %s" % text, a.runs))
    # the target is a ratio: winnow's time over grep -c's on the same bytes
    w_text = timed("%s --doc-separator '\\f' %s" % (winnow, text), a.runs)
    fig['ratio_to_grep_text'] = w_text / grep_text
    row('winnow, text', size, w_text,
        'html-text mix, %.0f MB, default rules: %.1fx the time of grep -c'
        % (size, fig['ratio_to_grep_text']))
    grep_jsonl = timed('grep -a -c the %s' % jsonl, a.runs)
    w_jsonl = timed('%s %s' % (winnow, jsonl), a.runs)
    fig['ratio_to_grep_jsonl'] = w_jsonl / grep_jsonl
    row('winnow, JSONL', jsize, w_jsonl,
        'same pages as JSONL records, %.0f MB: %.1fx the time of grep -c on them'
        % (jsize, fig['ratio_to_grep_jsonl']))
    rss = peak_rss_kb("cat %s %s | %s --doc-separator '\\f' > /dev/null" % (text, text, winnow))
    fig['peak_rss_mb_1gb_stream'] = rss / 1024
    # one 200 MB document: the corpus without its document breaks
    rss_doc = peak_rss_kb("head -c 200000000 %s | tr -d '\\f' | %s > /dev/null" % (text, winnow))
    fig['peak_rss_mb_200mb_doc'] = rss_doc / 1024
    ipb, startup = instructions_per_byte(winnow, text, a.slice_mb, ['--doc-separator', '\f'])
    fig['instructions_per_byte'] = ipb
    fig['startup_instructions'] = startup

    if not a.skip_batch:
        with tempfile.TemporaryDirectory(dir=str(CORPUS)) as tmp:
            tree = Path(tmp) / 'tree'
            sh('python3 %s tree %s --files 2000 --mb 200 --renderings html-text --seed 7'
               % (ROOT / 'tools' / 'make_corpus.py', tree))
            tree_mb = sum(f.stat().st_size for f in tree.rglob('*') if f.is_file()) / 1e6
            # pairs of -j 1 and -j 2 back to back, --runs of them: on a
            # shared machine the second core's speed swings between runs
            times = {1: [], 2: []}
            for _ in range(a.runs):
                for j in (1, 2):
                    out = Path(tmp) / ('out%d' % j)
                    t0 = time.perf_counter()
                    sh('%s batch -q -j %d %s %s' % (winnow, j, tree, out))
                    times[j].append(time.perf_counter() - t0)
                    shutil.rmtree(out)
            speedups = sorted(t1 / t2 for t1, t2 in zip(times[1], times[2]))
            t1, t2 = statistics.median(times[1]), statistics.median(times[2])
            row('winnow batch -j 1', tree_mb, t1, '2000 files, %.0f MB' % tree_mb)
            row('winnow batch -j 2', tree_mb, t2, 'speed-up %.2fx (median of %d pairs: %s)'
                % (statistics.median(speedups), len(speedups),
                   ', '.join('%.2fx' % x for x in speedups)))
            fig['batch_speedup'] = statistics.median(speedups)

    print('| what | MB/s | note |')
    print('| --- | ---: | --- |')
    for name, rate, note in rows:
        print('| %s | %s | %s |' % (name, rate, note))
    print('| peak RSS, 1 GB stream | %.1f MB | the text corpus twice through a pipe |' % (rss / 1024))
    print('| peak RSS, one 200 MB document | %.1f MB | the text corpus without document breaks |'
          % (rss_doc / 1024))
    if ipb:
        print('| instructions per byte | %.0f | callgrind, first %g MB of the text corpus, '
              'start-up (%.0f M instructions) subtracted |' % (ipb, a.slice_mb, startup / 1e6))
    if a.against:
        for line in against(winnow, str(Path(a.against) / 'winnow'), text, a.ab_mb, a.pairs, fig):
            print(line)
    if a.json:
        Path(a.json).write_text(json.dumps(fig, indent=1))


if __name__ == '__main__':
    main()
