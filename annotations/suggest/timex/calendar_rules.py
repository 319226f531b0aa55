"""TIMEX3 normalisation, the calendar rules: named months and days, years, decades,
centuries, seasons, quarters and holidays. Each takes the words and answers a Timex
or None."""

from __future__ import annotations

from datetime import date, timedelta

from annotations.suggest.timex.calendar import (
    _century,
    _day_year,
    _decade,
    _month,
    _month_year,
    _nth_weekday,
    _quarter,
    _real_day,
    _year,
)
from annotations.suggest.timex.words import (
    _ORDINAL_NUMBER,
    DECADE,
    SHORT_DECADE,
    YEAR,
    Timex,
    _Context,
    _day_number,
    _direction,
    _spelled_year,
    _year_word,
    lexicon,
)


def _calendar(words: list[str], ctx: _Context) -> Timex | None:
    """Month, day and year in their common orders: April 27 2021, 27 April, May 1998, the 30th."""
    lex = lexicon()
    months: dict[str, int] = lex["months"]
    w = [x for x in words if x not in ("the", "of", "early", "late", "mid", "end", "beginning",
                                       "middle", "start", "on", "in")]
    if len(w) > 2 and w[0] == "that" and w[1] in months:
        w = w[1:]  # 'that January day in 2011': the month named, in its year
    if len(w) > 1 and w[0] in months and w[1] == "day":
        w = w[:1] + w[2:]
    direction, w = _direction(w)
    if not w:
        return None
    month = day = None
    year: str | None = None
    rest: list[str] = []
    if w[0] in months:
        month = months[w[0]]
        rest = w[1:]
        if rest and _day_number(rest[0]) is not None and not YEAR.match(rest[0]):
            day = _day_number(rest[0])
            rest = rest[1:]
    elif _day_number(w[0]) is not None and len(w) > 1 and w[1] in months:
        day, month = _day_number(w[0]), months[w[1]]
        rest = w[2:]
    elif _ORDINAL_NUMBER.match(w[0]) and len(w) == 1 and len(words) <= 3:
        day = _day_number(w[0])
        if day is None:
            return None
        if ctx.dct is None:
            return Timex("DATE", f"XXXX-XX-{day:02d}")
        step = -1 if ctx.tense == "PAST" and day > ctx.dct.day else \
            1 if ctx.tense == "FUTURE" and day < ctx.dct.day else 0  # 'was held on the 17th'
        offset = step  # said on the 12th: the month before's, and one that has that day
        while step and not _has_day(_month(ctx, offset), day):
            offset += step
        month_of = _month(ctx, offset)
        return Timex("DATE", f"{month_of}-{day:02d}") if _has_day(month_of, day) else None
    else:
        return None
    if len(rest) == 2 and rest[1] == "year" and rest[0] in ("this", "last", "next"):
        year = _year(ctx, {"this": 0, "last": -1, "next": 1}[rest[0]])
    elif rest:
        year = _year_word(rest[0]) or _spelled_year(rest)
        if year is None or (len(rest) > 1 and _spelled_year(rest) is None):
            return None
    if year is None:
        year = _month_year(month, ctx, direction) if day is None else _day_year(month, day, ctx)
    if day is None:
        return Timex("DATE", f"{year}-{month:02d}")
    if not _real_day(year, month, day):
        return None
    return Timex("DATE", f"{year}-{month:02d}-{day:02d}")


def _has_day(year_month: str, day: int) -> bool:
    """Does the month 'YYYY-MM' have a day `day` ('2021-02' has no 30th)?"""
    return _real_day(year_month[:4], int(year_month[5:]), day)


def _year_rule(words: list[str], ctx: _Context) -> Timex | None:
    w = [x for x in words if x not in ("the", "year", "fiscal", "calendar", "of", "early", "late",
                                       "mid", "end", "beginning", "middle", "in", "start", "post",
                                       "pre")]
    spelled = _spelled_year(w)
    if spelled is not None and (len(w) > 2 or "year" in words or w[:2] != ["two", "thousand"]):
        return Timex("DATE", spelled)
    if len(w) == 1:
        year = _year_word(w[0])
        if year is not None and (w[0] != words[0] or YEAR.match(w[0]) or len(words) > 1):
            return Timex("DATE", year)
    return None


def _decade_rule(words: list[str], ctx: _Context) -> Timex | None:
    lex = lexicon()
    w = [x for x in words if x not in ("the", "early", "late", "mid", "of", "end", "beginning",
                                       "middle", "start")]
    if len(w) == 1:
        m = DECADE.match(w[0])
        if m:
            return Timex("DATE", m.group(1))
        m = SHORT_DECADE.match(w[0])
        if m and (w[0].startswith("'") or w[0] != words[0] or words[0] == "the"):
            return Timex("DATE", f"19{m.group(1)}")
        if w[0] in lex["decade_words"] and "the" in words:
            return Timex("DATE", f"19{lex['decade_words'][w[0]]}")
    if len(w) == 2 and w[1] in ("century", "centuries"):
        n = _day_number(w[0])
        if n is not None:
            return Timex("DATE", f"{n - 1:02d}")
        direction = lex["relative_direction"].get(w[0])
        if direction is not None:
            return Timex("DATE", _century(ctx, direction))
    if len(w) == 2 and w[1] == "decade" and w[0] in lex["relative_direction"]:
        return Timex("DATE", _decade(ctx, lex["relative_direction"][w[0]]))
    return None


