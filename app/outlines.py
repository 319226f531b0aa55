"""Outline layers of the article view: marks drawn as rounded outlines (no
fill) above the span fills, such as the selected span, its relation partners,
the spans a new relation may point to and the model's suggestions."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap, QRegion

from app.spanindex import Mark, SpanIndex


@dataclass(frozen=True)
class OutlineStyle:
    """How an outline layer draws its marks: a pen style and width, and a
    fixed colour or (None) each mark's label colour."""

    pen: Qt.PenStyle = Qt.PenStyle.SolidLine
    width: float = 1.5
    colour: QColor | None = None


STEPS = 4  # an outline's position is kept to a quarter of a pixel in its stamp
STAMPS_KEPT = 2048


class Stamps:
    """Outlines drawn once per size, pen and position within a pixel, then
    copied: an antialiased dotted rounded rectangle costs the painter some
    fifty microseconds to stroke, a copy a few, and a key press repaints a
    dozen or more of them (each suggestion on the lines it changed). A copy
    is also whole wherever the repaint cuts it, as a stroke's dashes are not."""

    def __init__(self) -> None:
        self._kept: dict[tuple[object, ...], QPixmap] = {}

    def __len__(self) -> int:
        return len(self._kept)

    def draw(self, painter: QPainter, rect: QRectF, pen: QPen) -> None:
        x, y = math.floor(rect.x()), math.floor(rect.y())
        fx, fy = round((rect.x() - x) * STEPS), round((rect.y() - y) * STEPS)
        ratio = painter.device().devicePixelRatioF()
        key = (pen.style(), pen.widthF(), pen.color().rgba(), round(rect.width() * STEPS),
               round(rect.height() * STEPS), fx, fy, ratio)
        stamp = self._kept.get(key)
        margin = math.ceil(pen.widthF()) + 1
        if stamp is None:
            if len(self._kept) >= STAMPS_KEPT:
                self._kept.clear()
            stamp = self._kept[key] = _stamp(rect, pen, fx / STEPS + margin,
                                             fy / STEPS + margin, margin, ratio)
        painter.drawPixmap(QPointF(x - margin, y - margin), stamp)


def _stamp(rect: QRectF, pen: QPen, left: float, top: float, margin: int,
           ratio: float) -> QPixmap:
    width = math.ceil(rect.width() + 1) + 2 * margin
    height = math.ceil(rect.height() + 1) + 2 * margin
    stamp = QPixmap(math.ceil(width * ratio), math.ceil(height * ratio))
    stamp.setDevicePixelRatio(ratio)
    stamp.fill(Qt.GlobalColor.transparent)
    painter = QPainter(stamp)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(QRectF(left, top, rect.width(), rect.height()), 3, 3)
    finally:
        painter.end()
    return stamp


STAMPS = Stamps()


@dataclass
class OutlineLayer:
    index: SpanIndex
    style: OutlineStyle


def paint_outlines(painter: QPainter, layer: OutlineLayer, blocks: Iterable[int],
                   region: QRegion, rects_of: Callable[[Mark], list[QRectF]],
                   colour_of: Callable[[str], QColor]) -> None:
    """Outline the layer's marks in the blocks being drawn, the lines of each
    that cross the repainted region only."""
    seen: set[int] = set()
    painter.setBrush(Qt.BrushStyle.NoBrush)
    style, index = layer.style, layer.index
    for number in blocks:
        for mark in index.in_block(number):
            if mark.id in seen:
                continue
            seen.add(mark.id)
            rects = [r for r in rects_of(mark)
                     if region.intersects(r.toAlignedRect().adjusted(-4, -4, 4, 4))]
            if not rects:
                continue
            pen = QPen(style.colour or colour_of(mark.label), style.width, style.pen)
            # An outline inside another of its layer is drawn inset, so nested
            # dotted outlines do not merge into one solid-looking border.
            depth = sum(1 for m in index.at(mark.start)
                        if m.id != mark.id and m.start <= mark.start and mark.end <= m.end)
            inset = min(depth, 2) * 2.0
            for rect in rects:
                STAMPS.draw(painter, rect.adjusted(inset - 1, inset, 1 - inset, -inset), pen)
