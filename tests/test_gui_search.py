"""Find in Project in the real window: Ctrl+Shift+F, words typed, filters, Enter
opens the document at the hit; an import shows up in the results at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QTreeWidgetItem
from pytestqt.qtbot import QtBot

from annotations.store import Project
from app.searchpanel import SearchPanel
from app.settings import Settings
from app.window import MainWindow
from tests.gui_support import open_window

FLOODS = ("The river burst its banks on Monday. Officials in Riverton said the flood "
          "would last a week, and the mayor declared an emergency.")
ELECTION = "Voters in Riverton went to the polls on Sunday. The mayor praised the turnout."
MARKET = "Shares fell sharply on Tuesday as traders weighed the bank's decision."
TIMEOUT_MS = 30_000


@pytest.fixture
def path(tmp_path: Path) -> Path:
    target = tmp_path / "search.dateline"
    with Project.create(target) as p:
        p.add_document(MARKET, title="Markets fall")
        flood, _ = p.add_document(FLOODS, title="Floods in Riverton", date="2021-08-12")
        election, _ = p.add_document(ELECTION, title="Riverton votes", date="2021-09-05")
        start = FLOODS.index("the mayor")
        p.add_span(flood.id, "ann", "SPEAKER", start, start + len("the mayor"))
        p.set_status(election.id, "ann", "done")
    return target


@pytest.fixture
def window(qtbot: QtBot, path: Path, settings: Settings) -> MainWindow:
    return open_window(qtbot, path, settings, annotator="ann")


def open_panel(qtbot: QtBot, window: MainWindow) -> SearchPanel:
    qtbot.keyClick(window.article, "f",
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    panel = window.findChild(SearchPanel, "search")
    assert panel is not None
    qtbot.waitExposed(panel)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is panel)
    assert panel.words.hasFocus()
    return panel


def rows_of(panel: SearchPanel) -> list[QTreeWidgetItem]:
    items = [panel.results.topLevelItem(i) for i in range(panel.results.topLevelItemCount())]
    return [i for i in items if i is not None]


def listed(panel: SearchPanel) -> list[tuple[str, str, str]]:
    return [(i.text(0), i.text(1), i.text(2)) for i in rows_of(panel)]


def test_typing_lists_hits_with_context_title_date_and_status(
        qtbot: QtBot, window: MainWindow) -> None:
    panel = open_panel(qtbot, window)
    with qtbot.waitSignal(panel.searched, timeout=TIMEOUT_MS):
        qtbot.keyClicks(panel.words, "mayor riverton")
    assert sorted(listed(panel)) == [("Floods in Riverton", "2021-08-12", "in progress"),
                                     ("Riverton votes", "2021-09-05", "done")]
    context = panel.results.itemWidget(rows_of(panel)[0], 3)
    assert isinstance(context, QLabel) and "<b>mayor</b>" in context.text()
    assert panel.summary.text().startswith("2 document(s)")
    panel.status.setCurrentText("done")
    assert listed(panel) == [("Riverton votes", "2021-09-05", "done")]
    panel.status.setCurrentText("new")
    assert listed(panel) == []
    assert panel.summary.text() == "No document holds every one of these words."


def test_enter_opens_the_document_with_the_words_selected(
        qtbot: QtBot, window: MainWindow) -> None:
    panel = open_panel(qtbot, window)
    qtbot.keyClicks(panel.words, "traders")
    qtbot.keyClick(panel.words, Qt.Key.Key_Return)  # searches and goes to the first hit
    assert panel.results.hasFocus() and listed(panel) == [("Markets fall", "", "new")]
    window.open_document(3)
    qtbot.keyClick(panel.results, Qt.Key.Key_Return)
    assert window.session.document_id == 1
    cursor = window.article.textCursor()
    assert cursor.selectedText() == "traders"


def test_the_label_filter_opens_the_span_that_holds_the_words(
        qtbot: QtBot, window: MainWindow) -> None:
    panel = open_panel(qtbot, window)
    panel.label.setCurrentText("SPEAKER")
    qtbot.keyClicks(panel.words, "mayor")
    panel.run()
    assert listed(panel) == [("Floods in Riverton", "2021-08-12", "in progress")]
    qtbot.keyClick(panel.words, Qt.Key.Key_Down)
    qtbot.keyClick(panel.results, Qt.Key.Key_Return)
    span = window.session.span(window.session.selected or 0)
    assert window.session.document_id == 2
    assert span is not None and (span.label, span.text) == ("SPEAKER", "the mayor")
    panel.label.setCurrentText("QUOTE")
    assert listed(panel) == []
    assert "in ann's QUOTE spans" in panel.summary.text()


def test_a_search_with_no_word_says_so_and_an_import_shows_up_at_once(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    panel = open_panel(qtbot, window)
    panel.words.setText('"" -')
    assert panel.run() == []
    assert "nothing to search for" in panel.summary.text()
    panel.words.setText("hurricane")
    assert panel.run() == []
    article = tmp_path / "storm.txt"
    article.write_text("A hurricane reached the coast on Friday.", encoding="utf-8")
    window.projects.import_paths([article])
    dialog = window.projects.import_window
    assert dialog is not None
    found = ["A hurricane reached the coast on Friday."]
    qtbot.waitUntil(lambda: [row[0] for row in listed(panel)] == found, timeout=TIMEOUT_MS)
    dialog.close()
    panel.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is panel)
    qtbot.keyClick(panel.words, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not panel.isVisible())
