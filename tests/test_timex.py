"""The TIMEX3 normaliser on its own: every value form of the scheme, with and without a DCT."""

from __future__ import annotations

import pytest

from annotations.errors import ValidationError
from annotations.suggest.timex import TimexError, normalise, tokens

DCT = "2021-08-12"  # a Thursday


@pytest.mark.parametrize(
    ("expression", "tense", "expected"),
    [
        ("Thursday", "PAST", ("DATE", "2021-08-12")),
        ("Thursday", None, ("DATE", "2021-08-12")),
        ("Thursday", "FUTURE", ("DATE", "2021-08-12")),
        ("Saturday", "PAST", ("DATE", "2021-08-07")),
        ("Saturday", "FUTURE", ("DATE", "2021-08-14")),
        ("Saturday", "PRESENT", ("DATE", "2021-08-14")),  # "the talks open Saturday": nearer
        ("Monday", "PRESENT", ("DATE", "2021-08-09")),  # three days back is nearer than four on
        ("Monday", "PAST", ("DATE", "2021-08-09")),
        ("Monday", "FUTURE", ("DATE", "2021-08-16")),
        ("last Thursday", None, ("DATE", "2021-08-05")),
        ("next Thursday", None, ("DATE", "2021-08-19")),
        ("Late Thursday", "PAST", ("DATE", "2021-08-12")),
        ("Thursday night", "PAST", ("TIME", "2021-08-12TNI")),
        ("last week", None, ("DATE", "2021-W31")),
        ("this week", None, ("DATE", "2021-W32")),
        ("next month", None, ("DATE", "2021-09")),
        ("this year", None, ("DATE", "2021")),
        ("last year", None, ("DATE", "2020")),
        ("early May", "PAST", ("DATE", "2021-05")),
        ("the end of August", None, ("DATE", "2021-08")),
        ("August", None, ("DATE", "2021-08")),
        ("December", "PAST", ("DATE", "2020-12")),
        ("April 27, 2021", None, ("DATE", "2021-04-27")),
        ("27 April 2021", None, ("DATE", "2021-04-27")),
        ("Aug. 30", None, ("DATE", "2021-08-30")),
        ("the 30th", None, ("DATE", "2021-08-30")),
        ("2001", None, ("DATE", "2001")),
        ("90 days", None, ("DURATION", "P90D")),
        ("20 years", None, ("DURATION", "P20Y")),
        ("two-year", None, ("DURATION", "P2Y")),
        ("the past three months", None, ("DURATION", "P3M")),
        ("24 hours", None, ("DURATION", "PT24H")),
        ("several weeks", None, ("DURATION", "PXW")),
        ("a year and a half", None, ("DURATION", "P1Y6M")),
        ("the previous year and a half", "PAST", ("DURATION", "P1Y6M")),
        ("the past decade and a half", "PAST", ("DURATION", "P15Y")),
        ("two years and a half", None, ("DURATION", "P2Y6M")),
        ("3 1/2 hours", None, ("DURATION", "PT3H30M")),
        ("a minute and a half", None, ("DURATION", "PT1M30S")),
        ("half a day", None, ("DURATION", "PT12H")),
        ("1.5 days", None, ("DURATION", "P1DT12H")),
        ("0.3 years", None, ("DURATION", "P0.3Y")),  # no whole number of months: kept
        ("six working days", None, ("DURATION", "P6D")),
        ("an extra week", None, ("DURATION", "P1W")),
        ("the early years", "PAST", ("DURATION", "PXY")),  # plural: not the DCT's year
        ("the last half of 2019", None, ("DATE", "2019-H2")),
        ("the final quarter of 2019", None, ("DATE", "2019-Q4")),
        ("the weekend", "PAST", ("DATE", "2021-W31-WE")),  # told on a weekday: the last one
        ("the weekend", "FUTURE", ("DATE", "2021-W32-WE")),
        ("March", "PAST", ("DATE", "2021-03")),
        ("November", "PAST", ("DATE", "2020-11")),
        ("February", "FUTURE", ("DATE", "2022-02")),
        ("October", "FUTURE", ("DATE", "2021-10")),
        ("this December", "PAST", ("DATE", "2021-12")),
        ("10,000 people", None, ("DATE", None)),
        ("1,500 days", None, ("DURATION", "P1500D")),
        ("now", None, ("DATE", "PRESENT_REF")),
        ("recently", None, ("DATE", "PAST_REF")),
        ("eight years from now", "FUTURE", ("DATE", "2029")),
        ("two weeks from today", None, ("DATE", "2021-08-26")),
        ("the 1957-58 season", None, ("DATE", "1957")),
        ("the end of the month", None, ("DATE", "2021-08")),
        ("mid-afternoon yesterday", "PAST", ("TIME", "2021-08-11TAF")),
        ("the middle of the week", None, ("DATE", "2021-W32")),
        ("the future", None, ("DATE", "FUTURE_REF")),
        ("today", None, ("DATE", "2021-08-12")),
        ("yesterday", None, ("DATE", "2021-08-11")),
        ("tomorrow morning", None, ("TIME", "2021-08-13TMO")),
        ("last night", None, ("TIME", "2021-08-11TNI")),
        ("5 p.m. Friday", "FUTURE", ("TIME", "2021-08-13T17:00")),
        ("10:35 a.m.", None, ("TIME", "2021-08-12T10:35")),
        ("this summer", None, ("DATE", "2021-SU")),
        ("last winter", None, ("DATE", "2020-WI")),
        ("the third quarter", "PAST", ("DATE", "2021-Q3")),
        ("fourth-quarter", "PAST", ("DATE", "2020-Q4")),
        ("the first half of 2020", None, ("DATE", "2020-H1")),
        ("the 1990s", None, ("DATE", "199")),
        ("the '80s", None, ("DATE", "198")),
        ("the 20th century", None, ("DATE", "19")),
        ("three years ago", None, ("DATE", "2018")),
        ("two days ago", None, ("DATE", "2021-08-10")),
        ("daily", None, ("SET", "P1D")),
        ("every week", None, ("SET", "P1W")),
        ("each Monday", None, ("SET", "XXXX-WXX-1")),
        ("nineteen ninety-four", None, ("DATE", "1994")),
        ("Christmas", "FUTURE", ("DATE", "2021-12-25")),
        ("the summer of last year", "PAST", ("DATE", "2020-SU")),
        ("the spring of next year", None, ("DATE", "2022-SP")),
        ("Thursday last week", "PAST", ("DATE", "2021-08-05")),
        ("Monday of next week", None, ("DATE", "2021-08-16")),
        ("Tuesday nights", None, ("SET", "XXXX-WXX-2TNI")),
        ("the first day of 2020", None, ("DATE", "2020-01-01")),
        ("the last day of February 2024", None, ("DATE", "2024-02-29")),
        ("the first day of the talks", None, ("DATE", None)),
        ("8 p.m. tonight", None, ("TIME", "2021-08-12T20:00")),
        ("6:15 tonight", None, ("TIME", "2021-08-12T18:15")),
        ("9:30 this evening", None, ("TIME", "2021-08-12T21:30")),
        ("11 at night", None, ("TIME", "2021-08-12T23:00")),
        ("two and a half years", None, ("DURATION", "P2Y6M")),
        ("twice a week", None, ("SET", "P1W")),
        ("the next morning", "PAST", ("TIME", "2021-08-13TMO")),
        ("four times a day", None, ("SET", "P1D")),
        ("three and a half hours", None, ("DURATION", "PT3H30M")),
    ],
)
def test_values_against_the_document_date(
    expression: str, tense: str | None, expected: tuple[str, str]
) -> None:
    assert normalise(expression, DCT, tense) == expected


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("Saturday", ("DATE", "XXXX-WXX-6")),
        ("August", ("DATE", "XXXX-08")),
        ("August 30", ("DATE", "XXXX-08-30")),
        ("the 30th", ("DATE", "XXXX-XX-30")),
        ("today", ("DATE", "XXXX-XX-XX")),
        ("last year", ("DATE", "XXXX")),
        ("last week", ("DATE", "XXXX-WXX")),
        ("this summer", ("DATE", "XXXX-SU")),
        ("April 27, 2021", ("DATE", "2021-04-27")),
        ("2001", ("DATE", "2001")),
        ("90 days", ("DURATION", "P90D")),
        ("20 years", ("DURATION", "P20Y")),
        ("now", ("DATE", "PRESENT_REF")),
        ("the future", ("DATE", "FUTURE_REF")),
    ],
)
def test_unknown_parts_are_x_without_a_document_date(
    expression: str, expected: tuple[str, str]
) -> None:
    assert normalise(expression, None) == expected


