"""One document's text side by side, one read-only lane per annotator (and
one for gold), each lane showing that annotator's spans in label colours.
The lanes scroll together; the disagreement being reviewed is underlined."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from annotations.model import Span
from app.spanindex import OffsetMap
from app.theme import LabelStyles


class Lane(QWidget):
    """An annotator's name over the read-only text with their spans."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.title = QLabel(f"<b>{name}</b>")
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setObjectName(f"lane-{name}")
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        column = QVBoxLayout(self)
        column.setContentsMargins(2, 0, 2, 0)
        column.addWidget(self.title)
        column.addWidget(self.text, 1)


class LaneView(QWidget):
    """The lanes of one document."""

    def __init__(self, styles: LabelStyles) -> None:
        super().__init__()
        self.styles = styles
        self.lanes: dict[str, Lane] = {}
        self.offsets = OffsetMap("")
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self._syncing = False

    def show_document(self, text: str, spans: Mapping[str, Sequence[Span]]) -> None:
        """One lane per key of `spans`, in order, each with its spans."""
        if list(spans) != list(self.lanes):
            self._rebuild(list(spans))
        self.offsets = OffsetMap(text)
        for name, lane in self.lanes.items():
            if lane.text.toPlainText() != text:
                lane.text.setPlainText(text)
            count = len(spans[name])
            lane.title.setText(f"<b>{name}</b> ({count} span{'' if count == 1 else 's'})")
            self._paint(lane, spans[name], None)

    def highlight(self, spans: Mapping[str, Sequence[Span]], start: int, end: int) -> None:
        """Underline [start, end) in every lane and scroll it into view."""
        for name, lane in self.lanes.items():
            self._paint(lane, spans.get(name, []), (start, end))
        first = next(iter(self.lanes.values()), None)
        if first is not None:
            cursor = QTextCursor(first.text.document())
            cursor.setPosition(self.offsets.to_view(start))
            first.text.setTextCursor(cursor)
            first.text.ensureCursorVisible()
            self._follow(first, first.text.verticalScrollBar().value())

    def _rebuild(self, names: list[str]) -> None:
        for lane in self.lanes.values():
            self.row.removeWidget(lane)
            lane.deleteLater()
        self.lanes = {}
        for name in names:
            lane = Lane(name)
            bar = lane.text.verticalScrollBar()
            bar.valueChanged.connect(lambda value, ln=lane: self._follow(ln, value))
            self.lanes[name] = lane
            self.row.addWidget(lane, 1)
            lane.show()

    def _follow(self, source: Lane, value: int) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:
            for lane in self.lanes.values():
                if lane is not source:
                    lane.text.verticalScrollBar().setValue(value)
        finally:
            self._syncing = False

    def _paint(self, lane: Lane, spans: Sequence[Span], focus: tuple[int, int] | None) -> None:
        selections = []
        # Longer spans first, so a nested span's colour is drawn over its container.
        for span in sorted(spans, key=lambda s: s.start - s.end):
            selections.append(self._selection(lane, span.start, span.end,
                                              self._fill(span.label)))
        if focus is not None:
            underline = QTextCharFormat()
            underline.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            underline.setUnderlineColor(QColor(Qt.GlobalColor.red))
            underline.setFontWeight(700)
            selections.append(self._selection(lane, focus[0], focus[1], underline))
        lane.text.setExtraSelections(selections)

    def _fill(self, label: str) -> QTextCharFormat:
        fmt = QTextCharFormat()
        look = self.styles.look(label)
        fmt.setBackground(look.fill)
        fmt.setForeground(look.text)
        fmt.setToolTip(label)
        return fmt

    def _selection(self, lane: Lane, start: int, end: int,
                   fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(lane.text.document())
        cursor.setPosition(self.offsets.to_view(start))
        cursor.setPosition(self.offsets.to_view(end), QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        selection.format = fmt
        return selection
