"""Stored suggestions in a real project file: resumable runs, all-or-nothing
documents, accept / reject / undo / redo rows, the blind setting, the CLI."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from annotations.cli import main
from annotations.errors import Cancelled, OverlapError, ValidationError
from annotations.progress import drive
from annotations.store import Project
from annotations.store.suggestions import (
    accept,
    accept_all,
    decision_counts,
    done_documents,
    is_blind,
    redo_decision,
    reject,
    set_blind,
    store_suggestions,
    suggested_relations,
    suggestions,
    undo_decision,
    undo_decisions,
)
from annotations.suggest.model import default_model_name, model_identity
from annotations.suggest.run import suggest_project
from annotations.suggest.types import SuggestedRelation, SuggestedSpan, Suggestions
from tests.conftest import dump

TEXTS = [
    "“We will rebuild the bridge,” the mayor said on Tuesday.",
    "The ministry said that the talks would resume next week.",
    "The ferry sank on Saturday near the harbour.",
]



@pytest.fixture
def corpus(project: Project) -> list[int]:
    return [project.add_document(t, date="2021-08-12")[0].id for t in TEXTS]


def rows(project: Project, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    return list(project.conn.execute(sql, args).fetchall())


def run_all(project: Project, nlp: Any) -> Any:
    return drive(suggest_project(project, nlp, batch_size=2))


def test_suggest_stores_per_document_and_model(project: Project, corpus: list[int],
                                                nlp: Any) -> None:
    report = run_all(project, nlp)
    model = model_identity(nlp)
    assert (report.documents, report.skipped, report.model) == (3, 0, model)
    assert done_documents(project, model) == set(corpus)
    stored = rows(project, "SELECT DISTINCT model FROM suggestions")
    assert stored == [(model,)]
    first = suggestions(project, corpus[0], model)
    assert {s.label for s in first} >= {"EVENT", "DATE", "QUOTE", "SPEAKER"}
    assert all(s.text == TEXTS[0][s.start:s.end] for s in first)
    assert any(r.label == "SAID" for r in suggested_relations(project, corpus[0], model))


def test_suggest_is_resumable(project: Project, corpus: list[int], nlp: Any) -> None:
    work = suggest_project(project, nlp, batch_size=1)
    with pytest.raises(Cancelled):
        calls = iter([False, True])  # the start, then cancel after the first document
        drive(work, should_cancel=lambda: next(calls))
    model = model_identity(nlp)
    assert done_documents(project, model) == {corpus[0]}
    before = rows(project, "SELECT count(*) FROM suggestions")[0][0]
    report = run_all(project, nlp)
    assert (report.documents, report.skipped) == (2, 1)
    again = run_all(project, nlp)
    assert (again.documents, again.skipped) == (0, 3)
    after = rows(project, "SELECT count(*) FROM suggestions")[0][0]
    assert after > before
    assert rows(project, "SELECT count(*) FROM suggestion_runs")[0][0] == 3


def test_a_document_is_stored_all_or_nothing(project: Project, project_path: Path,
                                             corpus: list[int]) -> None:
    before = dump(project_path)
    bad = Suggestions([
        SuggestedSpan("EVENT", 0, 3, {"class": "OCCURRENCE"}),
        SuggestedSpan("EVENT", 10, 10_000),
    ])
    with pytest.raises(ValidationError, match="outside document"):
        store_suggestions(project, corpus[0], "m@1", bad)
    assert dump(project_path) == before


def test_labels_and_values_the_schema_lacks_are_left_out(project: Project,
                                                          corpus: list[int]) -> None:
    found = Suggestions(
        [SuggestedSpan("PLACE", 0, 3), SuggestedSpan("DATE", 4, 8, {"value": "not a value",
                                                                   "type": "DATE"}),
         SuggestedSpan("EVENT", 9, 12)],
        [SuggestedRelation("WHEN", 2, 0)],
    )
    assert store_suggestions(project, corpus[2], "m@1", found)
    stored = suggestions(project, corpus[2], "m@1")
    assert [(s.label, s.attrs) for s in stored] == [("DATE", {"type": "DATE"}), ("EVENT", {})]
    assert suggested_relations(project, corpus[2], "m@1") == []
    assert not store_suggestions(project, corpus[2], "m@1", found)  # done already


def hand_made(project: Project, doc_id: int) -> list[int]:
    """QUOTE "We will rebuild the bridge", SPEAKER "the mayor", SAID between them."""
    text = TEXTS[0]
    q0 = text.index("We")
    s0 = text.index("the mayor")
    found = Suggestions(
        [SuggestedSpan("QUOTE", q0, q0 + len("We will rebuild the bridge"), {"direct": True}),
         SuggestedSpan("SPEAKER", s0, s0 + len("the mayor")),
         SuggestedSpan("EVENT", text.index("rebuild"), text.index("rebuild") + 7,
                       {"class": "OCCURRENCE", "polarity": "POS"}, score=0.75)],
        [SuggestedRelation("SAID", 1, 0)],
    )
    store_suggestions(project, doc_id, "m@1", found)
    return [s.id for s in suggestions(project, doc_id, "m@1")]


def test_accept_makes_a_suggested_span_and_records_it(project: Project,
                                                      corpus: list[int]) -> None:
    doc = corpus[0]
    ids = hand_made(project, doc)
    event_id = next(s.id for s in suggestions(project, doc, "m@1") if s.label == "EVENT")
    decision = accept(project, event_id, "alice")
    span = project.span(decision.span.id if decision.span else -1)
    assert (span.origin, span.suggestion_id, span.text) == ("suggested", event_id, "rebuild")
    assert rows(project, "SELECT suggestion_id, decision, span_id FROM suggestion_decisions") \
        == [(event_id, "accepted", span.id)]
    assert event_id not in [s.id for s in suggestions(project, doc, "m@1", "alice")]
    assert event_id in [s.id for s in suggestions(project, doc, "m@1", "bob")]
    assert len(suggestions(project, doc, "m@1")) == len(ids)
    with pytest.raises(ValidationError, match="already accepted"):
        accept(project, event_id, "alice")
    assert suggestions(project, doc, "m@1")[0].score is None
    assert next(s for s in suggestions(project, doc, "m@1") if s.id == event_id).score == 0.75


def test_accepting_both_ends_adds_the_suggested_relation(project: Project,
                                                         corpus: list[int]) -> None:
    doc = corpus[0]
    hand_made(project, doc)
    by_label = {s.label: s.id for s in suggestions(project, doc, "m@1")}
    first = accept(project, by_label["QUOTE"], "alice")
    assert first.relations == ()
    second = accept(project, by_label["SPEAKER"], "alice")
    assert [(r.label, r.head, r.child) for r in second.relations] == [
        ("SAID", second.span.id if second.span else -1, first.span.id if first.span else -1)]
    assert [r.label for r in project.relations(doc, "alice")] == ["SAID"]


def shape(spans: list[Any]) -> list[tuple[Any, ...]]:
    return [(s.id, s.label, s.start, s.end, s.attrs, s.origin, s.suggestion_id) for s in spans]


def test_undo_and_redo_accept_round_trip(project: Project, project_path: Path,
                                         corpus: list[int]) -> None:
    doc = corpus[0]
    hand_made(project, doc)
    by_label = {s.label: s.id for s in suggestions(project, doc, "m@1")}
    accept(project, by_label["QUOTE"], "alice")
    decision = accept(project, by_label["SPEAKER"], "alice")
    assert decision.span is not None
    spans_before = shape(project.spans(doc, "alice"))
    relations_before = [(r.id, r.label, r.head, r.child) for r in project.relations(doc, "alice")]
    undo_decision(project, decision)
    assert [s.label for s in project.spans(doc, "alice")] == ["QUOTE"]
    assert project.relations(doc, "alice") == []
    assert rows(project, "SELECT count(*) FROM suggestion_decisions")[0][0] == 1
    assert by_label["SPEAKER"] in [s.id for s in suggestions(project, doc, "m@1", "alice")]
    redo_decision(project, decision)
    assert shape(project.spans(doc, "alice")) == spans_before
    assert [(r.id, r.label, r.head, r.child)
            for r in project.relations(doc, "alice")] == relations_before
    assert rows(project, "SELECT id FROM suggestion_decisions ORDER BY id")[-1][0] == decision.id


def test_reject_and_its_undo(project: Project, corpus: list[int]) -> None:
    doc = corpus[0]
    hand_made(project, doc)
    first = suggestions(project, doc, "m@1")[0]
    decision = reject(project, first.id, "alice")
    assert rows(project, "SELECT decision, span_id FROM suggestion_decisions") == [
        ("rejected", None)]
    assert first.id not in [s.id for s in suggestions(project, doc, "m@1", "alice")]
    assert project.spans(doc, "alice") == []
    undo_decision(project, decision)
    assert rows(project, "SELECT count(*) FROM suggestion_decisions")[0][0] == 0
    assert first.id in [s.id for s in suggestions(project, doc, "m@1", "alice")]


def test_accept_all_of_a_label_and_in_the_document(project: Project,
                                                   corpus: list[int]) -> None:
    doc = corpus[0]
    hand_made(project, doc)
    only_events = accept_all(project, doc, "m@1", "alice", label="EVENT")
    assert [d.span.label for d in only_events.decisions if d.span] == ["EVENT"]
    rest = accept_all(project, doc, "m@1", "alice")
    assert sorted(d.span.label for d in rest.decisions if d.span) == ["QUOTE", "SPEAKER"]
    assert [r.label for r in project.relations(doc, "alice")] == ["SAID"]
    undo_decisions(project, rest.decisions)
    assert [s.label for s in project.spans(doc, "alice")] == ["EVENT"]
    assert project.relations(doc, "alice") == []


def test_accept_all_skips_clashes(project: Project, corpus: list[int]) -> None:
    doc = corpus[0]
    hand_made(project, doc)
    project.add_span(doc, "alice", "EVENT", TEXTS[0].index("rebuild"),
                     TEXTS[0].index("rebuild") + 7)
    result = accept_all(project, doc, "m@1", "alice")
    assert [(s.label, "overlaps" in why) for s, why in result.skipped] == [("EVENT", True)]
    event_id = result.skipped[0][0].id
    with pytest.raises(OverlapError):
        accept(project, event_id, "alice")


def test_changed_after_accepting_is_derived(project: Project, corpus: list[int]) -> None:
    doc = corpus[0]
    hand_made(project, doc)
    decisions = accept_all(project, doc, "m@1", "alice").decisions
    assert decision_counts(project, "alice") == {
        "accepted": 3, "changed": 0, "deleted": 0, "rejected": 0}
    quote = next(d.span for d in decisions if d.span and d.span.label == "QUOTE")
    assert quote is not None
    project.update_span(quote.id, end=quote.end - len(" the bridge"))
    speaker = next(d.span for d in decisions if d.span and d.span.label == "SPEAKER")
    assert speaker is not None
    project.delete_span(speaker.id)
    assert decision_counts(project, "alice") == {
        "accepted": 1, "changed": 1, "deleted": 1, "rejected": 0}


def test_blind_hides_suggestions(project: Project, corpus: list[int]) -> None:
    doc = corpus[0]
    hand_made(project, doc)
    assert not is_blind(project)
    set_blind(project, True)
    assert is_blind(project)
    assert suggestions(project, doc, "m@1", "alice", respect_blind=True) == []
    assert len(suggestions(project, doc, "m@1", "alice")) == 3


def test_cli_suggest_and_evaluate(project_path: Path, nlp: Any, tmp_path: Path) -> None:
    with Project.create(project_path) as p:
        doc = p.add_document(TEXTS[0], date="2021-08-12")[0].id
        q0 = TEXTS[0].index("We")
        p.add_span(doc, "gold", "QUOTE", q0, q0 + len("We will rebuild the bridge"),
                   {"direct": True})
    runner = CliRunner()
    result = runner.invoke(main, ["suggest", str(project_path), "--model",
                                  default_model_name()])
    assert result.exit_code == 0, result.output
    assert "suggested 1 document(s)" in result.output
    result = runner.invoke(main, ["suggest", str(project_path)])
    assert "every document (1) is already suggested by" in result.output
    out = tmp_path / "figures.json"
    result = runner.invoke(main, ["evaluate", str(project_path), "--gold", "gold", "--pred",
                                  "suggestions", "--json", str(out)])
    assert result.exit_code == 0, result.output
    figures = json.loads(out.read_text())
    assert figures["labels"]["QUOTE"]["exact"] == {"p": 1.0, "r": 1.0, "f1": 1.0}
    result = runner.invoke(main, ["suggest", str(project_path), "--model", "no_such_model"])
    assert result.exit_code == 1 and "no_such_model" in result.output
    assert "Traceback" not in result.output


def test_project_file_has_no_stray_rows_after_undo(project: Project, project_path: Path,
                                                   corpus: list[int]) -> None:
    doc = corpus[0]
    hand_made(project, doc)
    decision = accept(project, suggestions(project, doc, "m@1")[0].id, "alice")
    undo_decision(project, decision)
    conn = sqlite3.connect(project_path)
    try:
        assert conn.execute("SELECT count(*) FROM spans").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM suggestion_decisions").fetchone()[0] == 0
        actions = [r[0] for r in conn.execute("SELECT action FROM edits ORDER BY id")]
    finally:
        conn.close()
    assert actions[-4:] == ["add_span", "accept_suggestion", "delete_span", "undo_decision"]


def test_one_odd_date_does_not_stop_the_document(project: Project, nlp: Any) -> None:
    text = ("Prices rose over the previous year and a half, officials said. The monks say "
            "the well was dug 1,000,000 days ago.")
    doc = project.add_document(text, date="2021-08-12")[0].id
    report = run_all(project, nlp)
    assert report.documents == 1
    dates = {s.text: s.attrs for s in suggestions(project, doc, model_identity(nlp))
             if s.label == "DATE"}
    assert dates == {"the previous year and a half": {"type": "DURATION", "value": "P1Y6M"},
                     "1,000,000 days ago": {"type": "DATE"}}
    assert any(s.label == "EVENT" for s in suggestions(project, doc, model_identity(nlp)))


def test_every_decision_row_of_the_edit_log_names_its_document(project: Project,
                                                               corpus: list[int]) -> None:
    doc = corpus[0]
    hand_made(project, doc)
    first, second = suggestions(project, doc, "m@1")[:2]
    rejected = reject(project, first.id, "alice")
    undo_decision(project, rejected)
    redo_decision(project, rejected)
    accepted = accept(project, second.id, "alice")
    undo_decision(project, accepted)
    redo_decision(project, accepted)
    decisions = ("reject_suggestion", "accept_suggestion", "undo_decision", "redo_decision")
    logged = [e.action for e in project.edits(annotator="alice", document_id=doc)
              if e.action in decisions]
    assert logged == ["reject_suggestion", "undo_decision", "redo_decision",
                      "accept_suggestion", "undo_decision", "redo_decision"]
    assert all(e.document_id == doc for e in project.edits(annotator="alice"))
    assert project.edits(document_id=corpus[1]) == []
