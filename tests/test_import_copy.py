"""The import's set-wise copy: spans go in without the per-row overlap trigger, one
query checks them, and the trigger is made again in the same transaction. The file
must come out as Dateline declares it, the database must still refuse overlaps, and
an overlap the copy meets (another program's span, or a staged pair the import's own
checks let through) must roll everything back."""

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
from annotations.store.migrations import LATEST
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


def test_the_copy_refuses_overlapping_spans_its_checks_let_through(
    project_path: Path
) -> None:
    """The staging API takes rows as given: a pair that overlaps (which the import's own
    checks never stage) must be refused by the database at the copy."""
    with Project.create(project_path) as project:
        before = dump(project_path)
        text = "The port reopened on Monday after a week."
        with staged(project) as stage:
            doc, added = stage.document(uid(text), text, "The port", None, None, {})
            assert added
            stage.spans([(1, doc.sid, "gold", "EVENT", 4, 12, text[4:12], "{}", "imported"),
                         (2, doc.sid, "gold", "EVENT", 9, 17, text[9:17], "{}", "imported")])
            stage.annotator("gold")
            with pytest.raises(ProjectError, match=(
                    r"\(document 1: EVENT span 2 at 9-17 overlaps EVENT span 1 at 4-12\)")):
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
