"""Undo that survives a restart: close the window, open it again, press Ctrl+Z
and the last edit of the earlier session is taken back (from the edit log)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from annotations.store import Project
from annotations.store.suggestions import store_suggestions
from annotations.suggest.model import default_model_name
from annotations.suggest.types import SuggestedSpan, Suggestions
from app.history import group, standing
from app.settings import Settings
from app.suggestions import pipeline_identity
from tests.gui_support import (
    ARTICLE,
    SECOND,
    at,
    news_project,
    open_window,
    press,
    redo_key,
    rows,
    spans,
    tag,
    undo_key,
)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return news_project(tmp_path, (ARTICLE, "2021-08-12"), (SECOND, None))


def test_ctrl_z_after_a_restart_undoes_the_last_session_step_by_step(
        qtbot: QtBot, path: Path, settings: Settings) -> None:
    window = open_window(qtbot, path, settings)
    speaker = tag(qtbot, window, at(ARTICLE, "embassy"), at(ARTICLE, "embassy") + 7, "s")
    tag(qtbot, window, at(ARTICLE, "flights"), at(ARTICLE, "stop") + 4, "q")
    window.session.select(speaker)
    press(qtbot, window, "a")  # SAID, then pick the quote
    press(qtbot, window, "\t")
    window.links.confirm_link()
    assert rows(path, "SELECT label FROM relations") == [("SAID",)]
    tag(qtbot, window, at(ARTICLE, "said"), at(ARTICLE, "said") + 4, "e")
    press(qtbot, window, "d")  # relabel the EVENT as a DATE
    window.close()

    again = open_window(qtbot, path, settings)
    assert again.session.document_id == 1
    assert again.actions_by_name["undo"].isEnabled()
    undo_key(qtbot, again)  # the relabel
    assert ("EVENT", at(ARTICLE, "said"), at(ARTICLE, "said") + 4, "said") in spans(path)
    undo_key(qtbot, again)  # the tag
    assert [s[3] for s in spans(path)] == ["embassy", "flights will stop"]
    undo_key(qtbot, again)  # the link
    assert rows(path, "SELECT label FROM relations") == []
    redo_key(qtbot, again)
    assert rows(path, "SELECT label FROM relations") == [("SAID",)]
    undo_key(qtbot, again)
    undo_key(qtbot, again)
    undo_key(qtbot, again)
    assert spans(path) == []
    assert not again.actions_by_name["undo"].isEnabled()
    redo_key(qtbot, again)
    assert [s[3] for s in spans(path)] == ["embassy"]
    # The marks drawn follow the file.
    assert [m.label for m in again.article.index.marks()] == ["SPEAKER"]


def test_an_undo_in_the_earlier_session_is_not_undone_again(
        qtbot: QtBot, path: Path, settings: Settings) -> None:
    window = open_window(qtbot, path, settings)
    tag(qtbot, window, at(ARTICLE, "embassy"), at(ARTICLE, "embassy") + 7, "s")
    tag(qtbot, window, at(ARTICLE, "urged"), at(ARTICLE, "urged") + 5, "e")
    window.undo_stacks.undo()  # "urged" goes; the log holds the tag and its undo
    window.navigation.toggle_done()
    window.undo_stacks.undo()
    window.close()

    again = open_window(qtbot, path, settings)
    undo_key(qtbot, again)  # the SPEAKER, not "urged" back
    assert spans(path) == []
    assert rows(path, "SELECT status FROM document_status WHERE document_id = 1") == [
        ("in_progress",)]


def test_a_deleted_span_comes_back_with_its_relation_after_a_restart(
        qtbot: QtBot, path: Path, settings: Settings) -> None:
    window = open_window(qtbot, path, settings)
    speaker = tag(qtbot, window, at(ARTICLE, "spokesman"), at(ARTICLE, "spokesman") + 9, "s")
    quote = tag(qtbot, window, at(ARTICLE, "the alert"), at(ARTICLE, "serious") + 7, "q")
    window.session.select(speaker)
    press(qtbot, window, "a")
    window.links.finish_link(quote)
    window.session.select(speaker)
    window.tagging.delete_selected()
    assert rows(path, "SELECT count(*) FROM relations") == [(0,)]
    window.close()

    again = open_window(qtbot, path, settings)
    undo_key(qtbot, again)  # one step: the span and its relation
    assert rows(path, "SELECT id FROM spans ORDER BY id") == [(speaker,), (quote,)]
    assert rows(path, "SELECT head_id, child_id FROM relations") == [(speaker, quote)]
    assert [r.label for r in again.session.relations] == ["SAID"]


def test_an_accepted_suggestion_is_taken_back_after_a_restart(
        qtbot: QtBot, path: Path, settings: Settings) -> None:
    identity = pipeline_identity(default_model_name())
    assert identity is not None
    with Project(path) as project:
        start = at(ARTICLE, "urged")
        store_suggestions(project, 1, identity, Suggestions(
            [SuggestedSpan("EVENT", start, start + 5, {"class": "I_ACTION"})]))
    window = open_window(qtbot, path, settings)
    qtbot.waitUntil(lambda: bool(window.suggestions.items), timeout=10000)
    press(qtbot, window, "n")
    press(qtbot, window, " ")
    assert rows(path, "SELECT decision FROM suggestion_decisions") == [("accepted",)]
    window.close()

    again = open_window(qtbot, path, settings)
    undo_key(qtbot, again)
    assert rows(path, "SELECT decision FROM suggestion_decisions") == []
    assert spans(path) == []
    qtbot.waitUntil(lambda: bool(again.suggestions.items), timeout=10000)
    redo_key(qtbot, again)
    assert rows(path, "SELECT decision FROM suggestion_decisions") == [("accepted",)]
    assert [s[3] for s in spans(path)] == ["urged"]


def test_the_log_is_read_as_steps_that_cancel_with_their_undo(path: Path) -> None:
    with Project(path) as project:
        span = project.add_span(1, "ana", "EVENT", 4, 11)
        project.update_span(span.id, label="SPEAKER", attrs={})
        project.update_span(span.id, label="EVENT", attrs={})  # an undo of the relabel
        project.set_status(2, "ana", "done")
        edits = project.edits(annotator="ana")
    kinds = [step.key[0] if step else None for step in group(edits)]
    assert kinds == ["+span", "update", "update", "set_status"]
    assert [s.key[0] for s in standing(edits)] == ["+span", "set_status"]


def test_redo_after_a_restart_reverts_only_the_annotators_own_rows(
        qtbot: QtBot, path: Path, settings: Settings) -> None:
    """Another program (a merge, a second window) commits while an earlier
    session's step is undone: its log rows are not taken as part of the undo,
    so redo does not revert them (ben's span stays)."""
    window = open_window(qtbot, path, settings)
    tag(qtbot, window, at(ARTICLE, "embassy"), at(ARTICLE, "embassy") + 7, "s")
    window.close()

    again = open_window(qtbot, path, settings)
    other = Project(path, actor="ben")
    wrote: list[int] = []

    def another_writer(statement: str) -> None:
        if statement.startswith("BEGIN") and not wrote:  # between reading the log and writing
            wrote.append(other.add_span(2, "ben", "EVENT", 0, 9).id)

    again.session.project.conn.set_trace_callback(another_writer)
    try:
        undo_key(qtbot, again)  # the tag, from the log
    finally:
        again.session.project.conn.set_trace_callback(None)
        other.close()
    assert wrote
    assert spans(path) == [("EVENT", 0, 9, "Officials")]
    redo_key(qtbot, again)
    assert sorted(spans(path)) == [("EVENT", 0, 9, "Officials"),
                                   ("SPEAKER", at(ARTICLE, "embassy"),
                                    at(ARTICLE, "embassy") + 7, "embassy")]
