"""Calendar arithmetic for TimeML values: anchoring relative expressions on a reference date."""

from __future__ import annotations

from datetime import date, timedelta

from ..periods import value_start



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


def is_future(value: str | None, dct: date | None) -> bool:
    """Whether a TimeML date value lies after ``dct`` (FUTURE_REF always does)."""
    if value == "FUTURE_REF":
        return True
    if value is None or dct is None:
        return False
    start = value_start(value)
    return start is not None and start > dct
