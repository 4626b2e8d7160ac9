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


_GENERIC_SUFFIX = re.compile(
    r"\s+(province|region|oblast|governorate|district|state|prefecture|autonomous region|municipality|county)$", re.I)
_LATIN1 = re.compile(r"^[\x00-\xff]+$")


def _ascii(name: str) -> bool:
    return name.isascii() and any(ch.isalpha() for ch in name)


def country_display(candidates: list[str]) -> str:
    """The shortest plain form of a country's names: 'Iran' over 'Iran, Islamic Republic of'."""
    plain = [re.sub(r"\s*\(.*\)$", "", c).strip() for c in candidates if c and "," not in c]
    plain = [c for c in plain if c and _ascii(unidecode(c)) and unidecode(c) == c]
    return min(plain, key=len) if plain else candidates[0]


def romanised_display(name: str, alternates: list[str]) -> str:
    """The English form of a romanised name: 'Mazār-e Sharīf' → 'Mazar-e Sharif', 'Kŭhistoni Badakhshon'
    → 'Gorno-Badakhshan'. Names in plain Latin-1 ('Île-de-France', 'Kabul') are kept as they are."""
    if _LATIN1.match(name):
        return name
    plain = unidecode(name)
    ascii_alts = [_GENERIC_SUFFIX.sub("", a) for a in alternates if _ascii(a) and not a.isupper()]
    if plain in ascii_alts:
        return plain
    return ascii_alts[0] if ascii_alts else plain