def _season(words: list[str], ctx: _Context) -> Timex | None:
    lex = lexicon()
    w = [x for x in words if x not in ("the", "early", "late", "mid", "of", "end", "beginning",
                                       "middle", "start", "in")]
    direction, w = _direction(w)
    if not w or w[0] not in lex["seasons"]:
        return None
    code = lex["seasons"][w[0]]
    named = (_year_word(w[1]) if len(w) == 2 else None) or _spelled_year(w[1:])
    if len(w) == 3 and w[2] == "year" and w[1] in lex["relative_direction"] and ctx.dct:
        named = _year(ctx, lex["relative_direction"][w[1]])  # 'the summer of last year'
    if named is not None:
        return Timex("DATE", f"{named}-{code}")
    if len(w) > 1:
        return None
    if ctx.dct is None:
        return Timex("DATE", f"XXXX-{code}")
    order = {"WI": 0, "SP": 1, "SU": 2, "FA": 3}
    current = order[["WI", "WI", "SP", "SP", "SP", "SU", "SU", "SU", "FA", "FA", "FA", "WI"][
        ctx.dct.month - 1]]
    year = ctx.dct.year
    if direction == -1 or (direction is None and ctx.tense == "PAST"):
        year -= 1 if order[code] >= current and not (direction is None and
                                                      order[code] == current) else 0
    elif direction == 1 or (direction is None and ctx.tense == "FUTURE"):
        year += 1 if order[code] <= current and not (direction is None and
                                                      order[code] == current) else 0
    if code == "WI" and ctx.dct.month > 2 and year == ctx.dct.year and (
            direction == -1 or (direction is None and ctx.tense == "PAST")):
        year -= 1  # the winter that began last December
    return Timex("DATE", f"{year}-{code}")


def _quarter_rule(words: list[str], ctx: _Context) -> Timex | None:
    lex = lexicon()
    w = [x for x in words if x not in ("the", "fiscal", "calendar", "its", "a", "flat", "of",
                                       "comparable", "latest", "quarter's", "'s")]
    if not w or not any(x in ("quarter", "quarters", "half", "period", "months") for x in w):
        return None
    year: str | None = None
    offset_year = 0
    rest: list[str] = []
    for x in w:
        if (y := _year_word(x)) is not None:
            year = y
        elif x in ("year", "ago", "earlier") and ("ago" in w or "earlier" in w):
            if "year" not in w and not any(x.startswith("year-") for x in w):
                return None  # 'a quarter ago': quarters counted back, not the year-ago one
            offset_year = -1
        elif x in ("this", "next", "last") and "year" in w:
            offset_year = {"this": 0, "next": 1, "last": -1}[x]
        elif x != "year":
            rest.append(x)
    ordinal = None
    if year is not None and len(rest) == 2 and rest[0] in ("last", "final") \
            and rest[1] in ("half", "quarter"):
        ordinal = 2 if rest[1] == "half" else 4  # "the last half of 1989": its second half
        rest = rest[1:]
    elif rest and rest[0] in lex["ordinals"] and lex["ordinals"][rest[0]] > 0:
        ordinal = lex["ordinals"][rest[0]]
        rest = rest[1:]
    if rest in (["nine", "months"], ["six", "months"], ["three", "months"], ["two", "quarters"],
                ["three", "quarters"]):
        return None
    if rest == ["half"] and ordinal in (1, 2):
        base = year or (_year(ctx, offset_year))
        if year is None and ctx.dct is not None and offset_year == 0 and ctx.tense == "PAST" \
                and ordinal > (ctx.dct.month - 1) // 6 + 1 and "this" not in words:
            base = f"{ctx.dct.year - 1}"  # told in the past, a half not yet begun: last year's
        return Timex("DATE", f"{base}-H{ordinal}")
    if rest not in (["quarter"], ["period"]):
        return None
    if ordinal is not None and 1 <= ordinal <= 4:
        if year is None:
            if ctx.dct is None:
                year = "XXXX"
            else:
                year = f"{ctx.dct.year + offset_year}"
                now_q = (ctx.dct.month - 1) // 3 + 1
                if offset_year == 0 and ctx.tense == "PAST" and ordinal > now_q \
                        and "this" not in words:
                    year = f"{ctx.dct.year - 1}"
        return Timex("DATE", f"{year}-Q{ordinal}")
    if ordinal is None:
        if ctx.quarter is not None:
            q_year, q = ctx.quarter
            if year is not None:
                q_year = int(year)
            return Timex("DATE", f"{q_year + offset_year:04d}-Q{q}")
        if year is not None:  # "the 1988 period" with no reporting quarter: that year
            return Timex("DATE", year)
        if ctx.dct is None:
            return Timex("DATE", "XXXX-QX")
        if "current" in words or "this" in words:
            return Timex("DATE", _quarter(ctx, 0))
        base = _quarter(ctx, -1)
        return Timex("DATE", f"{int(base[:4]) + offset_year:04d}{base[4:]}")
    return None


