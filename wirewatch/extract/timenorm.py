"""Calendar arithmetic for TimeML values: anchoring relative expressions on a reference date."""

from __future__ import annotations

import re
from datetime import date, timedelta

SEASON_MONTH = {"SP": 4, "SU": 7, "FA": 10, "WI": 1}


def iso_week(day: date) -> str:
    """The TimeML week value of ``day`` (``2021-W26``)."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def quarter_of(day: date) -> int:
    """The calendar quarter (1-4) that ``day`` falls in."""
    return (day.month - 1) // 3 + 1


def weekday_date(dct: date, weekday: int, direction: int, same_day: bool = True) -> date:
    """The ``weekday`` (1=Monday) nearest ``dct`` looking back (direction -1) or ahead (+1)."""
    diff = (weekday - dct.isoweekday()) * direction % 7
    if diff == 0 and not same_day:
        diff = 7
    return dct + timedelta(days=diff * direction)


def nearest_year(dct: date, month: int, day: int | None = None, direction: int = 0) -> int:
    """The year that puts ``month``/``day`` nearest ``dct`` (or, with a direction, on that side)."""
    best, gap = dct.year, None
    for year in (dct.year - 1, dct.year, dct.year + 1):
        try:
            when = date(year, month, day or 15)
        except ValueError:
            continue
        delta = (when - dct).days
        if direction and delta * direction < 0 and not (day is None and when.month == dct.month):
            continue
        if gap is None or abs(delta) < gap:
            best, gap = year, abs(delta)
    return best


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months (clamped to the 1st)."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def shift(dct: date, unit: str, amount: int) -> str | None:
    """The value of the ``unit`` (D, W, M, Q, Y, DE, CE) ``amount`` units away from ``dct``."""
    if unit == "D":
        return (dct + timedelta(days=amount)).isoformat()
    if unit in ("W", "WE"):
        week = iso_week(dct + timedelta(weeks=amount))
        return week + "-WE" if unit == "WE" else week
    if unit == "M":
        return add_months(dct, amount).isoformat()[:7]
    if unit == "Q":
        index = dct.year * 4 + quarter_of(dct) - 1 + amount
        return f"{index // 4}-Q{index % 4 + 1}"
    if unit == "Y":
        return str(dct.year + amount)
    if unit == "DE":
        return str(dct.year // 10 + amount)
    if unit == "CE":
        return str(dct.year // 100 + amount)
    return None


def duration(amount: str, unit: str) -> str:
    """A TimeML duration (``P3D``, ``PT5H``, ``PXY``) from an amount and a unit code."""
    if unit == "WE":
        unit = "WE" if amount == "X" else "D"
        amount = amount if amount == "X" else str(int(float(amount) * 2))
    if unit == "DE" and amount != "X":
        amount, unit = _number(float(amount) * 10), "Y"
    if unit == "CE" and amount != "X":
        amount, unit = _number(float(amount) * 100), "Y"
    time = unit in ("H", "S") or unit == "MI"
    code = "M" if unit == "MI" else unit
    return f"PT{amount}{code}" if time else f"P{amount}{code}"


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


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


def is_future(value: str | None, dct: date | None) -> bool:
    """Whether a TimeML date value lies after ``dct`` (FUTURE_REF always does)."""
    if value == "FUTURE_REF":
        return True
    if value is None or dct is None:
        return False
    start = _value_start(value)
    return start is not None and start > dct


def _value_start(value: str) -> date | None:
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
    start = _value_start(value)
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
