"""The time axis: a QGraphicsView whose scene x is days since 1970 and whose rows are
lanes (story events first, then one per document). Zoom scales x only (the wheel, from
decades to hours, around the pointer); dragging pans. Marks are painted from the lanes'
arrays in device pixels, only those in view, so a day stays a round point at any zoom and
20,000 mentions cost only what is on screen."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
from PySide6.QtCore import QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QMouseEvent,
    QPainter,
    QPen,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QToolTip, QWidget

from annotations.timeline.svg import CLASS_COLOURS
from app.timeline.marks import EPOCH, STORY, LaneMarks, days, extent

LANE = 32  # pixels per lane
AXIS = 22  # the axis band at the top
TITLES = 220  # the lane titles' column at the left
POINT = 4.5  # a point's radius in pixels
MIN_SCALE = 0.02  # pixels per day: about two centuries across the view
MAX_SCALE = 24 * 400.0  # pixels per day: an hour is 400 pixels
STORY_COLOUR, CONFLICT_COLOUR = QColor("#1d4e89"), QColor("#d62828")
# Tick steps: (unit, count, approximate days, label format), finest first.
_STEPS = (
    ("hour", 1, 1 / 24, "%H:%M"), ("hour", 3, 3 / 24, "%H:%M"), ("hour", 6, 0.25, "%d %b %H:%M"),
    ("day", 1, 1, "%d %b"), ("day", 2, 2, "%d %b"), ("day", 7, 7, "%d %b"),
    ("day", 14, 14, "%d %b"), ("month", 1, 30.4, "%b %Y"), ("month", 3, 91.3, "%b %Y"),
    ("year", 1, 365.25, "%Y"), ("year", 2, 730.5, "%Y"), ("year", 5, 1826, "%Y"),
    ("year", 10, 3652, "%Y"), ("year", 25, 9131, "%Y"), ("year", 50, 18262, "%Y"),
    ("year", 100, 36525, "%Y"),
)


class TimelineView(QGraphicsView):
    """Lanes of marks on a zoomable time axis. `activated(document_id, span_id)` on a click on
    a mention; `story_activated(story_id)` on a click on a story event."""

    activated = Signal(int, int)
    story_activated = Signal(int)
    selection_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timeline-view")
        self.setScene(QGraphicsScene(self))
        self.lanes: list[LaneMarks] = []
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setMouseTracking(True)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.colours = {name: QColor(c) for name, c in CLASS_COLOURS.items()}
        self._pressed_at: QPointF | None = None
        self.selected: set[int] = set()  # span ids of selected mentions
        self._brushes: dict[tuple[str, bool, bool], QBrush] = {}

    # --- content ---------------------------------------------------------------------------

    def set_lanes(self, lanes: list[LaneMarks], *, keep_view: bool = False) -> None:
        """Show these lanes; unless `keep_view`, fit the time they span into the view."""
        self.lanes = lanes
        shown = {i for lane in lanes[1:] for i in lane.ids}
        if self.selected - shown:
            self.selected &= shown
            self.selection_changed.emit()
        low, high = extent(lanes)
        self.scene().setSceneRect(QRectF(-4_000_000, -AXIS, 8_000_000, AXIS + LANE * len(lanes)))
        if not keep_view:
            self.show_days(low, high)
        self.viewport().update()

    def show_days(self, low: float, high: float) -> None:
        """Zoom and scroll so that the days [low, high] fill the plot's width."""
        width = max(50, self.viewport().width() - TITLES - 10)
        scale = min(MAX_SCALE, max(MIN_SCALE, width / max(high - low, 1e-6)))
        self.setTransform(QTransform.fromScale(scale, 1))
        left = self.mapFromScene(QPointF(low, 0)).x() - TITLES
        bar = self.horizontalScrollBar()
        bar.setValue(bar.value() + left)
        self.verticalScrollBar().setValue(self.verticalScrollBar().minimum())

    @property
    def pixels_per_day(self) -> float:
        return self.transform().m11()

    def zoom(self, factor: float) -> None:
        """Scale x by `factor`, within decades to hours."""
        current = self.pixels_per_day
        target = min(MAX_SCALE, max(MIN_SCALE, current * factor))
        if target != current:
            self.scale(target / current, 1)

    def visible_days(self) -> tuple[float, float]:
        rect = self.mapToScene(self.viewport().rect()).boundingRect()
        return rect.left(), rect.right()

    # --- painting --------------------------------------------------------------------------

    def drawBackground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        rect = QRectF(rect)
        painter.fillRect(rect, self.palette().base())
        world = painter.worldTransform()
        sx, dx, sy, dy = world.m11(), world.dx(), world.m22(), world.dy()
        first = max(0, int(rect.top() // LANE))
        last = min(len(self.lanes), int(rect.bottom() // LANE) + 1)
        painter.save()
        painter.setWorldTransform(QTransform())
        width = self.viewport().width()
        rule = QPen(self.palette().mid().color())
        tick = QPen(self.palette().text().color(), 2)
        for row in range(first, last):
            lane = self.lanes[row]
            y = (row * LANE + LANE / 2) * sy + dy
            painter.setPen(rule)
            painter.drawLine(QPointF(TITLES, y), QPointF(width, y))
            if lane.tick is not None:
                tx = lane.tick * sx + dx
                painter.setPen(tick)
                painter.drawLine(QPointF(tx, y - LANE / 2 + 3), QPointF(tx, y + LANE / 2 - 3))
            self._paint_marks(painter, lane, y, sx, dx, rect.left(), rect.right())
        painter.restore()

    def _pens(self) -> dict[str, QPen]:
        text = self.palette().text().color()
        dashed = QPen(text, 1)
        dashed.setStyle(Qt.PenStyle.DashLine)
        return {"outline": QPen(text, 1), "dashed": dashed, "text": QPen(text),
                "conflict": QPen(CONFLICT_COLOUR, 2),
                "selected": QPen(self.palette().highlight().color(), 3)}

    def _brush(self, lane: LaneMarks, index: int, inferred: bool) -> QBrush:
        key = (lane.classes[index], bool(lane.conflicted[index]), inferred)
        brush = self._brushes.get(key)
        if brush is None:
            fill = QColor(self._colour(lane, index))
            if inferred:
                fill.setAlpha(90)
            brush = self._brushes[key] = QBrush(fill)
        return brush

    def _paint_marks(self, painter: QPainter, lane: LaneMarks, y: float, sx: float, dx: float,
                     left: float, right: float) -> None:
        shown = lane.visible(left, right)
        if not len(shown):
            return
        pens = self._pens()
        x0s = np.maximum(-10.0, lane.starts[shown] * sx + dx).tolist()
        x1s = np.minimum(1e6, lane.ends[shown] * sx + dx).tolist()
        inferred = lane.inferred[shown].tolist()
        points = lane.points[shown].tolist()
        conflicted = lane.conflicted[shown].tolist()
        mentions = lane.document_id is not None
        label_until = -1e9  # labels do not overlap: each starts after the last one's end
        metrics = painter.fontMetrics()
        for n, i in enumerate(shown.tolist()):
            x0, x1 = x0s[n], x1s[n]
            painter.setBrush(self._brush(lane, i, inferred[n]))
            pen = pens["dashed" if inferred[n] else "outline"]
            if conflicted[n]:
                pen = pens["conflict"]
            if mentions and lane.ids[i] in self.selected:
                pen = pens["selected"]
            painter.setPen(pen)
            if points[n] or x1 - x0 < 2 * POINT:
                x0 = (x0 + x1) / 2
                painter.drawEllipse(QPointF(x0, y), POINT, POINT)
                at = x0 + POINT + 3  # a point's label starts beside it, a bar's over its start
            else:
                painter.drawRect(QRectF(x0, y - 5, x1 - x0, 10))
                at = x0 + 2
            following = x0s[n + 1] if n + 1 < len(x0s) else 1e9
            label = lane.labels[i]
            if label and at > label_until and following - at > 20:
                width = metrics.horizontalAdvance(label)
                if at + width + 3 <= following:
                    painter.setPen(pens["text"])
                    painter.drawText(QPointF(at, y - 8), label)
                    label_until = at + width

    def _colour(self, lane: LaneMarks, index: int) -> QColor:
        if lane.classes[index] == STORY:
            return CONFLICT_COLOUR if lane.conflicted[index] else STORY_COLOUR
        return self.colours.get(lane.classes[index], QColor("#999999"))

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        """The axis along the top and the lane titles down the left, fixed on screen."""
        rect = QRectF(rect)
        world = painter.worldTransform()
        painter.save()
        painter.setWorldTransform(QTransform())
        view = self.viewport().rect()
        base, text = self.palette().window(), self.palette().text().color()
        painter.fillRect(QRectF(0, 0, TITLES, view.height()), base)
        painter.setPen(text)
        for row in range(max(0, int(rect.top() // LANE)),
                         min(len(self.lanes), int(rect.bottom() // LANE) + 1)):
            y = row * LANE * world.m22() + world.dy()
            title = self.lanes[row].title
            painter.drawText(QRectF(4, y, TITLES - 8, LANE),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             title if row else f"▶ {title}")
        painter.fillRect(QRectF(0, 0, view.width(), AXIS), base)
        self._paint_ticks(painter, world.m11(), world.dx(), view.width())
        painter.restore()

    def _paint_ticks(self, painter: QPainter, sx: float, dx: float, width: int) -> None:
        unit, count, _, fmt = next((st for st in _STEPS if st[2] * sx >= 90), _STEPS[-1])
        painter.setPen(self.palette().text().color())
        for moment in ticks((TITLES - dx) / sx, (width - dx) / sx, unit, count):
            x = days(moment, 0.0) * sx + dx
            painter.drawLine(QPointF(x, AXIS - 5), QPointF(x, AXIS))
            painter.drawText(QPointF(x + 3, AXIS - 7), moment.strftime(fmt))

    # --- hover, click, wheel -----------------------------------------------------------------

    def mark_at(self, pos: QPointF) -> tuple[int, int] | None:
        """(lane row, mark index) under a viewport position, or None."""
        if pos.x() < TITLES or pos.y() < AXIS:
            return None
        scene = self.mapToScene(pos.toPoint())
        row = int(scene.y() // LANE)
        if not 0 <= row < len(self.lanes) or abs(scene.y() - (row + 0.5) * LANE) > 8:
            return None
        found = self.lanes[row].hit(scene.x(), (POINT + 1) / self.pixels_per_day)
        return None if found is None else (row, found)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        if event.buttons() != Qt.MouseButton.NoButton:
            return
        found = self.mark_at(event.position())
        if found is None:
            QToolTip.hideText()
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            return
        row, index = found
        self.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
        QToolTip.showText(event.globalPosition().toPoint(), self.lanes[row].tip(index), self)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._pressed_at = event.position()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        pressed, self._pressed_at = self._pressed_at, None
        if pressed is None or (event.position() - pressed).manhattanLength() > 4:
            return  # a drag that panned, not a click
        self.click(event.position(), toggle=bool(
            event.modifiers() & Qt.KeyboardModifier.ControlModifier))

    def click(self, pos: QPointF, *, toggle: bool = False) -> bool:
        """Activate the mark at a viewport position; whether there was one. A mention is
        selected (alone, and opened; or, with `toggle`, added to or taken from the
        selection); a story event is shown."""
        found = self.mark_at(pos)
        if found is None:
            if not toggle and self.selected:
                self.select(set())
            return False
        row, index = found
        lane = self.lanes[row]
        span_id = lane.ids[index]
        if lane.document_id is None:
            self.story_activated.emit(span_id)
        elif toggle:
            self.select(self.selected ^ {span_id})
        else:
            self.select({span_id})
            self.activated.emit(lane.document_id, span_id)
        return True

    def select(self, span_ids: set[int]) -> None:
        self.selected = set(span_ids)
        self.selection_changed.emit()
        self.viewport().update()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            super().wheelEvent(event)  # Shift+wheel scrolls the lanes
            return
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom(1.25 ** steps)
        event.accept()


def ticks(left: float, right: float, unit: str, count: int) -> list[datetime]:
    """Calendar-aligned tick moments between two days since 1970: every `count` hours, days,
    months or years, at most 100 of them."""
    low = EPOCH + timedelta(days=max(left, -719_000.0))
    high = EPOCH + timedelta(days=min(right, 2_900_000.0))
    if unit == "year":
        years = range((low.year // count + 1) * count, high.year + 1, count)
        return [datetime(y, 1, 1) for y in years if 1 <= y <= 9999][:100]
    if unit == "month":
        index = (low.year * 12 + low.month - 1) // count * count + count
        out: list[datetime] = []
        while len(out) < 100:
            moment = datetime(index // 12, index % 12 + 1, 1)
            if moment > high:
                break
            out.append(moment)
            index += count
        return out
    step = timedelta(hours=count) if unit == "hour" else timedelta(days=count)
    moment = low.replace(minute=0, second=0, microsecond=0)
    if unit == "day":
        moment = moment.replace(hour=0)
    found: list[datetime] = []
    while moment <= high and len(found) < 100:
        if moment >= low:
            found.append(moment)
        moment += step
    return found
