"""Name normalisation shared by the gazetteer build and lookups."""

from __future__ import annotations

import re
from functools import lru_cache

from unidecode import unidecode

_DASHES = re.compile(r"[\-\u2010-\u2015/]")
_DROP = re.compile(r"[.'’ʼ‘`,()]")
_SPACES = re.compile(r"\s+")
_THE = re.compile(r"\bthe\b ?")
_INITIALS = re.compile(r"\b([a-z]) (?=[a-z]\b)")


@lru_cache(maxsize=65536)
def normalise_name(name: str) -> str:
    """Lower-case ASCII key: diacritics folded, dots/apostrophes dropped, hyphens as spaces, no 'the'."""
    text = _DROP.sub("", unidecode(name).lower())
    text = _SPACES.sub(" ", _DASHES.sub(" ", text)).strip()
    text = _INITIALS.sub(r"\1", text)
    return _THE.sub("", text).strip() or text


def demonym_stems(country: str) -> list[str]:
    """Adjectives derived from a country name ('Tajikistan' → 'Tajik'); empty when none follows."""
    for suffix in ("istan", "stan"):
        if country.endswith(suffix) and len(country) > len(suffix) + 2:
            return [country[: -len(suffix)]]
    return []


def name_variants(name: str) -> list[str]:
    """A name and its uninverted form ('Korea, Republic of' → 'Republic of Korea')."""
    head, sep, tail = name.partition(", ")
    return [name, f"{tail} {head}"] if sep and tail else [name]
