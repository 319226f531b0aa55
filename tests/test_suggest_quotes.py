"""Who speaks a direct quote when the parse does not link a subject to its speech verb:
the grammar of the words around the quote (our own sentences, the real spaCy pipeline)."""

from __future__ import annotations

from typing import Any

import pytest

from annotations.suggest.model import default_model_name, load_model
from tests.test_suggest import run, speaker_of


@pytest.fixture(scope="module")
def nlp() -> Any:
    return load_model(default_model_name())


def speaker(nlp: Any, text: str, quote: str) -> set[str]:
    found, _ = run(nlp, text)
    return speaker_of(found, text, quote)


def test_question_followed_by_its_speech_verb_is_that_verbs(nlp: Any) -> None:
    text = ("If the council is hiding the costs, as the opposition alleges and the mayor "
            "denies, “why would anyone pay for a bridge nobody uses?” asked Ana Ruiz, who "
            "runs a shop by the river.")
    assert speaker(nlp, text, "why would anyone pay for a bridge nobody uses?") == {
        "Ana Ruiz"}


def test_the_clause_that_a_colon_ends_introduces_the_quote(nlp: Any) -> None:
    text = ("When the governor suggested that the state would pay for the bridge, the mayor "
            "shot back angrily: “If the state pays, the state will own the bridge,” pointing "
            "at the map.")
    assert speaker(nlp, text, "If the state pays, the state will own the bridge") == {
        "the mayor"}


def test_who_was_joined_on_stage_jokes_not_the_agent(nlp: Any) -> None:
    text = ("The mayor was joined on stage by the governor and joked, “We should have built "
            "two bridges while we were at it.”")
    assert speaker(nlp, text, "We should have built two bridges while we were at it.") == {
        "The mayor"}


@pytest.mark.parametrize(("trailer", "who"), [
    ("the poster read", "poster"),
    ("the new advert for the festival states", "advert"),
])
def test_a_noun_phrase_and_a_speech_verb_after_the_quote_speak(nlp: Any, trailer: str,
                                                               who: str) -> None:
    quote = "Come down to the harbour festival this weekend and bring the whole family"
    text = f"The town tried something new this year.\n\n“{quote},” {trailer}."
    assert any(who in s for s in speaker(nlp, text, quote))


def test_the_subject_left_before_a_speech_verb_past_a_set_off_phrase(nlp: Any) -> None:
    quote = "We will find the money for the bridge somewhere in next year's budget."
    text = f"Mr. Park, asked about the costs of the new bridge, had said, “{quote}”"
    assert speaker(nlp, text, quote) == {"Mr. Park"}


def test_a_participle_speaks_for_the_subject_of_its_clause(nlp: Any) -> None:
    quote = "Bring your boats to the next meeting."
    text = ("The mayor seemed ready to joke about the flood in the town hall, telling the "
            f"crowd, “{quote}”")
    assert speaker(nlp, text, quote) == {"The mayor"}


def test_an_age_with_a_determiner_names_the_speaker(nlp: Any) -> None:
    quote = "I have fished in this harbour for fifty years"
    text = f"The old pier closed on Friday.\n\n“{quote},” said the 72-year-old."
    assert speaker(nlp, text, quote) == {"the 72-year-old"}


def test_a_quote_after_a_sentence_with_a_speech_verb_is_its_subjects(nlp: Any) -> None:
    quote = "The channel is far too shallow for the new ferries and everyone here knows it."
    text = ("Nobody at the port expected the vote to pass.\n\n"
            "The harbour master agreed with the fishermen.\n\n"
            f"“{quote}”")
    assert speaker(nlp, text, quote) == {"The harbour master"}


def test_a_quote_over_two_paragraphs_takes_the_speaker_named_at_its_end(nlp: Any) -> None:
    first = "The ferry has been late every single morning since the new timetable began."
    second = "Nobody at the company has told us why"
    text = f"Commuters are angry.\n\n“{first}”\n\n“{second},” Maria Lopez notes."
    found, _ = run(nlp, text)
    assert speaker_of(found, text, second) == {"Maria Lopez"}
    assert speaker_of(found, text, first) == {"Maria Lopez"}
