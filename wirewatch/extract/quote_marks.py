"""Finds spans of text between quotation marks, paragraph by paragraph.

Straight and curly double quotes, guillemets and single quotes used as quotation marks (not
apostrophes) are paired. A quote left open at a paragraph's end runs to that end (the news
convention for a quote that continues in the next paragraph); an unmatched mark never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DOUBLE_OPEN = "\"“„«"
_DOUBLE_CLOSE = {'"': '"”', "“": "”\"", "„": "“”\"", "«": "»"}
_SINGLE_OPEN = "'‘"
_SINGLE_CLOSE = "'’"
_BEFORE_OPEN = " \t([{—–-/:;,"
_PARAGRAPH = re.compile(r"[^\n]+")


@dataclass(frozen=True, slots=True)
class Marked:
    """One quoted span: ``start``/``end`` include the marks; ``closed`` is False when a paragraph cut it."""

    start: int
    end: int
    closed: bool = True


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line, the unit news text uses for paragraphs."""
    spans = []
    for match in _PARAGRAPH.finditer(text):
        if match.group().strip():
            spans.append((match.start(), match.end()))
    return spans


def find_marked(text: str) -> list[Marked]:
    """Every quoted span in ``text``, in order."""
    found: list[Marked] = []
    for start, end in paragraphs(text):
        found.extend(_scan(text, start, end))
    return found


def _opens(text: str, i: int, start: int) -> bool:
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before in _BEFORE_OPEN or before in _DOUBLE_OPEN or before.isspace()) and not after.isspace()


def _single_closes(text: str, i: int, end: int) -> bool:
    before = text[i - 1]
    after = text[i + 1] if i + 1 < end else " "
    return not before.isspace() and not after.isalnum()


def _scan(text: str, start: int, end: int) -> list[Marked]:
    found: list[Marked] = []
    i = start
    while i < end:
        ch = text[i]
        if ch in _DOUBLE_OPEN and _opens(text, i, start):
            close = _find_double_close(text, i, end)
        elif ch in _SINGLE_OPEN and _opens(text, i, start):
            close = _find_single_close(text, i, end)
            if close is None:
                i += 1
                continue
        else:
            i += 1
            continue
        if close is None:
            found.append(Marked(i, _rstrip(text, i, end), closed=False))
            break
        found.append(Marked(i, close + 1))
        i = close + 1
    return found


def _find_double_close(text: str, i: int, end: int) -> int | None:
    closers = _DOUBLE_CLOSE[text[i]]
    for j in range(i + 1, end):
        if text[j] in closers or (text[j] == text[i] == "“" and _misused_close(text, j, end)):
            return j
    return None


def _misused_close(text: str, j: int, end: int) -> bool:
    """'“It's unusual,“ said X': an opening curly mark right after the content's last punctuation and
    before a space closes the quote (a typing slip common in web copy)."""
    after = text[j + 1] if j + 1 < end else " "
    return text[j - 1] in ",.!?" and (after.isspace() or after in ",.;:")


def _find_single_close(text: str, i: int, end: int) -> int | None:
    for j in range(i + 2, end):
        if text[j] in _DOUBLE_OPEN:
            return None
        if text[j] in _SINGLE_CLOSE and _single_closes(text, j, end):
            return j
    return None


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start + 1 and text[end - 1].isspace():
        end -= 1
    return end
