"""The review window, opened from the real main window's File menu action and
driven offscreen: keys in, gold rows of the project file (read with a second
SQLite connection) out, undo and redo as round trips."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from annotations.measures import find_disagreements
from annotations.store import Project
from app.review.window import ReviewWindow
from app.settings import Settings
from app.window import MainWindow
from tests.gui_support import (
    open_window,
    rows,
)

TEXT = "Ned Price said on Thursday that flights will stop. Talks ended in May."
REPORT_TIMEOUT_MS = 60_000  # the first report imports spaCy in the worker


def gold(path: Path) -> list[tuple[Any, ...]]:
    return rows(path, 'SELECT s.label, s.start, s."end", s.attrs FROM spans s JOIN annotators a '
                      "ON a.id = s.annotator_id WHERE a.name = 'gold' ORDER BY s.start, s.label")


def gold_relations(path: Path) -> list[tuple[Any, ...]]:
    return rows(path, "SELECT r.label, h.text, c.text FROM relations r JOIN annotators a "
                      "ON a.id = r.annotator_id JOIN spans h ON h.id = r.head_id "
                      "JOIN spans c ON c.id = r.child_id WHERE a.name = 'gold'")


def at(word: str) -> tuple[int, int]:
    start = TEXT.index(word)
    return start, start + len(word)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    target = tmp_path / "review.dateline"
    with Project.create(target) as p:
        doc, _ = p.add_document(TEXT, date="2021-08-12")
        for who in ("ann", "bob"):
            speaker = p.add_span(doc.id, who, "SPEAKER", *at("Ned Price"))
            quote = p.add_span(doc.id, who, "QUOTE", *at("flights will stop"))
            p.add_relation("SAID", speaker.id, quote.id)
            p.add_span(doc.id, who, "EVENT", *at("ended"), {"class": "OCCURRENCE"})
            p.set_status(doc.id, who, "done")
        p.add_span(doc.id, "ann", "DATE", *at("Thursday"), {"value": "2021-08-12"})
        p.add_span(doc.id, "bob", "DATE", *at("on Thursday"), {"value": "2021-08-12"})
        p.add_span(doc.id, "ann", "EVENT", *at("said"), {"class": "REPORTING"})
    return target


@pytest.fixture
def window(qtbot: QtBot, path: Path, settings: Settings) -> MainWindow:
    return open_window(qtbot, path, settings, annotator="ann")


def open_review(qtbot: QtBot, window: MainWindow) -> ReviewWindow:
    action = window.actions_by_name["review"]
    assert action.shortcut().toString() == "Ctrl+Shift+R"
    action.trigger()
    review = window.findChild(ReviewWindow, "review")
    assert review is not None
    with qtbot.waitSignal(review.report_ready, timeout=REPORT_TIMEOUT_MS):
        pass
    qtbot.waitExposed(review)
    review.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is review)
    return review


def show_first_document(qtbot: QtBot, review: ReviewWindow) -> None:
    with qtbot.waitSignal(review.document_shown, timeout=5000):
        review.document_list.setCurrentRow(0)
    review.disagreement_list.setFocus()


def test_review_lists_disagreements_lanes_and_plots(qtbot: QtBot, window: MainWindow,
                                                     path: Path) -> None:
    review = open_review(qtbot, window)
    assert review.chosen() == ["ann", "bob"]
    show_first_document(qtbot, review)
    with Project(path) as p:
        expected = find_disagreements({w: p.spans(1, w) for w in ("ann", "bob")})
    assert review.disagreement_list.count() == len(expected) == 2  # "said", the DATE
    assert list(review.lanes.lanes) == ["ann", "bob", "gold"]
    review.disagreement_list.setCurrentRow(1)
    variants = [review.variant_list.item(i).text() for i in range(review.variant_list.count())]
    assert variants[0].startswith("1  ann: DATE “Thursday”")
    assert variants[1].startswith("2  bob: DATE “on Thursday”")
    assert review.document_table.rowCount() == 4
    assert len(review.findChildren(QSvgWidget)) == 5  # 3 pair charts, coefficients, confusion
    ranked = review.document_list.item(0).text()
    assert ranked.strip().startswith("2")


def test_one_key_takes_a_variant_into_gold_and_undo_redo(qtbot: QtBot, window: MainWindow,
                                                           path: Path) -> None:
    review = open_review(qtbot, window)
    show_first_document(qtbot, review)
    review.disagreement_list.setCurrentRow(1)  # the DATE
    qtbot.keyClick(review.disagreement_list, "2")
    start, end = at("on Thursday")
    assert gold(path) == [("DATE", start, end, '{"value": "2021-08-12"}')]
    # Taking the other variant replaces gold's DATE: one undoable step each.
    qtbot.keyClick(review.disagreement_list, "1")
    start, end = at("Thursday")
    assert gold(path) == [("DATE", start, end, '{"value": "2021-08-12"}')]
    stack = window.undo_stacks.stack_for(1)
    assert stack.count() == 2 and stack.undoText().startswith("Gold: take ann's DATE")
    qtbot.keyClick(review, "z", Qt.KeyboardModifier.ControlModifier)
    assert gold(path)[0][1:3] == at("on Thursday")
    qtbot.keyClick(review, "z", Qt.KeyboardModifier.ControlModifier)
    assert gold(path) == []
    qtbot.keyClick(review, "z", Qt.KeyboardModifier.ControlModifier |
                   Qt.KeyboardModifier.ShiftModifier)
    assert gold(path)[0][1:3] == at("on Thursday")
    assert [lane for lane in review.lanes.lanes] == ["ann", "bob", "gold"]
    assert "1 spans" in review.lanes.lanes["gold"].title.text()


def test_agreed_spans_go_to_gold_in_one_action(qtbot: QtBot, window: MainWindow,
                                                path: Path) -> None:
    review = open_review(qtbot, window)
    show_first_document(qtbot, review)
    qtbot.keyClick(review.disagreement_list, "a",
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert [row[0] for row in gold(path)] == ["SPEAKER", "QUOTE", "EVENT"]
    assert gold_relations(path) == [("SAID", "Ned Price", "flights will stop")]
    window.undo_stacks.stack_for(1).undo()
    assert gold(path) == [] and gold_relations(path) == []
    window.undo_stacks.stack_for(1).redo()
    assert len(gold(path)) == 3 and len(gold_relations(path)) == 1
    # Taking "nothing" for ann's lone EVENT keeps gold free of it; then next disagreement.
    review.disagreement_list.setCurrentRow(0)
    qtbot.keyClick(review.disagreement_list, "2")
    assert [row[0] for row in gold(path)] == ["SPEAKER", "QUOTE", "EVENT"]
    qtbot.keyClick(review.disagreement_list, "j")
    assert review.disagreement_list.currentRow() == 1


def test_choosing_annotators_changes_what_is_compared(qtbot: QtBot, window: MainWindow,
                                                       path: Path) -> None:
    review = open_review(qtbot, window)
    show_first_document(qtbot, review)
    qtbot.keyClick(review.disagreement_list, "a",
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    review.choose(["ann", "gold"])
    worker = review.compare()
    assert worker is not None
    with qtbot.waitSignal(review.report_ready, timeout=REPORT_TIMEOUT_MS):
        pass
    assert review.report is not None and review.report["annotators"] == ["ann", "gold"]
    figures = review.report["labels"]["SPEAKER"]["pairs"]["ann|gold"]
    assert figures["exact_f1"] == 1.0  # gold took the agreed SPEAKER
    review.choose(["ann"])
    assert review.compare() is None
    assert "at least two" in review.status.text()


def test_compare_again_while_measuring_shows_only_the_last_choice(
        qtbot: QtBot, window: MainWindow, path: Path) -> None:
    """A second Compare supersedes the first: the first thread is cancelled and
    its report (for other annotators) is never shown over the second's; closing
    waits for both threads."""
    with Project(path) as p:
        p.add_span(1, "cat", "EVENT", *at("ended"), {"class": "OCCURRENCE"})
    review = open_review(qtbot, window)
    review.choose(["ann", "bob"])
    first = review.compare()
    review.choose(["ann", "cat"])
    second = review.compare()
    assert first is not None and second is not None
    assert first.cancelled
    with qtbot.waitSignal(review.report_ready, timeout=REPORT_TIMEOUT_MS):
        pass
    review.close()
    qtbot.waitUntil(lambda: review.worker is None)  # every result delivered (or dropped)
    assert review.report is not None and review.report["annotators"] == ["ann", "cat"]
