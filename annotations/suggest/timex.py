"""TIMEX3 normalisation: a temporal expression to its type and value.

Pure Python, no spaCy: `normalise("last Thursday", "2021-08-12", "PAST")`
gives `("DATE", "2021-08-05")`. Relative expressions are resolved against the
document creation time (DCT); without one, the parts that would come from it
are X (`XXXX-WXX-6` for "Saturday", `XXXX-08` for "August"). The words come
from resources/suggest/dates/lexicon.json.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib.resources import files
from typing import Any, Literal

from annotations.errors import ValidationError

TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
Tense = Literal["PAST", "PRESENT", "FUTURE"]
TENSES: tuple[str, ...] = ("PAST", "PRESENT", "FUTURE")

_YEAR = re.compile(r"^(1[0-9]{3}|20[0-9]{2})$")
_SHORT_YEAR = re.compile(r"^'(\d\d)$")
_DECADE = re.compile(r"^(1[0-9]{2}|20[0-9])0'?s$")
_SHORT_DECADE = re.compile(r"^'?(\d)0'?s$")
_DAY_NUMBER = re.compile(r"^(\d{1,2})(st|nd|rd|th)?$")
_ORDINAL_NUMBER = re.compile(r"^(\d{1,3})(st|nd|rd|th)$")
_NUMBER = re.compile(r"^\d+(\.\d+)?$")
_FRACTION = re.compile(r"^(\d)/(\d)$")
_CLOCK = re.compile(r"^(\d{1,2})(?::(\d\d))?(?::(\d\d))?$")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_SLASH_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})\b")


@dataclass(frozen=True)
class Lexicon:
    """The words the normaliser knows, from resources/suggest/dates/lexicon.json."""

    raw: dict[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.raw[key]


@cache
def lexicon() -> Lexicon:
    """Load the lexicon shipped in resources (once per process)."""
    path = files("resources") / "suggest" / "dates" / "lexicon.json"
    return Lexicon(json.loads(path.read_text(encoding="utf-8")))


class TimexError(ValidationError):
    """An expression the normaliser cannot read: one of its rules failed on unusual words,
    or the date it names lies outside the years 0001-9999 that TIMEX3 values spell."""


@dataclass(frozen=True)
class Timex:
    """A normalised temporal expression: TIMEX3 type and value (None: not normalisable)."""

    type: str
    value: str | None


@dataclass(frozen=True)
class _Context:
    dct: date | None
    tense: str | None
    quarter: tuple[int, int] | None


Rule = Callable[[list[str], _Context], "Timex | None"]


def parse_dct(dct: str | None) -> date | None:
    """The document date as a `date`; None stays None.

    Raises ValidationError when `dct` is not an ISO date (YYYY-MM-DD, a time part is ignored).
    """
    if dct is None or not dct.strip():
        return None
    try:
        return date.fromisoformat(dct.strip()[:10])
    except ValueError as exc:
        raise ValidationError(
            f"document date {dct!r} is not a date of the form YYYY-MM-DD"
        ) from exc


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


def _shown(text: str, limit: int = 60) -> str:
    """`text` cut for an error message."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _parts(words: list[str]) -> list[list[str]]:
    """Shorter readings of an expression the rules did not know, longest first: the
    words after a head ('the early hours of Thursday'), then before a tail ('April month')."""
    suffixes = [words[i:] for i in range(1, len(words))]
    prefixes = [words[:i] for i in range(len(words) - 1, 0, -1)]
    return suffixes + prefixes


def _parse_quarter(quarter: str | None) -> tuple[int, int] | None:
    if not quarter:
        return None
    m = re.fullmatch(r"(\d{4})-Q([1-4])", quarter)
    if m is None:
        raise ValidationError(f"quarter {quarter!r} is not of the form YYYY-Qn")
    return int(m.group(1)), int(m.group(2))


# --- words --------------------------------------------------------------------------


