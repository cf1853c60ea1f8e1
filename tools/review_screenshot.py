#!/usr/bin/env python3
"""The README's picture of the review page: review_screenshot.py WINNOW OUT.png

Runs `winnow review fixtures/cases/*.txt`, opens the page in headless
Chromium (tools/cdp.py), shows the demo document with one removal focused
(its rule in the status line), and saves a screenshot.
"""
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser  # noqa: E402


def main() -> None:
    winnow, out = sys.argv[1], sys.argv[2]
    root = Path(__file__).resolve().parent.parent
    files = sorted(str(p.relative_to(root)) for p in (root / "fixtures" / "cases").glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "review.html"
        with open(page, "wb") as fh:
            subprocess.run([winnow, "review", *files], stdout=fh, check=True, cwd=root)
        with Browser(width=1200, height=760) as b:
            b.goto(page.as_uri() + "#doc-2")
            b.wait_for("document.querySelectorAll('#doc del').length > 0")
            b.eval("(() => { const d = Array.from(document.querySelectorAll('#doc del'))"
                   ".find(e => e.title.startsWith('cta.')); d.focus(); })()")
            b.wait_for("document.querySelector('#info').textContent.length > 0")
            if b.errors:
                raise SystemExit("page errors: %s" % b.errors)
            b.screenshot(out)


if __name__ == "__main__":
    main()
