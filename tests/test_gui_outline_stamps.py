"""Outlines are stamped (issue 15): a stamp drawn once per size, pen and place
within a pixel looks like the outline stroked where it stands, and is reused."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from pytestqt.qtbot import QtBot

from app.outlines import Stamps


def picture(draw: object, rects: list[QRectF], pen: QPen) -> QImage:
    image = QImage(240, 80, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    try:
        for rect in rects:
            if isinstance(draw, Stamps):
                draw.draw(painter, rect, pen)
            else:
                painter.setPen(pen)
                painter.drawRoundedRect(rect, 3, 3)
    finally:
        painter.end()
    return image


def largest_difference(a: QImage, b: QImage) -> int:
    return max(
        abs(((a.pixel(x, y) >> shift) & 255) - ((b.pixel(x, y) >> shift) & 255))
        for x in range(a.width()) for y in range(a.height()) for shift in (0, 8, 16)
    )


def test_a_stamped_outline_looks_like_the_stroked_one(qtbot: QtBot) -> None:
    rects = [QRectF(10.25, 8.5, 57.75, 17.0), QRectF(90.0, 8.0, 40.5, 17.0),
             QRectF(150.75, 40.25, 70.0, 20.0)]
    for style, width in ((Qt.PenStyle.DotLine, 1.6), (Qt.PenStyle.DashLine, 2.6),
                         (Qt.PenStyle.SolidLine, 2.5)):
        pen = QPen(QColor("#4ea8de"), width, style)
        stamps = Stamps()
        stamped = picture(stamps, rects, pen)
        stroked = picture(None, rects, pen)
        assert stamped != picture(None, [], pen)  # something was drawn
        assert largest_difference(stamped, stroked) <= 8, style


def test_one_stamp_serves_every_outline_of_its_size_and_pen(qtbot: QtBot) -> None:
    stamps = Stamps()
    pen = QPen(QColor("#f4a261"), 1.6, Qt.PenStyle.DotLine)
    same = [QRectF(x, y, 40.0, 17.0) for x in (5.0, 60.0, 120.0) for y in (5.0, 40.0)]
    picture(stamps, same, pen)
    assert len(stamps) == 1
    picture(stamps, [QRectF(5.0, 5.0, 41.0, 17.0), QRectF(5.5, 5.0, 40.0, 17.0)], pen)
    assert len(stamps) == 3  # another width, another place within a pixel
    picture(stamps, same, QPen(QColor("#f4a261"), 2.6, Qt.PenStyle.DashLine))
    assert len(stamps) == 4
