"""app/linerects.py: the rectangles of a block's runs, found from the lines the
run is on, are those of walking every line of the block (as the article view
did before it kept each block's lines), in a real wrapped QPlainTextEdit."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRectF
from PySide6.QtGui import QFontMetricsF, QTextBlock
from PySide6.QtWidgets import QPlainTextEdit
from pytestqt.qtbot import QtBot

from app.linerects import LineRects

WORDS = ("the", "council", "voted", "on", "Wednesday", "to", "fund", "urgent", "repairs", "to",
         "the", "bridge")


def every_line(block: QTextBlock, metrics: QFontMetricsF, start: int,
               end: int) -> list[tuple[float, float, float, float]]:
    """The rectangles of [start, end), looking at every line of the block."""
    found = []
    layout = block.layout()
    for i in range(layout.lineCount()):
        line = layout.lineAt(i)
        first = line.textStart()
        a, b = max(start, first), min(end, first + line.textLength())
        if a < b:
            x1: Any = line.cursorToX(a)
            x2: Any = line.cursorToX(b)
            x1 = x1[0] if isinstance(x1, tuple) else x1
            x2 = x2[0] if isinstance(x2, tuple) else x2
            top = line.y() + line.ascent() - metrics.ascent()
            found.append((x1, top, x2 - x1, metrics.height()))
    return found


def as_tuples(rects: list[QRectF]) -> list[tuple[float, float, float, float]]:
    return [(r.x(), r.y(), r.width(), r.height()) for r in rects]


def test_runs_over_one_and_several_lines(qtbot: QtBot) -> None:
    view = QPlainTextEdit()
    qtbot.addWidget(view)
    view.resize(300, 400)
    paragraph = " ".join(WORDS[i % len(WORDS)] for i in range(60))
    view.setPlainText(f"{paragraph}\n\n{paragraph}")
    view.show()
    qtbot.waitExposed(view)
    metrics = QFontMetricsF(view.font())
    rects = LineRects(metrics)
    block = view.document().firstBlock()
    assert block.layout().lineCount() > 3  # wrapped: runs cross lines
    length = block.length() - 1
    ranges = [(0, 3), (4, 11), (20, 140), (0, length), (length - 6, length), (37, 38)]
    for start, end in ranges:
        expected = every_line(block, metrics, start, end)
        assert as_tuples(rects.rects(0, block, start, end)) == expected
        assert as_tuples(rects.rects(0, block, start, end)) == expected  # from the cache
    multi = rects.rects(0, block, 20, 140)
    assert len(multi) > 1 and len({r.y() for r in multi}) == len(multi)
    empty = view.document().findBlockByNumber(1)
    assert rects.rects(1, empty, 0, 0) == []
    # A narrower view lays the block out again: cleared, the lines are read anew.
    view.resize(200, 400)
    qtbot.waitUntil(lambda: block.layout().lineCount() > 0)
    view.viewport().repaint()
    rects.clear()
    assert as_tuples(rects.rects(0, block, 20, 140)) == every_line(block, metrics, 20, 140)
