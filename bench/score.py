#!/usr/bin/env python3
"""Reference implementation of the article-extraction-benchmark metric.

Used to cross-check `winnow tune` (which implements the same metric in C).
Usage: score.py GOLD PRED [GOLD PRED ...]   or   score.py --dir BENCH RENDERING CMD...
Prints per-page tp/fp/fn and the mean precision, recall and F1.
"""
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

TOKEN = re.compile(r'\w+', re.UNICODE)


def shingles(text, n=4):
    toks = TOKEN.findall(text or '')
    return Counter(tuple(toks[i:i + n]) for i in range(max(1, len(toks) - n + 1))
                   if toks[i:i + n])


def page(true, pred):
    t, p = shingles(true), shingles(pred)
    tp = fp = fn = 0.0
    for k in set(t) | set(p):
        a, b = t.get(k, 0), p.get(k, 0)
        tp += min(a, b)
        fp += max(0, b - a)
        fn += max(0, a - b)
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def prec(tp, fp, fn):
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def rec(tp, fp, fn):
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def summary(rows):
    ps = [prec(*r) for r in rows if r[0] + r[1] > 0]
    rs = [rec(*r) for r in rows if r[0] + r[2] > 0]
    p = sum(ps) / len(ps)
    r = sum(rs) / len(rs)
    return p, r, 2 * p * r / (p + r)


def main(argv):
    if argv and argv[0] == '--dir':
        bench, rendering, cmd = Path(argv[1]), argv[2], argv[3:]
        rows = []
        for d in sorted(p for p in bench.iterdir() if p.is_dir()):
            src = (d / f'{rendering}.txt').read_bytes()
            out = subprocess.run(cmd, input=src, capture_output=True, check=True).stdout
            r = page((d / 'gold.txt').read_text(encoding='utf-8'),
                     out.decode('utf-8', 'replace'))
            rows.append(r)
            print(f'{d.name} P={prec(*r):.3f} R={rec(*r):.3f}')
    else:
        rows = []
        for g, p in zip(argv[0::2], argv[1::2]):
            rows.append(page(Path(g).read_text(encoding='utf-8'),
                             Path(p).read_text(encoding='utf-8', errors='replace')))
    p, r, f = summary(rows)
    print(f'pages={len(rows)} P={p:.4f} R={r:.4f} F1={f:.4f}')


if __name__ == '__main__':
    main(sys.argv[1:])
