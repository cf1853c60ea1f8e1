#!/usr/bin/env python3
"""Build test and benchmark corpora from the bundled pages.

    make_corpus.py text  OUT --mb M          one text file, pages separated by form feeds
    make_corpus.py jsonl OUT --mb M          one JSONL file ({"id", "url", "text"} records)
    make_corpus.py warc  OUT --mb M          a WET-like WARC file (OUT.gz: one gzip member per record)
    make_corpus.py tree  DIR --files N --mb M   a directory tree of .txt, .jsonl, .jsonl.gz,
                                                .warc.gz and .wet files (plus a few others)

Pages come from fixtures/bench (88 real pages, three renderings each) and the
spam-family fixtures (fixtures/seeds, fixtures/variants). Copies are varied so
that no page repeats verbatim: some words of each line are swapped for words of
the same corpus, which keeps the shape of every line (length, punctuation,
case) and so the work the filter does. The output is deterministic for a given
--seed.
"""
import argparse
import base64
import gzip
import hashlib
import json
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / 'fixtures'


def load_pages(renderings=('html-text', 'inscriptis', 'html2text')):
    pages = []
    for d in sorted((FIXTURES / 'bench').iterdir()):
        for r in renderings:
            f = d / (r + '.txt')
            if f.exists():
                pages.append((d.name + '/' + r, f.read_bytes()))
    for sub in ('seeds', 'variants'):
        for f in sorted((FIXTURES / sub).glob('*.txt')):
            if not f.name.endswith('.gold.txt'):
                pages.append((sub + '/' + f.stem, f.read_bytes()))
    return pages


class Varier:
    """Copies of pages with some words swapped, deterministic."""

    def __init__(self, pages, seed):
        self.rng = random.Random(seed)
        words = set()
        for _, text in pages[::7]:
            for w in text.split():
                if w.isalpha() and w.islower() and 3 <= len(w) <= 10:
                    words.add(w)
        self.words = sorted(words) or [b'word']

    def vary(self, text, rate=0.08):
        rng, words = self.rng, self.words
        out = []
        for line in text.split(b'\n'):
            parts = line.split(b' ')
            if len(parts) > 4:
                for _ in range(max(1, int(len(parts) * rate))):
                    i = rng.randrange(len(parts))
                    if parts[i].isalpha() and parts[i].islower():
                        parts[i] = rng.choice(words)
                line = b' '.join(parts)
            out.append(line)
        return b'\n'.join(out)


def documents(pages, varier, rng):
    n = 0
    while True:
        name, text = pages[rng.randrange(len(pages))]
        yield n, name, varier.vary(text)
        n += 1


def warc_record(typ, block, rid, extra=(), ctype='text/plain'):
    head = ['WARC/1.0', 'WARC-Type: ' + typ, 'WARC-Date: 2024-01-01T00:00:00Z',
            'WARC-Record-ID: <urn:uuid:%08x-0000-4000-8000-%012x>' % (rid >> 48, rid & (2**48 - 1))]
    head += list(extra)
    head += ['Content-Type: ' + ctype,
             'WARC-Block-Digest: sha1:' + base64.b32encode(hashlib.sha1(block).digest()).decode(),
             'Content-Length: %d' % len(block)]
    return ('\r\n'.join(head) + '\r\n\r\n').encode() + block + b'\r\n\r\n'


def write_text(out, docs, budget):
    size = 0
    with open(out, 'wb') as f:
        for i, _, text in docs:
            if size >= budget:
                break
            if i:
                f.write(b'\f')
            f.write(text)
            size += len(text) + 1


def jsonl_records(docs, budget):
    size = 0
    for i, name, text in docs:
        if size >= budget:
            return
        rec = json.dumps({'id': 'doc-%07d' % i, 'url': 'https://example.com/' + name,
                          'text': text.decode('utf-8', 'surrogateescape')},
                         ensure_ascii=False).encode('utf-8', 'surrogateescape') + b'\n'
        size += len(rec)
        yield rec


def write_jsonl(out, docs, budget):
    opener = gzip.open if str(out).endswith('.gz') else open
    with opener(out, 'wb') as f:
        for rec in jsonl_records(docs, budget):
            f.write(rec)


def warc_records(docs, budget):
    info = b'software: winnow make_corpus.py\r\nformat: WARC File Format 1.0\r\n'
    yield warc_record('warcinfo', info, 0, ctype='application/warc-fields')
    size = 0
    for i, name, text in docs:
        if size >= budget:
            return
        rec = warc_record('conversion', text, i + 1,
                          ['WARC-Target-URI: https://example.com/' + name,
                           'WARC-Refers-To: <urn:uuid:%08x-0000-4000-8000-000000000000>' % i])
        size += len(rec)
        yield rec


def write_warc(out, docs, budget):
    gz = str(out).endswith('.gz')
    with open(out, 'wb') as f:
        for rec in warc_records(docs, budget):
            f.write(gzip.compress(rec, 6, mtime=0) if gz else rec)


def write_tree(out, docs, files, budget, rng):
    out.mkdir(parents=True, exist_ok=True)
    per_file = max(1, budget // max(1, files))
    kinds = ['txt'] * 70 + ['jsonl'] * 12 + ['jsonl.gz'] * 5 + ['warc.gz'] * 8 + ['wet'] * 3 + \
            ['md'] * 2
    for k in range(files):
        kind = kinds[rng.randrange(len(kinds))]
        sub = out / ('part-%03d' % (k % 37)) / ('d%d' % (k % 5))
        sub.mkdir(parents=True, exist_ok=True)
        path = sub / ('f%06d.%s' % (k, kind))
        if kind in ('txt', 'md'):
            parts, size = [], 0
            while size < per_file:
                _, _, text = next(docs)
                parts.append(text)
                size += len(text)
            path.write_bytes(b'\n\n'.join(parts))
        elif kind.startswith('jsonl'):
            write_jsonl(path, docs, per_file)
        else:
            write_warc(path, docs, per_file)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('kind', choices=['text', 'jsonl', 'warc', 'tree'])
    ap.add_argument('out', type=Path)
    ap.add_argument('--mb', type=float, default=10)
    ap.add_argument('--files', type=int, default=100)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--renderings', default='html-text,inscriptis,html2text')
    a = ap.parse_args()
    pages = load_pages(tuple(a.renderings.split(',')))
    if not pages:
        sys.exit('make_corpus.py: no pages under ' + str(FIXTURES))
    rng = random.Random(a.seed)
    docs = documents(pages, Varier(pages, a.seed), rng)
    budget = int(a.mb * 1e6)
    if a.kind == 'text':
        write_text(a.out, docs, budget)
    elif a.kind == 'jsonl':
        write_jsonl(a.out, docs, budget)
    elif a.kind == 'warc':
        write_warc(a.out, docs, budget)
    else:
        write_tree(a.out, docs, a.files, budget, rng)


if __name__ == '__main__':
    main()