def _holiday(words: list[str], ctx: _Context) -> Timex | None:
    lex = lexicon()
    direction, _ = _direction(words)
    if direction is not None:
        ctx = _Context(ctx.dct, {-1: "PAST", 1: "FUTURE"}.get(direction, ctx.tense), ctx.quarter)
    w = [x for x in words if x not in ("the", "on", "last", "next", "this")]
    year: str | None = None
    if w and (y := _year_word(w[-1])) is not None:
        year, w = y, w[:-1]
    phrase = " ".join(w).replace(" 's", "'s")
    holidays = {name.replace(".", ""): day for name, day in lex["holidays"].items()}
    if phrase in holidays:  # 'st patrick's day', as tokens() spells 'St. Patrick's Day'
        mm_dd = holidays[phrase]
        month, day = int(mm_dd[:2]), int(mm_dd[3:])
        return Timex("DATE", f"{year or _day_year(month, day, ctx)}-{mm_dd}")
    if phrase in lex["nth_weekday_holidays"]:
        month, weekday, nth = lex["nth_weekday_holidays"][phrase]
        if year:
            return Timex("DATE", _nth_weekday(int(year), month, weekday, nth).isoformat())
        if ctx.dct is None:
            return Timex("DATE", f"XXXX-{month:02d}-XX")
        this_year = _nth_weekday(ctx.dct.year, month, weekday, nth)
        nearest = int(_day_year(month, this_year.day, ctx))
        return Timex("DATE", _nth_weekday(nearest, month, weekday, nth).isoformat())
    if phrase in lex["easter_holidays"]:
        return Timex("DATE", _easter_feast(lex["easter_holidays"][phrase], year, ctx))
    if phrase == "easter week":  # the week Easter Monday opens
        monday = _easter_feast(1, year, ctx)
        return Timex("DATE", _iso_week(date.fromisoformat(monday)) if monday[0].isdigit()
                     else f"{monday[:4]}-WXX")
    counted = [x for x in words if x not in ("the", "on")]
    return _nth_weekday_of(counted[:-1] if year else counted, year, ctx)


def _easter_feast(offset: int, year: str | None, ctx: _Context) -> str:
    """The day `offset` days from Easter Sunday (Good Friday -2) of `year`, or of the year
    the tense makes nearest the DCT."""
    if year is None:
        if ctx.dct is None:
            return "XXXX-XX-XX"
        this_year = _easter(ctx.dct.year) + timedelta(days=offset)
        year = _day_year(this_year.month, this_year.day, ctx)
    return (_easter(int(year)) + timedelta(days=offset)).isoformat()


def _easter(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    m = (a + 11 * h) // 319
    r = (2 * e + 2 * i - k - h + m + 32) % 7
    month = (h - m + r + 90) // 25
    return date(year, month, (h - m + r + month + 19) % 32)


def _nth_weekday_of(w: list[str], year: str | None, ctx: _Context) -> Timex | None:
    """'the first Sunday of May', 'the last Friday in June 2021': a weekday counted in its
    month."""
    lex = lexicon()
    if len(w) == 4 and w[1] == "week":
        return _nth_week_of(w, year, ctx)
    if len(w) != 4 or w[2] not in ("of", "in") or w[1] not in lex["weekdays"] \
            or w[3] not in lex["months"] or not lex["ordinals"].get(w[0]) \
            or not -1 <= lex["ordinals"][w[0]] <= 4:
        return None
    month = lex["months"][w[3]]
    year = year or _month_year(month, ctx, None)
    if not year.isdigit():
        return Timex("DATE", f"{year}-{month:02d}")
    day = _nth_weekday(int(year), month, lex["weekdays"][w[1]], lex["ordinals"][w[0]])
    return Timex("DATE", day.isoformat())


def _nth_week_of(w: list[str], year: str | None, ctx: _Context) -> Timex | None:
    """'the first week of March', 'the last week in June': counted as ISO 8601 counts the
    weeks of a year, a week belongs to the month that holds its Thursday."""
    lex = lexicon()
    if w[2] not in ("of", "in") or w[3] not in lex["months"] \
            or not lex["ordinals"].get(w[0]) or not -1 <= lex["ordinals"][w[0]] <= 4:
        return None
    month = lex["months"][w[3]]
    year = year or _month_year(month, ctx, None)
    if not year.isdigit():
        return Timex("DATE", f"{year}-{month:02d}")
    return Timex("DATE", _iso_week(_nth_weekday(int(year), month, 4, lex["ordinals"][w[0]])))


def _iso_week(day: date) -> str:
    iso_year, week, _ = day.isocalendar()
    return f"{iso_year:04d}-W{week:02d}"
