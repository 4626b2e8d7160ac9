"""RSS and Atom feeds: each entry becomes one article (origin ``path#N``, N counting from 1)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import feedparser

from ..errors import InputError
from ..records import Article, Discard
from .build import Context, build_article, discard
from .decode import decode_bytes
from .html import html_to_text

_ENTITY_DECL = re.compile(rb"<!ENTITY", re.I)
_DOCTYPE_SUBSET = re.compile(rb"<!DOCTYPE[^>\[]{0,2000}\[", re.I)


def read_feed(data: bytes, origin: str, ctx: Context) -> Iterator[Article | Discard]:
    """The entries of an RSS/Atom feed; a feed declaring XML entities is refused, not expanded."""
    if _ENTITY_DECL.search(data) or _DOCTYPE_SUBSET.search(data):
        raise InputError(origin, "feed declares XML entities in a DOCTYPE; refused (possible entity-expansion bomb)")
    decode_bytes(data, origin)
    try:
        parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    except (UnicodeDecodeError, LookupError) as exc:  # feedparser decodes a garbled encoding declaration
        raise InputError(origin, f"malformed feed (unreadable encoding declaration: {exc.__class__.__name__})") from exc
    if not parsed.entries:
        raise InputError(origin, _why_empty(parsed))
    feed_title = parsed.feed.get("title")
    problem = _parse_problem(parsed)
    for number, entry in enumerate(parsed.entries, start=1):
        item = f"{origin}#{number}"
        text = html_to_text(_entry_html(entry))
        if not text.strip():
            why = f"; malformed feed ({problem})" if problem else " (only a title or link)"
            yield discard(item, f"feed entry {number} has no text{why}")
            continue
        yield build_article(ctx, text, item, title=html_to_text(entry.get("title", "")),
                            url=entry.get("link"), published=_entry_date(entry),
                            author=entry.get("author"), source=feed_title)


def _why_empty(parsed: feedparser.FeedParserDict) -> str:
    problem = _parse_problem(parsed)
    if problem:
        return f"malformed feed ({problem})"
    if not parsed.get("version"):
        return "not a feed (no RSS or Atom root element)"
    return "feed has no entries"


def _parse_problem(parsed: feedparser.FeedParserDict) -> str | None:
    """"line 3: mismatched tag" when the XML parser failed, else None."""
    exc = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if exc is None:
        return None
    line = getattr(exc, "getLineNumber", lambda: None)()
    message = getattr(exc, "getMessage", lambda: str(exc))()
    return f"line {line}: {message}" if line else str(message)[:200]


def _entry_html(entry: feedparser.FeedParserDict) -> str:
    contents = entry.get("content") or []
    longest = max((c.get("value") or "" for c in contents), key=len, default="")
    summary = entry.get("summary") or ""
    return longest if len(longest) >= len(summary) else summary


def _entry_date(entry: feedparser.FeedParserDict) -> date | None:
    # plain dict lookups: FeedParserDict maps updated_parsed to published_parsed, with a warning
    stamp = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
    try:
        return date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday) if stamp else None
    except (ValueError, AttributeError):
        return None
