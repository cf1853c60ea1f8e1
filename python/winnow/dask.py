"""winnow on a Dask cluster: corpora of files, bags and dataframes.

Needs Dask distributed (Debian: python3-distributed) on the client and on
every worker, with winnow installed where the workers can import it.

    from distributed import Client
    import winnow.dask

    client = Client("tcp://scheduler:8786")       # or None: a local cluster
    run = winnow.dask.clean_files("/data/crawl/*.jsonl.gz", "/data/clean", client)
    print(run)                                   # the --stats table, and failures

Each input file (a shard) is one task: a worker cleans it in process with
the module (no subprocess), into a temporary file renamed into place, so
that a shard is either all there or not there. The outputs get the names
``winnow batch`` gives them, and ``DST/.winnow-manifest.jsonl`` records
every shard done (input, output, sizes, SHA-256 digests, records, removals
per category); a second run skips the shards it lists. Dask reschedules the
task of a worker that dies.

``clean_bag`` and ``clean_dataframe`` clean the text of a ``dask.bag`` or a
``dask.dataframe`` lazily, like any Dask operation.

Filter options (``rules``, ``params``, ``defaults``, ``keep``,
``spam_threshold``, ``max_doc_bytes``, ``max_line_bytes``) are those of
``winnow.Filter``; rule files must be readable at the same paths on the
workers.
"""
from __future__ import annotations

import glob as _glob
import json
import os
import shutil
import threading
import time
import uuid
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

from . import Filter, FormatError
from ._winnow import format_from_name

__all__ = ["clean_files", "clean_bag", "clean_dataframe", "CleanRun", "MANIFEST"]

MANIFEST = ".winnow-manifest.jsonl"
TMP_DIR = ".winnow-tmp"
FILTER_OPTIONS = ("rules", "params", "defaults", "keep", "spam_threshold", "max_doc_bytes", "max_line_bytes")
STREAM_OPTIONS = ("format", "field", "annotate", "on_error", "doc_separator", "gzip_level")

# one Filter per worker process and set of options: building one compiles
# the rules, and a Filter is safe to share between the worker's threads
_filters: Dict[str, Filter] = {}
_filters_lock = threading.Lock()


def _filter_options(options: Dict[str, Any]) -> Dict[str, Any]:
    """The Filter options, normalised so that they pickle and hash the same."""
    out: Dict[str, Any] = {}
    for k, v in options.items():
        if k not in FILTER_OPTIONS:
            raise TypeError(f"unknown option {k!r} (Filter options: {', '.join(FILTER_OPTIONS)})")
        if k == "rules" and v is not None:
            v = [os.fsdecode(os.path.abspath(p)) for p in ([v] if isinstance(v, (str, bytes, os.PathLike)) else v)]
        elif k == "keep" and v is not None:
            v = [v] if isinstance(v, str) else sorted(v)
        elif k == "params" and v is not None:
            v = dict(sorted(dict(v).items()))
        out[k] = v
    return out


def _get_filter(options: Dict[str, Any]) -> Filter:
    key = json.dumps(options, sort_keys=True)
    f = _filters.get(key)
    if f is None:
        with _filters_lock:
            f = _filters.get(key)
            if f is None:
                f = _filters[key] = Filter(**options)
    return f


# ---------------------------------------------------------------------------
# files


def _is_input(path: str) -> bool:
    return format_from_name(os.path.basename(path)) is not None


def _walk(top: str) -> Tuple[List[str], int]:
    """The files under top that winnow reads, and how many others it skips
    (symlinked directories are followed once; loops are not)."""
    files, skipped, seen = [], 0, set()

    def visit(d: str) -> None:
        nonlocal skipped
        try:
            st = os.stat(d)
        except OSError:
            return
        if (st.st_dev, st.st_ino) in seen:
            return
        seen.add((st.st_dev, st.st_ino))
        try:
            names = sorted(os.listdir(d))
        except OSError:
            return
        for name in names:
            p = os.path.join(d, name)
            if os.path.isdir(p):
                visit(p)
            elif os.path.isfile(p):
                if _is_input(p):
                    files.append(p)
                else:
                    skipped += 1

    visit(top)
    return files, skipped


