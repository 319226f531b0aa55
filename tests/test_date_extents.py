"""DATE extents where the pipeline's entity takes in too much or too little: a fraction
before the date, two expressions across a comma, a range of years, a month and its year
joined by 'in'. Our own sentences, the real spaCy pipeline, document date 2022-03-15."""

from __future__ import annotations

from spacy.language import Language

from annotations.suggest.dates import date_attrs, suggest_dates

DCT = "2022-03-15"  # a Tuesday



def dates(nlp: Language, text: str, dct: str | None = DCT) -> dict[str, dict[str, str]]:
    """Suggested DATE spans by their text."""
    return {text[s.start:s.end]: s.attrs for s in suggest_dates(nlp(text), dct)}


def test_a_fraction_before_a_date_is_the_amount_not_the_date(nlp: Language) -> None:
    assert dates(nlp, "Prices will rise by a tenth next year.") == {
        "next year": {"type": "DATE", "value": "2023"}}
    assert dates(nlp, "Sales rose a quarter last year.") == {
        "last year": {"type": "DATE", "value": "2021"}}
    assert dates(nlp, "Sales rose by half last year.") == {
        "last year": {"type": "DATE", "value": "2021"}}
    # a fraction of a unit is the duration, and a half of a year is a date
    assert dates(nlp, "He waited half an hour.") == {
        "half an hour": {"type": "DURATION", "value": "PT30M"}}
    assert dates(nlp, "Sales rose in the second half last year.") == {
        "the second half last year": {"type": "DATE", "value": "2021-H2"}}


def test_a_quarter_counted_back_with_ago_is_the_date_not_an_amount(nlp: Language) -> None:
    # 'ago' closes the amount before it: no lone 'ago' left as a date of its own
    assert dates(nlp, "Orders were weaker a quarter ago.") == {
        "a quarter ago": {"type": "DATE", "value": "2021-Q4"}}
    assert dates(nlp, "Sales were flat a quarter earlier.") == {
        "a quarter": {"type": "DATE", "value": "2021-Q4"}}


def test_the_verb_last_is_not_part_of_the_duration(nlp: Language) -> None:
    assert dates(nlp, "The ban will last two and a half years.") == {
        "two and a half years": {"type": "DURATION", "value": "P2Y6M"}}


def test_two_expressions_across_a_comma_stay_two(nlp: Language) -> None:
    text = "The budget was cut by a third last year, a few hours after the vote."
    assert dates(nlp, text) == {
        "last year": {"type": "DATE", "value": "2021"},
        "a few hours": {"type": "DURATION", "value": "PTXH"}}
    # a day and its clock time, a weekday and its date, a date and its year make one
    assert dates(nlp, "The plant opened Friday, 9 a.m.") == {
        "Friday, 9 a.m.": {"type": "TIME", "value": "2022-03-11T09:00"}}
    assert list(dates(nlp, "The plant opened on Friday, March 11, 2022, after a delay.")) \
        == ["Friday, March 11, 2022"]


def test_a_range_of_years_is_its_two_ends(nlp: Language) -> None:
    assert dates(nlp, "The 1957-58 season was his best.") == {
        "1957": {"type": "DATE", "value": "1957"},
        "58": {"type": "DATE", "value": "1958"}}
    assert dates(nlp, "He served 1999-00 as mayor.") == {
        "1999": {"type": "DATE", "value": "1999"},
        "00": {"type": "DATE", "value": "2000"}}
    assert dates(nlp, "The 2001-2002 budget passed.") == {
        "2001": {"type": "DATE", "value": "2001"},
        "2002": {"type": "DATE", "value": "2002"}}
    # an end that is no year ends no range
    assert "9999" not in dates(nlp, "Call 2012-9999 now.")


def test_a_month_in_its_year_is_one_date(nlp: Language) -> None:
    assert dates(nlp, "She remembered that January day in 2011.") == {
        "January day in 2011": {"type": "DATE", "value": "2011-01"}}


def test_a_clock_time_found_elsewhere_is_on_the_day_next_to_it(nlp: Language) -> None:
    text = "Officials said the airport would close at 9 p.m. on Sunday."
    doc = nlp(text)
    spans = [doc.char_span(text.index(words), text.index(words) + len(words))
             for words in ("9 p.m.", "Sunday")]
    assert date_attrs([span for span in spans if span is not None], DCT) == [
        {"type": "TIME", "value": "2022-03-20T21:00"},
        {"type": "DATE", "value": "2022-03-20"}]


