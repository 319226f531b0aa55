"""Relation arrows as the article draws them: the route from the head span to
the child span, kept off the words, and the arrow with its label.

As brat and INCEpTION do, an arrow leaves the top of the head span, runs
along the top edge of its line (the gap between that line and the one above),
and comes down onto the top of the child span. When the two spans are on
different lines, the run goes to the text's right margin, down the margin,
and along the top edge of the child's line. The relation's name (SAID, WHEN)
sits on the run, on the background colour, so it reads over any text. The
arrow's colour is made readable on the background (WCAG contrast 4.5:1) in
both themes.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
    QRegion,
)

RISE = 3.0  # how far above the line's top edge the run goes
HALO = 4.0  # how far around a leg its halo (and antialiasing) reach
HEAD = 6.0  # how far above the tip the arrowhead reaches
MIN_CONTRAST = 4.5
LABEL_POINT_SIZE = 7.0
REACH = 40  # px above and below its ends' lines within which an arrow and its label draw


@dataclass(frozen=True)
class Route:
    """An arrow's path, where its tip is, and where its label goes."""

    path: QPainterPath
    tip: QPointF
    label_at: QPointF


def luminance(colour: QColor) -> float:
    """WCAG relative luminance."""
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF()))


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable(colour: QColor, background: QColor, ratio: float = MIN_CONTRAST) -> QColor:
    """The colour, lightened on a dark background or darkened on a light one
    until it stands out from the background by `ratio`."""
    out = QColor(colour)
    dark = luminance(background) < 0.5
    for _ in range(40):
        if contrast(out, background) >= ratio:
            break
        out = out.lighter(112) if dark else out.darker(112)
        if dark and out.value() >= 255:  # lighter() stops at full value: blend to white
            out = QColor.fromRgbF(*(c + (1 - c) * 0.15 for c in
                                    (out.redF(), out.greenF(), out.blueF())))
    return out


def route(head: QRectF | QPointF, child: QRectF | QPointF, margin_x: float) -> Route:
    """The route from `head` to `child`: each the rectangle of a span's first line
    on screen, or a point on the screen's edge where that span is off screen."""
    start = _top(head)
    end = _top(child)
    path = QPainterPath(start)
    if isinstance(head, QRectF) and isinstance(child, QRectF) and \
            abs(head.top() - child.top()) < 1:
        run = min(head.top(), child.top()) - RISE
        path.lineTo(start.x(), run)
        path.lineTo(end.x(), run)
        path.lineTo(end)
        return Route(path, end, QPointF((start.x() + end.x()) / 2, run))
    if isinstance(head, QRectF) and isinstance(child, QRectF):
        first, second = head.top() - RISE, child.top() - RISE
        path.lineTo(start.x(), first)
        path.lineTo(margin_x, first)
        path.lineTo(margin_x, second)
        path.lineTo(end.x(), second)
        path.lineTo(end)
        return Route(path, end, QPointF((start.x() + margin_x) / 2, first))
    # One end is off screen: straight towards the edge where it is.
    path.lineTo(end)
    return Route(path, end, QPointF((start.x() + end.x()) / 2, (start.y() + end.y()) / 2))


def crosses(route_: Route, label: str, font: QFont, region: QRegion) -> bool:
    """Whether an arrow draws anything in `region`: a leg (with its halo), its head
    or its label. Tighter than the path's bounding box, which for an arrow that
    runs down the margin covers most of the screen."""
    if region.intersects(label_box(route_, label, font).adjusted(-2, -2, 2, 2).toAlignedRect()):
        return True
    path = route_.path
    previous = path.elementAt(0)
    for i in range(1, path.elementCount()):
        point = path.elementAt(i)
        leg = QRectF(QPointF(previous.x, previous.y), QPointF(point.x, point.y)).normalized()
        if region.intersects(leg.adjusted(-HALO, -HALO - HEAD, HALO, HALO).toAlignedRect()):
            return True
        previous = point
    return False


def may_cross(top: int, bottom: int, width: int, region: QRegion) -> bool:
    """Whether an arrow whose ends lie between heights `top` and `bottom` can draw
    in `region`: its legs, halo, head and label stay within REACH of them. A
    test before routing it, which most arrows on screen fail on a key press."""
    return region.intersects(QRect(0, top - REACH, width, bottom - top + 2 * REACH + 1))


def _top(place: QRectF | QPointF) -> QPointF:
    if isinstance(place, QPointF):
        return place
    return QPointF(place.left() + min(place.width() / 2, 12.0), place.top() + 1)


def paint(painter: QPainter, route_: Route, label: str, colour: QColor, background: QColor,
          *, bold: bool, dashed: bool = False) -> None:
    """The arrow (a halo of the background under it), its head and its label."""
    painter.setBrush(Qt.BrushStyle.NoBrush)
    halo = QPen(background, 4.0 if bold else 3.0)
    halo.setCapStyle(Qt.PenCapStyle.RoundCap)
    halo.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(halo)
    painter.drawPath(route_.path)
    if dashed:
        _paint_dashed(painter, route_.path, colour, 2.0 if bold else 1.3)
    else:
        pen = QPen(colour, 2.0 if bold else 1.3)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.drawPath(route_.path)
    tip, size = route_.tip, 6.0 if bold else 5.0
    painter.setBrush(colour)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawPolygon(QPolygonF([
        tip, QPointF(tip.x() - size * 0.6, tip.y() - size),
        QPointF(tip.x() + size * 0.6, tip.y() - size),
    ]))
    paint_label(painter, route_.label_at, label, colour, background, dashed=dashed)


def paint_label(painter: QPainter, at: QPointF, label: str, colour: QColor,
                background: QColor, *, dashed: bool) -> None:
    font, box = _label_geometry(at, label, painter.font())
    painter.setPen(Qt.PenStyle.NoPen if dashed else QPen(colour, 1.0))
    painter.setBrush(background)
    painter.drawRoundedRect(box, 3, 3)
    if dashed:
        outline = QPainterPath()
        outline.addRoundedRect(box, 3, 3)
        _paint_dashed(painter, outline, colour, 1.0)
    painter.setFont(font)
    painter.setPen(colour)
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)


def _paint_dashed(painter: QPainter, path: QPainterPath, colour: QColor, width: float) -> None:
    """A dashed line along a path, its dashes laid out from the path's start.

    A pen's dash pattern is laid out by the painter, which skips the dashes
    outside the area being repainted and starts the pattern again at another
    phase, so a partly repainted arrow would not match the rest of it; the
    stroke built here is the same whatever part of the view is repainted."""
    stroker = QPainterPathStroker()
    stroker.setWidth(width)
    stroker.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    stroker.setDashPattern(Qt.PenStyle.DashLine)
    painter.fillPath(stroker.createStroke(path), colour)


def label_box(route_: Route, label: str, font: QFont) -> QRectF:
    """Where an arrow's label is drawn."""
    return _label_geometry(route_.label_at, label, font)[1]


def _label_geometry(at: QPointF, label: str, font: QFont) -> tuple[QFont, QRectF]:
    small = QFont(font)
    small.setPointSizeF(LABEL_POINT_SIZE)
    small.setBold(True)
    metrics = QFontMetricsF(small)
    width, height = metrics.horizontalAdvance(label) + 6, metrics.height()
    return small, QRectF(at.x() - width / 2, at.y() - height / 2, width, height)
