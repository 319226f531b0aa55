"""What a new annotator met on a 13-inch laptop screen (1366x768), each
checked on the real window: a relation listed beside its span can be read,
a theme change recolours every icon, a refused write keeps the reader's place
in a long article, the shortcut sheet names actions (not the last edit),
status messages fit beside the status bar's permanent fields, and setting a
document's date has its suggestions worked out again against it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QTextBrowser
from pytestqt.qtbot import QtBot

from app.settings import Settings
from app.window import MainWindow
from tests.gui_support import (
    ARTICLE,
    at,
    news_project,
    open_window,
    press,
    rows,
    tag,
    wait_for_suggestions,
)

LONG_QUOTE = (
    "The minister said that “the new bridge across the harbour will carry trains, buses and "
    "bicycles from the first day it opens to the public,\" and left."
)
LONG_ARTICLE = "\n\n".join(
    f"Paragraph {n}: the council met again and the talks went on for hours." for n in range(400)
)
UNDATED = "The museum reopened on Thursday, the director said."


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return news_project(tmp_path, (ARTICLE, "2021-08-12"), (LONG_QUOTE, "2021-08-13"),
                        (LONG_ARTICLE, "2021-08-14"), (UNDATED, None))


@pytest.fixture
def window(qtbot: QtBot, path: Path, settings: Settings) -> MainWindow:
    shown = open_window(qtbot, path, settings)
    shown.resize(1366, 768)
    return shown


def test_a_relation_beside_a_long_quote_is_listed_readably(
        qtbot: QtBot, window: MainWindow) -> None:
    window.open_document(2)
    quote = tag(qtbot, window, at(LONG_QUOTE, "the new"), at(LONG_QUOTE, "public") + 6, "q")
    speaker = tag(qtbot, window, at(LONG_QUOTE, "minister"), at(LONG_QUOTE, "minister") + 8,
                  "s")
    press(qtbot, window, "a")
    press(qtbot, window, Qt.Key.Key_Tab)
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.session.partners(speaker)[0][1] == quote
    listed = window.span_panel.relations
    qtbot.waitUntil(listed.isVisible)
    assert listed.count() == 1
    # The one row shows in full height: no horizontal scroll bar over it.
    assert not listed.horizontalScrollBar().isVisible()
    assert listed.viewport().height() >= listed.sizeHintForRow(0)
    item = listed.item(0)
    assert item is not None and "public" in item.toolTip()


def pixels(window: MainWindow) -> tuple[QImage, QImage]:
    header_icon = window.header.date_icon.pixmap().toImage()
    button_icon = window.span_panel.delete_button.icon().pixmap(16, 16).toImage()
    return header_icon, button_icon


def test_a_theme_change_recolours_the_panels_icons(qtbot: QtBot, window: MainWindow) -> None:
    window.layouts.set_theme("light")
    light = pixels(window)
    window.layouts.set_theme("dark")
    dark = pixels(window)
    assert light[0] != dark[0]  # the calendar beside the document date
    assert light[1] != dark[1]  # the span panel's Delete button
    window.layouts.set_theme("light")
    assert pixels(window) == light


def test_a_refused_write_keeps_the_readers_place_in_a_long_article(
        qtbot: QtBot, window: MainWindow, path: Path) -> None:
    window.open_document(3)
    view = window.article
    bar = view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 100)
    bar.setValue(bar.maximum() * 2 // 3)
    place = bar.value()
    first = view.firstVisibleBlock().position()
    window.session.project.conn.execute("PRAGMA busy_timeout = 50")
    word = LONG_ARTICLE.index("talks", first)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        view.select_text(word, word + 5)
        view.verticalScrollBar().setValue(place)
        press(qtbot, window, "e")
        assert "locked" in window.last_error
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert window.session.document_id == 3
    assert bar.value() == place
    assert window.error_box is not None
    window.error_box.accept()


def test_the_shortcut_sheet_names_each_action_not_the_last_edit(
        qtbot: QtBot, window: MainWindow) -> None:
    tag(qtbot, window, at(ARTICLE, "urged"), at(ARTICLE, "urged") + 5, "e")
    assert window.actions_by_name["undo"].text().startswith("&Undo Tag")
    window.show_shortcuts()
    sheet = window.shortcuts_dialog.findChild(QTextBrowser)
    assert sheet is not None
    text = sheet.toPlainText()
    assert "Undo" in text and "Undo Tag" not in text
    assert "Mark Done" in text and "Select a word" in text
    window.shortcuts_dialog.close()


def message_room(window: MainWindow) -> int:
    """The status bar's width left of its permanent fields (where messages go)."""
    bar = window.statusBar()
    fields = [w for w in (window.model_label, window.annotator_label, window.progress)
              if w.isVisible()]
    return min(w.geometry().left() for w in fields) - 8 if fields else bar.width()


def test_status_messages_fit_beside_the_permanent_fields_at_1366(
        qtbot: QtBot, window: MainWindow) -> None:
    wait_for_suggestions(qtbot, window)
    QApplication.processEvents()
    assert window.model_label.text().startswith("Model: ")
    window.suggesting.on_too_long(200_000)
    metrics = window.statusBar().fontMetrics()
    assert metrics.horizontalAdvance(window.last_message) <= message_room(window)
    assert window.statusBar().toolTip() == window.last_message


def date_values(window: MainWindow) -> list[str]:
    return [str(s.attrs.get("value")) for s in window.suggestions.items if s.label == "DATE"]


def test_setting_a_missing_date_has_the_document_suggested_again(
        qtbot: QtBot, window: MainWindow, path: Path) -> None:
    window.open_document(4)
    wait_for_suggestions(qtbot, window)
    qtbot.waitUntil(lambda: any("X" in v for v in date_values(window)), timeout=120_000)
    runs = rows(path, "SELECT count(*) FROM suggestion_runs WHERE document_id = 4")
    assert runs == [(1,)]
    # Typed into the date field as the annotator would (Ctrl+Shift+D).
    press(qtbot, window, Qt.Key.Key_D,
          Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.header.date.hasFocus()
    qtbot.keyClicks(window.header.date, "2024-05-04")
    qtbot.keyClick(window.header.date, Qt.Key.Key_Return)
    assert rows(path, "SELECT date FROM documents WHERE id = 4") == [("2024-05-04",)]
    # Thursday before a Saturday article: 2024-05-02, nothing unknown left.
    qtbot.waitUntil(lambda: bool(date_values(window))
                    and not any("X" in v for v in date_values(window)), timeout=120_000)
    assert "2024-05-02" in date_values(window)


def test_a_date_set_after_suggestions_were_decided_keeps_them_and_warns(
        qtbot: QtBot, window: MainWindow, path: Path) -> None:
    window.open_document(4)
    wait_for_suggestions(qtbot, window)
    qtbot.waitUntil(lambda: bool(date_values(window)), timeout=120_000)
    window.suggesting.next_suggestion()
    window.suggesting.reject_suggestion()
    decided = rows(path, "SELECT count(*) FROM suggestion_decisions")
    assert decided == [(1,)]
    window.navigation.set_date("2024-05-04")
    assert "old document date" in window.last_message
    assert rows(path, "SELECT count(*) FROM suggestion_decisions") == decided
