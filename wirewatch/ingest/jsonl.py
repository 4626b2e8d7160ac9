"""JSON Lines: one object a line with ``text`` and optional ``title``, ``url``, ``published``, ``source``.

A bad line becomes a Discard naming ``file:line``; the rest of the file is still read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime

from ..records import Article, Discard
from .build import Context, build_article, discard
from .decode import decode_bytes

STRING_FIELDS = ("title", "url", "source", "author")


def read_jsonl(data: bytes, origin: str, ctx: Context) -> Iterator[Article | Discard]:
    """One article per JSON object line (origin ``file:line``)."""
    for number, line in enumerate(decode_bytes(data, origin).split("\n"), start=1):
        if line.strip():
            yield _read_line(line, f"{origin}:{number}", ctx)


def _read_line(line: str, item: str, ctx: Context) -> Article | Discard:
    try:
        obj = json.loads(line)
    except (ValueError, RecursionError) as exc:
        return discard(item, f"not valid JSON ({getattr(exc, 'msg', type(exc).__name__)})")
    if not isinstance(obj, dict):
        return discard(item, f"expected a JSON object, got {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        return discard(item, "no 'text' string")
    for key in STRING_FIELDS:
        if obj.get(key) is not None and not isinstance(obj[key], str):
            return discard(item, f"'{key}' must be a string, got {type(obj[key]).__name__}")
    try:
        published = _parse_published(obj.get("published"))
    except ValueError:
        return discard(item, f"'published' {obj.get('published')!r:.60} is not an ISO date")
    return build_article(ctx, text, item, title=obj.get("title"), url=obj.get("url"),
                         published=published, author=obj.get("author"), source=obj.get("source"))


def _parse_published(value: object) -> date | None:
    """A date from ``YYYY-MM-DD`` or an ISO datetime; ValueError for anything else."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(value)
    if len(value) == 10:
        return date.fromisoformat(value)
    return datetime.fromisoformat(value).date()
