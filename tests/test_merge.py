"""Merge: other annotators' project files come in all or nothing; the other
files are only read and are treated as untrusted."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotations.cli import main
from annotations.errors import (
    InputError,
    NotAProjectError,
    ProjectNotFoundError,
    ProjectVersionError,
    ValidationError,
)
from annotations.progress import drive
from annotations.schema import LabelSchema, default_schema
from annotations.store import Project
from annotations.store.merge_source import MergeConflictError, MergeReport, parse_renames
from annotations.store.merging import merge
from annotations.store.migrations import LATEST
from tests.conftest import ARTICLE, dump

OTHER_TEXT = "Talks ended on Friday, a spokesman said."


def run(project: Project, *others: Path, renames: dict[str, str] | None = None) -> MergeReport:
    return drive(merge(project, list(others), renames, actor="reviewer"))


def laptop(path: Path, who: str = "bob") -> Path:
    """Another annotator's project: the shared article and a new one, with
    spans, a relation, statuses, a note, a suggestion decision and edits
    (one of them a deleted span)."""
    with Project.create(path) as p:
        doc, _ = p.add_document(ARTICLE, date="2021-08-12")
        other, _ = p.add_document(OTHER_TEXT)
        speaker = p.add_span(doc.id, who, "SPEAKER", 0, 11)
        quote = p.add_span(doc.id, who, "QUOTE", 38, 56, {"direct": True})
        p.add_relation("SAID", speaker.id, quote.id)
        gone = p.add_span(doc.id, who, "EVENT", 4, 11)
        p.delete_span(gone.id)
        with p.transaction():
            cur = p.conn.execute(
                'INSERT INTO suggestions (document_id, model, label, start, "end", text, attrs) '
                "VALUES (?, 'm1', 'DATE', 15, 23, ?, '{}')", (other.id, OTHER_TEXT[15:23]))
            sug = int(cur.lastrowid or 0)
        friday = p.add_span(other.id, who, "DATE", 15, 21, {"value": "2021-08-13"},
                            origin="suggested", suggestion_id=sug)
        with p.transaction():
            p.conn.execute(
                "INSERT INTO suggestion_decisions (suggestion_id, annotator_id, decision, "
                "span_id, time) VALUES (?, ?, 'accepted', ?, 'then')",
                (sug, p.annotator_id(who), friday.id))
        p.set_status(doc.id, who, "done")
        p.set_note(other.id, who, "unsure about the date")
    return path


@pytest.fixture
def target(project: Project) -> Project:
    doc, _ = project.add_document(ARTICLE, date="2021-08-12")
    project.add_span(doc.id, "ann", "EVENT", 4, 11)
    project.add_span(doc.id, "ann", "SPEAKER", 0, 11)
    return project


def test_merge_brings_in_documents_spans_relations_statuses_notes(
    target: Project, tmp_path: Path
) -> None:
    other = laptop(tmp_path / "bob.db")
    report = run(target, other)
    assert (report.documents_added, report.documents_matched) == (1, 1)
    assert report.merged == [(str(other), "bob", "bob")]
    shared = target.document_by_uid(target.document(1).uid)
    assert shared is not None
    spans = {s.label: s for s in target.spans(shared.id, "bob")}
    assert sorted(spans) == ["QUOTE", "SPEAKER"]
    assert spans["QUOTE"].attrs == {"direct": True}
    (rel,) = target.relations(shared.id, "bob")
    assert (rel.head, rel.child) == (spans["SPEAKER"].id, spans["QUOTE"].id)
    assert target.status(shared.id, "bob").status == "done"
    new = next(d for d in target.documents() if d.text == OTHER_TEXT)
    assert target.status(new.id, "bob").note == "unsure about the date"
    (date,) = target.spans(new.id, "bob")
    assert date.origin == "suggested" and date.suggestion_id is not None
    decision = target.conn.execute(
        "SELECT suggestion_id, span_id, decision FROM suggestion_decisions").fetchone()
    assert decision == (date.suggestion_id, date.id, "accepted")
    assert target.spans(shared.id, "ann")  # the project's own work is untouched


def test_merged_edit_log_is_remapped_and_revertible(target: Project, tmp_path: Path) -> None:
    run(target, laptop(tmp_path / "bob.db"))
    edits = target.edits(annotator="bob")
    actions = [e.action for e in edits]
    assert actions.count("add_span") == 4 and "delete_span" in actions
    shared = target.document(1)
    quote = next(s for s in target.spans(shared.id, "bob") if s.label == "QUOTE")
    add_quote = next(e for e in edits if e.action == "add_span" and
                     e.after is not None and e.after["label"] == "QUOTE")
    assert add_quote.entity_id == quote.id and add_quote.document_id == shared.id
    assert add_quote.after is not None and add_quote.after["id"] == quote.id
    # Undoing the logged deletion restores the deleted span without an id clash.
    deletion = next(e for e in edits if e.action == "delete_span")
    target.revert(deletion)
    restored = target.span(deletion.entity_id or 0)
    assert (restored.annotator, restored.label, restored.start) == ("bob", "EVENT", 4)
    fresh = target.add_span(shared.id, "carol", "EVENT", 4, 11)
    assert fresh.id != restored.id
    merge_row = target.edits(annotator="reviewer")[-1]
    assert merge_row.action == "merge"


def test_identical_work_is_a_no_op(target: Project, tmp_path: Path) -> None:
    other = laptop(tmp_path / "bob.db")
    run(target, other)
    before = dump(target.path)
    report = run(target, other)
    assert report.identical == [(str(other), "bob")] and report.merged == []
    assert dump(target.path) == before


def test_different_work_is_refused_unless_renamed(target: Project, tmp_path: Path) -> None:
    other = laptop(tmp_path / "ann.db", who="ann")
    before = dump(target.path)
    with pytest.raises(MergeConflictError, match=r"ann.*--rename ann=NEW_NAME"):
        run(target, other)
    assert dump(target.path) == before
    report = run(target, other, renames={"ann": "ann2"})
    assert report.merged == [(str(other), "ann", "ann2")]
    assert {s.label for s in target.spans(1, "ann2")} == {"SPEAKER", "QUOTE"}
    assert all(e.annotator == "ann2" for e in target.edits(annotator="ann2"))


def test_two_files_in_one_go_and_conflict_between_them(target: Project,
                                                         tmp_path: Path) -> None:
    first = laptop(tmp_path / "bob.db")
    second = laptop(tmp_path / "carol.db", who="carol")
    report = run(target, first, second)
    assert [m[1] for m in report.merged] == ["bob", "carol"]
    before = dump(target.path)
    third = laptop(tmp_path / "dave.db", who="dave")
    with Project(third) as p:
        p.add_span(1, "dave", "DATE", 15, 23)
    with pytest.raises(MergeConflictError):
        run(target, third, renames={"dave": "bob"})
    assert dump(target.path) == before


def test_the_other_file_is_only_read(target: Project, tmp_path: Path) -> None:
    other = laptop(tmp_path / "bob.db")
    before = dump(other)
    os.chmod(other, stat.S_IRUSR)
    try:
        run(target, other)
    finally:
        os.chmod(other, stat.S_IRUSR | stat.S_IWUSR)
    assert dump(other) == before


@pytest.mark.parametrize("kind", ["missing", "folder", "text", "foreign", "newer", "damaged"])
def test_bad_files_get_a_clear_error_and_change_nothing(
    target: Project, tmp_path: Path, kind: str
) -> None:
    bad = tmp_path / f"{kind}.db"
    expected: type[Exception] = NotAProjectError
    if kind == "missing":
        expected = ProjectNotFoundError
    elif kind == "folder":
        bad.mkdir()
        laptop(bad / "inside.db")
    elif kind == "text":
        bad.write_text("not a database at all\n")
    elif kind == "foreign":
        conn = sqlite3.connect(bad)
        conn.execute("CREATE TABLE things (x)")
        conn.commit()
        conn.close()
    elif kind == "newer":
        laptop(bad)
        conn = sqlite3.connect(bad)
        conn.execute(f"PRAGMA user_version = {LATEST + 1}")
        conn.close()
        expected = ProjectVersionError
    else:
        laptop(bad)
        data = bytearray(bad.read_bytes())
        for at in range(4096, len(data), 7):  # scribble over every page after the first
            data[at] = 0xFF
        bad.write_bytes(bytes(data))
    before = dump(target.path)
    with pytest.raises(expected, match=str(bad.name)) as caught:
        run(target, laptop(tmp_path / "good.db"), bad)
    assert kind != "folder" or "a folder, not a project file" in str(caught.value)
    assert dump(target.path) == before


def test_records_against_the_schema_are_listed_and_nothing_is_written(
    target: Project, tmp_path: Path
) -> None:
    schema = json.loads(default_schema().to_json())
    schema["labels"].append({**schema["labels"][0], "name": "PLACE", "key": "p"})
    with Project.create(tmp_path / "places.db", LabelSchema.from_dict(schema, "test")) as p:
        doc, _ = p.add_document(ARTICLE)
        p.add_span(doc.id, "bob", "PLACE", 90, 95)
        p.add_span(doc.id, "bob", "EVENT", 4, 11)
    before = dump(target.path)
    with pytest.raises(InputError) as caught:
        run(target, tmp_path / "places.db")
    assert len(caught.value.problems) == 1
    assert "PLACE" in str(caught.value.problems[0]) and "places.db" in str(caught.value)
    assert dump(target.path) == before
    # The store's cached ids of the rolled-back work are gone: new work still lands.
    target.add_span(1, "bob", "DATE", 15, 23)


def test_tampered_rows_are_problems(target: Project, tmp_path: Path) -> None:
    other = laptop(tmp_path / "bob.db")
    conn = sqlite3.connect(other)
    conn.execute("DROP TRIGGER spans_no_overlap_insert")
    conn.execute('INSERT INTO spans (document_id, annotator_id, label, start, "end", text, '
                 "attrs, origin, created, updated) SELECT 1, id, 'EVENT', 2, 9, 'xxxxxxx', "
                 "'{}', 'manual', 'x', 'x' FROM annotators WHERE name = 'bob'")
    conn.execute("UPDATE spans SET start = 5000, \"end\" = 5001, text = 'x' WHERE id = 1")
    conn.commit()
    conn.close()
    before = dump(target.path)
    with pytest.raises(InputError) as caught:
        run(target, other)
    assert len(caught.value.problems) >= 2
    assert dump(target.path) == before


DEEP_JSON = "'{\"a\":' || printf('%.*c', 3000, '[') || printf('%.*c', 3000, ']') || '}'"
CRAFTED = {  # SQL run on bob's file with its checks off, and what the error must say
    "status of a missing document": (
        ["UPDATE document_status SET document_id = 99 WHERE document_id = 1"],
        "status of document 99"),
    "status of a refused document": (
        ["UPDATE documents SET date = '2021-02-30' WHERE id = 1"], "document 1: '2021-02-30'"),
    "attrs nested too deeply": ([f"UPDATE spans SET attrs = {DEEP_JSON}"], "attrs: '{"),
    "a number over the digit limit": (
        ["UPDATE documents SET meta = '{\"a\": ' || printf('%.*c', 5000, '9') || '}'"],
        "document 2 meta"),
    "edit log nested too deeply": (
        ["DROP TRIGGER edits_no_update", f"UPDATE edits SET before = {DEEP_JSON}"],
        "before is not JSON"),
    "a NUL in a text": (
        ["UPDATE documents SET text = 'Talks' || char(0) || ' ended.' WHERE id = 2"],
        "document 2: the text holds a NUL"),
    "an annotator id that is no number": (
        ["CREATE TABLE t2 (id, name)", "INSERT INTO t2 SELECT 'z' || id, name FROM annotators",
         "DROP TABLE annotators", "ALTER TABLE t2 RENAME TO annotators"], "annotator 'z1'"),
    "an annotator name with a space": (
        ["UPDATE annotators SET name = 'bob '"], "'bob ' is not a valid annotator name"),
}


@pytest.mark.parametrize("case", sorted(CRAFTED))
def test_crafted_files_get_an_error_naming_them_and_change_nothing(
    target: Project, tmp_path: Path, case: str
) -> None:
    statements, message = CRAFTED[case]
    other = laptop(tmp_path / "bob.db")
    conn = sqlite3.connect(other, isolation_level=None)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    for statement in statements:
        conn.execute(statement)
    conn.close()
    before = dump(target.path)
    with pytest.raises((InputError, ValidationError)) as caught:
        run(target, other)
    assert message in str(caught.value) or message in " ".join(
        str(p) for p in getattr(caught.value, "problems", []))
    assert "bob.db" in str(caught.value)
    assert all(len(str(p)) < 300 for p in getattr(caught.value, "problems", []))
    assert dump(target.path) == before


def test_a_suggested_link_in_a_missing_document_is_left_out(
    target: Project, tmp_path: Path
) -> None:
    other = laptop(tmp_path / "bob.db")
    conn = sqlite3.connect(other, isolation_level=None)
    conn.execute('INSERT INTO suggestions (document_id, model, label, start, "end", text, attrs) '
                 "VALUES (2, 'm1', 'EVENT', 0, 5, 'Talks', '{}')")
    conn.execute("INSERT INTO suggested_relations (document_id, model, label, head_id, child_id)"
                 " VALUES (77, 'm1', 'WHEN', 2, 1)")
    conn.close()
    report = run(target, other)
    assert report.suggestions == 2
    assert target.conn.execute("SELECT count(*) FROM suggested_relations").fetchone()[0] == 0


def test_renames(target: Project, tmp_path: Path) -> None:
    assert parse_renames(["a=b", " c = d "]) == {"a": "b", "c": "d"}
    for bad in (["a"], ["=b"], ["a=b", "a=c"]):
        with pytest.raises(ValidationError):
            parse_renames(bad)
    with pytest.raises(ValidationError, match="no annotator 'zed'"):
        run(target, laptop(tmp_path / "bob.db"), renames={"zed": "z"})
    with pytest.raises(ValidationError, match="into itself"):
        run(target, target.path)


def test_cli_merge(target: Project, tmp_path: Path) -> None:
    other = laptop(tmp_path / "bob.db")
    path = target.path
    target.close()
    runner = CliRunner()
    result = runner.invoke(main, ["merge", str(path), str(other)])
    assert result.exit_code == 0, result.output
    assert "merged bob from" in result.output and "1 new document" in result.output
    again = runner.invoke(main, ["merge", str(path), str(other)])
    assert "same work as in the project" in again.output
    conflicting = laptop(tmp_path / "ann.db", who="ann")
    refused = runner.invoke(main, ["merge", str(path), str(conflicting)])
    assert refused.exit_code == 1
    assert "--rename ann=NEW_NAME" in refused.output and "Traceback" not in refused.output
    renamed = runner.invoke(main, ["merge", str(path), str(conflicting), "--rename", "ann=ann2"])
    assert renamed.exit_code == 0 and "as ann2" in renamed.output
