"""The store's read-only rows for the window (annotations/store/rows.py), on a
real project file: what they return matches the records the Project reads."""

from __future__ import annotations

from annotations.store import Project
from annotations.store import suggestions as storage
from annotations.store.rows import (
    decision_row,
    has_logged_edits,
    last_edit_id,
    model_decided,
    relation_rows,
    span_rows,
)
from annotations.suggest.types import SuggestedSpan, Suggestions
from tests.conftest import ARTICLE


def at(fragment: str) -> tuple[int, int]:
    start = ARTICLE.index(fragment)
    return start, start + len(fragment)


def test_span_and_relation_rows_are_the_annotators_own_in_order(
        project: Project, doc_id: int) -> None:
    quote = project.add_span(doc_id, "ana", "QUOTE", *at("flights will stop"), {})
    speaker = project.add_span(doc_id, "ana", "SPEAKER", *at("embassy"), {})
    project.add_span(doc_id, "ben", "SPEAKER", *at("embassy"), {})
    said = project.add_relation("SAID", speaker.id, quote.id)
    assert span_rows(project, doc_id, "ana") == [
        (speaker.start, speaker.end, speaker.id, "SPEAKER"),
        (quote.start, quote.end, quote.id, "QUOTE"),
    ]
    assert relation_rows(project, doc_id, "ana") == [(said.id, "SAID", speaker.id, quote.id)]
    assert relation_rows(project, doc_id, "ben") == []


def test_an_unknown_annotator_has_no_rows(project: Project, doc_id: int) -> None:
    assert span_rows(project, doc_id, "nobody") == []
    assert relation_rows(project, doc_id, "nobody") == []


def test_the_edit_log_rows(project: Project, doc_id: int) -> None:
    before = last_edit_id(project)
    assert not has_logged_edits(project, "ana", doc_id)
    project.add_span(doc_id, "ana", "SPEAKER", *at("embassy"), {})
    assert has_logged_edits(project, "ana", doc_id)
    assert not has_logged_edits(project, "ben", doc_id)
    assert last_edit_id(project) > before
    assert last_edit_id(project) == max(e.id for e in project.edits())


def test_a_decision_row_and_whether_a_model_was_decided(project: Project, doc_id: int) -> None:
    storage.store_suggestions(project, doc_id, "m@1", Suggestions(
        [SuggestedSpan("SPEAKER", *at("embassy"), {})]))
    assert not model_decided(project, doc_id, "m@1")
    found = storage.suggestions(project, doc_id, "m@1", "ana")[0]
    decision = storage.accept(project, found.id, "ana")
    assert model_decided(project, doc_id, "m@1")
    assert not model_decided(project, doc_id, "other@2")
    row = decision_row(project, decision.id)
    assert row is not None and row[0] == "accepted"
    storage.undo_decision(project, decision)
    assert decision_row(project, decision.id) is None