def test_a_half_of_the_year_is_found_as_either_half(nlp: Language) -> None:
    assert dates(nlp, "Exports will fall in the first half.") == {
        "the first half": {"type": "DATE", "value": "2022-H1"}}
    assert dates(nlp, "Exports will recover in the second half.") == {
        "the second half": {"type": "DATE", "value": "2022-H2"}}
    # told in the past, a half that has not begun is last year's
    assert dates(nlp, "Exports recovered in the second half.") == {
        "the second half": {"type": "DATE", "value": "2021-H2"}}


def test_a_part_of_something_that_is_not_a_time_is_no_date(nlp: Language) -> None:
    assert dates(nlp, "The team scored twice in the second half of the match.") == {}
    assert dates(nlp, "Funds hold more than a quarter of the bond market.") == {}


def test_current_before_a_unit_is_one_expression_with_it(nlp: Language) -> None:
    assert dates(nlp, "Analysts think the current quarter looks weak.") == {
        "the current quarter": {"type": "DATE", "value": "2022-Q1"}}
    # a capitalised abbreviation is no unit: 'SEC' is not seconds
    assert dates(nlp, "The stake grew, according to a recent SEC filing.") == {
        "recent": {"type": "DATE", "value": "PAST_REF"}}


def test_written_forms_of_modern_news(nlp: Language) -> None:
    assert dates(nlp, "The ceasefire began at 3:30pm local time.") == {
        "3:30pm": {"type": "TIME", "value": "2022-03-15T15:30"}}
    assert dates(nlp, "Profit fell in Q3 2021.") == {
        "Q3 2021": {"type": "DATE", "value": "2021-Q3"}}
    assert dates(nlp, "Profit rose in H1 2021.") == {
        "H1 2021": {"type": "DATE", "value": "2021-H1"}}
    assert dates(nlp, "Output grew in FY2022.") == {
        "FY2022": {"type": "DATE", "value": "2022"}}
    # without a year next to it, 'Q3' may be a name
    assert dates(nlp, "He bought an Audi Q3 last year.") == {
        "last year": {"type": "DATE", "value": "2021"}}


def test_a_clock_time_takes_its_zone_and_then_its_day(nlp: Language) -> None:
    assert dates(nlp, "The deadline passed at 11:59 p.m. ET on Friday.") == {
        "11:59 p.m. ET": {"type": "TIME", "value": "2022-03-11T23:59"},
        "Friday": {"type": "DATE", "value": "2022-03-11"}}


def test_a_unit_compared_with_itself_is_no_date(nlp: Language) -> None:
    assert dates(nlp, "Exports grew 5% year on year in the fourth quarter.") == {
        "the fourth quarter": {"type": "DATE", "value": "2021-Q4"}}
    assert dates(nlp, "Prices rose 3% month over month.") == {}


def test_the_article_before_a_year_that_modifies_a_noun_is_the_nouns(nlp: Language) -> None:
    assert dates(nlp, "The 2022 World Cup was held in Qatar.") == {
        "2022": {"type": "DATE", "value": "2022"}}


def test_a_holiday_named_in_several_words_is_found(nlp: Language) -> None:
    # the pipeline calls these events; 'New' alone starts no date ('New York')
    assert dates(nlp, "The attack came on New Year's Eve.") == {
        "New Year's Eve": {"type": "DATE", "value": "2021-12-31"}}
    assert dates(nlp, "He lives in New York.") == {}
    # written with a curly apostrophe, as current news often is
    assert dates(nlp, "The attack came on New Year\u2019s Eve.") == {
        "New Year\u2019s Eve": {"type": "DATE", "value": "2021-12-31"}}


def test_a_holiday_that_begins_a_longer_name_is_no_date(nlp: Language) -> None:
    # after an article, the holiday names an accord, a committee, an uprising
    assert dates(nlp, "Both parties still back the Good Friday Agreement.") == {}
    assert dates(nlp, "The New Year's Eve Party Committee met.") == {}
    assert dates(nlp, "The Easter Rising anniversary was marked.") == {}
    # a place the pipeline finds whole
    assert dates(nlp, "He flew to Christmas Island.") == {}
    # with no article the holiday is the date, a name after it or not
    assert dates(nlp, "On Good Friday Pope Francis led prayers.") == {
        "Good Friday": {"type": "DATE", "value": "2022-04-15"}}
    assert dates(nlp, "He will speak on Easter Monday.") == {
        "Easter Monday": {"type": "DATE", "value": "2022-04-18"}}


def test_an_age_before_a_date_is_not_part_of_it(nlp: Language) -> None:
    assert dates(nlp, "He will turn 50 next month.") == {
        "next month": {"type": "DATE", "value": "2022-04"}}


