"""Where a run of a text block is drawn: one rectangle per line it is on, as
high as the words (the gap above each line is left to the relation arrows).

Measured once per block and range and kept relative to the block, so that
scrolling and repainting do not measure the text again. The lines of a block
(where each starts and ends, and the top of its words) are read once per
block too: a block's runs then each look only at the lines they are on, not
at every line of the block.

The caches hold for one layout of the text: `clear` when the viewport's width,
the font or the document changes.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

from PySide6.QtCore import QRectF
from PySide6.QtGui import QFontMetricsF, QTextBlock, QTextLine

RECT_CACHE_SIZE = 20000

Lines = tuple[list[int], list[int], list[float]]
"""A block's lines: where each starts, where each ends (trailing spaces in) and
the top of its words, in block coordinates."""


class LineRects:
    """Rectangles of block-relative ranges, per block, in block coordinates."""

    def __init__(self, metrics: QFontMetricsF) -> None:
        self._rects: dict[tuple[int, int, int], list[QRectF]] = {}
        self._lines: dict[int, Lines] = {}
        self.set_metrics(metrics)

    def set_metrics(self, metrics: QFontMetricsF) -> None:
        """Another font: what was measured with the old one is dropped."""
        self._ascent, self._height = metrics.ascent(), metrics.height()
        self.clear()

    def clear(self) -> None:
        self._rects.clear()
        self._lines.clear()

    def __len__(self) -> int:
        return len(self._rects)

    def rects(self, number: int, block: QTextBlock, start: int, end: int) -> list[QRectF]:
        """The rectangles of [start, end) of block `number`, one per line it is on."""
        key = (number, start, end)
        found = self._rects.get(key)
        if found is not None:
            return found
        lines = self._lines.get(number)
        if lines is None:
            lines = self._read_lines(block)
            if lines[0]:  # laid out: kept until the layout changes
                self._lines[number] = lines
        starts, ends, tops = lines
        layout = block.layout()
        found = []
        height = self._height
        at = max(0, bisect_right(starts, start) - 1)
        while at < len(starts) and starts[at] < end:
            a, b = max(start, starts[at]), min(end, ends[at])
            if a < b:
                line = layout.lineAt(at)
                x1, x2 = _x(line, a), _x(line, b)
                found.append(QRectF(x1, tops[at], x2 - x1, height))
            at += 1
        if len(self._rects) > RECT_CACHE_SIZE:
            self._rects.clear()
        self._rects[key] = found
        return found

    def _read_lines(self, block: QTextBlock) -> Lines:
        layout = block.layout()
        starts: list[int] = []
        ends: list[int] = []
        tops: list[float] = []
        ascent = self._ascent
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            first = line.textStart()
            starts.append(first)
            ends.append(first + line.textLength())
            tops.append(line.y() + line.ascent() - ascent)
        return starts, ends, tops


def _x(line: QTextLine, position: int) -> float:
    """The x of a cursor position on a line (PySide returns it with the position)."""
    found: Any = line.cursorToX(position)
    return float(found[0] if isinstance(found, tuple) else found)
