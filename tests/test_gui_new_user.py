"""What a tester met as a new user, each checked on the real window: an empty
project greys out what has no document to act on and says why, the keys say
"No document open" there, Delete, Undo, Redo and Mark Done say what they did,
a selected suggestion shows in the side panel, and the document list gives
its titles the room at 1366x768."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QHeaderView, QLabel, QStyle
from pytestqt.qtbot import QtBot

from annotations.store import Project
from app.main import build_window
from app.settings import Settings
from app.window import MainWindow
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
    wait_for_suggestions,
)

CTRL = Qt.KeyboardModifier.ControlModifier


def form_text(form: QFormLayout, row: int, role: QFormLayout.ItemRole) -> str:
    """The text of the label in one cell of a form."""
    item = form.itemAt(row, role)
    label = item.widget() if item is not None else None
    assert isinstance(label, QLabel), label
    return label.text()


def empty_window(qtbot: QtBot, tmp_path: Path, settings: Settings) -> MainWindow:
    target = tmp_path / "empty.dateline"
    Project.create(target).close()
    return open_window(qtbot, target, settings)


def test_an_empty_project_greys_out_the_document_fields_and_says_why(
        qtbot: QtBot, tmp_path: Path, settings: Settings) -> None:
    window = empty_window(qtbot, tmp_path, settings)
    assert window.session.document_id is None
    assert "No documents yet: File › Import Articles…" in window.article.placeholderText()
    assert not window.header.date.isEnabled()
    assert not window.document_panel.note.isEnabled()
    assert not window.document_panel.done_button.isEnabled()
    # An import brings a document: the fields work again.
    article = tmp_path / "embassy.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    window.projects.import_paths([article])
    qtbot.waitUntil(lambda: window.session.document_id is not None, timeout=10_000)
    assert window.header.date.isEnabled()
    assert window.document_panel.note.isEnabled()
    assert window.document_panel.done_button.isEnabled()


def test_keys_in_an_empty_project_say_no_document_is_open(
        qtbot: QtBot, tmp_path: Path, settings: Settings) -> None:
    window = empty_window(qtbot, tmp_path, settings)
    for key, modifier in ((Qt.Key.Key_N, Qt.KeyboardModifier.NoModifier),
                          (Qt.Key.Key_D, CTRL), (Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier),
                          (Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier)):
        window.show_message("")
        press(qtbot, window, key, modifier)
        assert window.last_message.startswith("No document open"), key


def test_delete_undo_redo_and_mark_done_say_what_they_did(
        qtbot: QtBot, tmp_path: Path, settings: Settings) -> None:
    path = news_project(tmp_path, (ARTICLE, "2021-08-12"), (SECOND, "2021-08-13"))
    window = open_window(qtbot, path, settings)
    quote = tag(qtbot, window, at(ARTICLE, "flights"), at(ARTICLE, "stop") + 4, "q")
    speaker = tag(qtbot, window, at(ARTICLE, "embassy"), at(ARTICLE, "embassy") + 7, "s")
    press(qtbot, window, "a")
    press(qtbot, window, Qt.Key.Key_Tab)
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.session.partners(speaker)[0][1] == quote
    window.session.select(quote)
    press(qtbot, window, Qt.Key.Key_Delete)
    assert spans(path) == [("SPEAKER", 4, 11, "embassy")]
    assert window.last_message.startswith("Deleted QUOTE “flights will stop” and 1 link")
    assert window.session.selected is None
    undo_key(qtbot, window)
    assert ("QUOTE", quote) in {(s.label, s.id) for s in window.session.project.spans(1)}
    assert window.last_message == "Undid: Delete QUOTE “flights will stop”"
    assert window.session.selected == quote  # what came back is selected
    assert window.span_panel.title.text() == "QUOTE span"
    redo_key(qtbot, window)
    assert window.last_message == "Redid: Delete QUOTE “flights will stop”"
    assert [s[0] for s in spans(path)] == ["SPEAKER"]
    press(qtbot, window, Qt.Key.Key_D, CTRL)
    assert rows(path, "SELECT status FROM document_status WHERE document_id = 1") == [("done",)]
    assert window.last_message == "Marked done (1 of 2)."
    press(qtbot, window, Qt.Key.Key_D, CTRL)
    assert window.last_message == "Marked in progress (0 of 2 done)."


def test_a_selected_suggestion_shows_in_the_side_panel_with_accept_and_reject(
        qtbot: QtBot, tmp_path: Path, settings: Settings) -> None:
    path = news_project(tmp_path, (ARTICLE, "2021-08-12"))
    window = open_window(qtbot, path, settings)
    wait_for_suggestions(qtbot, window)
    panel = window.span_panel
    assert panel.title.text() == "No span selected"
    press(qtbot, window, "n")
    found = window.suggestions.current()
    assert found is not None
    qtbot.waitUntil(panel.accept_button.isVisible)
    assert panel.title.text() == f"Suggested {found.label}"
    assert found.text.split()[0] in panel.suggested_text.text()
    form = panel.suggested_attrs
    shown = {form_text(form, row, QFormLayout.ItemRole.LabelRole):
             form_text(form, row, QFormLayout.ItemRole.FieldRole)
             for row in range(form.rowCount())}
    assert shown == {f"{k}:": str(v) for k, v in found.attrs.items()}
    assert not panel.details.isVisible()  # no editors: a suggestion is read-only
    assert panel.accept_button.text() == "Accept (Space)"
    assert panel.reject_button.text() == "Reject (X)"
    qtbot.mouseClick(panel.reject_button, Qt.MouseButton.LeftButton)
    assert rows(path, "SELECT suggestion_id, decision FROM suggestion_decisions") == [
        (found.id, "rejected")]
    chosen = window.suggestions.current()
    assert chosen is not None and chosen.id != found.id
    qtbot.mouseClick(panel.accept_button, Qt.MouseButton.LeftButton)
    assert rows(path, 'SELECT label, start, "end" FROM spans') == [
        (chosen.label, chosen.start, chosen.end)]
    # The panel goes on to the next suggestion, as Space does.
    upcoming = window.suggestions.current()
    if upcoming is not None:
        assert panel.title.text() == f"Suggested {upcoming.label}"
    # Clicking a span shows the span (its editors), not the suggestion.
    window.session.select(window.session.project.spans(1)[0].id)
    assert panel.title.text() == f"{chosen.label} span"
    assert panel.details.isVisible() and not panel.suggested.isVisible()


LONG_TITLE = "Embassy urges citizens to leave Kabul within ninety days as flights stop"


def test_the_document_list_gives_titles_the_room_at_1366(
        qtbot: QtBot, tmp_path: Path, settings: Settings) -> None:
    target = tmp_path / "titled.dateline"
    with Project.create(target) as project:
        project.add_document(ARTICLE, title=LONG_TITLE, date="2021-08-12")
    window = build_window(target, settings=settings, annotator="ana", ask=False)
    assert window is not None
    qtbot.addWidget(window)
    window.resize(1366, 768)  # a 13-inch laptop, first run: the default split
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: not window.layouts.unsplit)
    table = window.documents.table
    header = table.horizontalHeader()
    assert header.sectionResizeMode(0) == QHeaderView.ResizeMode.Stretch
    for column in (1, 2):  # Date and Spans as wide as what they hold
        assert header.sectionResizeMode(column) == QHeaderView.ResizeMode.ResizeToContents
        assert header.sectionSize(column) <= max(table.sizeHintForColumn(column),
                                                  header.sectionSizeHint(column))
    icon = table.iconSize().width() or table.style().pixelMetric(
        QStyle.PixelMetric.PM_SmallIconSize)
    room = header.sectionSize(0) - icon - 12
    shown = table.fontMetrics().elidedText(LONG_TITLE, Qt.TextElideMode.ElideRight, room)
    assert len(shown.rstrip("…")) >= 30, shown
