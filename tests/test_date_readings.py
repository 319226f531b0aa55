"""How the sentence around a DATE changes its value: a timetabled present looks ahead.
Our own sentences, the real spaCy pipeline, document date 2022-03-15 (a Tuesday)."""

from __future__ import annotations

from spacy.language import Language

from annotations.suggest.dates import suggest_dates

DCT = "2022-03-15"  # a Tuesday



def dates(nlp: Language, text: str, dct: str | None = DCT) -> dict[str, dict[str, str]]:
    """Suggested DATE spans by their text."""
    return {text[s.start:s.end]: s.attrs for s in suggest_dates(nlp(text), dct)}


def test_a_timetabled_present_looks_ahead(nlp: Language) -> None:
    assert dates(nlp, "Most schools reopen Monday after the break.") == {
        "Monday": {"type": "DATE", "value": "2022-03-21"}}
    # the past tense of the same verb looks back
    assert dates(nlp, "Most schools reopened Monday after the break.") == {
        "Monday": {"type": "DATE", "value": "2022-03-14"}}


def test_the_ends_of_a_range_are_two_expressions(nlp: Language) -> None:
    assert dates(nlp, "The curfew ran from 10 p.m. to 5 a.m.") == {
        "10 p.m.": {"type": "TIME", "value": "2022-03-15T22:00"},
        "5 a.m.": {"type": "TIME", "value": "2022-03-16T05:00"}}  # the next morning
    assert list(dates(nlp, "Between January and March, exports fell.")) == [
        "January", "March"]


def test_a_range_starts_before_it_ends(nlp: Language) -> None:
    # told in March, May is last year's, so the March it starts from is too
    assert dates(nlp, "Exports fell between March and May.") == {
        "March": {"type": "DATE", "value": "2021-03"},
        "May": {"type": "DATE", "value": "2021-05"}}
    # an end without its year follows the start's, a start without its year the end's
    assert dates(nlp, "Exports fell between November 2019 and January.")["January"] == {
        "type": "DATE", "value": "2020-01"}
    assert dates(nlp, "Exports fell between March and May 2019.")["March"] == {
        "type": "DATE", "value": "2019-03"}
    assert dates(nlp, "Talks ran from Monday to Friday.") == {
        "Monday": {"type": "DATE", "value": "2022-03-07"},
        "Friday": {"type": "DATE", "value": "2022-03-11"}}
    # a list is no range
    assert dates(nlp, "Statements were made Friday and Thursday.")["Friday"] == {
        "type": "DATE", "value": "2022-03-11"}


def test_years_ago_on_this_week_or_day(nlp: Language) -> None:
    assert dates(nlp, "The wall fell ten years ago this week.") == {
        "ten years ago this week": {"type": "DATE", "value": "2012-W11"}}
    assert dates(nlp, "A year ago today, the dam burst.") == {
        "A year ago today": {"type": "DATE", "value": "2021-03-15"}}
    # counted back from a week or day the earlier year lacks: the week holding the same
    # date then ('2020-W53' -> 2010-W52), a 29 February -> the 28th
    assert dates(nlp, "The wall fell ten years ago this week.", "2021-01-01") == {
        "ten years ago this week": {"type": "DATE", "value": "2010-W52"}}
    assert dates(nlp, "A year ago today, the dam burst.", "2020-02-29") == {
        "A year ago today": {"type": "DATE", "value": "2019-02-28"}}


def test_a_quarter_counted_back_and_a_quarter_century(nlp: Language) -> None:
    # a quarter before the document's quarter, not the year-ago quarter
    assert dates(nlp, "Profit was lower a quarter earlier.") == {
        "a quarter": {"type": "DATE", "value": "2021-Q4"}}
    assert dates(nlp, "The plant opened a quarter century ago.") == {
        "a quarter century ago": {"type": "DATE", "value": "1997"}}


def test_a_month_or_day_gone_by_told_in_the_future_is_next_years(nlp: Language) -> None:
    assert dates(nlp, "The company will report results on Jan. 24.") == {
        "Jan. 24": {"type": "DATE", "value": "2023-01-24"}}
    assert dates(nlp, "Output will recover in February.") == {
        "February": {"type": "DATE", "value": "2023-02"}}
    # this month, and a day later in it, are this year's
    assert dates(nlp, "Output will recover on March 30.") == {
        "March 30": {"type": "DATE", "value": "2022-03-30"}}