def tokens(expression: str) -> list[str]:
    """The lower-cased words of an expression, hyphens and abbreviation stops removed."""
    s = expression.lower().replace("’", "'").replace("‘", "'")
    s = re.sub(r"\b([ap])\.\s?m\b\.?", r"\1m", s)
    s = re.sub(r"(\d)\s?([ap])m\b", r"\1 \2m", s)
    s = _THOUSANDS.sub("", s)
    s = re.sub(r"[,;()\"“”!?]", " ", s)
    s = re.sub(r"(?<=[a-z])-(?=[a-z0-9'])|(?<=[0-9])-(?=[a-z])", " ", s)
    out: list[str] = []
    for raw in s.split():
        word = raw.strip(".-")
        if word.endswith("'s") and len(word) > 2 and not re.match(r"^'?\d0'?s$", word):
            out.extend([word[:-2], "'s"])
        elif word:
            out.append(word)
    return out


def _strip_modifiers(words: list[str]) -> list[str]:
    """Drop the words that do not change a value: approximators, early/late/mid, 'the'."""
    lex = lexicon()
    w = list(words)
    changed = True
    approximators = [a.split() for a in lex["approximators"]]
    while changed and w:
        changed = False
        for a in sorted(approximators, key=len, reverse=True):
            if w[: len(a)] == a and len(w) > len(a):
                w = w[len(a):]
                changed = True
                break
        if w and w[0] in ("early", "late", "mid", "earlier", "later", "the", "fiscal", "its",
                          "calendar", "flat", "comparable", "entire", "whole") and len(w) > 1:
            w = w[1:]
            changed = True
        for lead in (["end", "of"], ["beginning", "of"], ["start", "of"], ["middle", "of"],
                     ["rest", "of"], ["remainder", "of"], ["part", "of"], ["dawn", "of"],
                     ["close", "of"], ["each", "of"], ["all", "of"], ["most", "of"]):
            if w[: len(lead)] == lead and len(w) > len(lead):
                w = w[len(lead):]
                changed = True
    while len(w) > 1 and w[-1] in ("or", "so", "and", "earlier", "later", "'s", "the"):
        if w[-1] in ("earlier", "later") and len(w) == 2 and w[0] in lex["units"]:
            break
        w = w[:-1]
    if len(w) > 2 and w[-2] == "or" and w[-1] in ("later", "earlier", "so", "more", "less"):
        w = w[:-2]
    return w


def number(words: list[str], i: int) -> tuple[float | None, int]:
    """Read a number (digits or words, "twenty four", "a") at `words[i]`: value, next index."""
    lex = lexicon()
    if i >= len(words):
        return None, i
    word = words[i].replace(",", "")
    if _NUMBER.match(word):
        if i + 1 < len(words) and (m := _FRACTION.match(words[i + 1])):
            return float(word) + int(m.group(1)) / int(m.group(2)), i + 2
        return float(word), i + 1
    if word in ("a", "an") and words[i + 1:i + 3] == ["couple", "of"]:
        return 2.0, i + 3
    if word in ("a", "an") and i + 1 < len(words) and words[i + 1] in lex["numbers"]:
        return number(words, i + 1)
    if word == "couple" and i + 1 < len(words) and words[i + 1] == "of":
        return 2.0, i + 2
    if word == "half":
        return 0.5, i + 1
    if word not in lex["numbers"]:
        return None, i
    total = 0.0
    current = 0.0
    j = i
    while j < len(words) and words[j] in lex["numbers"]:
        value = lex["numbers"][words[j]]
        if words[j] in ("a", "an") and j > i:
            break
        if words[j] in lex["multipliers"]:
            current = max(current, 1) * value
            if value >= 1000:
                total += current
                current = 0
        else:
            current += value
        j += 1
        if j < len(words) - 1 and words[j] == "and" and words[j + 1] in lex["numbers"] \
                and words[j + 1] not in ("a", "an"):
            j += 1
    return total + current, j


def _fmt_number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


# --- values against the DCT ------------------------------------------------------------


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
    if ctx.tense == "FUTURE":  # the next such month, not one far back
        return f"{year + 1 if month - current < -1 else year}"
    if month - current > 5:
        return f"{year - 1}"
    if month - current <= -8:
        return f"{year + 1}"
    return f"{year}"


# --- rules: each takes the words and answers a Timex or None --------------------------------


