"""A project file from elsewhere is data, never code: its schema must be
Dateline's own, its queries are bounded, and its edit log is checked against
what each row claims before undo can ever act on it."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotations.cli import main
from annotations.errors import InputError, NotAProjectError
from annotations.model import GOLD
from annotations.progress import drive
from annotations.store import Project
from annotations.store.merge_log import HISTORY_ROWS, MARKER
from annotations.store.merge_source import MergeReport
from annotations.store.merging import merge
from annotations.store.trust import QueryGuard, guarded
from tests.conftest import ARTICLE, dump
from tests.test_merge import laptop, restore_triggers

ENDLESS = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
           "SELECT count(*) FROM c")


@pytest.fixture
def target(project: Project) -> Project:
    doc, _ = project.add_document(ARTICLE, date="2021-08-12")
    project.add_span(doc.id, GOLD, "EVENT", 4, 11)
    project.add_span(doc.id, "ann", "SPEAKER", 0, 11)
    return project


def run(project: Project, *others: Path) -> MergeReport:
    return drive(merge(project, list(others), actor="reviewer"))


def tamper(path: Path, *statements: str, params: tuple[object, ...] = ()) -> Path:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    for statement in statements:
        conn.execute(statement, params if "?" in statement else ())
    restore_triggers(conn)
    conn.close()
    return path


def forge(path: Path, action: str, entity: str, entity_id: object, document_id: object,
          before: object = None, after: object = None, who: str = "bob") -> Path:
    """Append a row to the file's edit log, as a hand-edited file could hold."""
    values = tuple(json.dumps(v) if isinstance(v, list | dict) else v
                   for v in (entity_id, document_id))
    return tamper(
        path,
        "INSERT INTO edits (time, actor, annotator, document_id, action, entity, entity_id, "
        "before, after) VALUES ('t', ?, ?, ?, ?, ?, ?, ?, ?)",
        params=(who, who, values[1], action, entity, values[0],
                None if before is None else json.dumps(before),
                None if after is None else json.dumps(after)),
    )


HOSTILE_SCHEMAS = {  # SQL run on bob's file, and what the refusal must name
    "a view in place of spans": (
        ["PRAGMA legacy_alter_table = ON", "ALTER TABLE spans RENAME TO spans_kept",
         f"CREATE VIEW spans AS {ENDLESS.replace('count(*)', '*')}"], "view 'spans'"),
    "a planted trigger": (
        ["CREATE TRIGGER wipe AFTER INSERT ON spans BEGIN DELETE FROM spans "
         "WHERE annotator_id != NEW.annotator_id; END"], "trigger 'wipe'"),
    "an extra table": (["CREATE TABLE notes_of_mine (x)"], "table 'notes_of_mine'"),
    "an extra index": (["CREATE INDEX sneaky ON edits(time)"], "index 'sneaky'"),
    "a changed table": (
        ["DROP TABLE document_tokens", "CREATE TABLE document_tokens (x)"],
        "table 'document_tokens' is not defined as Dateline declares it"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_SCHEMAS))
def test_a_schema_dateline_does_not_declare_is_refused_by_name(
    target: Project, tmp_path: Path, case: str
) -> None:
    statements, named = HOSTILE_SCHEMAS[case]
    other = tamper(laptop(tmp_path / "bob.db"), *statements)
    before = dump(target.path)
    with pytest.raises(NotAProjectError) as caught:
        run(target, other)
    message = str(caught.value)
    assert named in message and "bob.db" in message and "nothing was merged" in message
    assert "\n" not in message
    assert dump(target.path) == before


def test_a_project_file_opened_directly_with_a_planted_trigger_is_refused(
    tmp_path: Path
) -> None:
    path = laptop(tmp_path / "bob.db")
    tamper(path, *HOSTILE_SCHEMAS["a planted trigger"][0])
    before = dump(path)
    with pytest.raises(NotAProjectError, match="trigger 'wipe' that Dateline does not declare"):
        Project(path)
    assert dump(path) == before


