"""A key press refreshes only what its edit changed (issue 15), and what it
skips still shows the file: the document panel reads the status again only
while it says New, the article redraws the selection's outlines only when the
edit touches the selected span or its partners (else the selection the edit
makes redraws them)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.article import PARTNERS, SELECTION
from app.settings import Settings
from app.spanindex import Mark
from app.window import MainWindow
from tests.gui_support import ARTICLE, SECOND, at, news_project, open_window, press, tag

SHOWN = {"new": "New", "in_progress": "In progress", "done": "Done"}


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, settings: Settings) -> MainWindow:
    path = news_project(tmp_path, (ARTICLE, "2021-08-12"), (SECOND, None))
    return open_window(qtbot, path, settings)


def outlined(window: MainWindow) -> tuple[list[Mark], list[Mark]]:
    """The marks the selection and partner outlines are drawn around."""
    view = window.article
    end = len(view.toPlainText())
    return view.layer_overlapping(SELECTION, 0, end), view.layer_overlapping(PARTNERS, 0, end)


def test_the_panel_shows_the_stored_status_after_each_span_edit(
        qtbot: QtBot, window: MainWindow) -> None:
    panel, session = window.document_panel, window.session
    assert panel.status.text() == "New"
    for word in ("embassy", "citizens"):
        tag(qtbot, window, at(ARTICLE, word), at(ARTICLE, word) + len(word), "e")
        assert panel.status.text() == SHOWN[session.status().status] == "In progress"
    window.undo_stacks.undo()
    assert panel.status.text() == SHOWN[session.status().status]
    window.open_document(2)  # another new document: its first span starts it too
    assert panel.status.text() == "New"
    tag(qtbot, window, at(SECOND, "talks"), at(SECOND, "talks") + 5, "e")
    assert panel.status.text() == "In progress"


def test_the_selection_outlines_follow_the_selected_span_through_edits(
        qtbot: QtBot, window: MainWindow) -> None:
    view, session = window.article, window.session
    first = tag(qtbot, window, at(ARTICLE, "embassy"), at(ARTICLE, "embassy") + 7, "e")
    assert outlined(window) == ([view.index.get(first)], [])
    other = tag(qtbot, window, at(ARTICLE, "citizens"), at(ARTICLE, "citizens") + 8, "e")
    assert outlined(window) == ([view.index.get(other)], [])
    session.select(first)
    window.undo_stacks.undo()  # takes `other` away: the selection stays where it was
    assert view.index.get(other) is None
    assert session.selected == first
    assert outlined(window) == ([view.index.get(first)], [])
    with qtbot.waitSignal(session.spans_changed):
        press(qtbot, window, "s")  # relabels the selected span: its outline follows
    relabelled = view.index.get(first)
    assert relabelled is not None and relabelled.label == "SPEAKER"
    assert outlined(window) == ([relabelled], [])
    window.undo_stacks.undo()  # the relabel undone: the outline has the old label again
    assert outlined(window) == ([view.index.get(first)], [])
    assert view.index.get(first).label == "EVENT"  # type: ignore[union-attr]
