"""The store's durability switch for tests, and the store queries other layers use."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from annotations.errors import OffsetError, OverlapError, UnknownLabelError
from annotations.model import NewSpan, Span
from annotations.store import Project
from annotations.store.study import documents_done, relation_links, suggestion_rows
from annotations.store.tokens import document_texts, save_token_rows, token_rows
from tests.conftest import ARTICLE, dump

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


def test_add_spans_writes_the_good_spans_and_names_each_refusal(
    project: Project, doc_id: int
) -> None:
    stored = project.add_span(doc_id, "ann", "EVENT", 12, 16)
    results = project.add_spans(doc_id, "ann", [
        NewSpan("DATE", 20, 28),
        NewSpan("EVENT", 13, 15),  # overlaps the stored EVENT
        NewSpan("EVENT", 59, 64, {"class": "OCCURRENCE"}),
        NewSpan("EVENT", 60, 62),  # overlaps the batch's EVENT above
        NewSpan("NOPE", 0, 3),
        NewSpan("DATE", 0, 9999),
    ])
    made = [r for r in results if isinstance(r, Span)]
    assert [(s.label, s.start, s.end, s.origin) for s in made] == [
        ("DATE", 20, 28, "imported"), ("EVENT", 59, 64, "imported")]
    assert isinstance(results[1], OverlapError) and f"span {stored.id}" in str(results[1])
    assert isinstance(results[3], OverlapError) and f"span {made[1].id}" in str(results[3])
    assert isinstance(results[4], UnknownLabelError)
    assert isinstance(results[5], OffsetError)
    assert project.spans(doc_id, "ann") == sorted([stored, *made], key=lambda s: s.start)
    assert project.status(doc_id, "ann").status == "in_progress"


def test_add_spans_never_reuses_the_id_of_a_deleted_span(project: Project, doc_id: int) -> None:
    first = project.add_span(doc_id, "ann", "EVENT", 12, 16)
    last = project.add_span(doc_id, "ann", "DATE", 20, 28)
    project.delete_span(last.id)
    (made,) = project.add_spans(doc_id, "ann", [NewSpan("DATE", 20, 28)])
    assert isinstance(made, Span) and made.id == last.id + 1 and first.id < made.id
    after = project.add_span(doc_id, "bob", "EVENT", 12, 16)
    assert after.id == made.id + 1


def test_add_spans_is_undone_with_the_transaction_around_it(
    project_path: Path, project: Project, doc_id: int
) -> None:
    before = dump(project_path)
    with pytest.raises(RuntimeError), project.transaction():
        project.add_spans(doc_id, "ann", [NewSpan("EVENT", 12, 16)])
        raise RuntimeError("the import failed later")
    assert dump(project_path) == before
