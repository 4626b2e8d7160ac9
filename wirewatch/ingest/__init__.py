"""Readers: files, folders, stdin and URLs → :class:`Article` records, or a :class:`Discard` saying why not.

Formats (by content when it is telling, else by extension): plain text and Markdown (``text``), HTML
(``html``), RSS/Atom (``feed``), WARC/WARC.gz (``warc``) and JSON Lines (``jsonl``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import date, datetime, timezone

from ..errors import InputError
from ..records import Article, Discard
from ..settings import Settings
from . import sources
from .build import Context, discard
from .sniff import guess_format, read_bytes

__all__ = ["read_inputs", "read_bytes", "guess_format", "Context"]

FEED_TYPES = ("rss", "atom", "xml")


def read_inputs(
    paths: Sequence[str],
    settings: Settings,
    *,
    published: date | None = None,
    source: str | None = None,
    fetch: bool = False,
) -> Iterator[Article | Discard]:
    """Stream articles from ``paths`` (files, folders, ``-`` for stdin, URLs with ``fetch=True``).

    An item's own date and source win over ``published`` and ``source``. Bad items become Discards;
    this generator never raises for them.
    """
    ctx = Context(published=published, source=source, ingested_at=datetime.now(timezone.utc),
                  max_bytes=settings.max_file_mb * sources.MB, fetch_timeout=settings.fetch_timeout)
    for path in paths:
        yield from _read_path(str(path), ctx, fetch)


def _read_path(path: str, ctx: Context, fetch: bool) -> Iterator[Article | Discard]:
    if path == "-":
        yield from _read_loaded("-", lambda: sources.read_stdin(ctx.max_bytes), ctx)
    elif sources.is_url(path):
        if fetch:
            yield from _read_loaded(path, lambda: sources.fetch(path, ctx.fetch_timeout, ctx.max_bytes), ctx)
        else:
            yield discard(path, "is a URL; pass --fetch to download it")
    elif os.path.isdir(path):
        for item in sources.walk(path):
            if isinstance(item, InputError):
                yield discard(item.item, item.reason)
            else:
                yield from _read_loaded(item, lambda item=item: sources.read_file(item, ctx.max_bytes), ctx)
    else:
        yield from _read_loaded(path, lambda: sources.read_file(path, ctx.max_bytes), ctx)


def _read_loaded(item: str, load: Callable[[], tuple[bytes, str]], ctx: Context) -> Iterator[Article | Discard]:
    """Read what ``load`` returns (bytes and a content type), or Discard with its InputError."""
    try:
        data, content_type = load()
    except InputError as exc:
        yield discard(exc.item, exc.reason)
        return
    is_url = sources.is_url(item)
    name = item.split("?")[0] if is_url else item
    for record in read_bytes(data, name, item, ctx, _format_of(content_type)):
        if is_url and isinstance(record, Article) and record.url is None:
            record = replace(record, url=item)
        yield record


def _format_of(content_type: str) -> str | None:
    kind = content_type.lower()
    if "html" in kind:
        return "html"
    return "feed" if any(t in kind for t in FEED_TYPES) else None
