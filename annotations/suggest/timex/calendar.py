"""TIMEX3 normalisation, its calendar: values counted from the document date (the day,
week, month, quarter or year some units away), weekdays and months placed before or
after it, and duration values."""

from __future__ import annotations

from datetime import date, timedelta

from annotations.suggest.timex.words import TimexError, _Context, _fmt_number, lexicon


def _day(ctx: _Context, offset: int = 0) -> str:
    if ctx.dct is None:
        return "XXXX-XX-XX"
    return (ctx.dct + timedelta(days=offset)).isoformat()


def _calendar_year(year: int) -> int:
    """`year` if a TIMEX3 value can spell it (0001-9999); raises TimexError if not."""
    if not 1 <= year <= 9999:
        raise TimexError(f"the year {year} is outside the years 0001-9999 of TIMEX3 values")
    return year


def _year(ctx: _Context, offset: int = 0) -> str:
    return "XXXX" if ctx.dct is None else f"{_calendar_year(ctx.dct.year + offset):04d}"


def _month(ctx: _Context, offset: int = 0) -> str:
    if ctx.dct is None:
        return "XXXX-XX"
    index = ctx.dct.year * 12 + ctx.dct.month - 1 + offset
    return f"{_calendar_year(index // 12):04d}-{index % 12 + 1:02d}"


def _week(ctx: _Context, offset: int = 0) -> str:
    if ctx.dct is None:
        return "XXXX-WXX"
    year, week, _ = (ctx.dct + timedelta(weeks=offset)).isocalendar()
    return f"{year:04d}-W{week:02d}"


def _quarter(ctx: _Context, offset: int = 0) -> str:
    if ctx.dct is None:
        return "XXXX-QX"
    index = ctx.dct.year * 4 + (ctx.dct.month - 1) // 3 + offset
    return f"{_calendar_year(index // 4):04d}-Q{index % 4 + 1}"


def _decade(ctx: _Context, offset: int = 0) -> str:
    return "XXX" if ctx.dct is None else f"{ctx.dct.year // 10 + offset:03d}"


def _century(ctx: _Context, offset: int = 0) -> str:
    return "XX" if ctx.dct is None else f"{ctx.dct.year // 100 + offset:02d}"


def _relative(unit: str, ctx: _Context, offset: int) -> str | None:
    """The calendar unit `offset` units from the DCT's: last year, this week, next month."""
    return {
        "D": lambda: _day(ctx, offset),
        "W": lambda: _week(ctx, offset),
        "WE": lambda: _week(ctx, offset) + "-WE",
        "M": lambda: _month(ctx, offset),
        "Q": lambda: _quarter(ctx, offset),
        "Y": lambda: _year(ctx, offset),
        "DE": lambda: _decade(ctx, offset),
        "CE": lambda: _century(ctx, offset),
    }.get(unit, lambda: None)()


def _shift(unit: str, amount: float, ctx: _Context) -> str | None:
    """The date `amount` units before (negative) or after the DCT, at that unit's grain."""
    if unit == "2W":  # 'a fortnight ago': as 'two weeks ago'
        unit, amount = "W", 2 * amount
    if ctx.dct is None:
        grain = {"D": "XXXX-XX-XX", "W": "XXXX-WXX", "M": "XXXX-XX", "Q": "XXXX-QX"}
        return grain.get(unit, "XXXX")
    n = int(amount)
    if amount != n:
        return None
    if unit == "D":
        return _day(ctx, n)
    if unit == "W":
        return _day(ctx, 7 * n) if abs(n) <= 2 else _week(ctx, n)
    if unit == "M":
        return _month(ctx, n)
    if unit == "Q":
        return _quarter(ctx, n)
    if unit == "Y":
        return _year(ctx, n)
    if unit == "DE":
        return _year(ctx, 10 * n)
    if unit == "CE":
        return _year(ctx, 100 * n)
    return None


def _unit(word: str) -> str | None:
    """The TIMEX3 unit of a unit word; minutes are "TM" to tell them from months."""
    unit: str | None = lexicon()["units"].get(word)
    if unit == "M" and word.startswith("min"):
        return "TM"
    return unit


def _duration(amount: float | None, unit: str) -> str:
    """A TIMEX3 duration value: P3D, PT24H, P20Y, PXY (amount None: unknown)."""
    if unit == "2W":
        unit, amount = "W", 2 * (amount or 1) if amount is not None else None
    if unit == "WE":
        unit, amount = "D", 2 * amount if amount is not None else None
    if unit in ("DE", "CE", "L") and amount is not None:
        amount, unit = amount * lexicon()["unit_in_years"][unit], "Y"
    elif unit in ("DE", "CE", "L"):
        unit = "Y" if unit != "L" else "L"
    if amount is not None and amount != int(amount) and unit in _NEXT_UNIT:
        smaller, times = _NEXT_UNIT[unit]
        whole, rest = int(amount), (amount - int(amount)) * times
        if rest == int(rest):  # "2 1/2 years": P2Y6M, "5 1/2 hours": PT5H30M
            return _duration_parts([(whole, unit), (rest, smaller)])
    return _duration_parts([(amount, unit)])


