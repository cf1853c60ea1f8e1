"""winnow: strip boilerplate and spam from scraped web text, keep the article prose.

A thin client of libwinnow, the same library as the ``winnow`` command line
tool: ``Filter(...).clean(text)`` gives byte for byte what ``winnow`` writes
for the same text and options.

    >>> import winnow
    >>> f = winnow.Filter()
    >>> f.clean("Share this article\\nThe council met on Monday and agreed on a budget for the new library.\\n")
    'The council met on Monday and agreed on a budget for the new library.\\n'

Threads: a ``Filter`` is safe to share. Each call runs with the GIL released
on a filter of the Filter's own pool (one per thread that calls at the same
time, made on first need and kept), so threads filter in parallel. Building
a Filter compiles the rules (about a tenth of a second): build one, use it
for every document.
"""
from __future__ import annotations

import os
import threading
from typing import Iterable, List, Mapping, NamedTuple, Optional, Sequence, Tuple, Union, overload

from ._winnow import Filter as _Filter
from ._winnow import FormatError, RuleError
from ._winnow import version as __version__

__all__ = [
    "Filter",
    "RuleError",
    "FormatError",
    "Decision",
    "Span",
    "SpamVerdict",
    "SpamFilter",
    "clean",
    "__version__",
]

PathLike = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]
Text = Union[str, bytes, bytearray, memoryview]


class Span(NamedTuple):
    """A removed span of a partly removed line: byte offsets into the input."""

    start: int
    end: int
    category: Optional[str]
    rule: Optional[str]


class Decision(NamedTuple):
    """The verdict on one input line.

    ``start``/``end`` are byte offsets of the line (without its line end)
    into the input: into its UTF-8 when the input is a ``str``
    (``text.encode()[d.start:d.end]``). ``verdict`` is ``"keep"``, ``"drop"``
    or ``"partial"`` (then ``spans`` holds what went). ``category`` and
    ``rule`` name the deciding rule (``None`` when no rule decided);
    ``score`` is the line model's probability that the line is boilerplate
    (``None`` for blank lines or without a fitted model); ``reason`` says why
    a line stayed or went without a rule (``"prose"``, ``"protected"``,
    ``"kept category"``, ``"blank line collapsed"``, ...).
    """

    line: int
    start: int
    end: int
    verdict: str
    category: Optional[str]
    rule: Optional[str]
    score: Optional[float]
    reason: str
    spans: Tuple[Span, ...]


class SpamVerdict(NamedTuple):
    """The whole-document verdict: the spam score in [0, 1], the reasons
    that hold (the ``spam`` statements of the rules), whether the Filter's
    ``spam_threshold`` drops the document, and its language as guessed."""

    score: float
    reasons: Tuple[str, ...]
    dropped: bool
    lang: str


