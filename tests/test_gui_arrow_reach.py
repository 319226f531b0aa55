"""A key press routes only the arrows that can draw in the lines it repaints
(issue 15): `reach` says between which heights an arrow's ends lie, and
`may_cross` never turns away an arrow that `crosses` the repainted region."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QPointF, QRect, QRectF
from PySide6.QtGui import QFont, QRegion
from pytestqt.qtbot import QtBot

from app import arrows
from app.relationfile import Ends, reach
from app.spanindex import Mark, SpanIndex

HEIGHT, WIDTH = 400, 600


def test_reach_puts_each_end_on_its_first_line_on_screen_or_on_the_edge() -> None:
    index = SpanIndex([0, 100, 200, 300, 400])  # blocks 0-4; 1-3 on screen
    lines = {1: (0, 120), 2: (121, 250), 3: (251, 400)}

    def ends(head: Mark, child: Mark) -> Ends:
        return Ends(1, "WHEN", head, child, index.block_of(head.start),
                    index.block_of(child.start))

    above, on_2, on_3 = Mark(10, 15, 1, "A"), Mark(210, 215, 2, "A"), Mark(310, 315, 3, "A")
    below, across = Mark(410, 415, 4, "A"), Mark(50, 150, 5, "A")  # blocks 0-1
    assert reach(index, ends(on_2, on_3), lines, HEIGHT) == (121, 400)
    assert reach(index, ends(above, on_2), lines, HEIGHT) == (-6, 250)
    assert reach(index, ends(on_2, below), lines, HEIGHT) == (121, HEIGHT + 6)
    assert reach(index, ends(above, below), lines, HEIGHT) == (-6, HEIGHT + 6)
    assert reach(index, ends(across, on_2), lines, HEIGHT) == (0, 250)
    folded = {1: (0, 120), 3: (251, 400)}  # block 2 not on screen between them
    assert reach(index, ends(on_2, on_3), folded, HEIGHT) is None


def test_an_arrow_that_crosses_a_band_may_cross_it(qtbot: QtBot) -> None:
    """Arrows between words on the same line, on other lines and off screen, with
    long and short labels: every band of the view an arrow draws in (its legs,
    halo, head or label) is one `may_cross` lets through."""
    font = QFont()
    words = [QRectF(x, y, 40, 16) for x, y in itertools.product((10, 300, 540), (0, 20, 200))]
    places: list[QRectF | QPointF] = [*words, QPointF(200, -6), QPointF(200, HEIGHT + 6)]
    checked = 0
    for head, child, label in itertools.product(places, places, ("WHEN", "ATTRIBUTED_TO")):
        if head is child or not (isinstance(head, QRectF) or isinstance(child, QRectF)):
            continue
        route = arrows.route(head, child, WIDTH - 7.0)
        ys = [int(p.y()) if isinstance(p, QPointF) else int(p.top()) for p in (head, child)]
        ys += [int(p.bottom()) + 1 for p in (head, child) if isinstance(p, QRectF)]
        for top in range(-20, HEIGHT + 20, 2):
            band = QRegion(QRect(0, top, WIDTH, 2))
            if arrows.crosses(route, label, font, band):
                checked += 1
                assert arrows.may_cross(min(ys), max(ys), WIDTH, band), (head, child, top)
    assert checked > 1000
