"""What every reader shares: the run's defaults, text clean-up and the final Article."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from ..records import Article, Discard
from .language import detect_language

STAGE = "ingest"

_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufeff\ufffe]")
_BLANK_RUN = re.compile(r"\n{3,}")


@dataclass(frozen=True, slots=True)
class Context:
    """Defaults for one ``read_inputs`` call: used where an item does not say otherwise."""

    published: date | None = None
    source: str | None = None
    ingested_at: datetime | None = None
    max_bytes: int = 200 * 1024 * 1024
    fetch_timeout: float = 20.0


def clean_text(text: str) -> str:
    """NFC, ``\\n`` newlines, no control characters or trailing spaces, one blank line between paragraphs."""
    text = unicodedata.normalize("NFC", _BREAKS.sub("\n", text))
    text = "\n".join(line.rstrip(" \t\u00a0") for line in _CONTROL.sub("", text).split("\n"))
    return _BLANK_RUN.sub("\n\n", text).strip("\n").rstrip()


def clean_line(value: object) -> str | None:
    """A one-line metadata value (title, author…) with collapsed spaces, or None when blank."""
    if not isinstance(value, str):
        return None
    value = " ".join(clean_text(value).split())
    return value or None


def discard(item: str, reason: str) -> Discard:
    """A Discard from the ingest stage."""
    return Discard(item=item, stage=STAGE, reason=reason)


def build_article(
    ctx: Context,
    text: str,
    origin: str,
    *,
    title: object = None,
    url: object = None,
    published: date | None = None,
    author: object = None,
    source: object = None,
) -> Article | Discard:
    """The Article for ``text`` (cleaned), with the item's metadata over the run's defaults."""
    text = clean_text(text)
    if not any(ch.isalpha() for ch in text):
        return discard(origin, "no text found" if not text else "no text found (no letters)")
    return Article.create(
        text,
        title=clean_line(title),
        source=clean_line(source) or ctx.source,
        url=clean_line(url),
        published=published or ctx.published,
        language=detect_language(text),
        author=clean_line(author),
        origin=origin,
        ingested_at=ctx.ingested_at,
    )
