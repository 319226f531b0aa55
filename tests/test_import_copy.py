"""The import's set-wise copy: spans go in without the per-row overlap trigger, one
query checks the documents the project had, and the trigger is made again in the same
transaction. The file must come out as Dateline declares it, the database must still
refuse overlaps, and an overlap the copy meets (another program's span added
meanwhile, or a staged one) must roll everything back."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from annotations.errors import OverlapError, ProjectError
from annotations.importing import import_paths
from annotations.progress import Progress
from annotations.store import Project
from annotations.store.migrations import LATEST, SPANS_CHECKS
from annotations.store.staging import staged
from annotations.store.trust import check_schema
from annotations.text import uid
from tests.conftest import ARTICLE, dump


def jsonl(path: Path, *records: dict[str, Any]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def drive_all(steps: Any) -> Any:
    try:
        while True:
            next(steps)
    except StopIteration as stop:
        return stop.value


def test_after_an_import_the_file_is_as_declared_and_still_refuses_overlaps(
    tmp_path: Path, project: Project
) -> None:
    texts = [f"Article {n} says the port reopened on Monday." for n in range(30)]
    records = [{"text": text,
                "spans": [{"start": 0, "end": 7, "label": "EVENT"},
                          {"start": 8, "end": 10, "label": "EVENT"}]} for text in texts]
    report = drive_all(import_paths(project, [jsonl(tmp_path / "a.jsonl", *records)], "gold"))
    assert (report.documents_added, report.spans) == (30, 60)
    check_schema(project.conn, project.path, LATEST, "refused")  # raises on a difference
    names = {r[0] for r in project.conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'spans'")}
    assert names == {"spans_no_overlap_insert", "spans_no_overlap_update"}
    doc = project.document_by_uid(uid(texts[3]))
    assert doc is not None
    gold = project.annotator_id("gold")
    with pytest.raises(sqlite3.IntegrityError, match="overlapping spans of one label"):
        project.conn.execute(
            'INSERT INTO spans (document_id, annotator_id, label, start, "end", text, origin, '
            "created, updated) VALUES (?, ?, 'EVENT', 5, 9, ?, 'manual', '', '')",
            (doc.id, gold, doc.text[5:9]))
    with pytest.raises(OverlapError):
        project.add_span(doc.id, "gold", "EVENT", 6, 9)


def test_a_span_another_program_adds_meanwhile_rolls_the_whole_import_back(
    tmp_path: Path, project_path: Path
) -> None:
    with Project.create(project_path) as project:
        doc, _ = project.add_document(ARTICLE, date="2021-08-12")
        first = jsonl(tmp_path / "1.jsonl", {"text": ARTICLE, "spans": [
            {"start": 4, "end": 12, "label": "EVENT"}]})
        second = jsonl(tmp_path / "2.jsonl", {"text": "A new article about the port.",
                                              "spans": [{"start": 2, "end": 5,
                                                         "label": "EVENT"}]})
        before = dump(project_path)
        steps = import_paths(project, [first, second], "gold")
        assert isinstance(next(steps), Progress)  # the first file is read and staged
        with Project(project_path) as other:  # the window, say, as the same annotator
            other.add_span(doc.id, "gold", "EVENT", 10, 20)
        changed = dump(project_path)
        with pytest.raises(ProjectError, match=(
                r"another program changed the project during the import \(document "
                rf"{doc.id}: EVENT span \d+ at 10-20 overlaps EVENT span \d+ at 4-12\); "
                "nothing was imported")):
            drive_all(steps)
        assert dump(project_path) == changed != before
        assert project.document_count() == 1
        assert [(s.start, s.end) for s in project.spans(doc.id, "gold")] == [(10, 20)]


def test_the_copy_refuses_staged_spans_that_overlap_the_projects(
    project_path: Path
) -> None:
    """The staging API takes rows as given: a span that overlaps one the project holds
    (which the import's own checks never stage) must be refused by the database."""
    with Project.create(project_path) as project:
        doc, _ = project.add_document(ARTICLE)
        project.add_span(doc.id, "gold", "EVENT", 4, 12)
        before = dump(project_path)
        with staged(project) as stage:
            found, added = stage.document(uid(ARTICLE), ARTICLE, "", None, None, {})
            assert not added
            stage.spans([(1, found.sid, "gold", "EVENT", 20, 25, ARTICLE[20:25], "{}",
                          "imported"),
                         (2, found.sid, "gold", "EVENT", 9, 17, ARTICLE[9:17], "{}",
                          "imported")])
            stage.annotator("gold")
            with pytest.raises(ProjectError, match=(
                    rf"\(document {doc.id}: EVENT span \d+ at 9-17 overlaps EVENT span \d+ "
                    r"at 4-12\)")):
                stage.commit()
        assert dump(project_path) == before
        check_schema(project.conn, project.path, LATEST, "refused")


def test_staged_span_ids_must_go_on_in_order(project: Project) -> None:
    text = "The port reopened on Monday."
    with staged(project) as stage:
        doc, _ = stage.document(uid(text), text, "The port", None, None, {})
        with pytest.raises(ValueError, match="do not go on from 0"):
            stage.spans([(2, doc.sid, "gold", "EVENT", 4, 8, text[4:8], "{}", "imported")])


def test_a_document_deleted_meanwhile_rolls_the_whole_import_back(
    tmp_path: Path, project_path: Path
) -> None:
    """The copy does not look foreign keys up per row: a document the import adds spans
    to that another program deleted since must still stop it."""
    with Project.create(project_path) as project:
        doc, _ = project.add_document(ARTICLE, date="2021-08-12")
        first = jsonl(tmp_path / "1.jsonl", {"text": ARTICLE, "spans": [
            {"start": 4, "end": 12, "label": "EVENT"}]})
        second = jsonl(tmp_path / "2.jsonl", {"text": "A new article about the port."})
        steps = import_paths(project, [first, second], "gold")
        next(steps)
        other = sqlite3.connect(project_path)
        with other:
            other.execute("DELETE FROM documents WHERE id = ?", (doc.id,))
        other.close()
        changed = dump(project_path)
        with pytest.raises(ProjectError, match=(
                rf"\(document {doc.id} it adds to was deleted meanwhile\); nothing was "
                "imported")):
            drive_all(steps)
        assert dump(project_path) == changed
        assert project.conn.execute("PRAGMA foreign_keys").fetchone() == (1,)


def test_attribute_values_equal_in_python_but_not_in_json_are_told_apart(
    tmp_path: Path, project: Project
) -> None:
    """The import remembers each set of attributes it checked; True, 1 and 1.0 are one
    key of a dict, but only True is a QUOTE's `direct`."""
    spans = [{"start": 0, "end": 4, "label": "QUOTE", "attrs": {"direct": True}},
             {"start": 5, "end": 9, "label": "QUOTE", "attrs": {"direct": 1}},
             {"start": 10, "end": 14, "label": "QUOTE", "attrs": {"direct": 1.0}},
             {"start": 15, "end": 19, "label": "QUOTE", "attrs": {"direct": False}}]
    path = jsonl(tmp_path / "q.jsonl", {"text": "Said: port will reopen on Monday.",
                                        "spans": spans})
    report = drive_all(import_paths(project, [path], "gold", skip_invalid=True))
    assert report.spans == 2
    assert [p.reason.split(":")[0] for p in report.skipped] == [
        "span spans[1] QUOTE 5-9", "span spans[2] QUOTE 10-14"]
    doc = project.document_by_uid(uid("Said: port will reopen on Monday."))
    assert doc is not None
    assert [s.attrs for s in project.spans(doc.id, "gold")] == [{"direct": True},
                                                                  {"direct": False}]


def test_the_rules_the_copy_checks_are_the_spans_tables(project: Project) -> None:
    (table,) = project.conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'spans'").fetchone()
    for rule in SPANS_CHECKS:
        assert f"CHECK ({rule})" in table
    assert table.count("CHECK (") == len(SPANS_CHECKS)


def test_the_copy_refuses_a_staged_span_that_breaks_a_rule_of_the_table(
    project_path: Path
) -> None:
    """The copy does not let SQLite check each span's CHECK constraints: one query does,
    and a span that breaks one (which the import's checks never stage) stops it."""
    with Project.create(project_path) as project:
        before = dump(project_path)
        text = "The port reopened on Monday after a week."
        with staged(project) as stage:
            doc, _ = stage.document(uid(text), text, "The port", None, None, {})
            stage.spans([(1, doc.sid, "gold", "EVENT", 4, 8, text[4:8], "{}", "imported"),
                         (2, doc.sid, "gold", "EVENT", 9, 17, "reopened on", "[]",
                          "imported")])
            stage.annotator("gold")
            with pytest.raises(ProjectError, match=(
                    r"span 2 \(EVENT 9-17\) of document 1, which breaks the spans table's "
                    r"rule CHECK \(json_valid\(attrs\) AND json_type\(attrs\) = 'object', "
                    r'length\(text\) = "end" - start\); nothing was imported')):
                stage.commit()
        assert dump(project_path) == before
        assert project.conn.execute("PRAGMA ignore_check_constraints").fetchone() == (0,)
        assert project.conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
