"""Periods named by TimeML date values: how precise a value is and which days it covers.

Pure calendar arithmetic shared by extraction (normalising times), resolution (merging events) and the store
(filing events under a day); it imports nothing heavy.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

SEASON_MONTH = {"SP": 4, "SU": 7, "FA": 10, "WI": 1}

_PRECISION = [
    (re.compile(r"^[\dX]{4}-\d\d-\d\d"), "day"),
    (re.compile(r"^\d{4}-W\d\d"), "week"),
    (re.compile(r"^[\dX]{4}-\d\d$"), "month"),
    (re.compile(r"^\d{4}-Q"), "quarter"),
    (re.compile(r"^\d{4}-H"), "other"),
    (re.compile(r"^\d{4}-(SP|SU|FA|WI)$"), "season"),
    (re.compile(r"^\d{4}$"), "year"),
    (re.compile(r"^\d{3}$"), "decade"),
    (re.compile(r"^\d{2}$"), "century"),
]


def precision_of(value: str | None) -> str | None:
    """How precise a TimeML date value is: day, week, month, quarter, season, year, decade, century, other."""
    if value is None:
        return None
    return next((name for pattern, name in _PRECISION if pattern.match(value)), "other")


def value_start(value: str) -> date | None:
    """The first day of the period a TimeML date value names, when it names one."""
    m = re.match(r"^(\d{4})(?:-(\d\d)(?:-(\d\d))?|-W(\d\d)|-Q(\d)|-(SP|SU|FA|WI))?$", value[:10].rstrip("T"))
    if not m:
        decade = re.match(r"^(\d{3})$", value)
        return date(int(decade.group(1)) * 10, 1, 1) if decade else None
    year, month, day, week, quarter, season = m.groups()
    try:
        if week:
            return date.fromisocalendar(int(year), int(week), 1)
        if quarter:
            return date(int(year), int(quarter) * 3 - 2, 1)
        if season:
            return date(int(year), SEASON_MONTH[season], 1)
        return date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None


def value_period(value: str) -> tuple[date, date] | None:
    """The first and last day of the period a TimeML date value names (None for references like PAST_REF)."""
    start = value_start(value)
    if start is None:
        return None
    kind = precision_of(value)
    if kind == "day":
        return start, start
    if kind == "week":
        return start, start + timedelta(days=6)
    months = {"month": 1, "quarter": 3, "season": 3, "year": 12, "decade": 120}.get(kind)
    if months is None:
        return None
    month = start.month - 1 + months
    return start, date(start.year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def event_day(value: str | None, published: date | str | None) -> str | None:
    """The ISO day an event is filed under: the first day of its date's period, else its article's date."""
    period = value_period(value) if value else None
    if period:
        return period[0].isoformat()
    return str(published)[:10] if published else None
