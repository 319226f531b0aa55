"""The document list as a window on the project file (issue 15): it counts in
one query, reads rows a page at a time as they scroll into view, and filters
and sorts in SQL, so opening a big project reads no more than it shows."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from annotations.store import Project
from app.doclist import FILTERS, PAGE_ROWS
from app.settings import Settings
from app.window import MainWindow
from tests.gui_support import open_window

COUNT = 1_000
TITLES = ("Bridge repairs", "Élection", "Council vote", "Flights stop")


def title(number: int) -> str:
    return f"{TITLES[number % len(TITLES)]} {number:04d}"


@pytest.fixture
def path(tmp_path: Path) -> Path:
    target = tmp_path / "many.dateline"
    with Project.create(target) as project:
        for number in range(COUNT):
            date = None if number % 3 else f"2021-{number % 12 + 1:02d}-{number % 28 + 1:02d}"
            project.add_document(f"Article {number}: the council met on Monday.",
                                 title=title(number), date=date)
        for ident in range(1, COUNT + 1, 4):  # every fourth is done
            project.set_status(ident, "ana", "done")
        for ident in range(3, COUNT + 1, 10):  # some are started
            if ident % 4 != 1:
                project.set_status(ident, "ana", "in_progress")
    return target


@pytest.fixture
def window(qtbot: QtBot, path: Path, settings: Settings) -> MainWindow:
    settings.set_last_document(path, 900)
    return open_window(qtbot, path, settings)


def test_opening_reads_the_rows_in_view_not_the_project(window: MainWindow) -> None:
    docs = window.documents
    assert window.session.document_id == 900
    assert docs.model.rowCount() == COUNT
    assert docs.table.currentIndex().row() == 899  # the open document's row is shown
    assert docs.model.pages_read <= 2, "the list read more pages than it shows"
    assert (window.progress.value(), window.progress.maximum()) == (COUNT // 4, COUNT)
    docs.table.scrollToBottom()
    QApplication.processEvents()
    last = docs.model.row(COUNT - 1)
    assert last is not None and last.id == COUNT and last.title == title(COUNT - 1)
    assert docs.model.pages_read <= 3


def test_filters_and_sorting_are_those_of_the_rows(window: MainWindow) -> None:
    docs = window.documents
    docs.status_box.setCurrentIndex(docs.status_box.findData("done"))
    assert docs.visible_ids() == list(range(1, COUNT + 1, 4))
    docs.search.setText("ÉLECTION")  # folded as Python folds, not ASCII only
    assert docs.visible_ids() == []  # the done ones are titled otherwise
    docs.status_box.setCurrentIndex(docs.status_box.findData("not_done"))
    assert docs.visible_ids() == [n + 1 for n in range(COUNT) if n % 4 == 1]
    assert docs.model.rowCount() == COUNT // 4
    docs.search.setText("")
    docs.status_box.setCurrentIndex(docs.status_box.findData("all"))
    header = docs.table.horizontalHeader()
    header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)  # a click on Title, twice
    wanted = sorted(range(1, COUNT + 1), key=lambda i: (title(i - 1).casefold(), i),
                    reverse=True)
    first = docs.model.row(0)
    assert first is not None and first.id == wanted[0]
    assert docs.visible_ids() == wanted
    assert docs.model.row_of(900) == wanted.index(900)
    assert docs.table.currentIndex().row() == wanted.index(900)  # still the open one
    header.setSortIndicator(1, Qt.SortOrder.AscendingOrder)  # Date: undated ones last
    dated = [r for r in (docs.model.row(n) for n in range(COUNT)) if r is not None]
    dates = [r.date for r in dated]
    assert dates == sorted(dates, key=lambda d: d or "9999")
    header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # cleared: the order added
    assert docs.visible_ids() == list(range(1, COUNT + 1))


def test_moving_through_the_list_follows_its_order(window: MainWindow) -> None:
    docs = window.documents
    docs.status_box.setCurrentIndex(docs.status_box.findData("not_done"))
    window.navigation.next_document()  # 901 is done: the next row of the list is 902
    assert window.session.document_id == 902
    window.navigation.previous_document()
    window.navigation.previous_document()
    assert window.session.document_id == 899
    window.open_document(COUNT)
    window.navigation.next_document()
    assert window.last_message == "This is the last document in the list."
    window.open_document(997)  # done: the next one not done goes round the list
    assert window.navigation.next_not_done()
    assert window.session.document_id == 998


def test_an_edit_updates_its_row_in_place(qtbot: QtBot, window: MainWindow) -> None:
    docs = window.documents
    before = docs.model.pages_read
    window.navigation.toggle_done()
    row = docs.model.document(900)
    assert row is not None and row.status == "done"
    assert window.progress.value() == COUNT // 4 + 1
    assert docs.model.pages_read == before  # the row changed where it was read
    assert PAGE_ROWS < COUNT


def test_a_project_with_a_document_taken_out_is_listed_by_its_ids(
        qtbot: QtBot, path: Path, settings: Settings) -> None:
    conn = sqlite3.connect(path)  # no command takes a document out: the file is made so
    with conn:
        conn.execute("DELETE FROM document_status WHERE document_id = 500")
        conn.execute("DELETE FROM documents WHERE id = 500")
    conn.close()
    settings.set_last_document(path, 900)
    window = open_window(qtbot, path, settings)
    docs = window.documents
    assert docs.model.rowCount() == COUNT - 1
    assert docs.model.row_of(900) == 898 == docs.table.currentIndex().row()
    assert docs.model.row_of(500) is None
    row = docs.model.row(499)
    assert row is not None and row.id == 501
    assert docs.visible_ids() == [i for i in range(1, COUNT + 1) if i != 500]


@pytest.mark.parametrize("status", [key for key, _ in FILTERS])
def test_rows_worked_out_from_ids_are_those_the_store_lists(
        window: MainWindow, status: str) -> None:
    docs = window.documents
    docs.status_box.setCurrentIndex(docs.status_box.findData(status))
    model = docs.model
    listed = docs.visible_ids()  # one query over the documents, in the list's order
    assert model.rowCount() == len(listed) > 0
    shown = [model.row(n) for n in range(model.rowCount())]
    assert [r.id for r in shown if r is not None] == listed
    assert [model.row_of(i) for i in listed] == list(range(len(listed)))
    assert {r.status for r in shown if r is not None} <= (
        {"new", "in_progress"} if status == "not_done" else
        {"new", "in_progress", "done"} if status == "all" else {status})
