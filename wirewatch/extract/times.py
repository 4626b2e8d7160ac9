"""Temporal expressions: find them with the rules in ``timegrammar`` and normalise them to TimeML values.

Relative expressions are anchored on ``Article.published``; without it they get no value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from spacy.tokens import Doc

from ..records import Article, TimeExpr
from .timegrammar import patterns, time_words
from ..periods import SEASON_MONTH, precision_of
from .timenorm import duration, is_future, nearest_year, quarter_of, shift, weekday_date

Result = tuple[str | None, str]
BACK = {"last", "past", "previous", "ago", "earlier", "before", "back"}
FORWARD = {"next", "coming", "following", "later", "after", "from now", "hence"}
PREPOSITIONS = {"in", "on", "since", "until", "till", "by", "during", "through", "from", "to", "before",
                "after", "of", "early", "late", "mid", "last", "next", "this", "between", "and", "or"}
FUTURE_AUX = {"will", "'ll", "shall", "wo", "would", "going", "may", "might", "could", "should", "must", "can", "ca"}
REPORTING = {"say", "tell", "report", "announce", "add", "note", "confirm", "deny", "claim", "state"}
PLAN_VERBS = {"plan", "expect", "schedule", "set", "due", "intend", "aim", "hope", "prepare", "agree", "vow"}


@dataclass(slots=True)
class Context:
    """One document's state while its expressions are normalised."""

    doc: Doc
    dct: date | None
    ref_quarter: str | None = None
    ref_day: date | None = None
    text: str = field(init=False)

    def __post_init__(self) -> None:
        self.text = self.doc.text  # Doc.text re-joins every token: read it once per document

    def word_before(self, start: int) -> str:
        """The lower-cased word just before character ``start``."""
        m = re.search(r"(\w+)\W*$", self.text[max(0, start - 30):start])
        return m.group(1).lower() if m else ""

    def direction(self, start: int, end: int) -> int:
        """+1 when the clause around the span speaks of the future, -1 of the past, 0 when unclear."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return 0
        token = span.root.head
        if token.pos_ == "ADP":
            token = token.head
        return _verb_direction(token) if token.pos_ in ("VERB", "AUX") else 0


def _verb_direction(verb) -> int:
    """+1 for will/would/modal/"is to"/planned verbs and bare present of non-reporting verbs; -1 for past."""
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(c.lower_ in FUTURE_AUX for c in aux):
        return 1
    if any(c.tag_ == "VBD" for c in aux) or verb.tag_ == "VBD":
        return -1
    head = verb.head
    if verb.dep_ in ("xcomp", "ccomp") and head is not verb and (head.lemma_ in PLAN_VERBS or head.lemma_ == "be"):
        return 1 if head.tag_ != "VBD" else -1
    if verb.tag_ in ("VBZ", "VBP") and not aux:
        return -1 if verb.lemma_ in REPORTING else 1
    return 0


def _word(kind: str, text: str) -> str | None:
    return time_words()[kind].get(re.sub(r"\s+", " ", text.lower().rstrip(".")))


def _number(text: str) -> str | None:
    """The amount a quantity phrase names ("3", "twenty-four", "a few" → X)."""
    text = re.sub(r"\s+", " ", text.lower())
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return text
    parts = [_word("number", p) or "" for p in re.split(r"[\s-]", text)]
    if len(parts) == 2 and parts[0].isdigit() and parts[1].isdigit():
        return str(int(parts[0]) + int(parts[1]))
    return _word("number", text)


def _unit(text: str) -> str:
    """The unit code of a unit word ("weeks" → W, "minute" → MI)."""
    word = text.lower()
    word = "century" if word == "centuries" else word.removesuffix("s")
    return time_words()["unit"][word]


def _capital(text: str) -> bool:
    return text[:1].isupper()


def _day(dct: date | None, year: str | None, month: int, day: int, direction: int = 0) -> str | None:
    try:
        if year:
            return date(int(year), month, day).isoformat()
        if dct is None:
            return f"XXXX-{month:02d}-{day:02d}"
        return date(nearest_year(dct, month, day, direction), month, day).isoformat()
    except ValueError:
        return None


def _month_day(m: re.Match, ctx: Context) -> Result | None:
    if not _capital(m["mon"]):
        return None
    month, day = int(_word("month", m["mon"])), int(m["d"])
    weekday = m.groupdict().get("wd")  # "day_month" ("14 April") has no weekday group
    year = m["year"] or (weekday and ctx.dct and _weekday_year(ctx.dct, month, day, weekday))
    direction = 0 if year or not ctx.dct else ctx.direction(m.start(), m.end())
    value = _day(ctx.dct, year, month, day, direction)
    return (value, "DATE") if value else None


def _weekday_year(dct: date, month: int, day: int, weekday: str) -> str | None:
    """The year near ``dct`` in which ``month``/``day`` falls on ``weekday``."""
    for year in (dct.year, dct.year - 1, dct.year + 1):
        try:
            if date(year, month, day).isoweekday() == int(_word("weekday", weekday)):
                return str(year)
        except ValueError:
            return None
    return None


def _numeric(m: re.Match, ctx: Context) -> Result | None:
    year = m["year"] if len(m["year"]) == 4 else ("19" if int(m["year"]) > 30 else "20") + m["year"]
    if not 1 <= int(m["m"]) <= 12:
        return None
    value = _day(ctx.dct, year, int(m["m"]), int(m["d"]))
    return (value, "DATE") if value else None


def _month_year(m: re.Match, ctx: Context) -> Result | None:
    if not _capital(m["mon"]):
        return None
    return f"{m['year']}-{_word('month', m['mon'])}", "DATE"


def _month(m: re.Match, ctx: Context) -> Result | None:
    name = m["mon"].lower().rstrip(".")
    if not _capital(m["mon"]):
        return None
    yrel = m["yrel"] or m["yrel2"]
    anchored = m["edge"] or m["rel"] or yrel or m["year"]
    if (name in ("may", "march") or len(name) <= 4) and not anchored \
            and ctx.word_before(m.start()) not in PREPOSITIONS:
        return None
    month = int(_word("month", name))
    if m["year"]:
        return f"{m['year']}-{month:02d}", "DATE"
    if ctx.dct is None:
        return (None if m["rel"] or yrel else f"XXXX-{month:02d}"), "DATE"
    if yrel:
        year = ctx.dct.year + {"last": -1, "next": 1}.get(yrel.lower(), 0)
    elif m["rel"] and m["rel"].lower() in ("last", "past"):
        year = ctx.dct.year if month < ctx.dct.month else ctx.dct.year - 1
    elif m["rel"] and m["rel"].lower() in ("next", "coming"):
        year = ctx.dct.year if month > ctx.dct.month else ctx.dct.year + 1
    else:
        year = ctx.dct.year if m["rel"] else nearest_year(ctx.dct, month, None, ctx.direction(m.start(), m.end()))
    return f"{year}-{month:02d}", "DATE"


def _decade(m: re.Match, ctx: Context) -> Result | None:
    digits = m["dec"].lstrip("'")
    if len(digits) == 2:
        if not (m["dec"].startswith("'") or m.group(0).lower().startswith(("the", "early", "late", "mid"))):
            return None
        digits = "19" + digits
    return digits[:3], "DATE"


def _year(m: re.Match, ctx: Context) -> Result | None:
    after = re.match(r"\s+(\w+)", ctx.text[m.end():m.end() + 30])
    if after and not (m["fiscal"] or m["edge"]) and ctx.word_before(m.start()) not in PREPOSITIONS:
        token = ctx.doc.char_span(m.end() + after.start(1), m.end() + after.end(1), alignment_mode="expand")
        if token is not None and token.root.tag_ in ("NNS", "NN") and not _word("month", after.group(1)):
            return None
    return m["year"], "DATE"


def _time(m: re.Match, ctx: Context) -> Result | None:
    hour = int(m["h"])
    if not 1 <= hour <= 12:
        return None
    pm = m["ampm"].lower().startswith("p")
    hour = (hour % 12) + (12 if pm else 0)
    day = _anchor_day(m, ctx)
    when = day.isoformat() if day else "XXXX-XX-XX"
    return f"{when}T{hour:02d}:{int(m['mi'] or 0):02d}", "TIME"


def _noon(m: re.Match, ctx: Context) -> Result | None:
    day = ctx.ref_day or ctx.dct
    when = day.isoformat() if day else "XXXX-XX-XX"
    return f"{when}T{'12:00' if m['h'].lower() == 'noon' else '24:00'}", "TIME"


def _anchor_day(m: re.Match, ctx: Context) -> date | None:
    """The day a clock time belongs to: a named day, else the last full date mentioned, else the DCT."""
    if ctx.dct and m["wd"]:
        direction = 1 if ctx.direction(m.start(), m.end()) > 0 else -1
        return weekday_date(ctx.dct, int(_word("weekday", m["wd"])), direction)
    if ctx.dct and m["day"]:
        return ctx.dct + timedelta(days={"yesterday": -1, "tomorrow": 1}.get(m["day"].lower(), 0))
    return ctx.ref_day or ctx.dct


def _weekday(m: re.Match, ctx: Context) -> Result | None:
    if not _capital(m["wd"]) or ctx.dct is None:
        return None if not _capital(m["wd"]) else (None, "DATE")
    rel = (m["rel"] or "").lower()
    weekday = int(_word("weekday", m["wd"]))
    if rel in BACK:
        day = weekday_date(ctx.dct, weekday, -1, same_day=False)
    elif rel == "next":
        day = weekday_date(ctx.dct, weekday, 1, same_day=False)
    else:
        direction = 1 if rel in ("coming", "this") else ctx.direction(m.start(), m.end())
        day = weekday_date(ctx.dct, weekday, 1 if direction > 0 else -1)
    return day.isoformat(), "DATE"


def _with_pod(value: str | None, pod: str | None) -> Result:
    if value is None or not pod:
        return value, "DATE"
    return f"{value}T{_word('part_of_day', pod)}", "TIME"


def _deictic_day(m: re.Match, ctx: Context) -> Result | None:
    if ctx.dct is None:
        return None, "DATE"
    offset = {"yesterday": -1, "tomorrow": 1, "last": -1}.get(m["day"].lower(), 0)
    value = (ctx.dct + timedelta(days=offset)).isoformat()
    return _with_pod(value, m["pod"])


def _ago(m: re.Match, ctx: Context) -> Result | None:
    amount, unit = _number(m["q"]), _unit(m["unit"])
    sign = -1 if m["dir"].lower() in BACK else 1
    if amount is None or ctx.dct is None:
        return None, "DATE"
    if amount == "X" or "." in amount:
        return ("PAST_REF" if sign < 0 else "FUTURE_REF"), "DATE"
    if unit in ("H", "MI", "S"):
        return ctx.dct.isoformat(), "DATE"
    if unit == "Y" and ctx.ref_quarter and m["dir"].lower() in ("ago", "earlier"):
        year, quarter = ctx.ref_quarter.split("-")
        return f"{int(year) - int(amount)}-{quarter}", "DATE"
    return shift(ctx.dct, unit, sign * int(amount)), "DATE"


def _relative(m: re.Match, ctx: Context) -> Result | None:
    unit, rel = _unit(m["unit"]), m["rel"].lower()
    if m["the"] and rel in ("past", "last", "next", "coming") and not m["edge"]:
        return duration("1", unit), "DURATION"
    if ctx.dct is None:
        return None, "DATE"
    step = -1 if rel in BACK else 1 if rel in FORWARD else 0
    return shift(ctx.dct, unit, step), "DATE"


def _edge_the(m: re.Match, ctx: Context) -> Result | None:
    return (shift(ctx.dct, _unit(m["unit"]), 0) if ctx.dct else None), "DATE"


def _season(m: re.Match, ctx: Context) -> Result | None:
    rel = m["rel"].lower()
    code = _word("season", m["season"])
    rest = ctx.text[m.end():m.end() + 4].lower()
    if rel in ("the", "that") and not m["year"] and (rest.startswith(" of") or not ctx.dct):
        return None
    if m["year"]:
        return f"{m['year']}-{code}", "DATE"
    if m["yrel"] or ctx.dct is None:
        year = ctx.dct.year + {"last": -1, "next": 1}.get(m["yrel"].lower(), 0) if ctx.dct else None
        return (f"{year}-{code}" if year else None), "DATE"
    start = SEASON_MONTH[code] - 1
    begun = ctx.dct.month >= start or code == "WI"
    if rel == "this":
        year = ctx.dct.year
    elif rel == "next" or (rel != "last" and ctx.direction(m.start(), m.end()) > 0):
        year = ctx.dct.year + (1 if begun else 0)
    else:
        year = ctx.dct.year if ctx.dct.month > start + 2 and code != "WI" else ctx.dct.year - 1
    return f"{year}-{code}", "DATE"


ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}


def _quarter(m: re.Match, ctx: Context) -> Result | None:
    words = [w for part in m["adj"].lower().split() for w in ([part] if part.startswith("year-") else part.split("-"))]
    det = (m["det"] or "").lower()
    if m.group(0).lower().rstrip().endswith("quarters") or (not det and not m["adj"].strip()) or \
            (det == "a" and not m["adj"].strip()):
        return None
    ordinal = next((ORDINALS[w] for w in words if w in ORDINALS), None)
    if ordinal:
        year = _quarter_year(m, ctx, ordinal)
        value = f"{year}-Q{ordinal}" if year else None
        ctx.ref_quarter = value or ctx.ref_quarter
        return value, "DATE"
    if ctx.dct is None:
        return None, "DATE"
    if "current" in words:
        return shift(ctx.dct, "Q", 0), "DATE"
    if det == "last" or {"last", "previous"} & set(words):
        return shift(ctx.dct, "Q", -1), "DATE"
    base = ctx.ref_quarter or shift(ctx.dct, "Q", -1)
    if {"year-earlier", "year-ago"} & set(words):
        year, quarter = base.split("-")
        return f"{int(year) - 1}-{quarter}", "DATE"
    return base, "DATE"


def _quarter_year(m: re.Match, ctx: Context, ordinal: int) -> int | None:
    if m["year"]:
        return int(m["year"])
    if ctx.dct is None:
        return None
    if m["yrel"]:
        return ctx.dct.year + {"last": -1, "next": 1}.get(m["yrel"].lower(), 0)
    direction = ctx.direction(m.start(), m.end())
    if direction > 0:
        return ctx.dct.year if ordinal >= quarter_of(ctx.dct) else ctx.dct.year + 1
    return ctx.dct.year if ordinal <= quarter_of(ctx.dct) else ctx.dct.year - 1


def _period(m: re.Match, ctx: Context) -> Result | None:
    if not ctx.ref_quarter:
        return None
    year, quarter = ctx.ref_quarter.split("-")
    adj = m["adj"].lower()
    if adj in ("year-earlier", "year-ago"):
        year = str(int(year) - 1)
    elif m["year"]:
        year = m["year"]
    return f"{year}-{quarter}", "DATE"


def _half(m: re.Match, ctx: Context) -> Result | None:
    if m["year"]:
        year = int(m["year"])
    elif ctx.dct is None:
        return None, "DATE"
    else:
        year = ctx.dct.year + {"last": -1, "next": 1}.get((m["yrel"] or "").lower(), 0)
    return f"{year}-H{1 if m['ord'].lower() == 'first' else 2}", "DATE"


def _plural(m: re.Match, ctx: Context) -> Result | None:
    if m["rel"].lower() == "recent":
        return "PAST_REF", "DATE"
    return duration("X", _unit(m["unit"])), "DURATION"


def _duration(m: re.Match, ctx: Context) -> Result | None:
    amount, unit = _number(m["q"]), _unit(m["unit"])
    if amount is None or (unit == "S" and not amount[0].isdigit() and m["unit"].lower() == "second"):
        return None
    return duration(amount, unit), "DURATION"


def _set(m: re.Match, ctx: Context) -> Result | None:
    if m["word"]:
        return _word("set", m["word"]), "SET"
    if m["wd"]:
        return f"XXXX-WXX-{_word('weekday', m['wd'])}", "SET"
    if m["pod"]:
        return f"XXXX-XX-XXT{_word('part_of_day', m['pod'])}", "SET"
    amount = "2" if (m["q"] or "").lower() == "other" else _number(m["q"] or "1")
    return duration(amount or "1", _unit(m["unit"])), "SET"


def _times_per(m: re.Match, ctx: Context) -> Result | None:
    return duration("1", _unit(m["unit"])), "SET"


def _holiday(m: re.Match, ctx: Context) -> Result | None:
    if not _capital(m["hol"]):
        return None
    month, day = _word("holiday", m["hol"]).split("-")
    if ctx.dct is None:
        return (f"XXXX-{month}-{day}" if day.isdigit() else None), "DATE"
    year = nearest_year(ctx.dct, int(month), 25)
    if day == "TH":
        first = date(year, 11, 1)
        return (first + timedelta(days=(3 - first.weekday()) % 7 + 21)).isoformat(), "DATE"
    return f"{year}-{month}-{day}", "DATE"


def _year_end(m: re.Match, ctx: Context) -> Result | None:
    return (str(ctx.dct.year) if ctx.dct else None), "DATE"


def _the_year(m: re.Match, ctx: Context) -> Result | None:
    unit = _unit(m["unit"])
    if m["ended"] and unit == "Y":
        return "P1Y", "DURATION"
    if ctx.dct is None:
        return None, "DATE"
    if unit == "WE":
        saturday = weekday_date(ctx.dct, 6, -1 if ctx.direction(m.start(), m.end()) <= 0 else 1)
        return shift(saturday, "WE", 0), "DATE"
    return shift(ctx.dct, unit, 0), "DATE"


def _year_ago(m: re.Match, ctx: Context) -> Result | None:
    if ctx.ref_quarter:
        year, quarter = ctx.ref_quarter.split("-")
        return f"{int(year) - 1}-{quarter}", "DATE"
    return (str(ctx.dct.year - 1) if ctx.dct else None), "DATE"


def _ref(m: re.Match, ctx: Context) -> Result | None:
    around = ctx.text[max(0, m.start() - 3):m.end() + 6].lower()
    if m["ref"].lower() == "soon" and ("as soon" in around or "soon after" in around):
        return None
    return _word("ref", m["ref"]), "DATE"


HANDLERS = {
    "iso": _numeric, "slash": _numeric, "month_day": _month_day, "day_month": _month_day,
    "month_year": _month_year, "month": _month, "decade": _decade, "year": _year, "time": _time,
    "noon": _noon, "weekday": _weekday, "deictic_day": _deictic_day, "pod": _deictic_day, "ago": _ago,
    "relative": _relative, "edge_the": _edge_the, "season": _season, "quarter": _quarter,
    "period": _period, "half": _half, "plural": _plural, "duration": _duration, "set": _set,
    "times_per": _times_per, "the_year": _the_year, "year_ago": _year_ago, "holiday": _holiday, "year_end": _year_end, "ref": _ref,
}


def find_candidates(ctx: Context) -> list[tuple[int, int, int, Result]]:
    """Every rule match with its normalised result, in text order: ``(start, end, rule, result)``."""
    found = []
    for rank, (name, regex) in enumerate(patterns()):
        for m in regex.finditer(ctx.text):
            found.append((m.start(), m.end(), rank, name, m))
    found.sort(key=lambda c: (c[0], -(c[1] - c[0]), c[2]))
    results = []
    for start, end, rank, name, m in found:
        result = HANDLERS[name](m, ctx)
        if result is not None:
            results.append((start, end, rank, result))
            _remember(ctx, result)
    return results


def _remember(ctx: Context, result: Result) -> None:
    value, kind = result
    if kind == "DATE" and value and re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        ctx.ref_day = date.fromisoformat(value)


def _select(candidates: list[tuple[int, int, int, Result]]) -> list[tuple[int, int, Result]]:
    """The longest candidates that do not overlap (ties go to the earlier rule)."""
    chosen: list[tuple[int, int, Result]] = []
    for start, end, _, result in sorted(candidates, key=lambda c: (-(c[1] - c[0]), c[2], c[0])):
        if all(end <= s or start >= e for s, e, _ in chosen):
            chosen.append((start, end, result))
    return sorted(chosen, key=lambda c: c[0])


def extract_times(doc: Doc, article: Article) -> list[TimeExpr]:
    """Temporal expressions in ``doc`` with TimeML values anchored on ``article.published``."""
    ctx = Context(doc, article.published)
    records = []
    for start, end, (value, kind) in _select(find_candidates(ctx)):
        text = ctx.text[start:end]
        start, end = start + len(text) - len(text.lstrip()), end - len(text) + len(text.rstrip())
        future = is_future(value, ctx.dct) or (kind == "DURATION" and _forward(text))
        precision = precision_of(value) if kind in ("DATE", "TIME") else "other"
        records.append(TimeExpr(article.id, start, end, ctx.text[start:end], value, precision, kind, future))
    return records


def _forward(text: str) -> bool:
    return bool(re.match(r"(?:the\s+)?(?:next|coming|following)\b", text, re.IGNORECASE))
