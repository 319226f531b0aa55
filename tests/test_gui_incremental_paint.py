"""A key press redraws only what it changed (issue 15): after each edit, undo,
accept and reject, the article's spans, suggestions and arrows as kept by the
view, and the pixels on screen, are the same as when the document is read
again and painted whole.

The pixels are read from the window's backing store, where a repaint of too
small an area would leave the old drawing behind."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.article import CLICKABLE_LAYER
from app.settings import Settings
from app.window import MainWindow
from tests.gui_support import (
    SECOND,
    news_project,
    open_window,
    press,
    redo_key,
    rows,
    tag,
    undo_key,
    wait_for_suggestions,
)

# Two paragraphs of several lines: suggested links run across lines, along the margin.
BRIDGE = (
    "The city council voted on Tuesday to close the old bridge, the mayor said. "
    "\"We cannot wait another winter,\" she told reporters on Wednesday. A spokesman "
    "for the transport ministry said the closure would last six months.\n\n"
    "Repairs will begin in March and end in September, officials announced on Friday. "
    "\"The bridge is not safe,\" an engineer warned after the vote."
)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return news_project(tmp_path, (BRIDGE, "2024-05-14"), (SECOND, "2022-03-01"))


@pytest.fixture
def steady_caret() -> Iterator[None]:
    """The caret drawn without blinking, so two pictures of the view can be compared."""
    flash = QApplication.cursorFlashTime()
    QApplication.setCursorFlashTime(0)
    yield
    QApplication.setCursorFlashTime(flash)


@pytest.fixture
def suggested(qtbot: QtBot, path: Path, settings: Settings, steady_caret: None) -> MainWindow:
    window = open_window(qtbot, path, settings)
    window.resize(1100, 700)
    wait_for_suggestions(qtbot, window)
    return window


def settle() -> None:
    QApplication.processEvents()
    QApplication.processEvents()


def kept(window: MainWindow) -> dict[str, Any]:
    """What the view and the suggestions keep of the open document."""
    view, sg = window.article, window.suggestions
    return {
        "spans": view.index.marks(),
        "suggestions": view.layer_overlapping(CLICKABLE_LAYER, 0, len(BRIDGE)),
        "links": [(e.id, e.label, e.head, e.child) for e in view.suggested_relations],
        "items": [s.id for s in sg.items],
        "accepted": dict(sg.accepted),
        "selected": (window.session.selected, sg.selected),
    }


def view_links(window: MainWindow) -> list[Any]:
    return window.article.suggested_relations


def on_screen(window: MainWindow) -> QImage:
    """The article's viewport as the window's backing store holds it."""
    viewport = window.article.viewport()
    corner = viewport.mapTo(window, QPoint(0, 0))
    return window.screen().grabWindow(window.winId(), corner.x(), corner.y(),
                                      viewport.width(), viewport.height()).toImage()


def differing(a: QImage, b: QImage) -> str:
    """How many pixels differ, and where."""
    if a.size() != b.size():
        return f"sizes {a.size()} and {b.size()}"
    found = [(x, y) for y in range(a.height()) for x in range(a.width())
             if a.pixel(x, y) != b.pixel(x, y)]
    xs, ys = [x for x, _ in found], [y for _, y in found]
    return f"{len(found)} pixels differ, in x {min(xs)}-{max(xs)}, y {min(ys)}-{max(ys)}"


def assert_as_if_rebuilt(window: MainWindow, step: str) -> None:
    settle()
    after_edit, painted = kept(window), on_screen(window)
    window.session.reload()  # the document read again, every structure built anew
    settle()
    window.article.viewport().repaint()
    assert kept(window) == after_edit, step
    rebuilt = on_screen(window)
    assert painted == rebuilt, f"{step}: {differing(painted, rebuilt)}"


def test_edits_undo_accept_and_reject_paint_as_a_full_rebuild(
        qtbot: QtBot, suggested: MainWindow, path: Path) -> None:
    window = suggested
    sg = window.suggestions
    assert_as_if_rebuilt(window, "opened")
    date = next(f for f in sg.items if f.label == "DATE" and f.text == "Tuesday")
    tag(qtbot, window, date.start, date.end, "d")  # resolves the suggestion by hand
    assert date.id not in [f.id for f in sg.items]
    assert_as_if_rebuilt(window, "a DATE tagged by hand over its suggestion")
    undo_key(qtbot, window)
    assert date.id in [f.id for f in sg.items]
    assert_as_if_rebuilt(window, "the tag undone: the suggestion pending again")
    redo_key(qtbot, window)
    assert_as_if_rebuilt(window, "the tag redone")

    assert len(view_links(window)) >= 3, "the model suggests too few links here"
    said = next(r for r in sg.relations if r.label == "SAID")
    window.suggesting.select_suggestion(said.head)
    assert_as_if_rebuilt(window, "a suggestion selected")
    press(qtbot, window, Qt.Key.Key_Space)
    assert said.head in sg.accepted
    assert_as_if_rebuilt(window, "a SPEAKER accepted: its link now starts at the span")
    window.session.select(sg.accepted[said.head])
    press(qtbot, window, Qt.Key.Key_Delete)
    assert said.head not in sg.accepted
    assert_as_if_rebuilt(window, "the accepted SPEAKER deleted: its link goes")
    undo_key(qtbot, window)
    assert said.head in sg.accepted
    assert_as_if_rebuilt(window, "the delete undone: the link is back")
    window.suggesting.select_suggestion(said.child)
    press(qtbot, window, Qt.Key.Key_Space)
    assert rows(path, "SELECT label FROM relations") == [("SAID",)]
    assert_as_if_rebuilt(window, "the QUOTE accepted: the link is the annotator's")
    undo_key(qtbot, window)
    assert_as_if_rebuilt(window, "the QUOTE's accept undone")

    window.suggesting.select_suggestion(sg.items[-1].id)
    rejected = sg.items[-1].id
    press(qtbot, window, "x")
    assert rejected not in [f.id for f in sg.items]
    assert_as_if_rebuilt(window, "a suggestion rejected")
    undo_key(qtbot, window)
    assert_as_if_rebuilt(window, "the reject undone")

    at = BRIDGE.index("bridge")
    tag(qtbot, window, at, at + len("bridge"), "e")
    assert_as_if_rebuilt(window, "an EVENT tagged where nothing was suggested")
    press(qtbot, window, Qt.Key.Key_Delete)
    assert_as_if_rebuilt(window, "the EVENT deleted")
    press(qtbot, window, "n")
    assert_as_if_rebuilt(window, "the next suggestion selected")
