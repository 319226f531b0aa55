"""TIMEX3 normalisation: a temporal expression to its type and value.

Pure Python, no spaCy: `normalise("last Thursday", "2021-08-12", "PAST")`
gives `("DATE", "2021-08-05")`. Relative expressions are resolved against the
document creation time (DCT); without one, the parts that would come from it
are X (`XXXX-WXX-6` for "Saturday", `XXXX-08` for "August"). The words come
from resources/suggest/dates/lexicon.json. The rules are tried in order; the
first that answers gives the value.
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date, timedelta

from annotations.errors import ValidationError
from annotations.suggest.timex.calendar import (
    _day,
    _decade,
    _duration,
    _relative,
    _shift,
    _unit,
    _weekday_date,
    _weekend_offset,
    _year,
)
from annotations.suggest.timex.calendar_rules import (
    _calendar,
    _decade_rule,
    _holiday,
    _iso_week,
    _quarter_rule,
    _season,
    _year_rule,
)
from annotations.suggest.timex.words import (
    _DAY_NUMBER,
    _ISO_DATE,
    _ISO_MONTH,
    _ORDINAL_NUMBER,
    _YEAR_RANGE,
    CLOCK,
    HOUR,
    TENSES,
    YEAR,
    Rule,
    Timex,
    TimexError,
    _Context,
    _direction,
    _parse_quarter,
    _shown,
    _strip_modifiers,
    lexicon,
    number,
    parse_dct,
    slash_date,
    tokens,
)


def normalise(
    expression: str,
    dct: str | None,
    tense: str | None = None,
    *,
    quarter: str | None = None,
) -> tuple[str, str | None]:
    """The TIMEX3 (type, value) of `expression` against the document date `dct`.

    `tense` (PAST, PRESENT, FUTURE or None) is the tense of the verb that governs the
    expression; it decides whether a bare weekday or month lies before or after the
    DCT. `quarter` ("1989-Q3") is the fiscal quarter a business story reports on, the
    anchor of "a year ago" and "the quarter". The value is None when the expression
    names no value the rules know. Raises ValidationError for a malformed `dct` or
    `tense`, and its subclass TimexError when a rule cannot read the expression or the
    date lies outside the calendar ("a million weeks ago").
    """
    result = interpret(expression, dct, tense, quarter=quarter)
    return result.type, result.value


def interpret(
    expression: str, dct: str | None, tense: str | None = None, *, quarter: str | None = None
) -> Timex:
    """Like `normalise`, as a `Timex`. Raises ValidationError for a bad `dct` or `tense`,
    TimexError for an expression the rules cannot read."""
    if tense is not None and tense not in TENSES:
        raise ValidationError(f"tense {tense!r} is not one of {', '.join(TENSES)}")
    ctx = _Context(parse_dct(dct), tense, _parse_quarter(quarter))
    found = _numeric_date(expression, ctx)
    if found is not None:
        return found
    words = tokens(expression)
    if not words:
        return Timex("DATE", None)
    result = _apply_rules(words, ctx)
    if result is not None:
        return result
    core = _strip_modifiers(words)
    if core != words and core:
        found = _apply_rules(core, ctx)
        if found is not None:
            return found
    for part in _parts(core or words):
        found = _apply_rules(part, ctx)
        if found is not None:
            return found
    return Timex("DATE", None)


def _apply_rules(words: list[str], ctx: _Context) -> Timex | None:
    """The first rule's answer. A rule that fails on the words (an index past them, a day
    the month lacks, a number too large for a date) raises TimexError naming them."""
    for rule in _RULES:
        try:
            result = rule(words, ctx)
        except (IndexError, KeyError, ValueError, OverflowError) as exc:
            raise TimexError(
                f"cannot normalise {_shown(' '.join(words))!r}: {rule.__name__.strip('_')} "
                f"failed ({type(exc).__name__}: {exc})"
            ) from exc
        if result is not None:
            return result
    return None


def _parts(words: list[str]) -> list[list[str]]:
    """Shorter readings of an expression the rules did not know, longest first: the
    words after a head ('the early hours of Thursday'), then before a tail ('April month')."""
    suffixes = [words[i:] for i in range(1, len(words))]
    prefixes = [words[:i] for i in range(len(words) - 1, 0, -1)
                if not (_ORDINAL_NUMBER.match(words[i - 1]) and _unit(words[i]) is not None)
                and not _of_a_longer_unit(words, i)]
    # not 'the 10th' of 'the 10th day (of the siege)': a count of days, no day of a month;
    # not 'the first quarter' of '... of the century': a part of that, not of a year
    return suffixes + prefixes


def _of_a_longer_unit(words: list[str], i: int) -> bool:
    """The words up to `i` leave out the unit longer than a year that their quarter, half,
    week or month is a part of ('the first quarter' of 'the century'): no part of the year
    a bare reading takes."""
    for k in range(len(words)):
        rest = [x for x in words[k + 1:] if x not in ("the", "this", "last", "next", "a")]
        if words[k] == "of" and rest and _unit(rest[0]) in ("DE", "CE", "L") \
                and any(x in ("quarter", "half", "week", "month") for x in words[:k]) \
                and words.index(rest[0], k) >= i:
            return True
    return False


def _numeric_date(expression: str, ctx: _Context) -> Timex | None:
    m = _ISO_DATE.search(expression)
    if m:
        return Timex("DATE", m.group(0))
    day = slash_date(expression)
    if day is not None:
        return Timex("DATE", day.isoformat())
    m = _ISO_MONTH.match(expression.strip())
    if m:
        return Timex("DATE", expression.strip())
    for word in expression.split():
        m = _YEAR_RANGE.match(word.strip(".,;"))
        if m:  # '1957-58', 'the 1957-58 season': the span of years, valued by its first
            return Timex("DATE", m.group(1))
    return None


def _reference(words: list[str], ctx: _Context) -> Timex | None:
    lex = lexicon()
    phrase = " ".join(words)
    bare = " ".join(w for w in words if w != "the")
    for key in (phrase, bare, "the " + bare):
        if key in lex["reference_phrases"]:
            return Timex("DATE", lex["reference_phrases"][key])
    if len(words) == 1 and words[0] in lex["references"] and words[0] not in ("past", "present"):
        return Timex("DATE", lex["references"][words[0]])
    if words in (["one", "day"], ["some", "day"], ["someday"]) and ctx.tense == "FUTURE":
        return Timex("DATE", "FUTURE_REF")
    return None


def _set(words: list[str], ctx: _Context) -> Timex | None:
    lex = lexicon()
    phrase = " ".join(w for w in words if w != "the")
    if phrase in lex["sets"] and (len(words) > 2 or words[0] not in ("a", "an")):
        return Timex("SET", lex["sets"][phrase])
    if words[0] in lex["weekday_plurals"] and len(words) <= 2:
        part = lex["parts_of_day"].get(words[1], "") if len(words) == 2 else ""
        return Timex("SET", f"XXXX-WXX-{lex['weekday_plurals'][words[0]]}" +
                     (f"T{part}" if part else ""))
    if len(words) == 2 and words[0] in lex["weekdays"] and words[1] in lex["parts_of_day"] \
            and words[1].endswith("s"):  # 'Tuesday nights': every Tuesday night
        return Timex("SET", f"XXXX-WXX-{lex['weekdays'][words[0]]}T{lex['parts_of_day'][words[1]]}")
    if len(words) >= 3 and words[-2] in ("a", "an", "per") and _unit(words[-1]) is not None \
            and (words[:-2] in (["once"], ["twice"], ["thrice"]) or (
                words[-3] == "times" and number(words, 0)[1] == len(words) - 3)):
        return Timex("SET", _duration(1, _unit(words[-1]) or ""))  # 'twice a week'
    if words[0] in lex["set_leaders"] and len(words) > 1:
        rest = words[1:]
        if rest[0] in lex["weekdays"]:
            return Timex("SET", f"XXXX-WXX-{lex['weekdays'][rest[0]]}")
        if rest[0] in lex["months"] and len(rest) == 1:
            return Timex("SET", f"XXXX-{lex['months'][rest[0]]:02d}")
        amount, j = number(rest, 0)
        if j < len(rest) and (unit := _unit(rest[j])) is not None:
            return Timex("SET", _duration(amount or 1, unit))
        if rest[0] in lex["parts_of_day"]:
            return Timex("SET", "P1D")
    return None


def _clock(words: list[str], ctx: _Context) -> Timex | None:
    lex = lexicon()
    hour: int | None = None
    minute = 0
    used: set[int] = set()
    for i, w in enumerate(words):
        if w in lex["clock_words"] and hour is None:
            h, mm = lex["clock_words"][w].split(":")
            hour, minute = int(h), int(mm)
            used.add(i)
            continue
        m = CLOCK.match(w) or HOUR.match(w)
        if m is None or hour is not None:
            continue
        after = words[i + 1] if i + 1 < len(words) else ""
        has_minutes = m.re is CLOCK
        if after in ("am", "pm") or has_minutes or after == "o'clock":
            hour, minute = int(m.group(1)), int(m.group(2)) if has_minutes else 0
            if after == "pm" and hour < 12:
                hour += 12
            if after == "am" and hour == 12:
                hour = 0
            used.update({i, i + 1} if after in ("am", "pm", "o'clock") else {i})
        elif after in ("in", "at") and words[i + 2: i + 4] in (["the", "morning"], ["night"]):
            hour = int(m.group(1))
            used.update({i})
    if hour is None or hour > 24 or minute > 59:
        return None
    late = set(words) & {"afternoon", "evening", "night", "tonight"}
    small_hours = bool(late) and late <= {"night", "tonight"} and "pm" not in words \
        and (hour < 6 or hour == 12)  # '1:30 tonight', '12:30 tonight': after midnight
    if small_hours:
        hour %= 12
    elif hour < 12 and "am" not in words and late:
        hour += 12  # '6:15 tonight', '9:30 this evening'
    rest = [w for i, w in enumerate(words) if i not in used and w not in lex["time_zones"]
            and w not in ("at", "on", "around", "about", "the", "in", "morning", "evening",
                          "afternoon", "night", "approximately", "local", "time", "shortly",
                          "after", "before", "just", "of", "o'clock")]
    day = _day(ctx)
    if rest == ["this"]:
        rest = []  # '9:30 this evening': today
    if rest:
        found = interpret(" ".join(rest), ctx.dct.isoformat() if ctx.dct else None, ctx.tense)
        part = re.fullmatch(r"([\dX]{4}-[\dX]{2}-[\dX]{2})T(AF|EV|NI|MO)", found.value or "")
        if part is not None:  # '8 p.m. tonight', '6:15 tomorrow morning': the clock says when
            found = Timex("DATE", part.group(1))
        if found.value is None or not re.fullmatch(r"[\dX]{4}-[\dX]{2}-[\dX]{2}", found.value):
            return None if found.value is None else Timex("TIME", found.value)
        day = found.value
    if small_hours and "tonight" in words and re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
        day = (date.fromisoformat(day) + timedelta(days=1)).isoformat()
    return Timex("TIME", f"{day}T{hour:02d}:{minute:02d}")


def _edge_day(words: list[str], ctx: _Context) -> Timex | None:
    """'the first day of 2020', 'the last day of March': that day of the year or month."""
    if len(words) < 5 or words[:1] != ["the"] or words[1] not in ("first", "last") \
            or words[2:4] != ["day", "of"]:
        return None
    found = interpret(" ".join(words[4:]), ctx.dct.isoformat() if ctx.dct else None, ctx.tense)
    value = found.value or ""
    if re.fullmatch(r"\d{4}", value):
        return Timex("DATE", f"{value}-01-01" if words[1] == "first" else f"{value}-12-31")
    m = re.fullmatch(r"(\d{4}|XXXX)-(\d\d)", value)
    if m is None or not 1 <= int(m.group(2)) <= 12:
        return None
    if words[1] == "first":
        return Timex("DATE", f"{value}-01")
    year, month = m.group(1), int(m.group(2))
    if year == "XXXX" and month == 2:
        return None  # no year known: February's last day is unsure
    last = monthrange(int(year) if year != "XXXX" else 2001, month)[1]
    return Timex("DATE", f"{value}-{last:02d}")


def _relative_day(words: list[str], ctx: _Context) -> Timex | None:
    lex = lexicon()
    w = [x for x in words if x not in ("late", "early", "earlier", "later", "the", "mid")]
    if not w:
        return None
    if len(w) == 2 and w[0] in lex["parts_of_day"] and w[1] in lex["relative_days"]:
        w = [w[1], w[0]]  # 'mid-afternoon yesterday': yesterday's afternoon
    if w[0] in lex["relative_days"]:
        offset = lex["relative_days"][w[0]]
        part = lex["relative_day_parts"].get(w[0])
        if len(w) == 2 and w[1] in lex["parts_of_day"]:
            part = lex["parts_of_day"][w[1]]
        elif len(w) > 1:
            return None
        if part:
            return Timex("TIME", f"{_day(ctx, offset)}T{part}")
        return Timex("DATE", _day(ctx, offset))
    if w in (["day", "before", "yesterday"],):
        return Timex("DATE", _day(ctx, -2))
    if w in (["day", "after", "tomorrow"],):
        return Timex("DATE", _day(ctx, 2))
    if len(w) == 2 and w[1] in lex["parts_of_day"] and w[0] in ("next", "following",
                                                                  "previous"):
        offset = -1 if w[0] == "previous" else 1  # 'the next morning'
        return Timex("TIME", f"{_day(ctx, offset)}T{lex['parts_of_day'][w[1]]}")
    if len(w) == 2 and w[1] in lex["parts_of_day"] and w[0] in ("this", "last", "that"):
        offset = -1 if w[0] == "last" and w[1] in ("night", "evening") else 0
        if w[0] == "last" and w[1] not in ("night", "evening"):
            offset = -1
        return Timex("TIME", f"{_day(ctx, offset)}T{lex['parts_of_day'][w[1]]}")
    if len(w) == 1 and w[0] in ("overnight",):
        return Timex("TIME", f"{_day(ctx, -1 if ctx.tense == 'PAST' else 0)}TNI")
    if len(w) == 1 and w[0] in lex["parts_of_day"] and len(words) <= 2:
        return Timex("TIME", f"{_day(ctx)}T{lex['parts_of_day'][w[0]]}")
    if w in (["same", "day"], ["that", "day"], ["that", "same", "day"]):
        return Timex("DATE", _day(ctx))
    return None


def _weekday(words: list[str], ctx: _Context) -> Timex | None:
    lex = lexicon()
    w = [x for x in words if x not in ("late", "early", "earlier", "later", "the", "on")]
    direction, w = _direction(w)
    if not w or w[0] not in lex["weekdays"]:
        return None
    weekday = lex["weekdays"][w[0]]
    rest = w[1:]
    if rest and (rest[0] in lex["months"] or _DAY_NUMBER.match(rest[0])):
        found = _calendar(rest, ctx)
        if found is not None:
            return _on_weekday(found, weekday, rest)
    week, after = _direction(rest[1:] if rest[:1] == ["of"] else rest)
    if after == ["week"] and week is not None and ctx.dct is not None and direction is None:
        # 'Thursday last week', 'Monday of next week': that weekday in the week named
        shift = 7 * week + weekday - ctx.dct.isoweekday()
        return Timex("DATE", date.fromordinal(ctx.dct.toordinal() + shift).isoformat())
    value = _weekday_date(weekday, ctx, direction)
    if not rest:
        return Timex("DATE", value)
    if len(rest) == 1 and rest[0] in lex["parts_of_day"]:
        return Timex("TIME", f"{value}T{lex['parts_of_day'][rest[0]]}")
    if rest in (["week"],):
        return None
    return None


def _on_weekday(found: Timex, weekday: int, rest: list[str]) -> Timex:
    """'Friday, Oct. 13' without a year: the year next to the guessed one in which that day
    is a Friday, when the guess has another weekday and the words name no year."""
    m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", found.value or "")
    if m is None or any(YEAR.match(w) for w in rest):
        return found
    year, month, day = (int(g) for g in m.groups())
    for candidate in (year, year - 1, year + 1):
        try:
            if date(candidate, month, day).isoweekday() == weekday:
                return Timex(found.type, f"{candidate:04d}-{month:02d}-{day:02d}")
        except ValueError:
            continue
    return found


def _ago(words: list[str], ctx: _Context) -> Timex | None:
    """'three years ago', 'a year earlier', 'year-ago', 'two weeks later'."""
    lex = lexicon()
    w = [x for x in words if x not in ("the", "just", "about", "some", "nearly", "almost",
                                       "more", "than", "around", "roughly", "over", "less",
                                       "or", "so", "only")]
    if w[-2:] in (["from", "now"], ["from", "today"]):
        w = [*w[:-2], "hence"]  # 'eight years from now': that far ahead of the DCT
    if not w or w[-1] not in ("ago", "earlier", "later", "before", "hence", "after"):
        return None
    sign = 1 if w[-1] in ("later", "hence", "after") else -1
    body = w[:-1]
    if (years := _years_with_a_half(body)) is not None:
        value = _shift("M", sign * years * 12, ctx)  # counted back in months
        return None if value is None else Timex("DATE", value)
    if len(body) == 1 and (body[0] == "year" or (w[-1] in ("before", "after") and _unit(
            body[0]) is not None and not body[0].endswith("s"))):
        body = ["a", body[0]]  # 'year-ago'; 'the day before': one day before
    amount, j = number(body, 0)
    if j != len(body) - 1 or (unit := _unit(body[-1])) is None:
        vague = [x for x in body if x not in lex["units"]]
        if body and body[-1] in lex["units"] and all(x in lex["vague_numbers"] for x in vague):
            return Timex("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF")
        return None
    if amount is None:
        return None
    if unit == "Y" and amount == 1 and ctx.quarter is not None and sign < 0:
        q_year, q = ctx.quarter
        return Timex("DATE", f"{q_year - 1:04d}-Q{q}")
    value = _shift(unit, sign * amount, ctx)
    return None if value is None else Timex("DATE", value)


def _years_with_a_half(body: list[str]) -> float | None:
    """1.5 for 'a year and a half', 0.5 for 'half a year': an amount of years with a half,
    which the calendar counts in months; None for any other amount."""
    if len(body) == 3 and body[:2] in (["half", "a"], ["half", "an"]) and _unit(body[2]) == "Y":
        return 0.5
    if len(body) >= 5 and body[-3:] == ["and", "a", "half"] and _unit(body[-4]) == "Y":
        amount, j = number(body, 0)
        if amount is not None and j == len(body) - 4:
            return amount + 0.5
    return None


def _years_ago_on(words: list[str], ctx: _Context) -> Timex | None:
    """'ten years ago this week', 'a year ago today': the DCT's week or day, that many
    years back (forward for 'from now')."""
    if "ago" not in words or words.index("ago") + 1 >= len(words):
        return None
    cut = words.index("ago") + 1
    amount, j = number(words, 0)
    if amount is None or amount != int(amount) or j != cut - 2 or _unit(words[j]) != "Y":
        return None
    found = _apply_rules(words[cut:], ctx)
    if found is None or found.value is None or not found.value[:4].isdigit() \
            or found.type not in ("DATE", "TIME"):
        return None
    return Timex(found.type, _years_back(found.value, int(amount)))


def _years_back(value: str, years: int) -> str:
    """`value` (a day, a week, a month, a clock time) that many years back, a valid one: a
    29 February is the 28th in a common year, and an ISO week is the week holding the same
    Thursday's date then ('2020-W53' ten years back is 2010-W52: 2010 has 52 weeks)."""
    week = re.fullmatch(r"(\d{4})-W(\d\d)", value)
    if week:
        thursday = date.fromisocalendar(int(week[1]), int(week[2]), 4)
        back = thursday.replace(year=thursday.year - years, day=min(thursday.day, 28)
                                if (thursday.month, thursday.day) == (2, 29) else thursday.day)
        return _iso_week(back)
    year, month, day = int(value[:4]) - years, value[5:7], value[8:10]
    if month == "02" and day == "29" and monthrange(year, 2)[1] == 28:
        return f"{year:04d}-02-28{value[10:]}"
    return f"{year:04d}{value[4:]}"


