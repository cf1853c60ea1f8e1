"""The review page in a real browser: headless Chromium driven over the
DevTools protocol (tools/cdp.py, python3-websocket), with real clicks and
key presses. Run by meson (suite browser) with WINNOW set to the built CLI,
FIXTURES to fixtures/ and TOOLS to tools/.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

WINNOW = os.environ["WINNOW"]
FIXTURES = Path(os.environ["FIXTURES"])
sys.path.insert(0, os.environ["TOOLS"])

from cdp import Browser  # noqa: E402

HOSTILE = (
    "A Quiet Street With a Loud History\n"
    "</script><script>window.__pwned = 1; alert('script')</script>\n"
    "<img src=x onerror=\"window.__pwned = 2; alert('img')\">\n"
    "Share this article on </title><b>Facebook</b> & Twitter\n"
    "The council met on Monday and agreed, after a long debate about <script> tags in "
    "council minutes, on a budget for the new library and the repair of the old bridge.\n"
    "Its members said the library would open next spring, with a reading room for children.\n"
    "\u2028 line separator, a \\u003c escape written out, and a ]]> for good measure.\n"
    "Follow us on Twitter\n"
)


def stats_table(files, *args):
    """`winnow --stats` over files: {category: (lines, bytes, docs)} and the
    lines under the table, the speed left out."""
    err = subprocess.run([WINNOW, "--stats", *args, *map(str, files)], stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, check=True).stderr.decode()
    rows, notes, in_table = {}, [], False
    for line in err.splitlines():
        if line.startswith("winnow:"):
            continue
        if line.startswith("category"):
            in_table = True
            continue
        if in_table:
            parts = line.split()
            rows[parts[0]] = tuple(int(p) for p in parts[1:4])
            if parts[0] == "total":
                in_table = False
            continue
        notes.append(re.sub(r", [0-9.]+ MB/s", "", line))
    return rows, notes


def review(path: Path, files, *args) -> None:
    with open(path, "wb") as out:
        subprocess.run([WINNOW, "review", *args, *map(str, files)], stdout=out, check=True)


class ReviewPage(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = Path(tempfile.mkdtemp(prefix="winnow-review-"))
        cls.browser = Browser()
        # listen for dialogs and long tasks before any page script runs
        cls.browser.send("Page.addScriptToEvaluateOnNewDocument", source=(
            "window.__longest = 0; try { new PerformanceObserver((l) => { for (const e of l.getEntries())"
            " window.__longest = Math.max(window.__longest, e.duration); }).observe({type: 'longtask', buffered: true}); }"
            " catch (e) {}"))

    @classmethod
    def tearDownClass(cls):
        cls.browser.close()
        import shutil

        shutil.rmtree(cls.tmp, ignore_errors=True)

    def open(self, page: Path):
        b = self.browser
        b.errors.clear()
        b.dialogs.clear()
        b.goto(page.as_uri())
        b.wait_for("document.querySelector('#doc') && document.querySelector('#docname').textContent.length > 0")
        return b

    def test_cases_page(self):
        files = sorted((FIXTURES / "cases").glob("*.txt"))
        page = self.tmp / "cases.html"
        review(page, files)
        b = self.open(page)
        # the counts shown are those of --stats
        shown = b.eval("Array.from(document.querySelectorAll('#counts tbody tr')).map(tr =>"
                       " [tr.dataset.category, ...Array.from(tr.cells).slice(1, 4).map(c => +c.textContent)])")
        rows, notes = stats_table(files)
        self.assertEqual({r[0]: tuple(r[1:]) for r in shown}, rows)
        self.assertEqual(b.eval("Array.from(document.querySelectorAll('.totals')).map(p => p.textContent)"), notes)
        # the first document is rendered on load; next shows the second (a real click)
        self.assertEqual(b.eval("document.querySelector('#position').textContent"), "document 1 of 2")
        b.click("#next")
        self.assertEqual(b.eval("document.querySelector('#position').textContent"), "document 2 of 2")
        self.assertIn("demo.txt", b.eval("document.querySelector('#docname').textContent"))
        dels = b.eval("document.querySelectorAll('#doc del').length")
        self.assertGreater(dels, 5)
        # every removal says its rule, verdict and reason
        titles = b.eval("Array.from(document.querySelectorAll('#doc del')).map(d => d.title)")
        self.assertTrue(all(re.match(r"^[a-z_]+\.[a-z0-9_.-]+ \([a-z_]+\) \u00b7 (drop|partial)", t) for t in titles), titles)
        # toggling a category hides its spans, and only those
        cat = b.eval("document.querySelector('#counts tr[data-category=\"author_bio\"] input').dataset.toggle")
        visible = "(sel) => Array.from(document.querySelectorAll(sel)).filter(e => getComputedStyle(e).display !== 'none').length"
        before = b.eval(f"({visible})('#doc del')")
        own = b.eval(f"document.querySelectorAll('#doc del[data-cat=\"{cat}\"]').length")
        self.assertGreater(own, 0)
        b.click('#counts tr[data-category="author_bio"] input')
        self.assertEqual(b.eval(f"({visible})('#doc del[data-cat=\"{cat}\"]')"), 0)
        self.assertEqual(b.eval(f"({visible})('#doc del')"), before - own)
        b.click('#counts tr[data-category="author_bio"] input')
        self.assertEqual(b.eval(f"({visible})('#doc del')"), before)
        # the document list goes to a document; the keyboard too
        b.click('#doclist a[data-i="0"]')
        self.assertEqual(b.eval("document.querySelector('#position').textContent"), "document 1 of 2")
        b.key("n", code="KeyN", text="n", keycode=78)
        self.assertEqual(b.eval("document.querySelector('#position').textContent"), "document 2 of 2")
        b.key("p", code="KeyP", text="p", keycode=80)
        b.key("n", code="KeyN", text="n", keycode=78)
        # Tab reaches a removal; focus shows its rule in the status line
        b.eval("document.querySelector('#doclist a[data-i=\"1\"]').focus()")
        for _ in range(40):
            b.key("Tab", code="Tab", keycode=9)
            if b.eval("document.activeElement.tagName") == "DEL":
                break
        self.assertEqual(b.eval("document.activeElement.tagName"), "DEL")
        self.assertEqual(b.eval("document.querySelector('#info').textContent"),
                         b.eval("document.activeElement.title"))
        self.assertEqual(b.errors, [])
        self.assertEqual(b.dialogs, [])

    def test_the_pages_are_valid_html5(self):
        import html5lib

        hostile = self.tmp / "valid-hostile.txt"
        hostile.write_text(HOSTILE)
        made = []
        for name, files in (("cases", sorted((FIXTURES / "cases").glob("*.txt"))), ("hostile", [hostile])):
            page = self.tmp / f"valid-{name}.html"
            review(page, files)
            made.append(page)
        tune = self.tmp / "valid-tune.html"
        subprocess.run([WINNOW, "tune", "--errors", "0", "--html", str(tune), str(FIXTURES / "hard")],
                       stdout=subprocess.DEVNULL, check=True)
        made.append(tune)
        for page in made:
            parser = html5lib.HTMLParser(strict=True)
            parser.parse(page.read_bytes())  # raises at the first parse error
            self.assertEqual(parser.errors, [], page)
            b = self.open(page)
            dup = b.eval("(() => { const ids = Array.from(document.querySelectorAll('[id]')).map(e => e.id);"
                         " return ids.filter((x, i) => ids.indexOf(x) !== i); })()")
            self.assertEqual(dup, [], page)
            self.assertEqual(b.eval("document.documentElement.lang"), "en")
            self.assertEqual(b.errors, [])

    def test_dark_scheme_is_readable(self):
        page = self.tmp / "dark.html"
        review(page, [FIXTURES / "cases" / "demo.txt"])
        b = self.browser
        b.send("Emulation.setEmulatedMedia", features=[{"name": "prefers-color-scheme", "value": "dark"}])
        try:
            self.open(page)
            colours = b.eval("[getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color,"
                             " getComputedStyle(document.querySelector('#doc del')).color]")
        finally:
            b.send("Emulation.setEmulatedMedia", features=[])

        def lum(c):
            r, g, bb = [int(x) / 255 for x in re.findall(r"\d+", c)[:3]]
            f = lambda v: v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
            return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(bb)

        bg, fg, removed = (lum(c) for c in colours)
        self.assertLess(bg, 0.05, colours)
        self.assertGreater((fg + 0.05) / (bg + 0.05), 7, colours)
        self.assertGreater((removed + 0.05) / (bg + 0.05), 4.5, colours)

    def test_hostile_input_stays_inert(self):
        src = self.tmp / "x<img src=y onerror=alert(9)>.txt"
        src.write_text(HOSTILE)
        jsonl = self.tmp / "hostile.jsonl"
        jsonl.write_text(json.dumps({"id": "</script><script>alert(3)</script>", "text": HOSTILE}) + "\n")
        page = self.tmp / "hostile.html"
        review(page, [src, jsonl])
        html = page.read_bytes()
        self.assertEqual(html.count(b"<script"), 2)  # the data block and the page's script
        self.assertNotIn(b"<img", html)
        b = self.open(page)
        for i in range(2):
            b.eval(f"window.winnowReview.go({i})")
            text = b.eval("document.querySelector('#doc').textContent")
            self.assertIn("</script><script>window.__pwned = 1; alert('script')</script>", text)
            self.assertIn("<img src=x onerror=", text)
        self.assertIn("<img src=y onerror=alert(9)>", b.eval("document.querySelector('#doclist').textContent"))
        self.assertIsNone(b.eval("window.__pwned"))
        self.assertEqual(b.eval("document.querySelectorAll('img, b, #doc script').length"), 0)
        self.assertEqual(b.eval("document.scripts.length"), 2)
        self.assertEqual(b.dialogs, [])
        self.assertEqual(b.errors, [])

    def test_a_thousand_documents(self):
        pages = sorted((FIXTURES / "bench").glob("*/html-text.txt")) + sorted((FIXTURES / "multilingual").glob("*/w3m.txt"))
        texts = [p.read_text(errors="replace") for p in pages]
        corpus = self.tmp / "thousand.jsonl"
        with open(corpus, "w") as fh:
            for i in range(1000):
                fh.write(json.dumps({"id": f"doc-{i}", "text": texts[i % len(texts)]}) + "\n")
        page = self.tmp / "thousand.html"
        review(page, [corpus])
        self.assertGreater(page.stat().st_size, 5_000_000)
        b = self.browser
        b.errors.clear()
        b.goto(page.as_uri())
        # the first document is there at load, the list fills in slices
        self.assertEqual(b.eval("document.querySelector('#position').textContent"), "document 1 of 1000")
        b.wait_for("document.querySelectorAll('#doclist li').length === 1000 && document.querySelector('#pick').options.length === 1000")
        b.click("#next")
        self.assertEqual(b.eval("document.querySelector('#position').textContent"), "document 2 of 1000")
        b.eval("window.winnowReview.go(999)")
        self.assertIn("doc-999", b.eval("document.querySelector('#docname').textContent"))
        # no task held the page for long (the data parse included)
        self.assertLess(b.eval("window.__longest"), 2000)
        rows, _ = stats_table([corpus])
        shown = b.eval("Array.from(document.querySelectorAll('#counts tbody tr')).map(tr =>"
                       " [tr.dataset.category, ...Array.from(tr.cells).slice(1, 4).map(c => +c.textContent)])")
        self.assertEqual({r[0]: tuple(r[1:]) for r in shown}, rows)
        self.assertEqual(b.errors, [])

    def test_tune_page_marks_the_mistakes(self):
        page = self.tmp / "tune.html"
        out = subprocess.run([WINNOW, "tune", "--errors", "0", "--html", str(page), str(FIXTURES / "bench")],
                             stdout=subprocess.PIPE, check=True).stdout.decode()
        m = re.search(r"^all pages\s+(\d+)\s+(\d+)", out, re.M)
        lost, kept = int(m.group(1)), int(m.group(2))
        b = self.open(page)
        n = b.eval("window.winnowReview.count")
        self.assertEqual(n, 88)
        marks = b.eval(
            "(() => { let lost = 0, kept = 0; for (let i = 0; i < window.winnowReview.count; i++) {"
            " window.winnowReview.go(i); lost += document.querySelectorAll('#doc .mark.lost').length;"
            " kept += document.querySelectorAll('#doc .mark.leak').length; } return [lost, kept]; })()")
        self.assertEqual(marks, [lost, kept])
        self.assertEqual(b.errors, [])


if __name__ == "__main__":
    unittest.main(verbosity=2)
