"""The article view: the document text with its spans, relations and the
selected span drawn over it.

Three layers, cheapest first:
  1. fills, by the highlighter (the innermost span's label colour);
  2. bars under the text for spans that contain other spans, so a DATE
     inside a QUOTE shows both labels;
  3. outline layers (no fill): the selected span, its relation partners,
     the spans a new relation may point to; a layer of suggestions can be
     added with `set_layer` without touching the fills;
and relation arrows from head to child, painted over the visible lines only.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from functools import partial
from itertools import chain, repeat
from typing import Any

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QRegion,
    QTextBlock,
    QTextCursor,
)
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QToolTip, QWidget

from app import arrows
from app.highlighter import SpanHighlighter
from app.linerects import LineRects
from app.outlines import OutlineLayer, paint_outlines
from app.outlines import OutlineStyle as OutlineStyle  # the layers' callers take it from here
from app.palette import underlines
from app.relationfile import Ends, RelationFile, ends_of, reach
from app.session import Session, SpanChange
from app.spanindex import Mark, OffsetMap, SpanIndex, block_starts, displayable
from app.spantips import span_tooltip
from app.theme import LabelStyles

BAR_HEIGHT = 2.5
MAX_BARS = 4  # nesting deeper than this draws its bars past the repainted strip
FEW_MARKS = 64  # a layer change touching more marks than this repaints the whole view


SuggestedLink = tuple[int, str, Mark, Mark]
"""A suggested relation as the view takes it: its id, label, head and child."""
Shown = tuple[QTextBlock, QPointF, QRect]
"""A block on screen: the block, its top-left and its rectangle (viewport coordinates)."""
OPENING_SCREEN_CHARS = 6000

SELECTION = "selection"
PARTNERS = "partners"
CANDIDATES = "candidates"
SUGGESTIONS = "suggestions"  # the model's pending suggestions
SUGGESTION = "suggestion"  # the selected one
CLICKABLE_LAYER = SUGGESTIONS


class ArticleView(QPlainTextEdit):
    """A read-only, selectable QPlainTextEdit that watches the session."""

    span_clicked = Signal(int)
    suggestion_clicked = Signal(int)
    empty_clicked = Signal()

    def __init__(self, session: Session, styles: LabelStyles,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.styles = styles
        self.all_relations = True
        self.context_actions: list[QAction] = []
        self._offsets = OffsetMap("")
        self._starts = [0]
        self._index = SpanIndex(self._starts)
        self._layers: dict[str, OutlineLayer] = {}
        self._relations = RelationFile()  # the annotator's, both ends known
        self._suggested = RelationFile()  # the model's links (ids: suggested relations')
        self._cache_width = -1
        self._retired: object = None
        self._loaded_id: int | None = None
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setCursorWidth(2)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.document().setDocumentMargin(14)
        self.setPlaceholderText("No document is open.")
        self._highlighter = SpanHighlighter(self.document(), self._index, styles)
        self._metrics = QFontMetricsF(self.font())
        self._line_rects = LineRects(self._metrics)
        self._underlines = underlines(styles.looks)
        self._arrow_colours: dict[tuple[str, int], QColor] = {}
        self._pens: dict[str, tuple[QColor, QPen]] = {}
        session.document_opened.connect(self._load)
        session.project_opened.connect(self._clear)
        session.span_edited.connect(self._on_span_edited)
        session.relations_changed.connect(self._on_relations_changed)
        session.selection_changed.connect(self._on_selection_changed)

    # --- public ---------------------------------------------------------------------

    @property
    def index(self) -> SpanIndex:
        return self._index

    @property
    def offsets(self) -> OffsetMap:
        return self._offsets

    def set_styles(self, styles: LabelStyles) -> None:
        """New label colours (the theme changed): recolour everything."""
        self.styles = styles
        self._underlines = underlines(styles.looks)
        self._arrow_colours.clear()
        self._pens.clear()
        self._highlighter.restyle(styles)
        self.viewport().update()

    def set_font_size(self, points: int) -> None:
        font = QFont(self.font())
        font.setPointSize(points)
        self.setFont(font)
        self._metrics = QFontMetricsF(self.font())
        self._line_rects.set_metrics(self._metrics)

    def selected_range(self) -> tuple[int, int] | None:
        """The text selection in the project's (code point) offsets, or None."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        to_text = self._offsets.to_text
        return to_text(cursor.selectionStart()), to_text(cursor.selectionEnd())

    def select_text(self, start: int, end: int) -> None:
        """Select a range given in text offsets, as a user would with the mouse."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._offsets.to_view(start))
        cursor.setPosition(self._offsets.to_view(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def clear_text_selection(self) -> None:
        cursor = self.textCursor()
        if cursor.hasSelection():
            cursor.clearSelection()
            self.setTextCursor(cursor)

    def caret(self) -> int:
        return self._offsets.to_text(self.textCursor().position())

    def reveal(self, span_id: int) -> None:
        """Put the caret at a span's start and scroll it into view."""
        mark = self._index.get(span_id)
        if mark is None:
            return
        cursor = QTextCursor(self.document())
        cursor.setPosition(mark.start)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def reveal_range(self, start: int) -> None:
        """Put the caret at a text offset and scroll it into view."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._offsets.to_view(start))
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def set_layer(self, name: str, marks: Iterable[Mark], style: OutlineStyle) -> None:
        """Draw outlines (no fill) around marks given in view offsets, above
        the fills; a later layer with the same name replaces this one."""
        old = self._layers.get(name)
        new = OutlineLayer(SpanIndex(self._starts, marks), style)
        self._layers[name] = new
        self._repaint_layer_change(old, new)

    def clear_layer(self, name: str) -> None:
        old = self._layers.pop(name, None)
        if old is not None:
            self._repaint_layer_change(old, None)

    def change_layer(self, name: str, removed: Iterable[int], added: Iterable[Mark]) -> None:
        """Take some marks (by id) out of a layer and put others in, repainting
        only where they are: one decision on a suggestion costs what it changed."""
        layer = self._layers.get(name)
        if layer is None:
            return
        index = layer.index
        changed = [mark for mark in map(index.get, removed) if mark is not None]
        for mark in changed:
            index.remove(mark.id)
        for mark in added:
            index.add(mark)
            changed.append(mark)
        self._repaint_marks(changed)

    def layer_overlapping(self, name: str, start: int, end: int) -> list[Mark]:
        """The marks of a layer sharing a character with [start, end) (view offsets)."""
        layer = self._layers.get(name)
        return [] if layer is None else layer.index.overlapping(start, end)

    def _repaint_layer_change(self, old: OutlineLayer | None, new: OutlineLayer | None) -> None:
        """A layer replaced: repaint where its marks were and are, or the whole
        view when they are many (or drawn another way)."""
        marks = [*(old.index.marks() if old else ()), *(new.index.marks() if new else ())]
        if len(marks) > FEW_MARKS or (old and new and old.style != new.style):
            self.viewport().update()
        else:
            self._repaint_marks(marks)

    def _repaint_marks(self, marks: Iterable[Mark]) -> None:
        """Repaint the lines some marks are on: their fills, the bars under their
        words and the outlines around them stay within those lines."""
        marks = list(marks)
        visible = dict(self._visible_blocks()) if marks else None
        if not visible:
            return
        area = QRect()
        below = int(4 + MAX_BARS * (BAR_HEIGHT + 0.5))
        for mark in marks:
            for rect in self._mark_rects(mark, visible):
                area = area.united(rect.toAlignedRect().adjusted(0, -4, 0, below))
        self._update_lines(area, visible)

    def _update_lines(self, area: QRect, visible: dict[int, Shown] | None = None) -> None:
        """Repaint an area as a band across the view, grown until it holds whole
        the words of every line it reaches into. A dashed or dotted outline is
        drawn from another phase where the edge of a repaint cuts it (Qt's dash
        stroker skips what lies outside the clip), so each is repainted whole
        or not at all."""
        if area.isEmpty():
            return
        visible = dict(self._visible_blocks()) if visible is None else visible
        ascent, height = self._metrics.ascent(), self._metrics.height()
        words: list[tuple[int, int]] = []  # each line's words, top and bottom, with margins
        for block, origin, _ in visible.values():
            layout = block.layout()
            for i in range(layout.lineCount()):
                line = layout.lineAt(i)
                top = origin.y() + line.y() + line.ascent() - ascent
                words.append((int(top) - 2, int(top + height) + 3))  # with outlines
        top, bottom = area.top(), area.bottom()
        grown = True
        while grown:
            grown = False
            for a, b in words:
                if a <= bottom and b >= top and (a < top or b > bottom):
                    top, bottom, grown = min(top, a), max(bottom, b), True
        self.viewport().update(QRect(0, top, self.viewport().width(), bottom - top + 1))

    def mark_of(self, start: int, end: int, span_id: int, label: str) -> Mark:
        """A span in text offsets as a mark in this document's view offsets."""
        return self._offsets.mark(start, end, span_id, label)

    # --- loading and updating -------------------------------------------------------------

    def _clear(self) -> None:
        self._loaded_id = None
        self._offsets = OffsetMap("")
        self._starts = [0]
        self._index = SpanIndex(self._starts)
        self._highlighter.reset(self._index)
        self._layers.clear()
        self._relations = RelationFile()
        self._suggested = RelationFile()
        self._line_rects.clear()
        self.setPlainText("")

    def _load(self, document_id: int) -> None:
        doc = self.session.document
        if doc is None:
            return
        # The same document read again (after a refused write, a merge, an
        # import): the reader keeps their place in it.
        again = document_id == self._loaded_id
        place = (self.verticalScrollBar().value(), self.textCursor().position())
        self._loaded_id = document_id
        text = displayable(doc.text)
        offsets = OffsetMap(text)
        rows = self.session.span_rows()
        marks = (
            list(map(_as_mark, rows)) if offsets.identity
            else [offsets.mark(*row) for row in rows]
        )
        self._retired = (self._index, self._starts)  # freed after the first frame
        QTimer.singleShot(0, self._retire)
        self._offsets = offsets
        self._starts = block_starts(text, offsets)
        self._index = SpanIndex(self._starts, marks)
        # The opening screen is coloured while the text is set, not in a
        # second pass when it is painted.
        first_screen = bisect_right(self._starts, offsets.to_view(self._screen_chars()))
        self._highlighter.reset(self._index, range(first_screen))
        self._layers.clear()
        self._suggested = RelationFile()
        self._line_rects.clear()
        self.setPlainText(text)
        self._file_relations()
        if again:
            self._return_to(*place)

    def _screen_chars(self) -> int:
        """About as many characters as the view shows at once (rather more: the
        lines with their gap are taller than the font's line spacing)."""
        if not self.isVisible():
            return OPENING_SCREEN_CHARS
        view, metrics = self.viewport(), self._metrics
        lines = view.height() / metrics.lineSpacing() + 1
        return min(OPENING_SCREEN_CHARS, int(lines * view.width() / metrics.averageCharWidth()))

    def _return_to(self, scrolled: int, caret: int) -> None:
        cursor = self._cursor_at(caret)
        self.setTextCursor(cursor)
        self.verticalScrollBar().setValue(scrolled)

    def _retire(self) -> None:
        self._retired = None

    def _on_span_edited(self, change: SpanChange) -> None:
        """One span added, changed or removed: file it in the index and repaint
        the lines it was and is on (the fills are painted with the text, in
        paintEvent); nothing is laid out or highlighted again."""
        if change.document_id != self.session.document_id:
            return
        changed: list[Mark] = []
        if change.before is not None:
            old = self._index.get(change.before.id)
            if old is not None:
                changed.append(old)
            self._index.remove(change.before.id)
        if change.after is not None:
            a = change.after
            mark = self.mark_of(a.start, a.end, a.id, a.label)
            self._index.add(mark)
            changed.append(mark)
        span = change.before or change.after
        if span is not None and self._relations.is_endpoint(span.id):
            self._file_relations()  # its arrows move with it
            self.viewport().update()
        else:
            self._repaint_marks(changed)
        ids, outlined = {m.id for m in changed}, map(self._layers.get, (SELECTION, PARTNERS))
        if self.session.selected in ids or any(any(map(x.index.get, ids)) for x in outlined if x):
            self._refresh_selection()  # else the outlines stay (or the span's selection redraws)

    def _on_relations_changed(self, document_id: int) -> None:
        if document_id == self.session.document_id:
            self._file_relations()
            self._refresh_selection()
            self.viewport().update()

    def _on_selection_changed(self, span_id: int) -> None:
        self._refresh_selection()
        if span_id and not self._is_visible(span_id):
            self.reveal(span_id)

    def _refresh_selection(self) -> None:
        """Outline the selected span and its partners; repaint only where that changes."""
        before = self._selection_area()
        selected = self.session.selected
        mark = None if selected is None else self._index.get(selected)
        if mark is None:
            self._layers.pop(SELECTION, None)
            self._layers.pop(PARTNERS, None)
        else:
            self._layers[SELECTION] = OutlineLayer(
                SpanIndex(self._starts, [mark]), OutlineStyle(width=2.5)
            )
            partners = [e.child if e.head.id == mark.id else e.head
                        for e in self._relations.touching(mark.id)]
            self._layers[PARTNERS] = OutlineLayer(
                SpanIndex(self._starts, partners),
                OutlineStyle(Qt.PenStyle.DashLine, 1.5),
            )
        self._update_lines(before)  # apart: the two are often far from each other
        self._update_lines(self._selection_area())

    def _file_relations(self) -> None:
        """The drawable relations: both ends known, with the blocks they start in."""
        get, starts = self._index.get, self._starts
        ends: list[Ends] = []
        for ident, label, head_id, child_id in self.session.relation_rows:
            head, child = get(head_id), get(child_id)
            if head is not None and child is not None:  # ends_of, inlined: one per relation
                ends.append(Ends(ident, label, head, child, bisect_right(starts, head[0]) - 1,
                                 bisect_right(starts, child[0]) - 1))
        self._relations = RelationFile(ends)

    def _is_visible(self, span_id: int) -> bool:
        mark = self._index.get(span_id)
        if mark is None:
            return False
        rect = self.cursorRect(self._cursor_at(mark.start))
        return rect.top() >= 0 and rect.bottom() <= self.viewport().height()

    def _cursor_at(self, position: int) -> QTextCursor:
        cursor = QTextCursor(self.document())
        cursor.setPosition(min(position, max(0, self.document().characterCount() - 1)))
        return cursor

    # --- mouse -----------------------------------------------------------------------------

    def char_at(self, point: QPoint) -> int | None:
        """The view position of the character under a viewport point."""
        cursor = self.cursorForPosition(point)
        position = cursor.position()
        if point.x() < self.cursorRect(cursor).left() and not cursor.atBlockStart():
            position -= 1
        return position

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return
        position = self.char_at(event.position().toPoint())
        marks = [] if position is None else self._index.at(position)
        if not marks:
            layer = self._layers.get(CLICKABLE_LAYER)
            under = [] if layer is None or position is None else layer.index.at(position)
            if under:
                self.suggestion_clicked.emit(under[0].id)
            else:
                self.empty_clicked.emit()
            return
        ids = [m.id for m in marks]
        selected = self.session.selected
        # A second click on a selected span takes the span around it, and so on.
        pick = ids[(ids.index(selected) + 1) % len(ids)] if selected in ids else ids[0]
        self.span_clicked.emit(pick)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu: QMenu = self.createStandardContextMenu(event.pos())
        if self.context_actions:
            menu.addSeparator()
            for action in self.context_actions:
                menu.addAction(action)
        menu.exec(event.globalPos())
        menu.deleteLater()

    # --- painting ----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        clip, region = event.rect(), event.region()  # a few bands across the view, often
        # Give the blocks about to be drawn their gap (the highlighter does it on
        # demand); only if that changed their layout are they measured again.
        visible = dict(self._visible_blocks())
        top, bottom = clip.top(), clip.bottom()
        if self._highlighter.realise(shown[0] for shown in visible.values()
                                     if shown[2].bottom() >= top and shown[2].top() <= bottom):
            visible = dict(self._visible_blocks())
        if self._cache_width != self.viewport().width():
            self._line_rects.clear()
            self._cache_width = self.viewport().width()
        if visible:
            self._paint_fills({n: v for n, v in visible.items() if region.intersects(v[2])}, clip)
        super().paintEvent(event)
        if not visible:
            return
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setClipRect(clip)
        try:
            drawn = {n: v for n, v in visible.items() if region.intersects(v[2])}
            self._paint_bars(painter, drawn)
            rects_of = partial(self._mark_rects, visible=visible)
            colour_of = self._strong
            for layer in self._layers.values():
                paint_outlines(painter, layer, drawn, region, rects_of, colour_of)
            self._paint_relations(painter, visible, region)
        finally:
            painter.end()

    def _visible_blocks(self, clip: QRect | None = None) -> Iterator[tuple[int, Shown]]:
        """(number, (block, top-left, rectangle)) of each block on screen (in `clip`)."""
        block = self.firstVisibleBlock()
        offset = self.contentOffset()
        bottom = self.viewport().height() if clip is None else clip.bottom()
        top = 0 if clip is None else clip.top()
        while block.isValid():
            geometry = self.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > bottom:
                break
            if block.isVisible() and geometry.bottom() >= top:
                yield block.blockNumber(), (block, geometry.topLeft(), geometry.toAlignedRect())
            block = block.next()

    def _rects(self, number: int, shown: Shown, start: int, end: int) -> list[QRectF]:
        """Rectangles (viewport coordinates) of a block-relative range, one per line,
        as high as the words (the line's gap above them is the arrows')."""
        origin = shown[1]
        return [r.translated(origin) for r in self._line_rects.rects(number, shown[0], start, end)]

    def _mark_rects(self, mark: Mark, visible: dict[int, Shown]) -> list[QRectF]:
        rects: list[QRectF] = []
        for number in self._index.blocks_of(mark):
            shown = visible.get(number)
            if shown is not None:
                base = shown[0].position()
                rects += self._rects(number, shown, mark.start - base, mark.end - base)
        return rects

    def _paint_fills(self, drawn: dict[int, Shown], clip: QRect) -> None:
        """Each span's fill (the innermost where spans nest) and its label's
        underline, under the text, as high as the words."""
        painter = QPainter(self.viewport())
        painter.setClipRect(clip)
        try:
            within, pens = QRectF(clip).intersects, self._pens
            for number, shown in drawn.items():
                for start, length, label in self._index.runs(number):
                    fill, pen = pens.get(label) or pens.setdefault(label, self._fill_pen(label))
                    for rect in filter(within, self._rects(number, shown, start, start + length)):
                        painter.fillRect(rect, fill)
                        y = rect.bottom() - 1.5
                        painter.setPen(pen)
                        painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
        finally:
            painter.end()

    def _fill_pen(self, label: str) -> tuple[QColor, QPen]:
        """A label's fill colour and the pen of its underline (kept per label)."""
        colours = self.styles.look(label)
        style = self._underlines.get(label, Qt.PenStyle.SolidLine)
        return colours.fill, QPen(colours.strong, 1.0, style)

    def _paint_bars(self, painter: QPainter, drawn: dict[int, Shown]) -> None:
        for number, shown in drawn.items():
            if not self._index.nested(number):
                continue
            for segment in self._index.segments(number):
                for depth, mark in enumerate(segment.marks[1:], start=1):
                    colour = self.styles.look(mark.label).strong
                    for rect in self._rects(number, shown, segment.start, segment.end):
                        y = rect.bottom() + 0.5 + (depth - 1) * (BAR_HEIGHT + 0.5)
                        painter.fillRect(QRectF(rect.left(), y, rect.width(), BAR_HEIGHT), colour)

    def _selection_area(self) -> QRect:
        """Where the selection's outlines and arrows are drawn now (viewport coordinates)."""
        area = QRect()
        if SELECTION not in self._layers and PARTNERS not in self._layers:
            return area
        visible = dict(self._visible_blocks())
        if not visible:
            return area
        marks: list[Mark] = []
        for name in (SELECTION, PARTNERS):
            layer = self._layers.get(name)
            if layer is not None:
                marks += layer.index.marks()
        for mark in marks:
            for rect in self._mark_rects(mark, visible):
                area = area.united(rect.toAlignedRect().adjusted(-4, -4, 4, 4))
        for ends in self._relations.touching(self.session.selected):
            area = area.united(self._arrow_box(ends, visible))
        return area

    def _arrow_box(self, ends: Ends, visible: dict[int, Shown]) -> QRect:
        """Where an arrow and its label are drawn (empty when off screen)."""
        found = self._arrow(ends, visible)
        if found is None:
            return QRect()
        return found.path.boundingRect().toAlignedRect().adjusted(-40, -16, 40, 10)

    def _paint_relations(self, painter: QPainter, visible: dict[int, Shown],
                         region: QRegion) -> None:
        if not self._relations and not self._suggested:
            return
        selected = self.session.selected
        low, high = min(visible), max(visible)
        background = self.palette().color(QPalette.ColorRole.Base)
        font = painter.font()
        # Only the relations that can reach the blocks on screen.
        drawn = chain(zip(self._relations.reaching(low, high), repeat(False)),
                      zip(self._suggested.reaching(low, high), repeat(True)))
        lines = {n: (shown[2].top(), shown[2].bottom()) for n, shown in visible.items()}
        height, width = self.viewport().height(), self.viewport().width()
        for ends, suggested in drawn:
            mine = not suggested and selected in (ends.head.id, ends.child.id)
            if not (mine or suggested or self.all_relations) or ends.first > high:
                continue
            ys = reach(self._index, ends, lines, height)  # routed only if it may cross
            if ys is not None and not arrows.may_cross(*ys, width, region):
                continue
            found = self._arrow(ends, visible)
            if found is None:
                continue
            if arrows.crosses(found, ends.label, font, region):
                colour = self._arrow_colour(ends.label, background)
                arrows.paint(painter, found, ends.label, colour, background, bold=mine,
                             dashed=suggested)

    def _strong(self, label: str) -> QColor:
        return self.styles.look(label).strong

    def _arrow_colour(self, label: str, background: QColor) -> QColor:
        """A relation's colour, readable on the background (kept per background)."""
        key = (label, background.rgb())
        colour = self._arrow_colours.get(key)
        if colour is None:
            colour = arrows.readable(self.styles.relation_colour(label), background)
            self._arrow_colours[key] = colour
        return colour

    def _first_rect(self, mark: Mark, visible: dict[int, Shown]) -> QRectF | None:
        """The rectangle of a mark's first line on screen, if any of it is."""
        for number in self._index.blocks_of(mark):
            shown = visible.get(number)
            if shown is not None:
                base = shown[0].position()
                rects = self._rects(number, shown, mark.start - base, mark.end - base)
                if rects:
                    return rects[0]
        return None

    def _arrow(self, ends: Ends, visible: dict[int, Shown]) -> arrows.Route | None:
        """The route from head to child (to the edge where one is off screen)."""
        start, end = self._first_rect(ends.head, visible), self._first_rect(ends.child, visible)
        if start is None and end is None:
            return None
        height = self.viewport().height()
        first = min(visible)
        head: QRectF | QPointF | None = start
        child: QRectF | QPointF | None = end
        if start is None:
            assert end is not None
            head = QPointF(end.center().x(), -6.0 if ends.head_block < first else height + 6.0)
        if end is None:
            assert start is not None
            child = QPointF(start.center().x(),
                            -6.0 if ends.child_block < first else height + 6.0)
        assert head is not None and child is not None
        return arrows.route(head, child, self.viewport().width() - 7.0)

    def set_suggested_relations(self, links: Iterable[SuggestedLink]) -> None:
        """Suggested links (id, label, head, child, in view offsets): drawn dashed,
        like suggested spans are outlined."""
        self._suggested = RelationFile(ends_of(self._index, *link) for link in links)
        self.viewport().update()

    def change_suggested_relations(self, removed: Iterable[int],
                                   added: Iterable[SuggestedLink]) -> None:
        """Take some suggested links out (by id) and put others in, repainting
        only where their arrows were and are."""
        visible = dict(self._visible_blocks())
        area = QRect()
        for ident in removed:
            old = self._suggested.remove(ident)
            if old is not None and visible:
                area = area.united(self._arrow_box(old, visible))
        for link in added:
            new = ends_of(self._index, *link)
            self._suggested.add(new)
            if visible:
                area = area.united(self._arrow_box(new, visible))
        self._update_lines(area, visible)

    @property
    def suggested_relations(self) -> list[Ends]:
        """The suggested links drawn, by the first block they touch."""
        return list(self._suggested)

    # --- tooltips ---------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self._tooltip(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def _tooltip(self, point: QPoint) -> str:
        """The spans under the mouse, innermost first, with their relations."""
        viewport_point = self.viewport().mapFrom(self, point)
        position = self.char_at(viewport_point)
        return "" if position is None else span_tooltip(self.session, self._index, position)


_as_mark: Any = partial(tuple.__new__, Mark)
"""(start, end, id, label) rows as Marks, without a Python call per row."""