def test_the_cli_refuses_a_hostile_file_in_one_line(target: Project, tmp_path: Path) -> None:
    other = tamper(laptop(tmp_path / "bob.db"), *HOSTILE_SCHEMAS["a view in place of spans"][0])
    path = target.path
    target.close()
    before = dump(path)
    result = CliRunner().invoke(main, ["merge", str(path), str(other)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "view 'spans'" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert dump(path) == before


# --- bounded queries ----------------------------------------------------------------------


def test_a_query_running_over_its_time_is_stopped(tmp_path: Path) -> None:
    conn = sqlite3.connect(":memory:")
    with pytest.raises(NotAProjectError, match="ran over"), \
            guarded(conn, tmp_path / "x.db", "nothing was merged") as guard:
        guard.seconds = 0.05
        guard.step()
        conn.execute(ENDLESS).fetchone()
    conn.close()


def test_ctrl_c_stops_a_query_sqlite_is_running(tmp_path: Path) -> None:
    conn = sqlite3.connect(":memory:")
    guard = QueryGuard(conn)
    timer = threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGINT))
    try:
        with pytest.raises(KeyboardInterrupt):  # (however late the signal comes, it is in here)
            timer.start()
            try:
                conn.execute(ENDLESS).fetchone()
            except sqlite3.OperationalError as exc:
                guard.reraise(exc)
                raise
    finally:
        timer.cancel()
        conn.close()


def test_ctrl_c_during_a_merge_leaves_the_target_unchanged(
    target: Project, tmp_path: Path
) -> None:
    other = laptop(tmp_path / "bob.db")
    before = dump(target.path)
    work = merge(target, [other], actor="reviewer")
    next(work)
    with pytest.raises(KeyboardInterrupt):
        work.throw(KeyboardInterrupt)
    assert dump(target.path) == before
    assert not target.conn.in_transaction


# --- the edit log -------------------------------------------------------------------------


def _bob_span(path: Path) -> dict[str, object]:
    with Project(path) as p:
        span = next(s for s in p.spans(1, "bob") if s.label == "SPEAKER")
        return {**span.__dict__}


FORGED = {  # how a row is forged, and what the refusal must say
    "a deletion whose before names gold": (
        lambda span: ("delete_span", "span", span["id"], 1, {**span, "annotator": GOLD}, None),
        "names annotator 'gold', not 'bob'"),
    "a deletion of another document": (
        lambda span: ("delete_span", "span", span["id"], 1, {**span, "document_id": 2}, None),
        "names document 2, not the row's own"),
    "a list where an id is": (
        lambda span: ("delete_span", "span", [1, 2], 1, span, None), "names span"),
    "a dict where a document is": (
        lambda span: ("add_span", "span", span["id"], {"a": 1}, None, span),
        "names document"),
    "a span that is no span": (
        lambda span: ("update_span", "span", span["id"], 1, {"id": span["id"]}, span),
        "its before is not a span"),
    "a relation named as a span": (
        lambda span: ("add_relation", "span", span["id"], 1, None, span), "not a relation"),
}


@pytest.mark.parametrize("case", sorted(FORGED))
def test_forged_edit_log_rows_refuse_the_merge(target: Project, tmp_path: Path,
                                                case: str) -> None:
    make, message = FORGED[case]
    other = laptop(tmp_path / "bob.db")
    forge(other, *make(_bob_span(other)))
    before = dump(target.path)
    with pytest.raises(InputError) as caught:
        run(target, other)
    assert message in str(caught.value) and "bob.db" in str(caught.value)
    assert "\n" not in str(caught.value)
    assert dump(target.path) == before


def test_a_forged_date_change_is_not_copied_and_ends_the_undo_history(
    target: Project, tmp_path: Path
) -> None:
    other = forge(laptop(tmp_path / "bob.db"), "set_date", "document", 1, 1,
                  {"date": "1999-01-01"}, {"date": "2021-08-12"})
    run(target, other)
    shared = target.document(1)
    edits = target.edits(annotator="bob", document_id=shared.id)
    assert "set_date" not in [e.action for e in edits]
    assert edits[-1].action == MARKER and edits[-1].after is not None
    assert edits[-1].after["left_out"] == ["set_date"]
    assert shared.date == "2021-08-12"


