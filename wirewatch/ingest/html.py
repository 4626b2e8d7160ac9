"""HTML pages: trafilatura finds the main text, title, date, author, site name and URL."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date

import lxml.etree
import lxml.html
import trafilatura

from ..errors import InputError
from ..records import Article, Discard
from .build import Context, build_article
from .decode import decode_bytes

logging.getLogger("trafilatura").setLevel(logging.ERROR)

BLOCKS = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
          "table", "tr", "section", "article", "header", "footer", "figure", "figcaption", "dd", "dt"}
DATE_PARAMS = {"extensive_search": False, "original_date": True}
PROSE_WORDS = 6


def read_html(data: bytes, origin: str, ctx: Context, *, url: str | None = None,
              published: date | None = None, charset: str | None = None) -> Iterator[Article | Discard]:
    """One article from an HTML page; ``url``/``published`` are used when the page gives none."""
    yield extract_html(decode_bytes(data, origin, charset), origin, ctx, url=url, published=published)


def extract_html(html: str, origin: str, ctx: Context, *, url: str | None = None,
                 published: date | None = None) -> Article | Discard:
    """The article in ``html``: main text with a blank line between paragraphs, and its metadata."""
    try:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                          include_tables=False, date_extraction_params=DATE_PARAMS)
    except (ValueError, lxml.etree.LxmlError, RecursionError) as exc:
        raise InputError(origin, f"malformed HTML ({exc})") from None
    if doc is None or not (doc.text or "").strip():
        raise InputError(origin, "no article text")
    paragraphs = [line for line in doc.text.split("\n") if line.strip()]
    if not has_prose(paragraphs, link_texts(html)):
        raise InputError(origin, "no article text (only navigation, links or headings)")
    if doc.title and paragraphs and paragraphs[0].strip() == doc.title.strip():
        paragraphs = paragraphs[1:]
    return build_article(ctx, "\n\n".join(paragraphs), origin, title=doc.title, url=doc.url or url,
                         published=_iso_date(doc.date) or published, author=doc.author,
                         source=doc.sitename)


def link_texts(html: str) -> set[str]:
    """The whitespace-collapsed texts of the page's links (menus, headline lists, footers)."""
    try:
        root = lxml.html.fromstring(html.encode("utf-8", "replace"))
    except (lxml.etree.LxmlError, ValueError):
        return set()
    return {" ".join(a.text_content().split()) for a in root.iter("a")} - {""}


def has_prose(paragraphs: list[str], links: set[str]) -> bool:
    """True when some paragraph that is not just a link's text reads as a sentence (``PROSE_WORDS`` words or
    more, ending like a sentence): what trafilatura falls back to on a navigation page has none."""
    for line in paragraphs:
        text = " ".join(line.split())
        if text in links:
            continue
        if len(text.split()) >= PROSE_WORDS and text.rstrip("\"'”’)]").endswith((".", "!", "?", ":")):
            return True
    return False


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed summary), one paragraph per block element."""
    if not fragment.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.LxmlError, ValueError):
        return fragment
    for bad in list(root.iter("script", "style")):
        bad.drop_tree()
    for element in root.iter():
        if element.tag == "br":
            element.tail = "\n" + (element.tail or "")
        elif element.tag in BLOCKS:
            element.tail = "\n\n" + (element.tail or "")
    return root.text_content()


def _iso_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