def test_a_year_ago_in_a_quarterly_report_is_that_quarter() -> None:
    assert normalise("a year ago", "1999-10-20", quarter="1999-Q3") == ("DATE", "1998-Q3")
    assert normalise("a year ago", "1999-10-20") == ("DATE", "1998")


def test_unknown_expression_has_no_value() -> None:
    assert normalise("the glory days of the empire", DCT) == ("DATE", None)


def test_tokens_drop_stops_and_hyphens() -> None:
    assert tokens("Sept. 30, 5 p.m.") == ["sept", "30", "5", "pm"]
    assert tokens("this year's third-quarter") == ["this", "year", "'s", "third", "quarter"]


def test_bad_document_date_and_tense_are_named() -> None:
    with pytest.raises(ValidationError, match="2021-13-45"):
        normalise("Friday", "2021-13-45")
    with pytest.raises(ValidationError, match="SOON"):
        normalise("Friday", DCT, "SOON")


@pytest.mark.parametrize(
    "expression",
    ["10,000 years ago", "1,000,000 days ago", "9999999999 months ago", "9" * 400 + " days"],
)
def test_a_date_outside_the_calendar_is_a_named_error(expression: str) -> None:
    with pytest.raises(TimexError, match=r"outside the years|cannot normalise") as caught:
        normalise(expression, DCT)
    assert isinstance(caught.value, ValidationError) and len(str(caught.value)) < 200


def test_impossible_day_of_the_month_has_no_day() -> None:
    assert normalise("the week of February 30", DCT) == ("DATE", None)
    assert normalise("February 30, 2021", DCT) == ("DATE", "2021")  # the year it names


def test_an_edge_day_of_a_month_without_a_document_date() -> None:
    assert normalise("the last day of March", None) == ("DATE", "XXXX-03-31")
    assert normalise("the first day of June", None) == ("DATE", "XXXX-06-01")
    assert normalise("the last day of February", None) == ("DATE", "XXXX-02")  # leap year?