def test_garbage_log_rows_stop_the_merge_early(target: Project, tmp_path: Path) -> None:
    other = laptop(tmp_path / "bob.db")
    tamper(other, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                  "WHERE i < 5000) INSERT INTO edits (time, actor, annotator, document_id, "
                  "action, entity, entity_id, before, after) SELECT 't', 'bob', 'bob', 1, "
                  "'delete_span', 'span', i, '[1]', NULL FROM n")
    before = dump(target.path)
    with pytest.raises(InputError) as caught:
        run(target, other)
    assert len(caught.value.problems) <= 101
    assert "too many bad records" in str(caught.value.problems[-1])
    assert dump(target.path) == before


@pytest.mark.parametrize("seconds", ["1e999", "-1e999", "-3"])
def test_a_time_spent_that_is_no_number_of_seconds_is_refused(
    target: Project, tmp_path: Path, seconds: str
) -> None:
    other = tamper(laptop(tmp_path / "bob.db"), f"UPDATE document_status SET seconds = {seconds}")
    before = dump(target.path)
    with pytest.raises(InputError, match="is not a number of seconds"):
        run(target, other)
    assert dump(target.path) == before


def test_a_value_over_the_size_limit_is_refused(target: Project, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import annotations.store.trust as trust

    other = tamper(laptop(tmp_path / "bob.db"),
                   "UPDATE documents SET meta = json_object('pad', printf('%.*c', 5000, 'x')) "
                   "WHERE id = 2")
    monkeypatch.setattr(trust, "MAX_VALUE_BYTES", 4000)  # (64 MB: too big for a test)
    before = dump(target.path)
    with pytest.raises(NotAProjectError, match="holds a value over the 4,000 bytes"):
        run(target, other)
    assert dump(target.path) == before


def test_undo_after_a_merge_only_acts_on_the_merged_annotator(
    target: Project, tmp_path: Path
) -> None:
    run(target, laptop(tmp_path / "bob.db"))
    gold = [s.id for s in target.spans(1, GOLD)]
    for edit in reversed(target.edits(annotator="bob")):
        if edit.action != MARKER:
            target.revert(edit)
    assert [s.id for s in target.spans(1, GOLD)] == gold
    assert target.spans(1, "ann")


def test_only_the_latest_history_of_a_document_comes_in(target: Project, tmp_path: Path) -> None:
    other = tamper(laptop(tmp_path / "bob.db"),
                   f"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                   f"WHERE i < {HISTORY_ROWS + 500}) INSERT INTO edits (time, actor, annotator, "
                   "document_id, action, entity, entity_id, before, after) SELECT 't', 'bob', "
                   "'bob', 2, 'set_note', 'status', 2, json_object('note', 'n' || (i - 1)), "
                   "json_object('note', 'n' || i) FROM n")
    run(target, other)
    new = next(d for d in target.documents() if d.text != ARTICLE)
    edits = target.edits(annotator="bob", document_id=new.id)
    assert len(edits) == HISTORY_ROWS + 1
    assert edits[0].action == MARKER and edits[0].after is not None
    assert edits[0].after["left_out"] == ["older edits"]
    assert edits[-1].after == {"note": f"n{HISTORY_ROWS + 500}"}


def test_a_refused_project_file_is_not_written_at_all(tmp_path: Path) -> None:
    path = laptop(tmp_path / "bob.db")
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = DELETE")  # as a file from elsewhere may come
    conn.execute(HOSTILE_SCHEMAS["a planted trigger"][0][0])
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NotAProjectError, match="trigger 'wipe'"):
        Project(path)
    assert path.read_bytes() == before  # not even switched to WAL


def test_control_characters_of_a_forged_row_are_shown_escaped(
    target: Project, tmp_path: Path
) -> None:
    other = laptop(tmp_path / "bob.db")
    span = _bob_span(other)
    forge(other, "delete_span", "span", span["id"], 1,
          {**span, "annotator": "gold\x1b[2J\nforged"}, None)
    with pytest.raises(InputError) as caught:
        run(target, other)
    message = str(caught.value)
    assert "\x1b" not in message and "\n" not in message and "\\x1b[2J\\n" in message
