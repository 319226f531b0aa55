"""The project file: declared tables, validation, edit log, migrations."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotations.errors import (
    AttributeValueError,
    NotAProjectError,
    NotFoundError,
    OffsetError,
    OverlapError,
    ProjectError,
    ProjectExistsError,
    ProjectNotFoundError,
    ProjectVersionError,
    RelationError,
    UnknownLabelError,
    ValidationError,
)
from annotations.importing import import_paths
from annotations.progress import drive
from annotations.store import Project
from annotations.store.migrations import LATEST
from tests.conftest import ARTICLE, dump


@pytest.mark.durable
def test_new_project_declares_its_tables(project: Project) -> None:
    tables = set(project.db.table_names())
    assert {"documents", "annotators", "spans", "relations", "document_status", "edits",
            "label_schema", "settings", "migrations", "suggestions"} <= tables
    assert project.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert project.conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
    assert project.schema.name == "news-events"


def test_create_refuses_an_existing_file(project_path: Path, project: Project) -> None:
    with pytest.raises(ProjectExistsError, match="already there"):
        Project.create(project_path)


def test_open_refuses_missing_foreign_and_non_sqlite_files(tmp_path: Path) -> None:
    with pytest.raises(ProjectNotFoundError):
        Project(tmp_path / "nope.db")
    text = tmp_path / "notes.db"
    text.write_text("hello, not a database")
    with pytest.raises(NotAProjectError, match="not an SQLite file"):
        Project(text)
    foreign = tmp_path / "other.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(NotAProjectError, match="another program"):
        Project(foreign)


def test_a_newer_project_format_is_refused(project_path: Path, project: Project) -> None:
    project.close()
    conn = sqlite3.connect(project_path)
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.close()
    with pytest.raises(ProjectVersionError, match="newer Dateline"):
        Project(project_path)


def test_same_text_is_one_document(project: Project) -> None:
    first, added = project.add_document(ARTICLE)
    again, added_again = project.add_document(ARTICLE, title="other")
    assert added and not added_again
    assert first.id == again.id
    assert project.document_count() == 1
    assert first.title.startswith("The embassy said on Thursday")


@pytest.mark.parametrize(
    ("start", "end", "error"),
    [(-1, 3, OffsetError), (5, 5, OffsetError), (9, 4, OffsetError), (0, 10_000, OffsetError)],
)
def test_offsets_are_checked(
    project: Project, doc_id: int, start: int, end: int, error: type[Exception]
) -> None:
    with pytest.raises(error):
        project.add_span(doc_id, "ann", "EVENT", start, end)


def test_labels_attributes_and_overlap_are_checked(project: Project, doc_id: int) -> None:
    with pytest.raises(UnknownLabelError, match="PERSON"):
        project.add_span(doc_id, "ann", "PERSON", 0, 3)
    with pytest.raises(AttributeValueError, match=r"EVENT\.class cannot be 'WALK'"):
        project.add_span(doc_id, "ann", "EVENT", 12, 16, {"class": "WALK"})
    with pytest.raises(AttributeValueError, match="no attribute 'tense'"):
        project.add_span(doc_id, "ann", "EVENT", 12, 16, {"tense": "past"})
    project.add_span(doc_id, "ann", "EVENT", 12, 16, {"class": "REPORTING"})
    with pytest.raises(OverlapError, match="overlaps EVENT span"):
        project.add_span(doc_id, "ann", "EVENT", 13, 20)
    # Another label may nest, and another annotator may overlap.
    project.add_span(doc_id, "ann", "QUOTE", 4, 30)
    project.add_span(doc_id, "bob", "EVENT", 13, 20)


def test_the_database_enforces_what_it_can(project: Project, doc_id: int) -> None:
    span = project.add_span(doc_id, "ann", "EVENT", 12, 16)
    conn = project.conn
    ann = project.annotator_id("ann")
    with pytest.raises(sqlite3.IntegrityError, match="overlapping"):
        conn.execute(
            'INSERT INTO spans (document_id, annotator_id, label, start, "end", text, origin, '
            "created, updated) VALUES (?, ?, 'EVENT', 13, 15, 'ai', 'manual', '', '')",
            (doc_id, ann),
        )
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(
            'INSERT INTO spans (document_id, annotator_id, label, start, "end", text, origin, '
            "created, updated) VALUES (?, ?, 'DATE', 20, 10, 'x', 'manual', '', '')",
            (doc_id, ann),
        )
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM edits")
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(
            "INSERT INTO relations (document_id, annotator_id, label, head_id, child_id, "
            "created) VALUES (?, ?, 'SAID', ?, 999, '')",
            (doc_id, ann, span.id),
        )


def test_relations_follow_the_schema(project: Project, doc_id: int) -> None:
    speaker = project.add_span(doc_id, "ann", "SPEAKER", 0, 11)
    quote = project.add_span(doc_id, "ann", "QUOTE", 35, 52)
    event = project.add_span(doc_id, "ann", "EVENT", 12, 16)
    other = project.add_span(doc_id, "bob", "QUOTE", 35, 52)
    project.add_relation("SAID", speaker.id, quote.id)
    with pytest.raises(RelationError, match="exists already"):
        project.add_relation("SAID", speaker.id, quote.id)
    with pytest.raises(RelationError, match="from SPEAKER to QUOTE, not from EVENT"):
        project.add_relation("SAID", event.id, quote.id)
    with pytest.raises(RelationError, match="different documents or annotators"):
        project.add_relation("SAID", speaker.id, other.id)
    with pytest.raises(UnknownLabelError):
        project.add_relation("CAUSES", speaker.id, quote.id)
    with pytest.raises(NotFoundError):
        project.add_relation("SAID", speaker.id, 12345)
    with pytest.raises(RelationError, match="delete the relation first"):
        project.update_span(quote.id, label="DATE")


def test_delete_takes_relations_and_restore_brings_them_back(
    project: Project, doc_id: int
) -> None:
    speaker = project.add_span(doc_id, "ann", "SPEAKER", 0, 11)
    quote = project.add_span(doc_id, "ann", "QUOTE", 35, 52, {"direct": True})
    said = project.add_relation("SAID", speaker.id, quote.id)
    deleted = project.delete_span(quote.id)
    assert deleted.relations == (said,)
    assert project.relations(doc_id) == []
    restored = project.restore_span(deleted)
    assert (restored.id, restored.attrs) == (quote.id, {"direct": True})
    assert [r.id for r in project.relations(doc_id)] == [said.id]


def test_every_edit_is_logged_and_can_be_reverted(project: Project, doc_id: int) -> None:
    span = project.add_span(doc_id, "ann", "EVENT", 12, 16)
    project.update_span(span.id, attrs={"class": "REPORTING", "polarity": "POS"})
    project.set_status(doc_id, "ann", "done")
    project.set_note(doc_id, "ann", "hesitated on 'urged'")
    actions = [e.action for e in project.edits(annotator="ann")]
    assert actions == ["add_span", "update_span", "set_status", "set_note"]
    for edit in reversed(project.edits(annotator="ann")):
        project.revert(edit)
    assert project.spans(doc_id, "ann") == []
    status = project.status(doc_id, "ann")
    assert (status.note, status.status) == ("", "in_progress")


def test_a_first_edit_marks_the_document_in_progress(project: Project, doc_id: int) -> None:
    assert project.status(doc_id, "ann").status == "new"
    project.add_span(doc_id, "ann", "EVENT", 12, 16)
    assert project.status(doc_id, "ann").status == "in_progress"
    project.set_status(doc_id, "ann", "done")
    project.add_span(doc_id, "ann", "DATE", 20, 28)
    assert project.status(doc_id, "ann").status == "done"
    with pytest.raises(ValidationError):
        project.set_status(doc_id, "ann", "finished")


def test_a_failed_transaction_leaves_the_file_as_it_was(
    project_path: Path, project: Project, doc_id: int
) -> None:
    before = dump(project_path)
    with pytest.raises(OverlapError), project.transaction():
        project.add_span(doc_id, "ann", "EVENT", 12, 16)
        project.add_span(doc_id, "ann", "EVENT", 12, 16)
    assert dump(project_path) == before


@pytest.mark.durable
def test_an_edit_survives_the_process_being_killed(tmp_path: Path) -> None:
    path = tmp_path / "killed.db"
    Project.create(path).close()
    code = (
        "import os\n"
        "from annotations.store import Project\n"
        f"p = Project({str(path)!r})\n"
        "d, _ = p.add_document('A storm hit the coast on Monday.')\n"
        "p.add_span(d.id, 'ann', 'EVENT', 8, 11)\n"
        "os._exit(9)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert result.returncode == 9, result.stderr.decode()
    with Project(path) as p:
        (doc,) = p.documents()
        assert [(s.label, s.text) for s in p.spans(doc.id, "ann")] == [("EVENT", "hit")]


def test_stats_counts(project: Project, doc_id: int) -> None:
    project.add_document("An undated second article.")
    project.add_span(doc_id, "ann", "EVENT", 12, 16)
    project.add_span(doc_id, "ann", "DATE", 20, 28)
    project.set_status(doc_id, "ann", "done")
    figures = project.stats()
    assert figures["documents"] == 2
    assert figures["dated_documents"] == 1
    assert figures["spans"] == {"ann": {"DATE": 1, "EVENT": 1}}
    assert figures["status"]["ann"] == {"new": 1, "in_progress": 0, "done": 1}


def test_a_rolled_back_annotator_or_document_is_not_remembered(project: Project) -> None:
    with pytest.raises(OverlapError), project.transaction():
        doc, _ = project.add_document("Rolled back text.")
        project.add_span(doc.id, "ghost", "EVENT", 0, 6)
        project.add_span(doc.id, "ghost", "EVENT", 0, 6)
    assert project.annotators() == []
    with pytest.raises(NotFoundError):
        project.text(doc.id)
    again, _ = project.add_document("Another text.")
    span = project.add_span(again.id, "ghost", "EVENT", 0, 7)
    assert project.span(span.id).annotator == "ghost"


def test_a_text_with_a_nul_character_is_refused(project: Project) -> None:
    with pytest.raises(ValidationError, match="NUL character at offset 4"):
        project.add_document("Text\x00 with a NUL.")
    assert project.document_count() == 0


def test_a_failed_upgrade_is_a_project_error_and_changes_nothing(
    project_path: Path, project: Project
) -> None:
    project.close()
    conn = sqlite3.connect(project_path)
    conn.execute("DROP TABLE document_tokens")
    conn.execute("CREATE VIEW document_tokens AS SELECT 1")  # migration 2 will clash with it
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    before = dump(project_path)
    with pytest.raises(ProjectError, match="could not be upgraded from project format 1"):
        Project(project_path)
    assert dump(project_path) == before


@pytest.mark.durable
def test_a_project_whose_wal_cannot_be_opened_is_a_project_error_not_a_foreign_file(
    project_path: Path,
) -> None:
    Project.create(project_path).close()
    wal = project_path.with_name(project_path.name + "-wal")
    wal.unlink(missing_ok=True)
    wal.mkdir()  # SQLite cannot open a folder as the write-ahead log, as any user
    with pytest.raises(ProjectError, match="cannot be opened for writing") as caught:
        Project(project_path)
    assert not isinstance(caught.value, NotAProjectError)


def test_a_full_disk_during_an_import_is_a_project_error_and_changes_nothing(
    project_path: Path, project: Project, tmp_path: Path
) -> None:
    project.add_document("Already here.")
    before = dump(project_path)
    pages = project.conn.execute("PRAGMA page_count").fetchone()[0]
    project.conn.execute(f"PRAGMA max_page_count = {pages}")  # the file cannot grow: disk full
    (tmp_path / "big.txt").write_text("A long article. " * 20_000)
    with pytest.raises(ProjectError, match="the disk is full"):
        drive(import_paths(project, [tmp_path / "big.txt"], "ann"))
    assert dump(project_path) == before
    with pytest.raises(ProjectError, match="read-only"):
        project.conn.execute("PRAGMA query_only = ON")
        project.add_document("A new text.")
    assert dump(project_path) == before


def _count_spans_elsewhere(path: Path) -> int:
    code = (
        "import sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1])\n"
        "print(c.execute('SELECT count(*) FROM spans').fetchone()[0])\n"
        "c.close()\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                         text=True, timeout=60, check=True)
    return int(out.stdout)


@pytest.mark.durable
def test_opening_the_project_twice_keeps_the_first_connections_locks(tmp_path: Path) -> None:
    """Closing any descriptor of the file drops the process's POSIX locks: the
    second open must not, or another program deletes the WAL under the first."""
    path = tmp_path / "shared.db"
    first = Project.create(path)
    doc, _ = first.add_document("Alpha beta gamma.")
    Project(path).close()
    assert _count_spans_elsewhere(path) == 0
    first.add_span(doc.id, "ann", "EVENT", 0, 5)
    assert Path(f"{path}-wal").exists()
    assert _count_spans_elsewhere(path) == 1
    first.add_span(doc.id, "ann", "DATE", 6, 10)
    assert _count_spans_elsewhere(path) == 2
    first.close()


def test_an_empty_file_is_not_a_project_and_is_left_empty(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    with pytest.raises(NotAProjectError, match="the file is empty"):
        Project(empty)
    assert empty.stat().st_size == 0


def test_offsets_must_be_whole_numbers_not_booleans(project: Project, doc_id: int) -> None:
    with pytest.raises(OffsetError, match="whole numbers"):
        project.add_span(doc_id, "ann", "EVENT", False, 3)