def _expand(inputs: Union[str, os.PathLike, Iterable[Union[str, os.PathLike]]]) -> Tuple[str, List[str], int]:
    """(base, files, skipped): every input file, and the folder their
    output paths are relative to. One directory is its own base, as for
    `winnow batch SRC DST`; otherwise the base is the common folder of the
    inputs (so clean_files(glob("SRC/*"), DST) and `winnow batch SRC DST`
    name the outputs alike)."""
    if isinstance(inputs, (str, bytes, os.PathLike)):
        one = os.fsdecode(inputs)
        if os.path.isdir(one):
            files, skipped = _walk(one)
            return os.path.abspath(one), [os.path.abspath(f) for f in files], skipped
        items = sorted(_glob.glob(one)) if _glob.has_magic(one) else [one]
    else:
        items = []
        for x in inputs:
            x = os.fsdecode(x)
            items.extend(sorted(_glob.glob(x)) if _glob.has_magic(x) and not os.path.exists(x) else [x])
    if not items:
        raise FileNotFoundError(f"no input matches {inputs!r}")
    files: List[str] = []
    skipped = 0
    for it in items:
        if os.path.isdir(it):
            f, s = _walk(it)
            files += f
            skipped += s
        elif os.path.isfile(it):
            if _is_input(it):
                files.append(it)
            else:
                skipped += 1
        else:
            raise FileNotFoundError(it)
    files = sorted({os.path.abspath(f) for f in files})
    base = os.path.commonpath([os.path.dirname(os.path.abspath(it)) for it in items])
    return base, files, skipped


def _check_dirs(bases: Sequence[str], dst: str) -> None:
    rd = os.path.realpath(dst)
    for b in bases:
        rs = os.path.realpath(b)
        if rs == rd or rd.startswith(rs + os.sep) or rs.startswith(rd + os.sep):
            raise ValueError(f"the outputs ({rd}) and the inputs ({rs}) overlap: winnow never "
                             "writes over its input; choose an out_dir outside the inputs")


def _clean_shard(src: str, dst: str, tmp_dir: str, options: Dict[str, Any], stream: Dict[str, Any]) -> Dict[str, Any]:
    """On a worker: one shard, into a temporary file renamed into place."""
    t0 = time.monotonic()
    result: Dict[str, Any] = {"input": src, "output": dst}
    try:
        from distributed import get_worker

        result["worker"] = get_worker().address
    except (ImportError, ValueError):
        result["worker"] = None
    os.makedirs(tmp_dir, exist_ok=True)
    tmp = os.path.join(tmp_dir, f"{uuid.uuid4().hex}.{os.path.basename(dst)}")
    try:
        st = os.stat(src)
        r = _get_filter(options).clean_file(src, tmp, **stream)
        with open(tmp, "rb") as fh:  # the bytes are on disk before the name is
            os.fsync(fh.fileno())
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        os.replace(tmp, dst)
        result.update(r)
        result["mtime_ns"] = st.st_mtime_ns
    except (OSError, FormatError, ValueError) as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        result["error"] = str(e)
    result["seconds"] = round(time.monotonic() - t0, 3)
    return result


def _add(total: Dict[str, Any], s: Dict[str, Any]) -> None:
    for k, v in s.items():
        if k == "categories":
            cats = total.setdefault("categories", {})
            for c, counts in v.items():
                into = cats.setdefault(c, {"lines": 0, "bytes": 0, "docs": 0})
                for kk, vv in counts.items():
                    into[kk] = into.get(kk, 0) + vv
        else:
            total[k] = total.get(k, 0) + v


class CleanRun:
    """What clean_files did: ``shards`` (one dict per shard cleaned or
    skipped, as in the manifest), ``failures`` (``(input, error)``),
    ``resumed`` (shards the manifest already listed), ``skipped`` (files
    that are not a format winnow reads), ``summary`` (the totals, merged
    over the shards) and ``table`` (the same table as ``winnow --stats``).
    ``str(run)`` is the table and the failures."""

    def __init__(self, shards, failures, resumed, skipped, summary, table, seconds):
        self.shards = shards
        self.failures = failures
        self.resumed = resumed
        self.skipped = skipped
        self.summary = summary
        self.table = table
        self.seconds = seconds

    @property
    def ok(self) -> bool:
        return not self.failures

    def __str__(self) -> str:
        lines = [self.table.rstrip("\n")]
        done = len(self.shards) - self.resumed
        lines.append(f"{done} shard{'s' if done != 1 else ''} cleaned, {self.resumed} already done "
                     f"(manifest), {self.skipped} files skipped (not a format winnow reads), "
                     f"{len(self.failures)} failed, {self.seconds:.1f} s")
        for src, why in self.failures:
            lines.append(f"  failed: {src}: {why}")
        return "\n".join(lines) + "\n"

    def __repr__(self) -> str:
        return f"<CleanRun {len(self.shards)} shards, {len(self.failures)} failures>"


