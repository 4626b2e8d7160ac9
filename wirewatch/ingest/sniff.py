"""Which reader a file needs: its content when that is telling, else its extension, else plain text."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import partial

from ..errors import InputError
from ..records import Article, Discard
from .build import Context, discard
from .feed import read_feed
from .html import read_html
from .jsonl import read_jsonl
from .text import read_text
from .warc import read_warc

Reader = Callable[[bytes, str, Context], Iterator[Article | Discard]]

READERS: dict[str, Reader] = {
    "text": read_text,
    "markdown": partial(read_text, markdown=True),
    "html": read_html,
    "feed": read_feed,
    "warc": read_warc,
    "jsonl": read_jsonl,
}
EXTENSIONS = {
    ".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".rss": "feed", ".atom": "feed", ".xml": "feed", ".rdf": "feed",
    ".warc": "warc", ".warc.gz": "warc", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
}
SNIFF_BYTES = 4096

_FEED_ROOT = re.compile(rb"<(?:[\w-]{1,20}:)?(?:rss|feed|RDF)[\s>]")
_HTML_DOC = re.compile(rb"<!doctype\s{1,10}html|<html[\s>]", re.I)
_HTML_TAG = re.compile(rb"<(?:head|body|p|div|article|h[1-6]|title|meta|br|span|a)[\s>/]", re.I)
_GZIP_WARC = b"\x1f\x8b"


def guess_format(name: str, data: bytes) -> str:
    """The reader name for a file called ``name`` holding ``data``."""
    by_name = _by_extension(name)
    head = data[:SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"WARC/") or (head.startswith(_GZIP_WARC) and by_name in (None, "warc")):
        return "warc"
    if head.startswith(b"<"):
        if _FEED_ROOT.search(head) and not _HTML_DOC.search(head):
            return "feed"
        if _HTML_DOC.search(head) or (by_name not in ("markdown", "feed") and _HTML_TAG.search(head)):
            return "html"
    if by_name is None and head.startswith(b"{"):
        return "jsonl"
    return by_name or "text"


def read_bytes(data: bytes, name: str, origin: str, ctx: Context, fmt: str | None = None) -> Iterator[Article | Discard]:
    """Articles (or Discards) from one input's bytes; never raises for bad content."""
    if not data.strip():
        yield discard(origin, "empty file")
        return
    try:
        yield from READERS[fmt or guess_format(name, data)](data, origin, ctx)
    except InputError as exc:
        yield discard(exc.item, exc.reason)
    except Exception as exc:  # a reader bug or library failure must not end the batch
        yield discard(origin, f"cannot read ({type(exc).__name__}: {str(exc)[:200]})")


def _by_extension(name: str) -> str | None:
    lower = name.lower()
    for ext in sorted(EXTENSIONS, key=len, reverse=True):
        if lower.endswith(ext):
            return EXTENSIONS[ext]
    return None