def test_a_count_of_days_in_digits_is_no_day_of_the_month(nlp: Language) -> None:
    # told in the present, the count's day is today, as "its third day" is (the possessive left out)
    assert dates(nlp, "The strike is in its 10th day.") == {
        "10th day": {"type": "DATE", "value": "2022-03-15"}}
    # in the past it counts from a start it does not name: no value, never the 10th
    assert dates(nlp, "The siege was in its 10th day.")["10th day"] == {"type": "DATE"}


def test_a_weekday_counted_in_its_month(nlp: Language) -> None:
    assert dates(nlp, "The fair opens on the first Sunday of May.") == {
        "the first Sunday of May": {"type": "DATE", "value": "2022-05-01"}}
    assert dates(nlp, "The mill closed on the last Friday in June 2021.") == {
        "the last Friday in June 2021": {"type": "DATE", "value": "2021-06-25"}}


def test_easter_and_the_feasts_counted_from_it(nlp: Language) -> None:
    assert dates(nlp, "The vote was delayed until after Easter.") == {
        "Easter": {"type": "DATE", "value": "2022-04-17"}}
    assert dates(nlp, "Shops will close on Good Friday.") == {
        "Good Friday": {"type": "DATE", "value": "2022-04-15"}}
    assert dates(nlp, "He spoke on Palm Sunday 2021.") == {
        "Palm Sunday 2021": {"type": "DATE", "value": "2021-03-28"}}


def test_a_fortnight_ago_is_a_date_as_two_weeks_ago_is(nlp: Language) -> None:
    assert dates(nlp, "He left a fortnight ago.") == {
        "a fortnight ago": {"type": "DATE", "value": "2022-03-01"}}


def test_a_year_and_a_half_ago_is_a_date_eighteen_months_back(nlp: Language) -> None:
    assert dates(nlp, "It happened a year and a half ago.") == {
        "a year and a half ago": {"type": "DATE", "value": "2020-09"}}


def test_half_a_year_ago_is_a_date_six_months_back(nlp: Language) -> None:
    assert dates(nlp, "Half a year ago the plant was idle.") == {
        "Half a year ago": {"type": "DATE", "value": "2021-09"}}
    assert dates(nlp, "The plant was idle for half a year.") == {
        "half a year": {"type": "DURATION", "value": "P6M"}}


def test_a_week_counted_in_its_month_or_easter_week_is_a_week(nlp: Language) -> None:
    # as ISO 8601 counts a year's weeks, a week is in the month that holds its Thursday
    assert dates(nlp, "They met in the first week of March.") == {
        "the first week of March": {"type": "DATE", "value": "2022-W09"}}
    assert dates(nlp, "They met in the last week of June 2021.") == {
        "the last week of June 2021": {"type": "DATE", "value": "2021-W25"}}
    # 'in' counts the week in its month as 'of' does (the pipeline finds two entities);
    # 'the last week' alone, or in a place, stays the week before the story's
    assert dates(nlp, "Sales peaked in the last week in June 2021.") == {
        "the last week in June 2021": {"type": "DATE", "value": "2021-W25"}}
    assert dates(nlp, "He spent the last week in Paris.") == {
        "the last week": {"type": "DATE", "value": "2022-W10"}}
    # Easter week is the week Easter Monday opens (Easter 2021: April 4)
    assert dates(nlp, "They met in Easter week 2021.") == {
        "Easter week 2021": {"type": "DATE", "value": "2021-W14"}}


def test_a_quarter_of_a_decade_or_century_is_no_quarter_of_a_year(nlp: Language) -> None:
    # the shorter reading 'the first quarter' would be this year's first quarter
    assert dates(nlp, "The first quarter of the century was calm.") == {
        "The first quarter of the century": {"type": "DATE"}}
    assert dates(nlp, "Sales rose in the first quarter of the year.") == {
        "the first quarter of the year": {"type": "DATE", "value": "2022-Q1"}}


def test_a_bare_day_of_the_month_follows_the_tense(nlp: Language) -> None:
    # told on the 15th, a past 20th is last month's, a future 10th next month's; a month
    # without that day is passed over (no 30th in February)
    assert dates(nlp, "The vote was held on the 20th.") == {
        "the 20th": {"type": "DATE", "value": "2022-02-20"}}
    assert dates(nlp, "The vote will be held on the 10th.") == {
        "the 10th": {"type": "DATE", "value": "2022-04-10"}}
    assert dates(nlp, "The vote was held on the 30th.") == {
        "the 30th": {"type": "DATE", "value": "2022-01-30"}}
    assert dates(nlp, "The vote was held on the 10th.") == {
        "the 10th": {"type": "DATE", "value": "2022-03-10"}}
