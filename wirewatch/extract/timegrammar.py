"""Word lists (from ``data/time_words.tsv``) and the regular expressions that find temporal expressions."""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def time_words() -> dict[str, dict[str, str]]:
    """``{kind: {word: value}}`` read from the shipped TSV."""
    words: dict[str, dict[str, str]] = defaultdict(dict)
    text = resources.files("wirewatch.data").joinpath("time_words.tsv").read_text("utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            kind, word, *value = line.split("\t")
            words[kind][word] = value[0] if value else ""
    return dict(words)


def _alt(items) -> str:
    """A regex alternation of ``items``, longest first, spaces matching any whitespace."""
    ordered = sorted(set(items), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) + ")"


def _units(words: dict[str, str]) -> str:
    forms = set(words)
    forms |= {w + "s" for w in words if w != "century"} | {"centuries"}
    return _alt(forms)


@lru_cache(maxsize=1)
def patterns() -> list[tuple[str, re.Pattern]]:
    """``(name, regex)`` pairs in priority order; each name has a handler in ``times``."""
    w = time_words()
    longest: dict[str, str] = {}
    for name, number in w["month"].items():
        longest[number] = max(longest.get(number, ""), name, key=len)
    full = list(longest.values())
    abbr = [m for m in w["month"] if m not in full]
    month = rf"(?P<mon>{_alt(full)}\b|{_alt(abbr)}\b\.?)"
    weekday = rf"(?P<wd>{_alt(w['weekday'])})"
    pod = rf"(?P<pod>{_alt(w['part_of_day'])})"
    season = rf"(?P<season>{_alt(w['season'])})"
    ones = _alt(k for k, v in w["number"].items() if v.isdigit() and int(v) < 10)
    tens = _alt(k for k, v in w["number"].items() if v.isdigit() and int(v) in range(20, 100, 10))
    numword = _alt(k for k in w["number"])
    quant = rf"(?P<q>\d+(?:\.\d+)?|{tens}[\s-]{ones}|{numword})"
    units = _units(w["unit"])
    year = r"(?P<year>(?:1[7-9]|20)\d\d)"
    approx = (r"(?P<approx>nearly|almost|at\s+least|at\s+most|(?:no\s+)?more\s+than|"
              r"(?:no\s+)?less\s+than|fewer\s+than|over|under|up\s+to)")
    edge = r"(?P<edge>early|late|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of|end\s+of)"
    yrel = r"(?:\s+of\s+(?:(?P<yrel>last|next|this)\s+year|" + year + "))"
    rules = [
        ("iso", r"\b(?P<year>(?:1[7-9]|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b"),
        ("slash", r"\b(?P<m>[01]?\d)/(?P<d>[0-3]?\d)/(?P<year>(?:19|20)?\d\d)\b"),
        ("month_day", rf"\b(?:{weekday},?\s+)?{month}\s*(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+{year}\b)?"),
        ("day_month", rf"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?{month}(?:,?\s+{year}\b)?"),
        ("month_year", rf"\b(?:{edge}[\s-]+)?{month}(?:\s+of)?,?\s+{year}\b"),
        ("month", rf"\b(?:{edge}[\s-]+)?(?:(?P<rel>last|next|this|coming|past)\s+)?{month}(?!\s*\d)"
                  rf"(?:{yrel}|\s+(?P<yrel2>last|this|next)\s+year)?"),
        ("decade", r"\b(?:the\s+)?(?:(?P<edge>early|late|mid)[\s-]+)?(?P<dec>(?:1[7-9]|20)\d0|'\d0|\d0)'?s\b"),
        ("year", rf"(?<![$\d.,:/-])\b(?:(?P<edge>early|late|mid)[\s-]+)?(?:(?P<fiscal>fiscal|calendar)\s+)?{year}\b"
                 r"(?![-/]\d|\s*%|,\d|\.\d)"),
        ("time", rf"\b(?P<h>[012]?\d)(?::(?P<mi>[0-5]\d))?\s*(?P<ampm>[ap]\.m\.?|[ap]m\b)"
                 rf"(?:\s+{_alt(w['timezone'])}\b)?(?:,?\s+(?:(?P<wd>{_alt(w['weekday'])})|(?P<day>today|yesterday|tomorrow)))?"),
        ("noon", r"\b(?P<h>noon|midnight)\b"),
        ("weekday", rf"\b(?:(?P<rel>last|next|this|coming|past|previous)\s+)?{weekday}(?:\s+{pod})?\b"),
        ("deictic_day", rf"\b(?:(?P<edge>early|late|earlier|later)\s+)?(?P<day>today|tonight|yesterday|tomorrow)"
                        rf"(?:\s+{pod})?\b"),
        ("pod", rf"\b(?P<day>last|this|tomorrow|yesterday)\s+{pod}\b"),
        ("ago", rf"\b(?:{approx}\s+)?{quant}(?:\s+|-)(?P<unit>{units})\s+(?P<dir>ago|earlier|from\s+now|hence)\b"),
        ("relative", r"\b(?:(?P<edge>early|late|earlier|later|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|"
                     r"the\s+middle\s+of|end\s+of)\s+)?(?P<the>the\s+)?(?P<rel>last|next|this|coming|past|previous|"
                     r"current|following|same|latest)\s+(?P<unit>week|weekend|month|year|decade|century)\b"),
        ("the_year", r"\bthe\s+(?:(?P<adj>full|fiscal|current|calendar|same)\s+)?(?P<unit>year|week|weekend)\b"
                     r"(?P<ended>\s+(?:ended|ending|to\s+date|through))?"),
        ("year_ago", r"\byear-(?:earlier|ago)\b"),
        ("edge_the", rf"\b{edge}\s+the\s+(?P<unit>week|month|year|decade|century)\b"),
        ("season", rf"\b(?:(?P<edge>early|late|mid)[\s-]+)?(?:(?P<rel>last|next|this|the|that)\s+){season}{yrel}?\b"),
        ("quarter", r"\b(?:(?P<det>the|a|its|their|this|that|last|next)\s+)?(?P<adj>(?:(?:latest|last|previous|current|same|"
                    r"recent|flat|fiscal|year-earlier|year-ago|first|second|third|fourth|1st|2nd|3rd|4th|final|"
                    r"comparable|just-ended|past)[\s-]+){0,2})(?:fiscal\s+)?quarters?\b"
                    + rf"(?:\s+of\s+(?:(?:fiscal\s+)?{year}|(?P<yrel>this|last|next)\s+year))?"),
        ("period", rf"\bthe\s+(?P<adj>latest|year-earlier|year-ago|same|comparable|{year})\s+period\b"),
        ("half", rf"\b(?:the\s+)?(?P<ord>first|second)\s+half(?:\s+of\s+(?:{year}|(?P<yrel>this|last|next)\s+year))?\b"),
        ("plural", r"\b(?:(?P<the>the)\s+)?(?P<rel>coming|recent|past|next|last)\s+(?P<unit>days|weeks|months|quarters|years|decades)\b"),
        ("duration", rf"\b(?:(?P<det>the|its|their|his|her)\s+)?(?:(?P<rel>past|last|next|coming|first|previous|final|"
                     rf"following|initial|latest|recent|remaining)\s+)?(?:{approx}\s+)?{quant}"
                     rf"(?:\s+(?:more|additional|straight|consecutive|full))?(?:\s+|-)(?P<unit>{units})\b(?!-old)"),
        ("set", rf"\b(?:(?P<word>{_alt(w['set'])})|(?:every|each|per)\s+(?:(?P<q>other|\d+|{numword})\s+)?"
                rf"(?:(?P<unit>{units})|{weekday}|{pod}))\b"),
        ("times_per", rf"\b(?:once|twice|\w+\s+times)\s+(?:a|an|per|each|every)\s+(?P<unit>{units})\b"),
        ("holiday", rf"\b(?P<hol>{_alt(w['holiday'])})(?![\w'])"),
        ("year_end", r"\b(?:the\s+)?year[\s-]end\b"),
        ("ref", rf"\b(?P<ref>{_alt(w['ref'])})\b"),
    ]
    return [(name, re.compile(rx, re.IGNORECASE)) for name, rx in rules]
