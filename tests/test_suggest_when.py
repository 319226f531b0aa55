"""WHEN suggestions on sentences of our own, parsed by the real spaCy pipeline: a date
links to the event it modifies (and to the verb taking that event as its open
complement), never from a bound ("until Friday") or an offset ("one day after")."""

from __future__ import annotations

from typing import Any

import pytest

from annotations.suggest.model import default_model_name, load_model
from annotations.suggest.pipeline import suggest_document
from tests.test_suggest import when as when_pairs

DCT = "2021-08-12"


@pytest.fixture(scope="module")
def nlp() -> Any:
    return load_model(default_model_name())


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
