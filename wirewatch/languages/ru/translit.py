"""Russian → Latin transliteration under the schemes names are spelled in: BGN/PCGN (maps, English
press: "Nikolay Patrushev"), the Russian passport scheme (ICAO Doc 9303, since 2013: "Nikolai
Patrushev", "Iurii"), the scholarly scheme ("Nikolaj Patrušev") and the popular English spellings of
news agencies ("Yuri", "Alexander", "Dmitry"). Cross-script matching compares every variant."""

from __future__ import annotations

import re
from functools import lru_cache

_COMMON = dict(zip("абвгдзиклмнопрстуфы", "abvgdziklmnoprstufy"))

BGN = {**_COMMON, "е": "e", "ё": "yo", "ж": "zh", "й": "y", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
       "щ": "shch", "ъ": "", "ь": "", "э": "e", "ю": "yu", "я": "ya"}
PASSPORT = {**_COMMON, "е": "e", "ё": "e", "ж": "zh", "й": "i", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
            "щ": "shch", "ъ": "ie", "ь": "", "э": "e", "ю": "iu", "я": "ia"}
SCHOLARLY = {**_COMMON, "е": "e", "ё": "ë", "ж": "ž", "й": "j", "х": "x", "ц": "c", "ч": "č", "ш": "š",
             "щ": "šč", "ъ": "ʺ", "ь": "ʹ", "э": "è", "ю": "ju", "я": "ja"}
POPULAR = {**BGN, "х": "h", "ё": "e"}
SCHEMES = {"bgn": BGN, "passport": PASSPORT, "scholarly": SCHOLARLY, "popular": POPULAR}

_VOWELS = set("аеёиоуыэюяъь")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Word endings the English press spells its own way ("Дмитрий" → "Dmitry", "Сергей" → "Sergei").
_POPULAR_ENDINGS = (("ий", "y"), ("ый", "y"), ("ей", "ei"), ("ай", "ai"), ("ой", "oy"))


def has_cyrillic(text: str) -> bool:
    return bool(_CYRILLIC.search(text))


def _word(word: str, table: dict[str, str], scheme: str) -> str:
    out = []
    lower = word.lower()
    tail = ""
    if scheme == "popular":
        for ending, latin in _POPULAR_ENDINGS:
            if lower.endswith(ending) and len(lower) > 3:
                lower, tail = lower[: -len(ending)], latin
                break
        lower = lower.replace("кс", "x") if lower.startswith("алекс") else lower
    for i, ch in enumerate(lower):
        latin = table.get(ch, ch)
        if ch == "е" and scheme == "bgn" and (i == 0 or lower[i - 1] in _VOWELS):
            latin = "ye"  # BGN/PCGN: word-initial and after a vowel or a sign ("Yevgeniy")
        out.append(latin)
    text = "".join(out) + tail
    if word[:1].isupper():
        text = text[:1].upper() + text[1:]
    if word.isupper() and len(word) > 1:
        text = text.upper()
    return text


def transliterate(text: str, scheme: str = "bgn") -> str:
    """``text`` with its Cyrillic words in Latin letters under ``scheme`` (bgn, passport, scholarly, popular)."""
    table = SCHEMES[scheme]
    return re.sub(r"[\u0400-\u04ff]+", lambda m: _word(m.group(0), table, scheme), text)


@lru_cache(maxsize=1 << 14)
def latin_variants(text: str) -> tuple[str, ...]:
    """The spellings of a Cyrillic name under every scheme (``text`` itself when it is Latin)."""
    if not has_cyrillic(text):
        return (text,)
    return tuple(dict.fromkeys(transliterate(text, s) for s in SCHEMES))
