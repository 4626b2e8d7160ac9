"""How facts are shown to people: a date at the precision the text gave it, and a name for every actor id.

Shared by the web pages, the reports and the CLI tables, so all three say "1980s", "March 2020" or "week of
28 June 2021" for the same value, and none of them ever prints a bare id where a name belongs.
"""

from __future__ import annotations

import re
from datetime import date

from .periods import precision_of, value_period, value_start

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
REFERENCES = {"PAST_REF": "in the past", "PRESENT_REF": "now", "FUTURE_REF": "in the future"}
#: A 16-hex-digit record id (what :func:`wirewatch.records.make_id` makes); never shown as a name.
RECORD_ID = re.compile(r"\b[0-9a-f]{16}\b")
UNNAMED = "unnamed actor"


def _day(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def period_label(value: str | None, published: str | date | None = None) -> str:
    """A TimeML date value as people write it, at its own precision: "9 July 2021", "week of 28 June 2021",
    "March 2020", "Q3 2021", "summer 2021", "2001", "1980s", "19th century". Without a value (or for a
    reference like PAST_REF), the publication day: "reported 9 July 2021"."""
    if value:
        text = _value_label(str(value))
        if text:
            return text
    if published:
        start = value_start(str(published)[:10])
        return f"reported {_day(start)}" if start else f"reported {published}"
    return REFERENCES.get(str(value), "undated") if value else "undated"


def _value_label(value: str) -> str | None:
    kind, start = precision_of(value), value_start(value)
    if kind == "century" and value.isdigit():
        n = int(value) + 1
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix} century"
    if start is None:
        return None
    if kind == "day":
        return _day(start)
    if kind == "week":
        return f"week of {_day(start)}"
    if kind == "month":
        return f"{MONTHS[start.month - 1]} {start.year}"
    if kind == "quarter":
        return f"Q{(start.month - 1) // 3 + 1} {start.year}"
    if kind == "season":
        return f"{SEASONS[value[5:7]]} {start.year}"
    if kind == "year":
        return str(start.year)
    if kind == "decade":
        return f"{start.year}s"
    return None


def period_bounds(value: str | None) -> tuple[date, date] | None:
    """The first and last day of the period ``value`` names (None when it names none)."""
    return value_period(value) if value else None


def actor_name(actor: dict | None) -> str:
    """An actor's name; "unnamed actor" when the store has none (never its id)."""
    name = (actor or {}).get("name")
    return name if name and not RECORD_ID.fullmatch(name) else UNNAMED


def actor_names(actors) -> str:
    """The names of a list of actor dicts, joined, each once."""
    return ", ".join(dict.fromkeys(actor_name(a) for a in actors or ()))
