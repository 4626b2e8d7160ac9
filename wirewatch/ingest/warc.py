"""WARC and WARC.gz archives: each HTML ``response`` record becomes an article (origin ``path#N``)."""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from datetime import date

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..errors import InputError
from ..records import Article, Discard
from .build import Context, discard
from .html import read_html

HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(data: bytes, origin: str, ctx: Context) -> Iterator[Article | Discard]:
    """Articles from the HTML responses in a WARC; a damaged archive keeps what was read before the damage."""
    done = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            content_type = _html_response_type(record)
            if content_type:
                yield from _read_record(record, f"{origin}#{done + 1}", ctx, content_type)
            done += 1
    # warcio raises AttributeError/KeyError/TypeError too on some damaged headers
    except (ArchiveLoadFailed, EOFError, OSError, zlib.error, ValueError,
            AttributeError, KeyError, TypeError) as exc:
        yield discard(origin, f"malformed WARC after {done} records; the rest is skipped ({_first_line(exc)})")
        return
    if done == 0:
        raise InputError(origin, "WARC has no records")


def _html_response_type(record) -> str | None:
    if record.rec_type != "response" or record.http_headers is None:
        return None
    content_type = record.http_headers.get_header("Content-Type") or ""
    return content_type if content_type.lower().startswith(HTML_TYPES) else None


def _read_record(record, item: str, ctx: Context, content_type: str) -> Iterator[Article | Discard]:
    body = record.content_stream().read()
    if getattr(record.raw_stream, "limit", 0) > 0:
        raise EOFError(f"record {item.rpartition('#')[2]} is cut short")
    charset = content_type.partition("charset=")[2].strip(" \"';") or None
    try:
        yield from read_html(body, item, ctx, url=record.rec_headers.get_header("WARC-Target-URI"),
                             published=_warc_date(record.rec_headers.get_header("WARC-Date")),
                             charset=charset)
    except InputError as exc:
        yield discard(item, exc.reason)


def _warc_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _first_line(exc: BaseException) -> str:
    if isinstance(exc, (AttributeError, KeyError, TypeError)):
        return "damaged record headers"
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__
