"""DATE values that the expression next to a span settles, once every span of a document
has its own value (dates.py): a clock time is on the day written beside it, and the two
ends of a range fall in order. Works on suggested spans and their text only, so the rule
suggester and a trained model's spans (date_attrs) share it."""

from __future__ import annotations

import re
from datetime import date, timedelta

from annotations.suggest.datewords import words
from annotations.suggest.types import SuggestedSpan

_DAY_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH_OR_DAY = re.compile(r"^\d{4}-\d\d(-\d\d)?$")
_CLOCK_VALUE = re.compile(r"^(\d{4}-\d{2}-\d{2})T\d\d:\d\d$")
_YEAR_IN_TEXT = re.compile(r"\b\d{4}\b")
# What may stand between a clock time and the day it is on: '9 p.m. on Sunday',
# 'Sunday at 9 p.m.', 'Sunday, at 9 p.m.'.
_TIME_THEN_DAY = frozenset({("on",), (",",), (",", "on")})
_DAY_THEN_TIME = frozenset({("at",), (",",), (",", "at")})
# What joins the two ends of a range; 'and' only after 'between' (else a list:
# 'statements made Friday and Thursday').
_RANGE_LINKS = frozenset({("to",), ("through",), ("until",), ("-",), ("–",)})


def settle_neighbours(text: str, spans: list[SuggestedSpan],
                      dct: str | None) -> list[SuggestedSpan]:
    """`spans` (in text order) with the values their neighbours settle: a clock time on
    its day, the start of a range before its end."""
    return _ranges_in_order(text, _clocks_on_their_days(text, spans, dct))


def _clocks_on_their_days(text: str, spans: list[SuggestedSpan],
                          dct: str | None) -> list[SuggestedSpan]:
    """A clock time that names no day of its own ('9 p.m.', valued on the document's
    day) is on the day written next to it: '9 p.m. on Sunday', 'Sunday at 9 p.m.'."""
    if dct is None:
        return spans
    out = list(spans)
    for i, span in enumerate(out):
        value = span.attrs.get("value", "")
        if span.attrs.get("type") != "TIME" or not value.startswith(dct + "T"):
            continue
        day = None
        if i + 1 < len(out) and _between(text, span, out[i + 1]) in _TIME_THEN_DAY:
            day = out[i + 1].attrs.get("value", "")
        if not day and i > 0 and _between(text, out[i - 1], span) in _DAY_THEN_TIME:
            day = out[i - 1].attrs.get("value", "")
        if day and _DAY_VALUE.match(day) and day != dct:
            out[i] = _revalued(span, day + value[len(dct):])
    return out


def _ranges_in_order(text: str, spans: list[SuggestedSpan]) -> list[SuggestedSpan]:
    """A range starts before it ends: 'between March and May', 'from Monday to Friday',
    'from 10 p.m. to 5 a.m.'."""
    out = list(spans)
    for i in range(len(out) - 1):
        first, second = out[i], out[i + 1]
        if not _range(text, first, second):
            continue
        start, end = first.attrs.get("value", ""), second.attrs.get("value", "")
        if _CLOCK_VALUE.match(start) and _CLOCK_VALUE.match(end):
            if end < start and start[:10] == end[:10]:  # 'from 10 p.m. to 5 a.m.'
                out[i + 1] = _revalued(second, _days_after(end[:10], 1) + end[10:])
        elif not (_MONTH_OR_DAY.match(start) and _MONTH_OR_DAY.match(end)):
            continue
        elif not _names_month(text[first.start:first.end]):
            if _DAY_VALUE.match(start) and _DAY_VALUE.match(end) and start > end:
                out[i] = _revalued(first, _days_after(start, -7))  # 'from Monday to Friday'
        elif _YEAR_IN_TEXT.search(text[first.start:first.end]):
            out[i + 1] = _in_year_after(second, start)  # 'between March 2019 and May'
        else:
            out[i] = _in_year_before(first, end)  # 'between March and May 2019'
    return out


def _range(text: str, first: SuggestedSpan, second: SuggestedSpan) -> bool:
    """The two spans are the ends of one range, at most one of them with its year."""
    link = _between(text, first, second)
    joined = link in _RANGE_LINKS or (
        link == ("and",) and text[:first.start].lower().split()[-1:] == ["between"])
    both_years = all(_YEAR_IN_TEXT.search(text[s.start:s.end]) for s in (first, second))
    return joined and not both_years


def _in_year_after(end: SuggestedSpan, start: str) -> SuggestedSpan:
    """The end of a range, in the start's year or the next, whichever follows the start."""
    value = end.attrs["value"]
    for year in (int(start[:4]), int(start[:4]) + 1):
        if f"{year:04d}{value[4:]}" >= start:
            return _revalued(end, f"{year:04d}{value[4:]}")
    return end


def _in_year_before(start: SuggestedSpan, end: str) -> SuggestedSpan:
    """The start of a range, in the end's year or the one before, whichever precedes it."""
    value = start.attrs["value"]
    for year in (int(end[:4]), int(end[:4]) - 1):
        if f"{year:04d}{value[4:]}" <= end:
            return _revalued(start, f"{year:04d}{value[4:]}")
    return start


def _names_month(text: str) -> bool:
    """The expression names its month ('Nov. 3', 'March'), not a weekday."""
    return any(word.strip(".").lower() in words().months for word in text.split())


def _days_after(day: str, days: int) -> str:
    return (date.fromisoformat(day) + timedelta(days=days)).isoformat()


def _revalued(span: SuggestedSpan, value: str) -> SuggestedSpan:
    return SuggestedSpan(span.label, span.start, span.end, {**span.attrs, "value": value})


def _between(text: str, first: SuggestedSpan, second: SuggestedSpan) -> tuple[str, ...]:
    """The words and commas between two spans, in lower case."""
    return tuple(text[first.end:second.start].lower().replace(",", " , ").split())
