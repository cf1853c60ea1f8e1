"""winnow.dask on real Dask clusters: a LocalCluster of two worker processes,
and a `dask scheduler` with two `dask worker` processes on localhost
standing in for machines. Run by meson (suite python) with PYTHONPATH set to
the build tree's python/, WINNOW to the built CLI and FIXTURES to fixtures/.
Worker processes import this file: everything that starts them is under the
__main__ guard or inside a test.
"""
import gzip
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import uuid
from pathlib import Path

WINNOW = os.environ.get("WINNOW", "")
FIXTURES = Path(os.environ.get("FIXTURES", "fixtures"))


def warc_record(text: bytes, uri: str) -> bytes:
    head = (
        "WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n"
        f"WARC-Record-ID: <urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, uri)}>\r\n"
        f"WARC-Target-URI: {uri}\r\nContent-Type: text/plain\r\n"
        f"Content-Length: {len(text)}\r\n\r\n"
    ).encode()
    return head + text + b"\r\n\r\n"


def make_corpus(root: Path, scale: int = 1) -> int:
    """20 shards in every format winnow reads, in two folders, plus a file
    that is not a corpus format. scale repeats the pages (bigger shards)."""
    pages = sorted((FIXTURES / "bench").glob("*/html-text.txt"))
    multi = sorted((FIXTURES / "multilingual").glob("*/w3m.txt"))
    texts = [p.read_bytes() for p in pages] + [p.read_bytes() for p in multi[:120]]
    (root / "a").mkdir(parents=True)
    (root / "b" / "deep").mkdir(parents=True)
    n = 0
    for i in range(20):
        chunk = texts[i * 10:(i + 1) * 10] * scale
        folder = root / ("a" if i % 2 else "b" / Path("deep" if i % 3 == 0 else ""))
        kind = i % 6
        if kind == 0:
            (folder / f"s{i:02}.txt").write_bytes(b"\f".join(chunk[:1]))
        elif kind == 1:
            lines = [json.dumps({"id": f"r{i}-{k}", "text": t.decode("utf-8", "replace"), "meta": {"k": k}})
                     for k, t in enumerate(chunk)]
            (folder / f"s{i:02}.jsonl").write_text("\n".join(lines) + "\n")
        elif kind == 2:
            lines = [json.dumps({"id": f"r{i}-{k}", "text": t.decode("utf-8", "replace")}) for k, t in enumerate(chunk)]
            (folder / f"s{i:02}.jsonl.gz").write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
        elif kind == 3:
            body = b"".join(warc_record(t, f"https://example.com/{i}/{k}") for k, t in enumerate(chunk))
            (folder / f"s{i:02}.warc").write_bytes(body)
        elif kind == 4:
            body = b"".join(gzip.compress(warc_record(t, f"https://example.com/{i}/{k}")) for k, t in enumerate(chunk))
            (folder / f"s{i:02}.warc.wet.gz").write_bytes(body)
        else:
            (folder / f"s{i:02}.txt.gz").write_bytes(gzip.compress(chunk[0]))
        n += 1
    (root / "a" / "README.md").write_text("not a corpus file\n")
    return n


def batch(src: Path, dst: Path) -> int:
    return subprocess.run([WINNOW, "batch", "-q", "-j", "2", str(src), str(dst)]).returncode


