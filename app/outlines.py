"""Outline layers of the article view: marks drawn as rounded outlines (no
fill) above the span fills, such as the selected span, its relation partners,
the spans a new relation may point to and the model's suggestions."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QRegion

from app.spanindex import Mark, SpanIndex


@dataclass(frozen=True)
class OutlineStyle:
    """How an outline layer draws its marks: a pen style and width, and a
    fixed colour or (None) each mark's label colour."""

    pen: Qt.PenStyle = Qt.PenStyle.SolidLine
    width: float = 1.5
    colour: QColor | None = None


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
            painter.setPen(QPen(style.colour or colour_of(mark.label), style.width, style.pen))
            # An outline inside another of its layer is drawn inset, so nested
            # dotted outlines do not merge into one solid-looking border.
            depth = sum(1 for m in index.at(mark.start)
                        if m.id != mark.id and m.start <= mark.start and mark.end <= m.end)
            inset = min(depth, 2) * 2.0
            for rect in rects:
                painter.drawRoundedRect(rect.adjusted(inset - 1, inset, 1 - inset, -inset), 3, 3)
