"""The store's durability switch for tests, and the store queries other layers use."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from annotations.store import Project
from annotations.store.study import documents_done, relation_links, suggestion_rows
from annotations.store.tokens import document_texts, save_token_rows, token_rows
from tests.conftest import ARTICLE

FULL, OFF = 2, 0


def synchronous(project: Project) -> int:
    return int(project.conn.execute("PRAGMA synchronous").fetchone()[0])


@pytest.mark.durable
def test_a_durable_test_opens_projects_with_full_synchronous(project: Project) -> None:
    assert synchronous(project) == FULL


def test_other_tests_open_projects_without_fsync(project: Project) -> None:
    assert synchronous(project) == OFF


def test_a_project_opened_by_the_program_is_fully_durable(tmp_path: Path) -> None:
    path = tmp_path / "normal.db"
    code = (
        "from annotations.store import Project\n"
        f"p = Project.create({str(path)!r})\n"
        "print(p.conn.execute('PRAGMA synchronous').fetchone()[0])\n"
        "p.close()\n"
        f"p = Project({str(path)!r})\n"
        "print(p.conn.execute('PRAGMA synchronous').fetchone()[0])\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(FULL), str(FULL)]


def test_documents_annotated_by_lists_documents_with_spans_of_that_annotator(
    project: Project, doc_id: int
) -> None:
    other, _ = project.add_document("A second article about a storm on Monday.")
    project.add_span(other.id, "ann", "EVENT", 27, 32)
    project.add_span(doc_id, "bob", "EVENT", 12, 16)
    assert project.documents_annotated_by("ann") == [other.id]
    assert project.documents_annotated_by("bob") == [doc_id]
    assert project.documents_annotated_by("nobody") == []


def test_token_rows_round_trip_per_tokenizer(project: Project, doc_id: int) -> None:
    row = (doc_id, len(ARTICLE), b"\x00\x00\x00\x00", b"\x03\x00\x00\x00")
    save_token_rows(project, "tok-1", [row])
    assert token_rows(project, "tok-1", [doc_id, 999]) == [row]
    assert token_rows(project, "tok-2", [doc_id]) == []
    assert document_texts(project, [doc_id, 999]) == {doc_id: ARTICLE}


def test_study_reads_done_documents_relations_and_suggestions(
    project: Project, doc_id: int
) -> None:
    for name in ("ann", "bob"):
        project.add_span(doc_id, name, "EVENT", 12, 16)
    project.set_status(doc_id, "ann", "done")
    assert documents_done(project, ["ann", "bob"]) == []
    project.set_status(doc_id, "bob", "done")
    assert documents_done(project, ["ann", "bob"]) == [doc_id]
    assert relation_links(project, [doc_id], ["ann", "bob"]) == []
    assert suggestion_rows(project, [doc_id]) == []