def tree(root: Path):
    """{relative path: bytes} of every file, the manifest aside."""
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file() and p.name != ".winnow-manifest.jsonl":
            out[str(p.relative_to(root))] = p.read_bytes()
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LocalClusterRuns(unittest.TestCase):
    """A distributed.LocalCluster with two worker processes."""

    @classmethod
    def setUpClass(cls):
        from distributed import Client, LocalCluster

        cls.tmp = Path(tempfile.mkdtemp(prefix="winnow-dask-"))
        cls.cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                   dashboard_address=None, host="127.0.0.1")
        cls.client = Client(cls.cluster)

    @classmethod
    def tearDownClass(cls):
        cls.client.close()
        cls.cluster.close()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_clean_files_equals_winnow_batch(self):
        import winnow.dask
        from distributed import get_task_stream

        src = self.tmp / "src"
        n = make_corpus(src)
        self.assertEqual(n, 20)
        expected_dir = self.tmp / "batch"
        self.assertEqual(batch(src, expected_dir), 0)
        out = self.tmp / "dask"
        with get_task_stream(self.client) as ts:
            run = winnow.dask.clean_files(sorted(src.glob("*")), out, self.client)
        self.assertTrue(run.ok, str(run))
        self.assertEqual(run.skipped, 1)
        self.assertEqual(len(run.shards), 20)
        self.assertEqual(tree(out), tree(expected_dir))
        # the shards ran as tasks on the cluster's workers, both of them
        workers = set(self.cluster.scheduler_info["workers"])
        ran = {t["worker"] for t in ts.data if str(t["key"]).startswith("winnow-clean")}
        keys = {t["key"] for t in ts.data if str(t["key"]).startswith("winnow-clean")}
        self.assertEqual(len(keys), 20)
        self.assertTrue(ran <= workers, (ran, workers))
        self.assertEqual(len(ran), 2, ran)
        self.assertEqual({s["worker"] for s in run.shards}, ran)
        # the manifest lists every shard with its digests and counts
        manifest = [json.loads(l) for l in (out / ".winnow-manifest.jsonl").read_text().splitlines()]
        self.assertEqual(sorted(m["input"] for m in manifest), sorted(tree(expected_dir)))
        for m in manifest:
            data = (out / m["output"]).read_bytes()
            self.assertEqual(len(data), m["bytes_out"])
            self.assertEqual(hashlib.sha256(data).hexdigest(), m["sha256_out"])
            self.assertEqual(hashlib.sha256((src / m["input"]).read_bytes()).hexdigest(), m["sha256_in"])
            self.assertIn("removed", m)
        # one summary, the table of --stats over the same inputs
        stats = subprocess.run([WINNOW, "--stats", *[str(src / m["input"]) for m in sorted(manifest, key=lambda m: m["input"])]],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True).stderr.decode()
        expected_table = "\n".join(l for l in stats.splitlines() if not l.startswith("winnow:"))
        self.assertEqual(run.table.rstrip("\n"), re.sub(r", [0-9.]+ MB/s", "", expected_table))
        # a second run does nothing: every shard is in the manifest
        again = winnow.dask.clean_files(sorted(src.glob("*")), out, self.client)
        self.assertEqual(again.resumed, 20)
        self.assertEqual(tree(out), tree(expected_dir))
        self.assertEqual(again.table, run.table)
        # a directory is cleaned like `winnow batch DIR DST`
        out2 = self.tmp / "dask-dir"
        winnow.dask.clean_files(str(src), out2, self.client)
        self.assertEqual(tree(out2), tree(expected_dir))

    def test_a_corrupt_shard_is_reported_and_the_rest_done(self):
        import winnow.dask

        src = self.tmp / "corrupt-src"
        make_corpus(src)
        gz = sorted(src.rglob("*.jsonl.gz"))[0]
        gz.write_bytes(gz.read_bytes()[:200])  # cut short
        warc = sorted(src.rglob("*.warc"))[0]
        warc.write_bytes(warc.read_bytes()[:-3000])  # a truncated record
        expected_dir = self.tmp / "corrupt-batch"
        self.assertEqual(batch(src, expected_dir), 1)  # batch fails those two and goes on
        out = self.tmp / "corrupt-dask"
        run = winnow.dask.clean_files(sorted(src.glob("*")), out, self.client)
        self.assertFalse(run.ok)
        failed = {f for f, _ in run.failures}
        self.assertEqual(failed, {str(gz.relative_to(src)), str(warc.relative_to(src))})
        self.assertIn("failed: " + str(gz.relative_to(src)), str(run))
        self.assertEqual(len(run.shards), 18)
        self.assertEqual(tree(out), tree(expected_dir))
        self.assertFalse((out / ".winnow-tmp").exists())

    def test_bags_and_dataframes(self):
        import dask.bag as db
        import dask.dataframe as dd
        import pandas as pd
        import winnow
        import winnow.dask

        texts = [p.read_text() for p in sorted((FIXTURES / "seeds").glob("*.txt")) if ".gold." not in p.name]
        texts += [(FIXTURES / "cases" / "demo.txt").read_text()]
        f = winnow.Filter()
        bag = db.from_sequence(texts, npartitions=3)
        cleaned = winnow.dask.clean_bag(bag)
        self.assertEqual(cleaned.compute(), [f.clean(t) for t in texts])
        recs = db.from_sequence([{"id": i, "doc": {"body": t}} for i, t in enumerate(texts)], npartitions=2)
        out = winnow.dask.clean_bag(recs, field="doc.body", spam_field="spam").compute()
        self.assertEqual([r["doc"]["body"] for r in out], [f.clean(t) for t in texts])
        self.assertEqual([r["spam"] for r in out], [f.spam(t).score for t in texts])
        df = dd.from_pandas(pd.DataFrame({"id": range(len(texts)), "text": texts}), npartitions=2)
        lazy = winnow.dask.clean_dataframe(df, spam_column="spam")
        self.assertIn("spam", lazy.columns)
        got = lazy.compute()
        self.assertEqual(list(got["text"]), [f.clean(t) for t in texts])
        self.assertEqual(list(got["spam"]), [f.spam(t).score for t in texts])
        self.assertEqual(list(got["id"]), list(range(len(texts))))

    def test_rule_errors_come_before_any_task(self):
        import winnow
        import winnow.dask

        with self.assertRaises(winnow.RuleError):
            winnow.dask.clean_files(str(FIXTURES / "cases"), self.tmp / "never", self.client,
                                    rules="/nonexistent.rules")
        self.assertFalse((self.tmp / "never").exists())
        with self.assertRaises(ValueError):
            winnow.dask.clean_files(str(FIXTURES / "cases"), FIXTURES / "cases" / "out", self.client)