class Filter(_Filter):
    """A compiled rule set, ready to clean documents.

    ``Filter(rules=None, params=None, defaults=True, *, keep=None,
    spam_threshold=None, max_doc_bytes=None, max_line_bytes=None)`` does
    what the command line options do:

    - ``rules``: a rule file or directory, or a list of them (``--rules``);
    - ``params``: ``{"caption_max_words": 12}`` (``--set``);
    - ``defaults=False``: without the built-in rules (``--no-default-rules``);
    - ``keep``: categories to leave in place (``--keep``);
    - ``spam_threshold``: drop whole documents scoring this or more
      (``--drop-spam-docs``): ``clean`` then returns an empty text;
    - ``max_doc_bytes``, ``max_line_bytes``: the limits (0 or None: the
      defaults, 1 MiB each).

    Raises ``RuleError`` when the rules do not load (a missing file, an
    error in a rule file, an unknown parameter or a value out of range),
    and ``ValueError`` for an unknown category in ``keep``.
    """

    def __init__(
        self,
        rules: Union[None, PathLike, Sequence[PathLike]] = None,
        params: Optional[Mapping[str, float]] = None,
        defaults: bool = True,
        *,
        keep: Union[None, str, Iterable[str]] = None,
        spam_threshold: Optional[float] = None,
        max_doc_bytes: Optional[int] = None,
        max_line_bytes: Optional[int] = None,
    ) -> None:
        if params is not None and not isinstance(params, dict):
            params = dict(params)
        if keep is not None and not isinstance(keep, str):
            keep = list(keep)
        super().__init__(
            rules,
            params,
            defaults,
            keep=keep,
            spam_threshold=spam_threshold,
            max_doc_bytes=max_doc_bytes,
            max_line_bytes=max_line_bytes,
        )

    @overload
    def clean(self, text: str) -> str: ...
    @overload
    def clean(self, text: Union[bytes, bytearray, memoryview]) -> bytes: ...

    def clean(self, text):
        """The text without its boilerplate: a ``str`` for a ``str``, ``bytes``
        for bytes (any bytes: invalid UTF-8 and NUL bytes pass through)."""
        return super().clean(text)

    def explain(self, text: Text) -> List[Decision]:
        """Every line's verdict, in order (see ``Decision``)."""
        return [
            Decision(*d[:8], tuple(Span(*s) for s in d[8]))  # type: ignore[misc]
            for d in super().explain(text)
        ]

    def spam(self, text: Text) -> SpamVerdict:
        """The document's spam score, its reasons, and whether it is dropped."""
        return SpamVerdict(*super().spam(text))

    def clean_file(self, src: PathLike, dst: PathLike, *, format: Optional[str] = None,
                   field: Optional[str] = None, annotate: bool = False, on_error: str = "keep",
                   doc_separator: Optional[bytes] = None, gzip_level: int = 0) -> dict:
        """Clean the file ``src`` in its format into ``dst``, as ``winnow src >
        dst`` does: text, JSONL or WARC/WET by the name (or ``format``), gzip
        in and out; ``field``, ``annotate``, ``on_error``, ``doc_separator``
        and ``gzip_level`` as the options of the same names. Returns the
        counts (bytes in and out and their SHA-256, records cleaned, changed,
        dropped and malformed, and ``summary``: the totals ``format_summary``
        prints). Raises ``OSError`` for a file that cannot be read or
        written and ``FormatError`` for a corrupt input (``dst`` then holds
        what was written so far: write to a temporary name)."""
        return super().clean_file(src, dst, format=format, field=field, annotate=annotate,
                                  on_error=on_error, doc_separator=doc_separator,
                                  gzip_level=gzip_level)

    def format_summary(self, summary: dict, seconds: float = 0.0) -> str:
        """The table ``winnow --stats`` prints, for a ``summary`` of
        ``clean_file`` (or several, their numbers added)."""
        return super().format_summary(summary, seconds)

    def clean_with_stats(self, text: Text):  # type: ignore[override]
        """``(cleaned, stats)``: ``stats`` holds the numbers of a ``--report``
        line (bytes and lines in and out, ``removed`` per category with its
        lines and bytes, ``spam``, ``dropped``, ``lang``)."""
        return super().clean_with_stats(text)


_default: Optional[Filter] = None
_default_lock = threading.Lock()


def _default_filter() -> Filter:
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Filter()
    return _default


@overload
def clean(text: str) -> str: ...
@overload
def clean(text: Union[bytes, bytearray, memoryview]) -> bytes: ...


def clean(text):
    """``Filter().clean(text)`` with the default rules (the Filter is built
    once, on first use, and shared)."""
    return _default_filter().clean(text)


class SpamFilter:
    """Whole-document spam filtering in the shape filtering libraries use
    (NeMo Curator's ``DocumentFilter``): ``score_document`` gives the spam
    score, ``keep_document`` keeps documents scoring under the threshold.

        f = winnow.SpamFilter(0.7)
        kept = [t for t in texts if f.keep_document(f.score_document(t))]

    Other arguments go to ``Filter`` (``rules``, ``params``, ...); pass
    ``filter=`` to share one that exists.
    """

    def __init__(self, threshold: float = 0.7, *, filter: Optional[Filter] = None, **filter_options) -> None:
        if not 0.0 <= threshold <= 1.0:
            raise ValueError("threshold: between 0 and 1")
        self.threshold = float(threshold)
        self._filter = filter if filter is not None else (
            Filter(**filter_options) if filter_options else _default_filter()
        )
        self._name = "winnow_spam"

    @property
    def name(self) -> str:
        return self._name

    def score_document(self, text: Text) -> float:
        """The document's spam score in [0, 1]."""
        return self._filter.spam(text).score

    def keep_document(self, score: float) -> bool:
        """Keep a document whose score is under the threshold."""
        return score < self.threshold