def _numeric_date(expression: str, ctx: _Context) -> Timex | None:
    m = _ISO_DATE.search(expression)
    if m:
        return Timex("DATE", m.group(0))
    m = _SLASH_DATE.search(expression)
    if m:
        month, day, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if year < 100:
            year += 1900 if year > 30 else 2000
        if 1 <= month <= 12 and 1 <= day <= 31:
            return Timex("DATE", f"{year:04d}-{month:02d}-{day:02d}")
    m = _ISO_MONTH.match(expression.strip())
    if m:
        return Timex("DATE", expression.strip())
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
        m = _CLOCK.match(w)
        if m is None or hour is not None:
            continue
        after = words[i + 1] if i + 1 < len(words) else ""
        if after in ("am", "pm") or m.group(2) is not None or after == "o'clock":
            hour, minute = int(m.group(1)), int(m.group(2) or 0)
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
    rest = [w for i, w in enumerate(words) if i not in used and w not in lex["time_zones"]
            and w not in ("at", "on", "around", "about", "the", "in", "morning", "evening",
                          "afternoon", "night", "approximately", "local", "time", "shortly",
                          "after", "before", "just", "of", "o'clock")]
    day = _day(ctx)
    if rest:
        found = interpret(" ".join(rest), ctx.dct.isoformat() if ctx.dct else None, ctx.tense)
        if found.value is None or not re.fullmatch(r"[\dX]{4}-[\dX]{2}-[\dX]{2}", found.value):
            return None if found.value is None else Timex("TIME", found.value)
        day = found.value
    return Timex("TIME", f"{day}T{hour:02d}:{minute:02d}")


def _relative_day(words: list[str], ctx: _Context) -> Timex | None:
    lex = lexicon()
    w = [x for x in words if x not in ("late", "early", "earlier", "later", "the")]
    if not w:
        return None
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


def _direction(words: list[str]) -> tuple[int | None, list[str]]:
    """'last', 'next', 'this'... in front: the direction and the words after it."""
    table: dict[str, int] = lexicon()["relative_direction"]
    if words and words[0] in table and len(words) > 1:
        if words[:2] == ["this", "past"]:
            return -1, words[2:]
        if words[:2] == ["this", "coming"]:
            return 1, words[2:]
        return table[words[0]], words[1:]
    return None, words


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
            return found
    value = _weekday_date(weekday, ctx, direction)
    if not rest:
        return Timex("DATE", value)
    if len(rest) == 1 and rest[0] in lex["parts_of_day"]:
        return Timex("TIME", f"{value}T{lex['parts_of_day'][rest[0]]}")
    if rest in (["week"],):
        return None
    return None


def _day_number(word: str) -> int | None:
    m = _DAY_NUMBER.match(word)
    if m is None:
        ordinal = lexicon()["ordinals"].get(word)
        return ordinal if ordinal and ordinal > 0 else None
    day = int(m.group(1))
    return day if 1 <= day <= 31 else None


def _year_word(word: str) -> str | None:
    if _YEAR.match(word):
        return word
    m = _SHORT_YEAR.match(word)
    if m:
        short = int(m.group(1))
        return f"{1900 + short if short > 30 else 2000 + short}"
    return None


def _calendar(words: list[str], ctx: _Context) -> Timex | None:
    """Month, day and year in their common orders: April 27 2021, 27 April, May 1998, the 30th."""
    lex = lexicon()
    months: dict[str, int] = lex["months"]
    w = [x for x in words if x not in ("the", "of", "early", "late", "mid", "end", "beginning",
                                       "middle", "start", "on", "in")]
    direction, w = _direction(w)
    if not w:
        return None
    month = day = None
    year: str | None = None
    rest: list[str] = []
    if w[0] in months:
        month = months[w[0]]
        rest = w[1:]
        if rest and _day_number(rest[0]) is not None and not _YEAR.match(rest[0]):
            day = _day_number(rest[0])
            rest = rest[1:]
    elif _day_number(w[0]) is not None and len(w) > 1 and w[1] in months:
        day, month = _day_number(w[0]), months[w[1]]
        rest = w[2:]
    elif _ORDINAL_NUMBER.match(w[0]) and len(w) == 1 and len(words) <= 3:
        day = _day_number(w[0])
        if day is None:
            return None
        prefix = "XXXX-XX" if ctx.dct is None else _month(ctx)
        return Timex("DATE", f"{prefix}-{day:02d}")
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
        elif ctx.tense == "FUTURE" and gap < -90:
            gap -= 400
        elif gap > 30:
            gap = gap * 3 // 2
        if abs(gap) < distance:
            best, distance = year, abs(gap)
    return f"{best}"


