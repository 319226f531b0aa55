"""Anchors: the stretch of time a TIMEX3 value denotes, given the document date.

A value names an *interval* (start inclusive, end exclusive) at a precision:
a decade, a year, a season, a half, a quarter, a month, an ISO week, a day,
a part of the day, an hour, a minute or a second. PRESENT_REF is the
document's day; PAST_REF and FUTURE_REF are open intervals before and after
it. A value with an unknown leading part (`XXXX-08-15`), a duration (`P3D`),
a value outside the years 0001-9999 or one that is not a TIMEX3 value at all
is *unanchored*, with the reason. Unknown trailing parts only coarsen the
interval: `2021-08-XX` is August 2021.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

# Precision names, coarsest first; the view and the exporters read them.
PRECISIONS = (
    "century", "decade", "year", "half", "season", "quarter", "month", "week", "day",
    "part_of_day", "hour", "minute", "second", "past", "future",
)
# Parts of the day as TimeML spells them: hours [from, to) on that day.
PARTS_OF_DAY = {"MO": (6, 12), "MI": (11, 13), "AF": (12, 18), "EV": (18, 24),
                "NI": (21, 24), "DT": (6, 18)}
# Seasons as (first month, number of months); winter runs into the next year.
SEASONS = {"SP": (3, 3), "SU": (6, 3), "FA": (9, 3), "WI": (12, 3)}

_CALENDAR = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_WEEK = re.compile(r"(\d{4})-W(\d{1,2})(?:-(\d|WE))?")
_SPLIT = re.compile(r"(\d{4})-(SP|SU|FA|WI|Q[1-4]|H[12])")
_TIME = re.compile(r"(\d{2})(?::(\d{2})(?::(\d{2}))?)?")


@dataclass(frozen=True, order=True)
class Interval:
    """[start, end): None for an open side (PAST_REF has no start)."""

    start: datetime | None
    end: datetime | None
    precision: str
    inferred: bool = False  # drawn from the document date, not from a WHEN link

    def overlaps(self, other: Interval) -> bool:
        """Whether the two intervals share a moment (open sides reach forever)."""
        before = self.end is not None and other.start is not None and self.end <= other.start
        after = other.end is not None and self.start is not None and other.end <= self.start
        return not (before or after)

    def contains(self, other: Interval) -> bool:
        """Whether `other` lies wholly inside this interval."""
        starts_in = self.start is None or (other.start is not None and self.start <= other.start)
        ends_in = self.end is None or (other.end is not None and other.end <= self.end)
        return starts_in and ends_in

    @property
    def length(self) -> timedelta | None:
        """How long it lasts; None when a side is open."""
        if self.start is None or self.end is None:
            return None
        return self.end - self.start


@dataclass(frozen=True)
class Unanchored:
    """A value that names no interval, and why."""

    reason: str


Anchor = Interval | Unanchored


def document_day(dct: str | date | None) -> date | None:
    """The document date as a `date` (a time part is ignored); None when absent or malformed."""
    if dct is None or isinstance(dct, date):
        return dct
    try:
        return date.fromisoformat(dct.strip()[:10])
    except ValueError:
        return None


def anchor(value: str | None, dct: str | date | None = None) -> Anchor:
    """The interval `value` (a TIMEX3 value) denotes, given the document date `dct`.

    Never raises: a value that names no interval gives Unanchored with the reason.
    """
    value = (value or "").strip()
    if not value:
        return Unanchored("the DATE has no value")
    try:
        return _anchor(value, document_day(dct))
    except _Outside as exc:
        return Unanchored(f"{value!r} {exc}")
    except OverflowError:
        return Unanchored(f"{value!r} runs past the year 9999")


class _Outside(ValueError):
    """A value that parses but names no real date (month 13, week 53 of a 52-week year)."""


def _anchor(value: str, dct: date | None) -> Anchor:
    if value in ("PRESENT_REF", "PAST_REF", "FUTURE_REF"):
        return _reference(value, dct)
    if value.startswith("P"):
        return Unanchored(f"{value!r} is a duration, not a point in time")
    day_part, _, time_part = value.partition("T")
    if re.fullmatch(r"[\dX]{4}", day_part[:4]) and "X" in day_part[:4]:
        known = re.fullmatch(r"(\d{2,3})X+", day_part[:4])
        if known is None or re.search(r"\d", day_part[4:] + time_part):
            return Unanchored(f"{value!r} has an unknown year")
        day_part, time_part = known[1], ""
    base = _calendar(_drop_unknown_tail(day_part))
    if base is None:
        if "X" in day_part:
            return Unanchored(f"{value!r} has an unknown part before a known one")
        return Unanchored(f"{value!r} is not a TIMEX3 date value")
    if not time_part.strip("X:"):
        return base
    if base.precision != "day":
        return Unanchored(f"{value!r} gives a time of day without a whole date")
    return _time_of_day(base, time_part, value)


def _reference(value: str, dct: date | None) -> Anchor:
    if dct is None:
        return Unanchored(f"{value} needs a document date")
    day = _day(dct.year, dct.month, dct.day)
    if value == "PRESENT_REF":
        return day
    if value == "PAST_REF":
        return Interval(None, day.start, "past")
    return Interval(day.end, None, "future")


def _calendar(text: str) -> Interval | None:
    """A date without its time part: decade, year, month, day, week, season, quarter, half."""
    if re.fullmatch(r"\d{2,3}", text):
        width = 10 ** (4 - len(text))
        first = int(text) * width
        return _years(first, width, "decade" if len(text) == 3 else "century")
    if m := _CALENDAR.fullmatch(text):
        year, month, day = int(m[1]), m[2], m[3]
        if month is None:
            return _years(year, 1, "year")
        if day is None:
            return _months(year, int(month), 1, "month")
        return _day(year, int(month), int(day))
    if m := _WEEK.fullmatch(text):
        return _week(int(m[1]), int(m[2]), m[3])
    if m := _SPLIT.fullmatch(text):
        return _split(int(m[1]), m[2])
    return None


_UNKNOWN_TAILS = (
    (re.compile(r"-WX+(-(\d|WE|X+))?$"), ""),  # 2021-WXX-6: only the year is known
    (re.compile(r"(-W\d{1,2})-X$"), r"\1"),  # 2021-W32-X: the week
    (re.compile(r"(-X+)+$"), ""),  # 2021-08-XX, 2021-XX-XX
    (re.compile(r"-[QH]X$"), ""),  # 2021-QX
)


def _drop_unknown_tail(text: str) -> str:
    """Unknown trailing parts removed: `2021-08-XX` -> `2021-08`, `2021-WXX` -> `2021`."""
    for pattern, replacement in _UNKNOWN_TAILS:
        text = pattern.sub(replacement, text)
    return text


def _datetime(year: int, month: int = 1, day: int = 1) -> datetime:
    if not 1 <= year <= 9999:
        raise _Outside("lies outside the years 0001-9999")
    try:
        return datetime(year, month, day)
    except ValueError as exc:
        raise _Outside(f"is not a calendar date ({exc})") from exc


def _years(first: int, count: int, precision: str) -> Interval:
    last = first + count
    if first < 1 or last > 9999:
        raise _Outside("lies outside the years 0001-9999")
    return Interval(_datetime(first), _datetime(last), precision)


def _months(year: int, month: int, count: int, precision: str) -> Interval:
    if not 1 <= month <= 12:
        raise _Outside(f"names month {month}")
    start = _datetime(year, month)
    index = year * 12 + month - 1 + count
    return Interval(start, _datetime(index // 12, index % 12 + 1), precision)


def _day(year: int, month: int, day: int) -> Interval:
    start = _datetime(year, month, day)
    if start.year == 9999 and start.month == 12 and start.day == 31:
        raise _Outside("is the last day the calendar holds")
    return Interval(start, start + timedelta(days=1), "day")


def _week(year: int, week: int, day: str | None) -> Interval:
    try:
        monday = datetime.fromisocalendar(year, week, 1)
    except ValueError as exc:
        raise _Outside(f"names no ISO week ({exc})") from exc
    if day is None:
        return Interval(monday, monday + timedelta(days=7), "week")
    if day == "WE":
        return Interval(monday + timedelta(days=5), monday + timedelta(days=7), "week")
    weekday = int(day)
    if not 1 <= weekday <= 7:
        raise _Outside(f"names weekday {weekday} (ISO weekdays run 1-7)")
    start = monday + timedelta(days=weekday - 1)
    return Interval(start, start + timedelta(days=1), "day")


def _split(year: int, part: str) -> Interval:
    if part in SEASONS:
        month, count = SEASONS[part]
        return _months(year, month, count, "season")
    if part.startswith("Q"):
        return _months(year, 3 * int(part[1]) - 2, 3, "quarter")
    return _months(year, 6 * int(part[1]) - 5, 6, "half")


def _time_of_day(day: Interval, text: str, value: str) -> Anchor:
    assert day.start is not None
    if text in PARTS_OF_DAY:
        first, last = PARTS_OF_DAY[text]
        return Interval(day.start + timedelta(hours=first), day.start + timedelta(hours=last),
                        "part_of_day")
    m = _TIME.fullmatch(text.rstrip("Z"))
    if m is None:
        return Unanchored(f"{value!r} has a time part {text!r} that is not HH, HH:MM or a "
                          "part of the day (MO, MI, AF, EV, NI, DT)")
    hour, minute, second = int(m[1]), m[2], m[3]
    if hour > 23 or int(minute or 0) > 59 or int(second or 0) > 59:
        return Unanchored(f"{value!r} is not a time of day")
    start = day.start + timedelta(hours=hour, minutes=int(minute or 0), seconds=int(second or 0))
    if minute is None:
        return Interval(start, start + timedelta(hours=1), "hour")
    if second is None:
        return Interval(start, start + timedelta(minutes=1), "minute")
    return Interval(start, start + timedelta(seconds=1), "second")


def fix_unknown(value: str, point: Interval) -> Anchor:
    """`value` with its unknown year taken from `point` (another WHEN-linked DATE of the same
    event) when that point lies within one year; otherwise `value`'s own anchor."""
    if (value.startswith("XXXX") and point.start is not None and point.end is not None
            and point.start.year == (point.end - timedelta(microseconds=1)).year):
        return anchor(f"{point.start.year:04d}{value[4:]}")
    return anchor(value)


def narrowest(anchors: list[Anchor]) -> Anchor:
    """The shortest of the intervals (a closed one before an open one); the first reason when
    none is an interval, or Unanchored("no WHEN link") for an empty list."""
    intervals = [a for a in anchors if isinstance(a, Interval)]
    if not intervals:
        return anchors[0] if anchors else Unanchored("no WHEN link")
    return min(intervals, key=_width)


def _width(interval: Interval) -> float:
    length = interval.length
    return float("inf") if length is None else length.total_seconds()
