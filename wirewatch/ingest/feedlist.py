"""Which feeds to watch: URLs and feed files given as they are, OPML subscription lists, and text files
listing URLs or paths (one a line, ``#`` comments)."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from ..errors import InputError
from . import sources
from .sniff import guess_format

_OPML_ROOT = re.compile(rb"<opml[\s>]", re.I)


def read_feed_list(args: Sequence[str], max_bytes: int = 10 * sources.MB) -> list[str]:
    """The feeds ``args`` name, in order, each once; InputError for a list that cannot be read."""
    feeds: list[str] = []
    for arg in args:
        for feed in _expand(arg, max_bytes):
            if feed not in feeds:
                feeds.append(feed)
    if not feeds:
        raise InputError(", ".join(args) or "FEEDS", "no feeds to watch")
    return feeds


def _expand(arg: str, max_bytes: int) -> list[str]:
    if sources.is_url(arg):
        return [arg]
    data, _ = sources.read_file(arg, max_bytes)
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if _OPML_ROOT.search(head):
        return _opml(arg, data)
    if guess_format(arg, data) == "feed":
        return [arg]
    return _text_list(arg, data)


def _opml(path: str, data: bytes) -> list[str]:
    try:
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, DefusedXmlException) as exc:
        raise InputError(path, f"not a readable OPML file ({exc})") from None
    found = [o.get("xmlUrl") or o.get("xmlurl") for o in root.iter("outline")]
    return [_relative_to(path, url.strip()) for url in found if url and url.strip()]


def _text_list(path: str, data: bytes) -> list[str]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(path, "not a feed, an OPML file or a UTF-8 list of feeds") from None
    lines = (line.strip() for line in text.splitlines())
    return [_relative_to(path, line) for line in lines if line and not line.startswith("#")]


def _relative_to(list_path: str, item: str) -> str:
    """URLs as they are; a relative path is taken from the folder of the list that names it."""
    if sources.is_url(item) or os.path.isabs(item):
        return item
    return os.path.join(os.path.dirname(list_path), item)
