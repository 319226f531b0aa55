"""The review window, opened from the real main window's File menu action and
driven offscreen: keys in, gold rows of the project file (read with a second
SQLite connection) out, undo and redo as round trips."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from annotations.measures import find_disagreements
from annotations.store import Project
from app.review.window import ReviewWindow, disagreement_key
from app.settings import Settings
from app.window import MainWindow
from tests.gui_support import (
    open_window,
    rows,
    tag,
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
    # The DATE, resolved, is marked and listed last; the open one ("said") is chosen.
    assert review.disagreement_list.item(1).text().startswith("✓ DATE")
    assert review.disagreement_list.item(1).text().endswith("resolved: bob")
    assert review.disagreement_list.currentRow() == 0 and review.resolved == [None, "bob"]
    # Taking the other variant replaces gold's DATE: one undoable step each.
    review.disagreement_list.setCurrentRow(1)
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
    assert "(1 span)" in review.lanes.lanes["gold"].title.text()


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


def test_variants_show_attributes_as_text(qtbot: QtBot, window: MainWindow) -> None:
    review = open_review(qtbot, window)
    show_first_document(qtbot, review)
    review.disagreement_list.setCurrentRow(0)  # "said": ann's EVENT, bob's nothing
    variants = [review.variant_list.item(i).text() for i in range(review.variant_list.count())]
    assert variants == ["1  ann: EVENT “said” (class=REPORTING)", "2  bob: (nothing)"]


def test_review_fits_a_small_screen_and_closes_from_its_menu_esc_and_ctrl_w(
        qtbot: QtBot, window: MainWindow) -> None:
    review = open_review(qtbot, window)
    assert review.width() <= 1240 and review.height() <= 700
    hint = review.minimumSizeHint()
    assert hint.width() <= 1280 - 40 and hint.height() <= 768 - 68
    close = review.actions_by_name["close"]
    menu = review.menuBar().actions()[0].menu()
    assert isinstance(menu, QMenu) and close in menu.actions()
    assert {k.toString() for k in close.shortcuts()} == {"Ctrl+W", "Esc"}
    qtbot.keyClick(review.disagreement_list, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not review.isVisible())
    window.actions_by_name["review"].trigger()
    qtbot.waitExposed(review)
    review.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is review)
    qtbot.keyClick(review.document_list, "w", Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not review.isVisible())


def test_review_follows_a_new_annotator_and_their_spans_live(
        qtbot: QtBot, window: MainWindow, path: Path) -> None:
    review = open_review(qtbot, window)
    show_first_document(qtbot, review)
    review.disagreement_list.setCurrentRow(1)  # the DATE: still chosen after the new report
    chosen = review.current_disagreement()
    assert chosen is not None and chosen.labels == ["DATE"]
    window.projects.set_annotator("cat")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.article.setFocus()
    with qtbot.waitSignal(review.report_ready, timeout=REPORT_TIMEOUT_MS):
        tag(qtbot, window, *at("Thursday"), "d")
        assert review.chosen() == ["ann", "bob", "cat"]  # at once, chosen
        assert list(review.lanes.lanes) == ["ann", "bob", "cat", "gold"]
    assert review.report is not None and review.report["annotators"] == ["ann", "bob", "cat"]
    now = review.current_disagreement()
    assert now is not None and disagreement_key(now) == disagreement_key(chosen)
    assert list(now.variants) == ["ann", "bob", "cat"]


def test_review_follows_a_finished_merge(qtbot: QtBot, window: MainWindow, path: Path,
                                         tmp_path: Path) -> None:
    review = open_review(qtbot, window)
    other = tmp_path / "dan.dateline"
    with Project.create(other) as p:
        doc, _ = p.add_document(TEXT, date="2021-08-12")
        p.add_span(doc.id, "dan", "SPEAKER", *at("Ned Price"))
        p.set_status(doc.id, "dan", "done")
    window.actions_by_name["merge"].trigger()
    dialog = window.merge_window
    assert dialog is not None
    dialog.add_paths([other])
    with qtbot.waitSignal(review.report_ready, timeout=REPORT_TIMEOUT_MS):
        assert dialog.start_merge() is not None
    assert "dan" in review.chosen()
    assert review.report is not None and "dan" in review.report["annotators"]


def test_with_one_annotator_review_shows_titles_and_says_why_it_cannot_compare(
        qtbot: QtBot, tmp_path: Path, settings: Settings) -> None:
    target = tmp_path / "alone.dateline"
    with Project.create(target) as p:
        doc, _ = p.add_document(TEXT, title="Flights to stop", date="2021-08-12")
        p.add_span(doc.id, "ann", "EVENT", *at("ended"))
    window = open_window(qtbot, target, settings, annotator="ann")
    window.actions_by_name["review"].trigger()
    review = window.findChild(ReviewWindow, "review")
    assert review is not None
    qtbot.waitExposed(review)
    assert review.document_list.item(0).text() == "Flights to stop"
    assert "Compare needs two annotators" in review.status.text()
    assert "only one, ann" in review.status.text()
    assert review.accept_agreed() is False
    assert review.status.text().startswith("Accept All Agreed Spans needs two annotators")
    # An import shows up at once, by title.
    article = tmp_path / "rain.txt"
    article.write_text("Heavy rain fell on Friday. Roads were closed.", encoding="utf-8")
    window.projects.import_paths([article])
    dialog = window.projects.import_window
    assert dialog is not None
    with qtbot.waitSignal(dialog.imported, timeout=REPORT_TIMEOUT_MS):
        pass
    titles = [review.document_list.item(i).text() for i in range(review.document_list.count())]
    assert titles == ["Flights to stop", "Heavy rain fell on Friday."]

