"""Which reader a file needs: its content when that is telling, else its extension, else plain text."""

from __future__ import annotations

import gzip
import io
import re
import zlib
from collections.abc import Callable, Iterator
from importlib import import_module

from ..errors import InputError
from ..records import Article, Discard
from .build import Context, discard

Reader = Callable[[bytes, str, Context], Iterator[Article | Discard]]


class LazyReader:
    """A reader function imported on first call: a text-only run never loads trafilatura, feedparser or warcio."""

    def __init__(self, module: str, function: str, **options):
        self.module, self.function, self.options = module, function, options
        self._fn: Callable | None = None

    def __call__(self, data: bytes, origin: str, ctx: Context) -> Iterator[Article | Discard]:
        if self._fn is None:
            self._fn = getattr(import_module(f"wirewatch.ingest.{self.module}"), self.function)
        return self._fn(data, origin, ctx, **self.options)


READERS: dict[str, Reader] = {
    "text": LazyReader("text", "read_text"),
    "markdown": LazyReader("text", "read_text", markdown=True),
    "html": LazyReader("html", "read_html"),
    "feed": LazyReader("feed", "read_feed"),
    "warc": LazyReader("warc", "read_warc"),
    "jsonl": LazyReader("jsonl", "read_jsonl"),
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
GZIP = b"\x1f\x8b"
GZIP_SUFFIXES = (".gz", ".gzip")


def guess_format(name: str, data: bytes) -> str:
    """The reader name for a file called ``name`` holding ``data``."""
    by_name = _by_extension(name)
    head = data[:SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"WARC/") or (head.startswith(GZIP) and is_gzipped_warc(data)):
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
        if data.startswith(GZIP) and fmt != "warc" and not is_gzipped_warc(data):
            data, name = gunzip(data, origin, ctx.max_bytes), _strip_gz(name)
            if not data.strip():
                yield discard(origin, "empty file (after gzip decompression)")
                return
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


def is_gzipped_warc(data: bytes) -> bool:
    """True when gzip-compressed ``data`` holds a WARC (its first record starts with ``WARC/``)."""
    try:
        head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[:65536], 64)
    except zlib.error:
        return False
    return head.lstrip(b"\r\n").startswith(b"WARC/")


def gunzip(data: bytes, origin: str, max_bytes: int) -> bytes:
    """The decompressed bytes of a gzip file (all members), at most ``max_bytes``; InputError otherwise."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            out = stream.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(origin, f"corrupt gzip data ({str(exc)[:100] or type(exc).__name__})") from None
    if len(out) > max_bytes:
        raise InputError(origin, f"input is over the {max_bytes / (1 << 20):.0f} MB limit once decompressed")
    return out


def _strip_gz(name: str) -> str:
    """``a.txt.gz`` → ``a.txt``, so the extension under the compression still counts."""
    lower = name.lower()
    for suffix in GZIP_SUFFIXES:
        if lower.endswith(suffix):
            return name[: -len(suffix)]
    return name
