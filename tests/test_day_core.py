"""The annotator's day, in the core: a date marker on its own line, hand-made
spans resolving suggestions, and DATE values from the product's normaliser."""

from __future__ import annotations

from pathlib import Path

from annotations.importing import import_paths
from annotations.model import SuggestedSpan, Suggestions
from annotations.progress import drive
from annotations.store import Project
from annotations.store.handmade import add_hand_span
from annotations.store.suggestions import (
    decision_counts,
    store_suggestions,
    suggestions,
    undo_decision,
)
from annotations.suggest.datevalue import date_value
from annotations.suggest.model import default_model_name, load_model
from annotations.suggest.pipeline import suggest_document


def test_a_date_marker_on_its_own_line_leaves_no_blank_first_line(
    tmp_path: Path, project: Project
) -> None:
    (tmp_path / "a.txt").write_text(" date 2021-08-15 \n\nKabul fell on Sunday.\n")
    (tmp_path / "b.txt").write_text("date 2021-08-16\r\nThe airport closed.\r\n")
    drive(import_paths(project, [tmp_path / "a.txt", tmp_path / "b.txt"], "ann"))
    a, b = project.documents()
    assert (a.date, a.text) == ("2021-08-15", "Kabul fell on Sunday.\n")
    assert (b.date, b.text) == ("2021-08-16", "The airport closed.\n")
    assert a.title == "Kabul fell on Sunday."


# --- hand-made spans over suggestions -------------------------------------------------------

TEXT = 'Officials met on Wednesday. "We will leave," a spokesman said.'
MODEL = "pipe@1.0"


def suggested(project: Project) -> int:
    doc = project.add_document(TEXT, date="2021-08-12")[0].id
    store_suggestions(project, doc, MODEL, Suggestions([
        SuggestedSpan("DATE", 17, 26, {"type": "DATE", "value": "2021-08-11"}),
        SuggestedSpan("QUOTE", 29, 42, {"direct": True}),
    ]))
    return doc


def test_a_hand_made_span_on_the_same_words_resolves_the_suggestion(project: Project) -> None:
    doc = suggested(project)
    span, decision = add_hand_span(project, doc, "ann", "DATE", 17, 26,
                                   {"type": "DATE", "value": "2021-08-11"}, MODEL)
    assert decision is not None and span.origin == "manual"
    assert [s.label for s in suggestions(project, doc, MODEL, "ann")] == ["QUOTE"]
    assert decision_counts(project, "ann") == {"accepted": 1, "changed": 0, "deleted": 0,
                                               "rejected": 0}
    # Undo takes back the span and the decision: the suggestion is pending again.
    undo_decision(project, decision)
    assert project.spans(doc, "ann") == []
    assert [s.label for s in suggestions(project, doc, MODEL, "ann")] == ["DATE", "QUOTE"]


def test_a_hand_made_span_differing_in_extent_or_attributes_counts_as_changed(
        project: Project) -> None:
    doc = suggested(project)
    # The quotation mark and comma inside the span: the same words, another extent.
    _span, decision = add_hand_span(project, doc, "ann", "QUOTE", 28, 43, {"direct": False},
                                    MODEL)
    assert decision is not None
    assert decision_counts(project, "ann")["changed"] == 1


def test_a_span_overlapping_a_suggestion_differently_leaves_it_pending(
        project: Project) -> None:
    doc = suggested(project)
    _span, decision = add_hand_span(project, doc, "ann", "DATE", 14, 26, {"type": "DATE"},
                                    MODEL)
    assert decision is None
    assert [s.label for s in suggestions(project, doc, MODEL, "ann")] == ["DATE", "QUOTE"]
    # Another label on the same words does not resolve it either.
    _span, decision = add_hand_span(project, doc, "ann", "EVENT", 29, 33, {}, MODEL)
    assert decision is None


# --- DATE values for hand-made spans ---------------------------------------------------------

SAID = "The embassy said on Thursday that flights will stop within 90 days."


def test_a_hand_made_date_value_comes_from_the_normaliser_without_a_parse() -> None:
    assert date_value(SAID, 20, 28, "2021-08-12") == {"type": "DATE", "value": "2021-08-12"}
    assert date_value(SAID, 20, 28, "2021-09-01")["value"] == "2021-08-26"
    assert date_value(SAID, 20, 28, None) == {"type": "DATE", "value": "XXXX-WXX-4"}
    assert date_value(SAID, 59, 66, "2021-08-12") == {"type": "DURATION", "value": "P90D"}
    assert date_value(SAID, 0, 3, "2021-08-12") == {"type": "DATE"}  # "The": no value
    assert date_value(SAID, 20, 28, "not a date") == {"type": "DATE"}


def test_with_the_parse_a_hand_made_date_is_read_as_the_suggester_reads_it() -> None:
    nlp = load_model(default_model_name())
    parsed = nlp(SAID)
    suggested = {(s.start, s.end): s.attrs for s in suggest_document(parsed, "2021-08-12").spans
                 if s.label == "DATE"}
    for (start, end), attrs in suggested.items():
        assert date_value(SAID, start, end, "2021-08-12", parsed) == attrs
    # "will stop ... Thursday": the governing verb's tense puts it after the date.
    future = "Flights will stop on Thursday."
    assert date_value(future, 21, 29, "2021-08-13", nlp(future))["value"] == "2021-08-19"
