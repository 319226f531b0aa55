"""Suggestion runs record the document date they used, DATE values worked
out against an old date are recomputed or flagged, and forgetting a model's
suggestions never takes other annotators' decisions with it."""

from __future__ import annotations

from typing import Any

import pytest

from annotations.errors import ValidationError
from annotations.store import Project
from annotations.store.suggestions import (
    DateChangedError,
    accept,
    delete_suggestions,
    reject,
    stale_models,
    store_suggestions,
    suggestions,
)
from annotations.suggest.model import model_identity
from annotations.suggest.run import suggest_project
from annotations.suggest.types import SuggestedSpan, Suggestions
from tests.conftest import dump

TEXT = "The ferry sank yesterday near the harbour, officials said."



def _stored(project: Project) -> tuple[int, int]:
    doc, _ = project.add_document(TEXT, date="2021-08-12")
    store_suggestions(project, doc.id, "m@1", Suggestions([SuggestedSpan("EVENT", 10, 14),
                                                           SuggestedSpan("EVENT", 4, 9)]))
    first, second = suggestions(project, doc.id, "m@1")
    return doc.id, first.id if first.start == 4 else second.id


def test_forgetting_suggestions_keeps_other_annotators_decisions(project: Project) -> None:
    doc, ferry = _stored(project)
    accept(project, ferry, "ann")
    sank = next(s.id for s in suggestions(project, doc, "m@1") if s.id != ferry)
    reject(project, sank, "bob")
    before = dump(project.path)
    with pytest.raises(ValidationError, match=r"'ann', 'bob' decided on m@1's suggestions"):
        delete_suggestions(project, "m@1", doc)
    with pytest.raises(ValidationError, match=r"^'bob' decided"):
        delete_suggestions(project, "m@1", doc, annotator="ann")
    assert dump(project.path) == before


def test_forgetting_suggestions_only_the_caller_decided(project: Project) -> None:
    doc, ferry = _stored(project)
    accept(project, ferry, "ann")
    assert delete_suggestions(project, "m@1", doc, annotator="ann") == 2
    assert suggestions(project, doc, "m@1") == []
    (kept,) = project.spans(doc, "ann")  # the accepted span stays, unlinked
    assert kept.suggestion_id is None


def test_a_run_records_its_date_and_refuses_a_changed_one(project: Project) -> None:
    doc, _ = project.add_document(TEXT, date="2021-08-12")
    found = Suggestions([SuggestedSpan("DATE", 15, 24, {"value": "2021-08-11"})])
    before = dump(project.path)
    with pytest.raises(DateChangedError, match="changed from 2021-08-01 to 2021-08-12"):
        store_suggestions(project, doc.id, "m@1", found, date="2021-08-01")
    assert dump(project.path) == before
    assert store_suggestions(project, doc.id, "m@1", found, date="2021-08-12")
    row = project.conn.execute("SELECT date FROM suggestion_runs").fetchone()
    assert row == ("2021-08-12",)
    assert stale_models(project, doc.id) == []
    project.set_document_date(doc.id, "2022-01-01", annotator="ann")
    assert stale_models(project, doc.id) == ["m@1"]


def test_a_date_changed_during_a_run_is_worked_out_again(
    project: Project, nlp: Any
) -> None:
    first, _ = project.add_document("The bridge opened on Monday, the mayor said.",
                                    date="2021-08-12")
    doc, _ = project.add_document(TEXT, date="2021-08-12")
    work = suggest_project(project, nlp, batch_size=2)
    next(work)  # the start
    next(work)  # the first document is stored; the second was parsed with it
    with Project(project.path) as other:  # another program (or the window) redates it
        other.set_document_date(doc.id, "2022-03-01", annotator="ann")
    for _ in work:
        pass
    model = model_identity(nlp)
    (date,) = [s for s in suggestions(project, doc.id, model) if s.label == "DATE"]
    assert date.text == "yesterday" and date.attrs.get("value") == "2022-02-28"
    row = project.conn.execute("SELECT date FROM suggestion_runs WHERE document_id = ?",
                               (doc.id,)).fetchone()
    assert row == ("2022-03-01",)
    assert stale_models(project, doc.id) == [] and stale_models(project, first.id) == []


def test_a_run_suggests_again_what_was_worked_out_against_an_old_date(
    project: Project, nlp: Any
) -> None:
    doc, _ = project.add_document(TEXT, date="2021-08-12")
    decided, _ = project.add_document("The bridge opened yesterday.", date="2021-08-12")
    model = model_identity(nlp)
    for _ in suggest_project(project, nlp):
        pass
    accept(project, suggestions(project, decided.id, model)[0].id, "ann")
    project.set_document_date(doc.id, "2022-03-01", annotator="ann")
    project.set_document_date(decided.id, "2022-03-01", annotator="ann")
    work = suggest_project(project, nlp)
    try:
        while True:
            next(work)
    except StopIteration as stop:
        report = stop.value
    assert (report.redated, report.stale, report.documents) == (1, 1, 1)
    (date,) = [s for s in suggestions(project, doc.id, model) if s.label == "DATE"]
    assert date.attrs.get("value") == "2022-02-28"
    assert stale_models(project, doc.id) == [] and stale_models(project, decided.id) == [model]
