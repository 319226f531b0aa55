"""WHEN suggestions on sentences of our own, parsed by the real spaCy pipeline: a date
links to the event it modifies (and to the verb taking that event as its open
complement), never from a bound ("until Friday") or an offset ("one day after")."""

from __future__ import annotations

from typing import Any

import pytest

from annotations.suggest.pipeline import suggest_document
from tests.test_suggest import when as when_pairs

DCT = "2021-08-12"



def when(nlp: Any, text: str) -> set[tuple[str, str]]:
    """(event, date) of each suggested WHEN in `text`."""
    return when_pairs(suggest_document(nlp(text), DCT), text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The council met on Tuesday.", {("met", "Tuesday")}),
        # A date in a preceding prepositional phrase times the main verb.
        ("On Tuesday, the council approved the new budget.", {("approved", "Tuesday")}),
    ],
)
def test_a_date_times_the_event_it_modifies(nlp: Any, text: str,
                                            expected: set[tuple[str, str]]) -> None:
    assert when(nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The bridge stayed closed until Friday.",
        "Trading ran from Monday to Thursday.",
        "The council must decide by June 30.",
        "Prices have risen since 1990.",
    ],
)
def test_no_when_to_a_bound(nlp: Any, text: str) -> None:
    """The object of until, from, to, by or since bounds the event: it did not happen
    within that date."""
    assert when(nlp, text) == set()


def test_no_when_from_an_offset(nlp: Any) -> None:
    assert when(nlp, "The strike began one day after the vote.") == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The company began selling tickets last week.",
         {("began", "last week"), ("selling", "last week")}),
        ("The mill will start making paper next month.",
         {("start", "next month"), ("making", "next month")}),
    ],
)
def test_a_date_on_an_open_complement_times_the_verb_taking_it(
    nlp: Any, text: str, expected: set[tuple[str, str]]
) -> None:
    assert when(nlp, text) == expected


def test_no_when_to_a_date_that_is_the_events_argument(nlp: Any) -> None:
    """A date as the object is what the event is about: the review is not in 2022's first
    quarter."""
    assert when(nlp, "The committee will review the first quarter of 2022.") == set()


# Beyond the event it modifies, a date times the events in its scope (links.py's
# docstring, one group of cases per rule).
BEYOND_THE_MODIFIED_EVENT = [
    # Coordinated verbs: before the subject, the date scopes over both clauses...
    ("Last week, rebels seized the town and burned the market.",
     {("seized", "Last week"), ("burned", "Last week")}),
    ("On Monday the mayor resigned and the council met.",
     {("resigned", "Monday"), ("met", "Monday")}),
    # ...and over every verb of a longer list, which the parse chains (each conjunct on
    # the one before it)...
    ("Last week, rebels seized the town, looted the bank and burned the market.",
     {("seized", "Last week"), ("looted", "Last week"), ("burned", "Last week")}),
    # ...after the subject, over the verbs sharing that subject...
    ("The firm yesterday sold its plant and closed two shops.",
     {("sold", "yesterday"), ("closed", "yesterday")}),
    # ...but not over a conjunct clause with a subject of its own,
    ("The mayor yesterday resigned and the council met.", {("resigned", "yesterday")}),
    # and a date after the verb is inside the first conjunct only.
    ("The mayor resigned on Monday and the council met.", {("resigned", "Monday")}),
    # A "when" clause on a date: March bounds the doubling ("since"), but the closing
    # happened in March.
    ("Prices have doubled since March, when the plant closed.", {("closed", "March")}),
    # A "when" clause on the timed verb is at its time; an "after" clause is not.
    ("The roof fell in on Monday when the storm hit.", {("fell", "Monday"), ("hit", "Monday")}),
    ("On Friday, the mayor spoke after the crane collapsed.", {("spoke", "Friday")}),
    # The parse hangs "on Sunday" on the editorial; the saying was on Sunday.
    ("The paper said in an editorial on Sunday that the law was unfair.",
     {("said", "Sunday")}),
    # The parse hangs a bare date on the verb's object; it times the verb.
    ("Police found more than 300 kilos of stolen copper wire Sunday in a barn.",
     {("found", "Sunday")}),
    ("The party hopes to win its first seats in the national parliament this September.",
     {("win", "this September")}),
    # A date on an adverb times what the adverb modifies, unless the adverb makes it a
    # bound.
    ("Sometime next year, the firm will move its offices.", {("move", "next year")}),
    ("Traders sold their shares ahead of the weekend.", set()),
    # A date that classifies a noun that is no event times nothing.
    ("The council debated the 1990 budget.", set()),
    # The date takes in the noun it modifies ("the year-ago period", dates.py): the
    # earning was in that period.
    ("In the year-ago period, the bakery earned $5 million.",
     {("earned", "the year-ago period")}),
    # "before" takes the vote, not Tuesday: the vote is on Tuesday; the fall is before
    # it, so not within Tuesday.
    ("Prices fell before Tuesday's vote.", {("vote", "Tuesday")}),
    # A bare date closing the phrase of an event noun times that event too...
    ("The minister spoke at a news conference yesterday.",
     {("spoke", "yesterday"), ("conference", "yesterday")}),
    # ...a date counted back with "ago" too...
    ("The union walked out of the talks two weeks ago.",
     {("walked", "two weeks ago"), ("talks", "two weeks ago")}),
    # ...with the noun's own prepositional phrase before the date...
    ("The mayor spoke at a meeting of the council yesterday.",
     {("spoke", "yesterday"), ("meeting", "yesterday")}),
    # ...and so does a date after "in", "on", "at" or "during".
    ("The union walked out of the talks in February.",
     {("walked", "February"), ("talks", "February")}),
    # A clause on an event noun that only says the event is held or planned times the
    # noun too; one that says something else was done to it does not.
    ("The talks, held on Tuesday, ended without a deal.",
     {("held", "Tuesday"), ("talks", "Tuesday")}),
    ("The vote, set for June, may be delayed.", {("set", "June"), ("vote", "June")}),
    # So does the object (or passive subject) of such a verb: the talks were on Tuesday.
    ("The two unions held talks on Tuesday.", {("held", "Tuesday"), ("talks", "Tuesday")}),
    ("Talks were held on Tuesday in the capital.",
     {("held", "Tuesday"), ("Talks", "Tuesday")}),
    ("The strike, called last week, will begin on Monday.",
     {("called", "last week"), ("begin", "Monday")}),
    # A bare date between a speech verb (or its object) and the subject of its content
    # clause times the speech, though the parse hangs it on the clause; after "that" it
    # is the clause's own.
    ("The minister said Monday the talks would resume on Tuesday.",
     {("said", "Monday"), ("resume", "Tuesday")}),
    ("A spokesman told reporters Tuesday the plant would close.", {("told", "Tuesday")}),
    ("Officials said that on Monday the rebels attacked the town.",
     {("attacked", "Monday")}),
    # A date possessing a clause's subject times the clause...
    ("Friday's volume totaled 90 million shares.", {("totaled", "Friday")}),
    ("Last year's results were hurt by the strike.", {("hurt", "Last year")}),
    # ...but the possessor of an object times nothing: the praise need not be on Friday.
    ("The mayor praised Friday's volunteers.", set()),
]


