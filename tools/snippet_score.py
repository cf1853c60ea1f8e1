#!/usr/bin/env python3
"""The snippet metric, independently of winnow: snippet_score.py PAGES RENDERING CMD...

Runs CMD (the page's rendering on stdin, the kept text on stdout) on every
page folder of PAGES that holds labels.json, and prints the totals the way
`winnow tune` does: tp (with-snippets kept), fp (without-snippets kept), fn,
tn, summed over pages, and P, R, F. Text and snippets are compared with
every run of white space (str.isspace) as one space, ends trimmed; a
snippet is present when it is a substring. tests/run_snippets.sh checks
that `winnow tune` prints the same counts.
"""
import json
import os
import re
import subprocess
import sys


def norm(text):
    return re.sub(r'\s+', ' ', text).strip()


def main():
    pages, rendering, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
    tp = fp = fn = tn = 0
    for name in sorted(os.listdir(pages)):
        folder = os.path.join(pages, name)
        labels = os.path.join(folder, 'labels.json')
        if not os.path.isfile(labels):
            continue
        with open(labels, encoding='utf-8') as fh:
            lab = json.load(fh)
        with open(os.path.join(folder, rendering + '.txt'), 'rb') as fh:
            src = fh.read()
        run = subprocess.run(cmd, input=src, capture_output=True)
        out = norm(run.stdout.decode('utf-8', 'replace')) if run.returncode == 0 else ''
        for s in lab['with']:
            if norm(s) in out:
                tp += 1
            else:
                fn += 1
        for s in lab['without']:
            if norm(s) in out:
                fp += 1
            else:
                tn += 1
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    print(f'tp={tp} fp={fp} fn={fn} tn={tn}  P={p:.3f} R={r:.3f} F={f:.3f}')


if __name__ == '__main__':
    main()