def _load_manifest(path: str) -> Dict[str, Dict[str, Any]]:
    done: Dict[str, Dict[str, Any]] = {}
    try:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                try:
                    rec = json.loads(line)
                except ValueError:
                    continue  # a line cut short by a crash
                if isinstance(rec, dict) and "input" in rec:
                    done[rec["input"]] = rec
    except FileNotFoundError:
        pass
    return done


def _still_done(rec: Dict[str, Any], src: str, dst: str, fingerprint: str) -> bool:
    try:
        st, ost = os.stat(src), os.stat(dst)
    except OSError:
        return False
    return (rec.get("options") == fingerprint and rec.get("bytes_in") == st.st_size
            and rec.get("mtime_ns") == st.st_mtime_ns and rec.get("bytes_out") == ost.st_size)


def clean_files(
    inputs,
    out_dir,
    client=None,
    *,
    resume: bool = True,
    progress: bool = False,
    format: Optional[str] = None,
    field: Optional[str] = None,
    annotate: bool = False,
    on_error: str = "keep",
    doc_separator: Optional[Union[str, bytes]] = None,
    gzip_level: int = 0,
    **filter_options,
) -> CleanRun:
    """Clean every input shard into ``out_dir`` on a Dask cluster.

    ``inputs``: a directory (cleaned like ``winnow batch DIR out_dir``), a
    glob, a path, or a list of them; directories are walked. Text, JSONL
    and WARC/WET files, each optionally gzipped, as ``winnow`` reads them;
    ``format``, ``field``, ``annotate``, ``on_error``, ``doc_separator``
    and ``gzip_level`` are the options of the same names. ``client``: a
    ``distributed.Client`` (None: the current one, or a local cluster for
    this call). ``resume=False`` cleans every shard again. ``progress``
    shows Dask's progress bar (the dashboard shows the ``winnow-clean``
    tasks in any case).

    Returns a ``CleanRun``; a shard that fails (a corrupt gzip, a
    truncated WARC record) is listed in its ``failures`` and the others go
    on. Raises ``winnow.RuleError`` before any task runs if the rules do
    not load.
    """
    from distributed import as_completed

    t0 = time.monotonic()
    options = _filter_options(filter_options)
    local = Filter(**options)  # the rules load here first: errors before any task
    if isinstance(doc_separator, str):
        doc_separator = doc_separator.encode()
    stream = {"format": format, "field": field, "annotate": annotate, "on_error": on_error,
              "doc_separator": doc_separator, "gzip_level": gzip_level}
    fingerprint = json.dumps({"rules_hash": local.rules_hash, "filter": options,
                              "stream": {k: (v.decode("latin-1") if isinstance(v, bytes) else v)
                                         for k, v in stream.items()}}, sort_keys=True)

    base, files, skipped = _expand(inputs)
    out_dir = os.path.abspath(os.fsdecode(out_dir))
    _check_dirs([base], out_dir)
    os.makedirs(out_dir, exist_ok=True)
    manifest_path = os.path.join(out_dir, MANIFEST)
    tmp_dir = os.path.join(out_dir, TMP_DIR)
    done = _load_manifest(manifest_path) if resume else {}

    shards: List[Dict[str, Any]] = []
    todo: List[Tuple[str, str, str]] = []
    for src in files:
        rel = os.path.relpath(src, base)
        dst = os.path.join(out_dir, rel)
        rec = done.get(rel)
        if rec is not None and _still_done(rec, src, dst, fingerprint):
            shards.append(dict(rec, resumed=True))
        else:
            todo.append((src, dst, rel))
    resumed = len(shards)

    own_client = None
    if client is None and todo:
        from distributed import Client, get_client

        try:
            client = get_client()
        except ValueError:
            own_client = client = Client(processes=True)
    failures: List[Tuple[str, str]] = []
    try:
        if todo:
            run_id = uuid.uuid4().hex[:8]
            futures = [
                client.submit(_clean_shard, src, dst, tmp_dir, options, stream,
                              key=f"winnow-clean-{run_id}-{i}", pure=False, retries=0)
                for i, (src, dst, _) in enumerate(todo)
            ]
            rel_of = {f.key: rel for f, (_, _, rel) in zip(futures, todo)}
            if progress:
                from distributed import progress as dask_progress

                threading.Thread(target=dask_progress, args=(futures,), daemon=True).start()
            with open(manifest_path, "a", encoding="utf-8") as manifest:
                for fut in as_completed(futures):
                    rel = rel_of[fut.key]
                    try:
                        res = fut.result()
                    except Exception as e:  # noqa: BLE001 - a task that Dask gave up on
                        failures.append((rel, f"{type(e).__name__}: {e}"))
                        continue
                    if "error" in res:
                        failures.append((rel, res["error"]))
                        continue
                    rec = {
                        "input": rel,
                        "output": os.path.relpath(res["output"], out_dir),
                        "bytes_in": res["bytes_in"], "bytes_out": res["bytes_out"],
                        "sha256_in": res["sha256_in"], "sha256_out": res["sha256_out"],
                        "records": res["records"], "cleaned": res["cleaned"], "changed": res["changed"],
                        "dropped": res["dropped"], "malformed": res["malformed"],
                        "removed": res["summary"].get("categories", {}),
                        "summary": res["summary"], "mtime_ns": res["mtime_ns"],
                        "worker": res["worker"], "seconds": res["seconds"], "options": fingerprint,
                    }
                    manifest.write(json.dumps(rec, sort_keys=True) + "\n")
                    manifest.flush()
                    os.fsync(manifest.fileno())
                    shards.append(rec)
    finally:
        if own_client is not None:
            own_client.close()
    # temporary files of tasks that died with their worker
    shutil.rmtree(tmp_dir, ignore_errors=True)

    total: Dict[str, Any] = {}
    for s in shards:
        _add(total, s["summary"])
    seconds = time.monotonic() - t0
    table = local.format_summary(total) if total else local.format_summary({})
    shards.sort(key=lambda s: s["input"])
    return CleanRun(shards, sorted(failures), resumed, skipped, total, table, seconds)