def test_a_holiday_written_with_an_abbreviation(nlp: Language) -> None:
    assert dates(nlp, "He arrived on St. Patrick's Day 2021.") == {
        "St. Patrick's Day 2021": {"type": "DATE", "value": "2021-03-17"}}


def test_a_date_written_with_slashes_and_a_full_year(nlp: Language) -> None:
    assert dates(nlp, "The ban was lifted on 1/1/2022.") == {
        "1/1/2022": {"type": "DATE", "value": "2022-01-01"}}
    # a first number past 12 is the day: written day first
    assert dates(nlp, "The ban was lifted on 15/3/2022.") == {
        "15/3/2022": {"type": "DATE", "value": "2022-03-15"}}
    # with a two-digit last number it may be a score
    assert dates(nlp, "He scored 3/4/10 in the test.") == {}
    # numbers that name no day of the calendar are no date (nor a value of one)
    assert dates(nlp, "The form was stamped 31/02/2022 by mistake.") == {}
    assert dates(nlp, "The form was stamped 13/13/2022 by mistake.") == {}
    assert dates(nlp, "The ban was lifted on 29/02/2020.") == {
        "29/02/2020": {"type": "DATE", "value": "2020-02-29"}}


def test_an_early_or_late_part_of_the_day(nlp: Language) -> None:
    assert dates(nlp, "By late afternoon, the fires were out.") == {
        "late afternoon": {"type": "TIME", "value": "2022-03-15TAF"}}
    # a part of the day that names a kind of thing is no time
    assert dates(nlp, "The late evening news aired.") == {}


def test_a_stretch_through_its_end_is_the_stretch_then_the_end(nlp: Language) -> None:
    assert dates(nlp, "Inflation rose 8% over the 12 months through March.") == {
        "the 12 months": {"type": "DURATION", "value": "P12M"},
        "March": {"type": "DATE", "value": "2022-03"}}


def test_a_part_of_the_day_after_each_or_every_is_a_set(nlp: Language) -> None:
    assert dates(nlp, "He jogs each morning.") == {
        "each morning": {"type": "SET", "value": "P1D"}}
    assert dates(nlp, "Every evening news show covered it.") == {}


def test_a_noun_before_the_date_is_not_part_of_it(nlp: Language) -> None:
    # the model's entity takes in the event noun and its article
    assert dates(nlp, "The town never recovered from the flood three years ago.") == {
        "three years ago": {"type": "DATE", "value": "2019"}}
    assert list(dates(nlp, "He said in an interview several months before the vote that "
                           "he would go.")) == ["several months"]


def test_about_the_future_is_a_topic_and_the_future_of_a_thing_no_date(
        nlp: Language) -> None:
    assert dates(nlp, "Officials worried about the future.") == {
        "the future": {"type": "DATE", "value": "FUTURE_REF"}}
    assert dates(nlp, "Officials spoke about the future of the port.") == {}
    # before a number or a date 'about' and 'around' make it approximate and stay
    assert list(dates(nlp, "The talks lasted about two weeks.")) == ["about two weeks"]
    assert list(dates(nlp, "They left around noon.")) == ["around noon"]


def test_the_following_n_units_is_one_expression_however_the_model_splits_it(
        nlp: Language) -> None:
    # the model finds 'the following' and '20 years' apart, 'the following two months' whole
    assert dates(nlp, "The army struggled during the following 20 years to win.") == {
        "the following 20 years": {"type": "DURATION", "value": "P20Y"}}
    assert list(dates(nlp, "Sales rose in the following two months.")) == [
        "the following two months"]
    # without the article 'following' is a preposition and 'last' a verb
    assert list(dates(nlp, "Following 20 years of war, peace came.")) == ["20 years"]
    assert list(dates(nlp, "The deal will last 20 years.")) == ["20 years"]


def test_the_article_of_the_noun_a_date_modifies_is_left_out(nlp: Language) -> None:
    assert list(dates(nlp, "The quake will result in a fourth-quarter charge.")) == [
        "fourth-quarter"]
    assert list(dates(nlp, "He bought shares as a result of an Aug. 10, 1988, stock "
                           "purchase agreement.")) == ["Aug. 10, 1988"]
    assert list(dates(nlp, "Supporters began a two day rally in the capital.")) == ["two day"]
    # where the time word is the head, the article stays
    assert list(dates(nlp, "Sales rose in the second quarter.")) == ["the second quarter"]


def test_a_period_or_term_the_date_modifies_is_the_head_of_the_expression(
        nlp: Language) -> None:
    assert dates(nlp, "He was charged over a three-year period.") == {
        "a three-year period": {"type": "DURATION", "value": "P3Y"}}
    assert dates(nlp, "Shares can be bought during its one-year term.") == {
        "one-year term": {"type": "DURATION", "value": "P1Y"}}
    assert list(dates(nlp, "In the year-ago period, the firm earned $5 million.")) == [
        "the year-ago period"]
    assert dates(nlp, "In the 1988 period, it earned $2 million.") == {
        "the 1988 period": {"type": "DATE", "value": "1988"}}