_NEXT_UNIT = {"Y": ("M", 12), "W": ("D", 7), "D": ("H", 24), "H": ("TM", 60), "TM": ("S", 60)}


def _duration_parts(parts: list[tuple[float | None, str]]) -> str:
    """P + the date parts, T + the time parts, each amount (X: unknown) and its unit;
    a zero amount is left out."""
    date_part = time_part = ""
    for amount, unit in parts:
        if amount == 0 and len(parts) > 1:
            continue
        text = ("X" if amount is None else _fmt_number(amount)) + (
            "M" if unit == "TM" else unit)
        if unit in ("H", "TM", "S"):
            time_part += text
        else:
            date_part += text
    return "P" + date_part + ("T" + time_part if time_part else "")


def _weekday_date(weekday: int, ctx: _Context, direction: int | None) -> str:
    """The date of a weekday near the DCT: back for the past, on or after for the future,
    the nearer one for the present (a timetable: "the talks open Monday")."""
    if ctx.dct is None:
        return f"XXXX-WXX-{weekday}"
    today = ctx.dct.isoweekday()
    back = (today - weekday) % 7
    ahead = (weekday - today) % 7
    if direction == -1:
        offset = -(back or 7)
    elif direction == 1:
        offset = ahead or 7
    elif direction == 0:
        offset = ahead if ahead <= 3 or ctx.tense == "FUTURE" else -back
    elif ctx.tense == "FUTURE":
        offset = ahead
    elif ctx.tense == "PRESENT":  # "they meet Monday": the nearer of the two Mondays
        offset = ahead if ahead < back else -back
    else:
        offset = -back
    return (ctx.dct + timedelta(days=offset)).isoformat()


def _month_year(month: int, ctx: _Context, direction: int | None) -> str:
    """The year of a month named without one: the tense or 'last'/'next' decide."""
    if ctx.dct is None:
        return "XXXX"
    year = ctx.dct.year
    current = ctx.dct.month
    if direction == -1:
        return f"{year - 1 if month >= current else year}"
    if direction == 1:
        return f"{year + 1 if month <= current else year}"
    if direction == 0:
        return f"{year}"
    if ctx.tense == "PAST":  # the last such month, not one far ahead
        return f"{year - 1 if month - current > 1 else year}"
    if ctx.tense == "FUTURE":  # the next such month, not one gone by
        return f"{year + 1 if month < current else year}"
    if month - current > 5:
        return f"{year - 1}"
    if month - current <= -8:
        return f"{year + 1}"
    return f"{year}"


def _real_day(year: str, month: int, day: int) -> bool:
    """Is there such a day ("February 30" is not; with an unknown year, February 29 is)?"""
    try:
        date(int(year) if year.isdigit() else 2000, month, day)
    except ValueError:
        return False
    return True


def _day_year(month: int, day: int, ctx: _Context) -> str:
    """The year of a month and day named without one: the nearest such day to the DCT."""
    if ctx.dct is None:
        return "XXXX"
    best = ctx.dct.year
    distance = 10**6
    for year in (ctx.dct.year - 1, ctx.dct.year, ctx.dct.year + 1):
        try:
            candidate = date(year, month, min(day, 28 if month == 2 else day))
        except ValueError:
            continue
        gap = (candidate - ctx.dct).days
        if ctx.tense == "PAST" and gap > 90:
            gap += 400
        elif ctx.tense == "FUTURE" and gap < -30:  # a month: a late date, a loose reading
            gap -= 400
        elif gap > 30 and ctx.tense != "FUTURE":
            gap = gap * 3 // 2
        if abs(gap) < distance:
            best, distance = year, abs(gap)
    return f"{best}"


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    if nth > 0:
        first = date(year, month, 1)
        offset = (weekday - first.isoweekday()) % 7
        return first + timedelta(days=offset + 7 * (nth - 1))
    last = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.isoweekday() - weekday) % 7)


def _weekend_offset(ctx: _Context) -> int:
    """'the weekend' told in the past on a weekday is the one before the DCT's week."""
    if ctx.dct is not None and ctx.tense == "PAST" and ctx.dct.isoweekday() <= 5:
        return -1
    return 0