# ---------------------------------------------------------------------------
# bags and dataframes


def _get_path(rec: Dict[str, Any], path: Sequence[str]):
    for k in path[:-1]:
        rec = rec.get(k) if isinstance(rec, dict) else None
        if rec is None:
            return None, None
    return (rec, path[-1]) if isinstance(rec, dict) and path[-1] in rec else (None, None)


def _clean_partition(items, field: str, spam_field: Optional[str], options: Dict[str, Any]):
    f = _get_filter(options)
    path = field.split(".")
    out = []
    for it in items:
        if isinstance(it, (str, bytes)):
            out.append(f.clean(it))
            continue
        if not isinstance(it, dict):
            raise TypeError(f"clean_bag: items are str, bytes or dict records, not {type(it).__name__}")
        rec = json.loads(json.dumps(it)) if "." in field else dict(it)
        holder, key = _get_path(rec, path)
        if holder is not None and isinstance(holder[key], (str, bytes)):
            if spam_field:
                rec[spam_field] = f.spam(holder[key]).score
            holder[key] = f.clean(holder[key])
        out.append(rec)
    return out


def clean_bag(bag, field: str = "text", *, spam_field: Optional[str] = None, **filter_options):
    """A lazy ``dask.bag`` of the items cleaned: strings (or bytes) are
    cleaned; dict records get their ``field`` (dotted for nested objects)
    cleaned and, with ``spam_field``, the spam score added under that name.
    Records without the field pass unchanged."""
    options = _filter_options(filter_options)
    Filter(**options)  # rule errors now, not in the workers
    return bag.map_partitions(_clean_partition, field, spam_field, options)


def _clean_frame(df, column: str, spam_column: Optional[str], options: Dict[str, Any]):
    f = _get_filter(options)
    df = df.copy()
    if spam_column:
        df[spam_column] = df[column].map(lambda t: f.spam(t).score if isinstance(t, (str, bytes)) else float("nan"))
    df[column] = df[column].map(lambda t: f.clean(t) if isinstance(t, (str, bytes)) else t)
    return df


def clean_dataframe(df, column: str = "text", *, spam_column: Optional[str] = None, **filter_options):
    """A lazy ``dask.dataframe`` with ``column`` cleaned and, with
    ``spam_column``, a float column of spam scores added."""
    options = _filter_options(filter_options)
    Filter(**options)
    import pandas as pd

    meta = df._meta
    if spam_column:
        meta = meta.assign(**{spam_column: pd.Series(dtype="float64")})
    return df.map_partitions(_clean_frame, column, spam_column, options, meta=meta)