def _relative_unit(words: list[str], ctx: _Context) -> Timex | None:
    """'this year', 'last week', 'next month', 'the past year', 'the current fiscal year'."""
    w = [x for x in words if x not in ("the", "early", "late", "mid", "end", "of", "beginning",
                                       "middle", "start", "fiscal", "calendar", "earlier",
                                       "later", "in", "rest", "remainder", "part", "half")]
    direction, w = _direction(w)
    if direction is None or len(w) != 1:
        return None
    unit = _unit(w[0])
    if unit is None or unit in ("H", "TM", "S") or (w[0].endswith("s") and unit != "S"):
        return None
    if unit == "DE":
        return Timex("DATE", _decade(ctx, direction))
    value = _relative(unit, ctx, direction)
    return None if value is None else Timex("DATE", value)


def _duration_rule(words: list[str], ctx: _Context) -> Timex | None:
    """'90 days', 'two-year', 'the past two months', 'several years', 'a year and a half'."""
    lex = lexicon()
    w = [x for x in words if x not in ("the", "about", "around", "nearly", "almost", "some",
                                       "roughly", "approximately", "just", "only", "fully",
                                       "over", "under", "least", "most", "no",
                                       "entire", "whole", "full", "better", "long", "old",
                                       "each", "all", "of")]
    w = [x for x in w if not (x in ("more", "less", "than", "at") and len(w) > 2)
         and x not in lex["unit_modifiers"]]
    leaders = ("past", "last", "next", "coming", "first", "latest", "previous", "following",
               "final", "other", "same", "recent", "year-earlier", "initial", "this", "these",
               "those", "that", "another", "additional", "further", "extra", "preceding",
               "succeeding", "subsequent")
    if len(w) > 2 and w[0] in ("a", "an") and w[1] in leaders:
        w = w[:1] + w[2:]  # "an additional year": one year
    elif w and w[0] in leaders:
        w = w[1:]
    if not w:
        return None
    half = False
    if w[-3:] in (["and", "a", "half"], ["and", "one", "half"]):
        w, half = w[:-3], True
        if not w:
            return None
        if len(w) == 1 and _unit(w[0]) is not None and not w[0].endswith("s"):
            w = ["1", w[0]]  # "the previous year and a half": one and a half years
    if len(w) >= 5 and w[-4:-1] in (["and", "a", "half"], ["and", "one", "half"]):
        w, half = [*w[:-4], w[-1]], True  # 'two and a half years'
    if w[:3] == ["half", "a", "year"] or w[:3] == ["half", "an", "hour"] \
            or w[:3] == ["half", "a", "century"] or w[:3] == ["half", "a", "day"]:
        w = ["0.5", w[2]]
    amount, j = number(w, 0)
    if amount is None and w[0] in lex["vague_numbers"]:
        j = 1
        while j < len(w) and w[j] in lex["vague_numbers"] + ["a", "of"]:
            j += 1
    if j != len(w) - 1:
        return None
    unit = _unit(w[-1])
    if unit is None:
        return None
    if amount is None and j == 0 and not w[-1].endswith("s"):
        return None
    if half and amount is not None:
        amount += 0.5
    if unit == "Q" and amount is not None and amount == int(amount) and amount > 1 \
            and words[0] == "the" and "next" in words:
        amount, unit = amount * 3, "M"
    return Timex("DURATION", _duration(amount, unit))