class ScheduledWorkers(unittest.TestCase):
    """`dask scheduler` and two `dask worker` processes, as on machines."""

    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="winnow-dask-cli-"))
        self.procs = []
        port = free_port()
        self.address = f"tcp://127.0.0.1:{port}"
        env = dict(os.environ)
        dask_cli = [sys.executable, "-m", "distributed.cli.dask_scheduler"]
        self.procs.append(subprocess.Popen(dask_cli + ["--host", "127.0.0.1", "--port", str(port),
                                                       "--dashboard-address", ":0"],
                                           env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                           start_new_session=True))
        for k in range(2):
            self.procs.append(subprocess.Popen(
                [sys.executable, "-m", "distributed.cli.dask_worker", self.address, "--nthreads", "1",
                 "--nworkers", "1", "--name", f"machine-{k}", "--no-dashboard",
                 "--local-directory", str(self.tmp / f"w{k}")],
                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True))
        from distributed import Client

        self.client = Client(self.address, timeout=60)
        self.client.wait_for_workers(2, timeout=120)

    def tearDown(self):
        self.client.close()
        for p in reversed(self.procs):
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for p in self.procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def test_a_killed_worker_costs_nothing(self):
        import winnow.dask
        from distributed import get_task_stream

        src = self.tmp / "src"
        make_corpus(src, scale=12)
        expected_dir = self.tmp / "batch"
        self.assertEqual(batch(src, expected_dir), 0)
        out = self.tmp / "dask"
        result = {}

        def run():
            result["run"] = winnow.dask.clean_files(sorted(src.glob("*")), out, self.client)

        with get_task_stream(self.client) as ts:
            t = threading.Thread(target=run)
            t.start()
            # once some shards are done and others are running, one machine dies
            manifest = out / ".winnow-manifest.jsonl"
            deadline = time.monotonic() + 300
            while time.monotonic() < deadline:
                if manifest.exists() and len(manifest.read_text().splitlines()) >= 3:
                    break
                time.sleep(0.02)
            done_before = len(manifest.read_text().splitlines())
            self.assertLess(done_before, 20, "the run ended before a worker could be killed")
            # the machine to kill holds shards it has not finished
            processing = self.client.processing()
            names = {a: w["name"] for a, w in self.client.scheduler_info()["workers"].items()}
            victim = next(a for a in processing if any(str(k).startswith("winnow-clean") for k in processing[a]))
            lost = {str(k) for k in processing[victim]}
            os.killpg(self.procs[1 + int(str(names[victim]).split("-")[1])].pid, signal.SIGKILL)
            t.join(timeout=600)
        self.assertFalse(t.is_alive())
        run = result["run"]
        self.assertTrue(run.ok, str(run))
        self.assertEqual(len(run.shards), 20)
        self.assertEqual(tree(out), tree(expected_dir))
        self.assertFalse((out / ".winnow-tmp").exists())
        ran = {t["worker"] for t in ts.data if str(t["key"]).startswith("winnow-clean")}
        self.assertEqual(len(ran), 2, ran)
        # what the dead machine held was done again by the other one
        redone = {str(t["key"]) for t in ts.data if t["worker"] != victim}
        self.assertTrue(lost and lost <= redone, (lost, redone))


if __name__ == "__main__":
    unittest.main(verbosity=2)
