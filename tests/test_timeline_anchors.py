"""Anchors: TIMEX3 values to intervals, checked by example and over generated values."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.schema import default_schema
from annotations.timeline.anchors import Interval, Unanchored, anchor, fix_unknown

DCT = "2021-08-12"


def _pattern() -> str:
    date_label = default_schema().label("DATE")
    assert date_label is not None
    spec = date_label.attribute("value")
    assert spec is not None and spec.pattern is not None
    return spec.pattern


def at(value: str, dct: str | None = DCT) -> Interval:
    found = anchor(value, dct)
    assert isinstance(found, Interval), found
    return found


@pytest.mark.parametrize(
    ("value", "start", "end", "precision"),
    [
        ("2021-08-12", "2021-08-12", "2021-08-13", "day"),
        ("2021-08", "2021-08-01", "2021-09-01", "month"),
        ("2021", "2021-01-01", "2022-01-01", "year"),
        ("202", "2020-01-01", "2030-01-01", "decade"),
        ("202X", "2020-01-01", "2030-01-01", "decade"),
        ("2021-W32", "2021-08-09", "2021-08-16", "week"),
        ("2021-W32-4", "2021-08-12", "2021-08-13", "day"),
        ("2021-Q3", "2021-07-01", "2021-10-01", "quarter"),
        ("2021-H1", "2021-01-01", "2021-07-01", "half"),
        ("2021-SU", "2021-06-01", "2021-09-01", "season"),
        ("2021-WI", "2021-12-01", "2022-03-01", "season"),
        ("2021-08-XX", "2021-08-01", "2021-09-01", "month"),
        ("2021-08-12T14:30", "2021-08-12T14:30", "2021-08-12T14:31", "minute"),
        ("2021-08-12T09", "2021-08-12T09:00", "2021-08-12T10:00", "hour"),
        ("2021-08-12TMO", "2021-08-12T06:00", "2021-08-12T12:00", "part_of_day"),
        ("PRESENT_REF", "2021-08-12", "2021-08-13", "day"),
    ],
)
def test_values_give_their_interval(value: str, start: str, end: str, precision: str) -> None:
    found = at(value)
    assert (found.start, found.end, found.precision) == (
        datetime.fromisoformat(start), datetime.fromisoformat(end), precision)


def test_past_and_future_ref_are_open_on_one_side() -> None:
    past, future = at("PAST_REF"), at("FUTURE_REF")
    assert past.start is None and past.end == datetime(2021, 8, 12)
    assert future.end is None and future.start == datetime(2021, 8, 13)
    assert past.overlaps(at("1999")) and not past.overlaps(at("2021-08-12"))
    assert future.contains(at("2030-W01"))


@pytest.mark.parametrize(
    ("value", "dct", "reason"),
    [
        ("XXXX-08-15", DCT, "unknown year"),
        ("P3D", DCT, "duration"),
        ("PRESENT_REF", None, "needs a document date"),
        ("2021-13", DCT, "month 13"),
        ("2021-W53", DCT, "ISO week"),
        ("2021-02-30", DCT, "not a calendar date"),
        ("2021-XX-15", DCT, "unknown part before a known one"),
        ("", DCT, "no value"),
        ("yesterday", DCT, "not a TIMEX3"),
        ("2021-08-12T25:00", DCT, "not a time of day"),
    ],
)
def test_values_without_an_interval_say_why(value: str, dct: str | None, reason: str) -> None:
    found = anchor(value, dct)
    assert isinstance(found, Unanchored)
    assert reason in found.reason


def test_a_point_fixes_an_unknown_year() -> None:
    fixed = fix_unknown("XXXX-08-15", at("2021"))
    assert isinstance(fixed, Interval) and fixed.start == datetime(2021, 8, 15)
    assert isinstance(fix_unknown("XXXX-08-15", at("202")), Unanchored)


@settings(max_examples=400, deadline=None)
@given(value=st.from_regex(re.compile(_pattern()), fullmatch=True),
       dct=st.one_of(st.none(), st.dates(date(1, 1, 1), date(9998, 12, 31))))
def test_every_schema_value_gives_an_interval_or_a_reason(value: str, dct: date | None) -> None:
    found = anchor(value, dct)
    if isinstance(found, Unanchored):
        assert found.reason and "\n" not in found.reason
        return
    assert found.start is not None or found.end is not None
    if found.start is not None and found.end is not None:
        assert found.start < found.end


_days = st.dates(date(1, 1, 1), date(9998, 11, 30))


@settings(max_examples=300, deadline=None)
@given(day=_days, hour=st.integers(0, 23), minute=st.integers(0, 59))
def test_nested_units_nest(day: date, hour: int, minute: int) -> None:
    """minute in hour in day in month in quarter in half in year in decade; day in ISO week."""
    stamp = f"{day.isoformat()}T{hour:02d}:{minute:02d}"
    year = day.year
    chain = [
        stamp, stamp[:13], day.isoformat(), day.isoformat()[:7],
        f"{year:04d}-Q{(day.month - 1) // 3 + 1}", f"{year:04d}-H{(day.month - 1) // 6 + 1}",
        f"{year:04d}",
    ]
    if 10 <= year < 9990:  # the decades 0000s and 9990s run outside 0001-9999
        chain.append(f"{year:04d}"[:3])
    intervals = [at(v) for v in chain]
    for inner, outer in pairwise(intervals):
        assert outer.contains(inner), (inner, outer)
        assert outer.length is not None and inner.length is not None
        assert inner.length < outer.length
    iso_year, week, weekday = day.isocalendar()
    if day + timedelta(days=7) < date(9999, 12, 1):
        week_interval = at(f"{iso_year:04d}-W{week:02d}")
        assert week_interval.contains(at(day.isoformat()))
        assert at(f"{iso_year:04d}-W{week:02d}-{weekday}") == at(day.isoformat())


@given(day=_days)
def test_present_ref_is_the_document_day(day: date) -> None:
    assert at("PRESENT_REF", day.isoformat()) == at(day.isoformat())
    assert at("PAST_REF", day.isoformat()).end == at(day.isoformat()).start
