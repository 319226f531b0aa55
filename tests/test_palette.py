"""Labels are told apart by more than colour: the default palette stays
distinct for viewers with deuteranopia, protanopia and tritanopia (simulated
with Machado 2009), in both themes, and each label is underlined its own way."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor

from annotations.schema import default_schema
from app.theme import LabelStyles
from tests.colour_vision import MACHADO_2009, RGB, closest_pair

MIN_FILL_DELTA_E = 15.0
"""The least CIE76 distance between two labels' fills as a viewer sees them:
the palette before this test had 1.5 between DATE and QUOTE under deuteranopia."""
MIN_STRONG_DELTA_E = 10.0  # bars under nested spans and outlines


def rgb(colour: QColor) -> RGB:
    return colour.redF(), colour.greenF(), colour.blueF()


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("vision", sorted(MACHADO_2009))
def test_label_colours_stay_distinct_under_colour_vision_deficiencies(
        dark: bool, vision: str) -> None:
    styles = LabelStyles(default_schema(), dark)
    labels = [label.name for label in default_schema().labels]
    fills = {name: rgb(styles.look(name).fill) for name in labels}
    distance, a, b = closest_pair(fills, MACHADO_2009[vision])
    assert distance >= MIN_FILL_DELTA_E, f"{a} and {b} fills: ΔE {distance:.1f} ({vision})"
    strong = {name: rgb(styles.look(name).strong) for name in labels}
    distance, a, b = closest_pair(strong, MACHADO_2009[vision])
    assert distance >= MIN_STRONG_DELTA_E, f"{a} and {b} bars: ΔE {distance:.1f} ({vision})"


def test_the_simulation_finds_the_classic_confusion() -> None:
    # Red and green that differ plainly for normal vision, much less under deuteranopia.
    pair = {"red": (0.8, 0.3, 0.2), "green": (0.4, 0.6, 0.2)}
    normal, _a, _b = closest_pair(pair, MACHADO_2009["normal vision"])
    deutan, _a, _b = closest_pair(pair, MACHADO_2009["deuteranopia"])
    assert deutan < normal / 3


def test_each_label_is_underlined_its_own_way() -> None:
    from app.palette import underlines

    labels = [label.name for label in default_schema().labels]
    styles = underlines(labels)
    assert len(set(styles.values())) == len(labels)


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_relation_arrows_are_readable_on_the_background(dark: bool) -> None:
    from app.arrows import contrast, readable
    from app.theme import palette

    background = palette(dark).color(palette(dark).ColorRole.Base)
    styles = LabelStyles(default_schema(), dark)
    for relation in default_schema().relations:
        drawn = readable(styles.relation_colour(relation.name), background)
        assert contrast(drawn, background) >= 4.5, relation.name


def test_arrows_run_above_the_lines_they_join() -> None:
    from PySide6.QtCore import QRectF

    from app.arrows import route

    head, child = QRectF(10, 40, 50, 14), QRectF(200, 40, 60, 14)
    same = route(head, child, 400)
    path = same.path
    points = [path.elementAt(i) for i in range(path.elementCount())]
    run = [p for p in points if p.y < head.top()]
    assert run and all(p.y < head.top() for p in points[1:-1])  # above the words
    assert same.label_at.y() < head.top() and head.right() < same.label_at.x() < child.left()
    lower = QRectF(30, 82, 40, 14)
    two_lines = route(head, lower, 400)
    xs = {round(two_lines.path.elementAt(i).x) for i in range(two_lines.path.elementCount())}
    assert 400 in xs  # down the right margin, not across the text
    assert two_lines.tip.y() > lower.top()