def _spelled_year(words: list[str]) -> str | None:
    """'nineteen ninety-four' (hyphen removed) or 'two thousand': a year in words."""
    numbers: dict[str, int] = lexicon()["numbers"]
    if not words or any(w not in numbers or w in ("a", "an", "dozen") for w in words):
        return None
    if 10 <= numbers[words[0]] <= 19 and len(words) > 1:
        rest, j = number(words, 1)
        if rest is not None and j == len(words) and rest < 100:
            return f"{numbers[words[0]] * 100 + int(rest)}"
    if words[:2] == ["two", "thousand"]:
        rest, j = number(words, 2) if len(words) > 2 else (0.0, 2)
        if rest is not None and j == len(words) and rest < 100:
            return f"{2000 + int(rest)}"
    return None


def _year_rule(words: list[str], ctx: _Context) -> Timex | None:
    w = [x for x in words if x not in ("the", "year", "fiscal", "calendar", "of", "early", "late",
                                       "mid", "end", "beginning", "middle", "in", "start", "post",
                                       "pre")]
    spelled = _spelled_year(w)
    if spelled is not None and (len(w) > 2 or "year" in words or w[:2] != ["two", "thousand"]):
        return Timex("DATE", spelled)
    if len(w) == 1:
        year = _year_word(w[0])
        if year is not None and (w[0] != words[0] or _YEAR.match(w[0]) or len(words) > 1):
            return Timex("DATE", year)
    return None


def _decade_rule(words: list[str], ctx: _Context) -> Timex | None:
    lex = lexicon()
    w = [x for x in words if x not in ("the", "early", "late", "mid", "of", "end", "beginning",
                                       "middle", "start")]
    if len(w) == 1:
        m = _DECADE.match(w[0])
        if m:
            return Timex("DATE", m.group(1))
        m = _SHORT_DECADE.match(w[0])
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


def _ago(words: list[str], ctx: _Context) -> Timex | None:
    """'three years ago', 'a year earlier', 'year-ago', 'two weeks later'."""
    lex = lexicon()
    w = [x for x in words if x not in ("the", "just", "about", "some", "nearly", "almost",
                                       "more", "than", "around", "roughly", "over", "less",
                                       "or", "so", "only")]
    if not w or w[-1] not in ("ago", "earlier", "later", "before", "hence", "after"):
        return None
    sign = 1 if w[-1] in ("later", "hence", "after") else -1
    body = w[:-1]
    if len(body) == 1 and body[0] == "year":
        body = ["a", "year"]
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
    if phrase in lex["holidays"]:
        mm_dd = lex["holidays"][phrase]
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
    return None


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    if nth > 0:
        first = date(year, month, 1)
        offset = (weekday - first.isoweekday()) % 7
        return first + timedelta(days=offset + 7 * (nth - 1))
    last = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.isoweekday() - weekday) % 7)


def _unit_alone(words: list[str], ctx: _Context) -> Timex | None:
    """'the year', 'the week', 'the weekend', 'that day': the DCT's own unit."""
    w = [x for x in words if x not in ("early", "late", "mid", "end", "of", "beginning",
                                       "middle", "start", "rest", "remainder", "fiscal",
                                       "full", "calendar", "whole", "entire")]
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


def _weekend_offset(ctx: _Context) -> int:
    """'the weekend' told in the past on a weekday is the one before the DCT's week."""
    if ctx.dct is not None and ctx.tense == "PAST" and ctx.dct.isoweekday() <= 5:
        return -1
    return 0


_RULES: tuple[Rule, ...] = (
    _reference,
    _set,
    _clock,
    _relative_day,
    _weekday,
    _holiday,
    _calendar,
    _year_rule,
    _decade_rule,
    _season,
    _quarter_rule,
    _ago,
    _relative_unit,
    _duration_rule,
    _unit_alone,
)