def _unit_alone(words: list[str], ctx: _Context) -> Timex | None:
    """'the year', 'the week', 'the weekend', 'that day': the DCT's own unit."""
    w = [x for x in words if x not in ("early", "late", "mid", "end", "of", "beginning",
                                       "middle", "start", "rest", "remainder", "fiscal",
                                       "full", "calendar", "whole", "entire")]
    w = [x for i, x in enumerate(w) if x != "the" or i == 0]  # 'the end of the month'
    if words[:3] in (["the", "week", "of"], ["week", "of"]):
        found = _calendar(words[words.index("of") + 1:], ctx)
        if found is not None and found.value and re.fullmatch(r"\d{4}-\d\d-\d\d", found.value):
            year, week, _ = date.fromisoformat(found.value).isocalendar()
            return Timex("DATE", f"{year:04d}-W{week:02d}")
    if "end" in words and "year" in words and set(words) <= {"the", "end", "of", "year", "'s",
                                                              "by", "at"}:
        return Timex("DATE", _year(ctx))
    if len(w) == 2 and w[0] in ("the", "that") and not w[1].endswith("s") \
            and (unit := _unit(w[1])) in ("Y", "W", "WE", "M", "D"):
        value = _relative(unit, ctx, _weekend_offset(ctx) if unit == "WE" else 0)
        return None if value is None else Timex("DATE", value)
    return None


_RULES: tuple[Rule, ...] = (
    _reference,
    _set,
    _clock,
    _edge_day,
    _relative_day,
    _weekday,
    _holiday,
    _calendar,
    _year_rule,
    _decade_rule,
    _season,
    _quarter_rule,
    _years_ago_on,
    _ago,
    _relative_unit,
    _duration_rule,
    _unit_alone,
)