def test_focus_words_just_and_only_are_left_out(nlp: Language) -> None:
    assert dates(nlp, "Just last month, a policeman was killed.") == {
        "last month": {"type": "DATE", "value": "2022-02"}}
    assert list(dates(nlp, "He has led the unit for only six months.")) == ["six months"]


def test_two_units_without_a_count_make_one_vague_stretch(nlp: Language) -> None:
    assert dates(nlp, "He probably died within weeks or months of his capture.") == {
        "weeks or months": {"type": "DURATION", "value": "PXW"}}
    assert dates(nlp, "Many funds in recent weeks and months have been selling bonds.") == {
        "recent weeks and months": {"type": "DATE", "value": "PAST_REF"}}
    # a counted unit is a stretch of its own
    assert list(dates(nlp, "It took 12 weeks and months passed.")) == ["12 weeks", "months"]


def test_a_range_of_days_is_its_two_ends_each_with_its_month(nlp: Language) -> None:
    assert dates(nlp, "The festival ran 12-13 March.") == {
        "12": {"type": "DATE", "value": "2022-03-12"},
        "13 March": {"type": "DATE", "value": "2022-03-13"}}
    assert dates(nlp, "The festival ran March 12 to 13.") == {
        "March 12": {"type": "DATE", "value": "2022-03-12"},
        "13": {"type": "DATE", "value": "2022-03-13"}}
    # two numbers with no month next to them are no dates
    assert list(dates(nlp, "Sales rose 12-13 percent in March.")) == ["March"]
    # a range starts before it ends: numbers the other way round are no two days
    assert dates(nlp, "The fair ran March 14-12.") == {
        "March 14-12": {"type": "DATE", "value": "2022-03"}}
    assert "12" not in dates(nlp, "The fair ran 14-12 March.")


def test_a_range_found_whole_elsewhere_gets_no_single_value(nlp: Language) -> None:
    # a trained model marks '1957-58 season' as one span: its two ends are two dates, so
    # it gets no value rather than its first year's
    text = "The 1957-58 season was his best."
    span = nlp(text).char_span(4, 18)
    assert span is not None and span.text == "1957-58 season"
    assert date_attrs([span], DCT) == [{"type": "DATE"}]


def test_as_early_as_is_a_bound_around_the_date(nlp: Language) -> None:
    assert list(dates(nlp, "The merger could be effective as early as next year's first "
                           "quarter.")) == ["next year's first quarter"]
    assert list(dates(nlp, "Prices rose in early May.")) == ["early May"]


def test_the_article_of_a_bare_unit_is_part_of_it(nlp: Language) -> None:
    # the model finds only 'week'; 'the week' is the phrase the possessive is on
    assert dates(nlp, "Traders blamed the week's rally on banks.") == {
        "the week": {"type": "DATE", "value": "2022-W11"}}


def test_a_possessive_before_the_date_is_the_owners(nlp: Language) -> None:
    assert list(dates(nlp, "The firm took a charge for its fourth quarter ended "
                           "Sept. 30.")) == ["fourth quarter", "Sept. 30"]


def test_a_weekday_and_its_day_of_the_month_are_one_date(nlp: Language) -> None:
    assert dates(nlp, "They arrive on Friday, the 18th.") == {
        "Friday, the 18th": {"type": "DATE", "value": "2022-03-18"}}
    # an ordinal that ranks ('the 17th of 20 candidates') is no day of the month: the
    # weekday stays alone, with its own value
    assert dates(nlp, "She spoke on Friday, the 17th of 20 candidates.") == {
        "Friday": {"type": "DATE", "value": "2022-03-11"}}
    assert dates(nlp, "He finished the 3rd of 12 runners.") == {}


def test_the_near_future_is_one_expression(nlp: Language) -> None:
    assert dates(nlp, "The firm will list shares in the near future.") == {
        "the near future": {"type": "DATE", "value": "FUTURE_REF"}}


def test_by_the_unit_is_how_a_thing_is_counted_not_a_time(nlp: Language) -> None:
    assert dates(nlp, "The cleaners were paid by the week.") == {}
    assert dates(nlp, "Rooms are rented by the month.") == {}
    # the unit's end, or the end of it, is a time
    assert dates(nlp, "He will finish by the end of the month.") == {
        "the end of the month": {"type": "DATE", "value": "2022-03"}}