@pytest.mark.parametrize(("text", "expected"), BEYOND_THE_MODIFIED_EVENT)
def test_a_date_times_the_events_in_its_scope(
    nlp: Any, text: str, expected: set[tuple[str, str]]
) -> None:
    assert when(nlp, text) == expected


def test_a_date_after_for_does_not_time_the_noun_before_it(nlp: Any) -> None:
    """"for" gives what the vote is for, not when it happens."""
    assert ("vote", "2022") not in when(nlp, "The council delayed the vote for 2022.")


def test_a_date_after_an_object_times_the_verb_not_the_object(nlp: Any) -> None:
    """'criticised the decision yesterday': the date modifies the clause; the decision
    may be older. A comparative bound ('later than Monday') times nothing."""
    assert when(nlp, "He criticised the decision yesterday.") == {("criticised", "yesterday")}
    assert when(nlp, "He criticised the decision of the court yesterday.") == {
        ("criticised", "yesterday")}
    assert when(nlp, "The court upheld the conviction in March.") == {("upheld", "March")}
    assert when(nlp, "The storm came later than Monday.") == set()
    assert when(nlp, "The bridge will be finished no sooner than 2025.") == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A stretch of the calendar anchored to the story's time, after in, over,
        # during or within, times the event it modifies...
        ("Prices have fallen over the past three months.",
         {("fallen", "the past three months")}),
        ("Prices rose in the following two months.", {("rose", "the following two months")}),
        # ...and that one only: the hoping is not within the next two weeks.
        ("She hopes to finish the report within the next two weeks.",
         {("finish", "the next two weeks")}),
        # A measure and an offset are no stretch: the talks were not within two days,
        # and the reopening is after two weeks.
        ("The talks lasted for two days.", set()),
        ("The plant will reopen in two weeks.", set()),
    ],
)
def test_an_anchored_stretch_times_the_event_it_modifies(
    nlp: Any, text: str, expected: set[tuple[str, str]]
) -> None:
    assert when(nlp, text) == expected


def test_a_date_timing_the_saying_is_told_in_the_sayings_tense(nlp: Any) -> None:
    """A bare date between the speech verb and its clause's subject times the saying, so
    its value is read in the saying's (past) tense, not the clause's future: a Monday
    said on a Thursday is the Monday before."""
    text = "The minister said Monday the talks would resume."
    found = suggest_document(nlp(text), DCT)  # DCT 2021-08-12, a Thursday
    dates = {text[s.start:s.end]: s.attrs.get("value") for s in found.spans
             if s.label == "DATE"}
    assert dates == {"Monday": "2021-08-09"}
    assert when_pairs(found, text) == {("said", "Monday")}


def test_a_date_that_is_the_topic_times_nothing(nlp: Any) -> None:
    """The object of 'about' is what the event is about: the talk was not in the future.
    A date inside the phrase with 'about' as its approximation still times the event."""
    assert when(nlp, "The two leaders spoke about the future.") == set()
    assert when(nlp, "They met at about 3 p.m.") == {("met", "about 3 p.m.")}
