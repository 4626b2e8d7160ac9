"""Russian time expressions with their case forms ("3 июля", "в июле 2021 года", "в четверг", "на прошлой
неделе", "вчера", "два дня назад"), normalised to TimeML values against the publication date; numeric
dates ("03.07.2021") are read day first, as Russian writes them."""

from __future__ import annotations

import re
from datetime import date, timedelta

from ...extract.timenorm import add_months, iso_week, is_future, nearest_year, weekday_date
from ...periods import precision_of
from ...records import Article, TimeExpr
from .model import RuDoc

MONTHS = {"январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6, "июл": 7, "август": 8,
          "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12}
_MONTH = r"(январ[яеь]|феврал[яеь]|марта?|марте|апрел[яеь]|ма[яей]|июн[яеь]|июл[яеь]|августа?|августе|сентябр[яеь]|октябр[яеь]|ноябр[яеь]|декабр[яеь])"
WEEKDAYS = {"понедельник": 1, "вторник": 2, "сред": 3, "четверг": 4, "пятниц": 5, "суббот": 6, "воскресень": 7}
_WEEKDAY = r"(понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье)"
_NUMBERS = {"один": 1, "одну": 1, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6, "семь": 7,
            "восемь": 8, "девять": 9, "десять": 10, "несколько": None}
_UNIT = {"дн": "day", "ден": "day", "сут": "day", "недел": "week", "месяц": "month", "год": "year", "лет": "year"}
_NEAR = {"прошл": -1, "минувш": -1, "предыдущ": -1, "эт": 0, "текущ": 0, "нынешн": 0, "следующ": 1, "будущ": 1}

PATTERNS = [
    ("date", re.compile(rf"\b(\d{{1,2}})(?:\s*[-–]\s*\d{{1,2}})?\s+{_MONTH}(?:\s+(\d{{4}})(?:\s+год[ау]?|\s*г\.)?)?", re.I)),
    ("month", re.compile(rf"\bв\s+{_MONTH}(?:\s+(\d{{4}})(?:\s+года|\s*г\.)?)?", re.I)),
    ("year", re.compile(r"\bв\s+(\d{4})\s+(?:году|г\.)", re.I)),
    ("numeric", re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")),
    ("weekday", re.compile(rf"\bв(?:о)?\s+(?:(прошл|минувш|следующ|эт)\w*\s+)?{_WEEKDAY}", re.I)),
    ("deictic", re.compile(r"\b(позавчера|вчера|сегодня|завтра|послезавтра)\b", re.I)),
    ("near", re.compile(r"\b(?:на|в)\s+(прошл|минувш|предыдущ|эт|текущ|нынешн|следующ|будущ)\w*\s+(недел|месяц|год)\w*", re.I)),
    ("ago", re.compile(r"\b(?:(\d+|один|одну|два|две|три|четыре|пять|шесть|семь|восемь|девять|десять|несколько)\s+)?(дн|ден|сут|недел|месяц|год|лет)\w*\s+(назад|спустя)", re.I)),
    ("after", re.compile(r"\bчерез\s+(?:(\d+|один|одну|два|две|три|четыре|пять|шесть|семь|восемь|девять|десять|несколько)\s+)?(дн|ден|сут|недел|месяц|год|лет)\w*", re.I)),
    ("vague", re.compile(r"\b(недавно|в последнее время|на днях|в ближайшее время|в скором времени)\b", re.I)),
]


def _month(word: str) -> int:
    word = word.lower()
    for stem in sorted(MONTHS, key=len, reverse=True):
        if word.startswith(stem):
            return MONTHS[stem]
    return 0


def _weekday(word: str) -> int:
    return next(v for k, v in WEEKDAYS.items() if word.lower().startswith(k))


def _number(word: str | None) -> int | None:
    if word is None:
        return 1  # "неделю назад", "через месяц"
    return int(word) if word.isdigit() else _NUMBERS.get(word.lower())


def _unit(word: str) -> str:
    return next(v for k, v in _UNIT.items() if word.lower().startswith(k))


def _shift(dct: date, unit: str, amount: int) -> str:
    if unit == "day":
        return (dct + timedelta(days=amount)).isoformat()
    if unit == "week":
        return iso_week(dct + timedelta(weeks=amount))
    if unit == "month":
        return add_months(dct, amount).strftime("%Y-%m")
    return str(dct.year + amount)


def normalise(kind: str, m: re.Match, dct: date | None) -> str | None:
    """The TimeML value of one matched expression (None when it needs a publication date it lacks)."""
    g = m.groups()
    if kind == "date":
        month, day = _month(g[1]), int(g[0])
        year = int(g[2]) if g[2] else (nearest_year(dct, month, day) if dct else None)
        return f"{year:04d}-{month:02d}-{day:02d}" if year and 1 <= day <= 31 else None
    if kind == "month":
        month = _month(g[0])
        year = int(g[1]) if g[1] else (nearest_year(dct, month) if dct else None)
        return f"{year:04d}-{month:02d}" if year else None
    if kind == "year":
        return g[0]
    if kind == "numeric":
        day, month, year = int(g[0]), int(g[1]), int(g[2])
        return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else None
    if dct is None:
        return "PAST_REF" if kind == "vague" else None
    if kind == "weekday":
        direction = 1 if g[0] and g[0].lower().startswith("следующ") else -1
        return weekday_date(dct, _weekday(g[1]), direction).isoformat()
    if kind == "deictic":
        offset = {"позавчера": -2, "вчера": -1, "сегодня": 0, "завтра": 1, "послезавтра": 2}[g[0].lower()]
        return (dct + timedelta(days=offset)).isoformat()
    if kind == "near":
        step = next(v for k, v in _NEAR.items() if g[0].lower().startswith(k))
        return _shift(dct, _unit(g[1]), step)
    if kind in ("ago", "after"):
        amount = _number(g[0])
        if amount is None:
            return "PAST_REF" if kind == "ago" else "FUTURE_REF"
        return _shift(dct, _unit(g[1]), -amount if kind == "ago" else amount)
    if kind == "vague":
        return "FUTURE_REF" if "ближайш" in g[0].lower() or "скор" in g[0].lower() else "PAST_REF"
    return None


def extract_times(doc: RuDoc, article: Article) -> list[TimeExpr]:
    """Every time expression in the article, left to right; overlapping matches keep the first listed."""
    text, dct = doc.text, article.published
    taken: list[tuple[int, int]] = []
    out = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            start, end = m.span()
            if any(s < end and start < e for s, e in taken):
                continue
            value = normalise(kind, m, dct)
            if value is None:
                continue
            if kind in ("month", "year", "weekday", "near") and text[start:start + 2].lower() in ("в ", "во", "на"):
                start = start + text[start:end].index(" ") + 1  # the span names the time, not its preposition
            taken.append((start, end))
            precision = precision_of(value) if value[0].isdigit() else "other"
            out.append(TimeExpr(article.id, start, end, text[start:end], value, precision, "DATE",
                                is_future(value, dct)))
    return sorted(out, key=lambda t: t.start)
