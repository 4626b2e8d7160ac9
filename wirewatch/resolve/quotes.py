"""The same quote carried by several articles: one quote with several sources.

Quotes are grouped per speaker (resolved actor id, or none) and, within a speaker, by wording:
identical after normalisation, or near-identical (rapidfuzz ratio ≥ 90 on normalised text).
Grouping within a speaker keeps each comparison set small however many quotes are stored.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz import fuzz
from unidecode import unidecode

SIMILAR = 90.0
_NON_WORD = re.compile(r"[^a-z0-9]+")


def wording(text: str) -> str:
    """Quote text reduced to lowercase ASCII words (quote marks, punctuation and case ignored)."""
    return _NON_WORD.sub(" ", unidecode(text).lower()).strip()


def group_quotes(rows: Iterable[dict], speaker_of) -> list[list[dict]]:
    """Quote rows grouped so each group is one quote told by one or more articles.

    ``speaker_of(row)`` gives the resolved speaker id of a row (or None). Groups and their members
    keep the order of ``rows``.
    """
    groups: list[list[dict]] = []
    by_speaker: dict[object, list[tuple[str, list[dict]]]] = defaultdict(list)
    for row in rows:
        words = wording(row["text"])
        bucket = by_speaker[(speaker_of(row), bool(row["direct"]))]
        for known, members in bucket:
            if words == known or (min(len(words), len(known)) >= 20 and fuzz.ratio(words, known) >= SIMILAR):
                members.append(row)
                break
        else:
            members = [row]
            bucket.append((words, members))
            groups.append(members)
    return groups
