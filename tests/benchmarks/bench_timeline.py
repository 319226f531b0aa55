"""Story timeline speed, each figure printed beside its target (issue 14), and beside a bare
QGraphicsView holding the same 20,000 marks as plain rectangle items:

- 1,000 documents with 20,000 anchored mentions: from the timeline to the first painted
  frame (marks built, lanes set, the viewport painted): target under 200 ms;
- panning and zooming: one step and its painted frame: target under 16 ms a frame.

Run with `make bench`. Asserts that the work was done, never a time.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QPointF, QRect, QRectF
from PySide6.QtGui import QBrush, QColor, QPainter, QTransform
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView
from pytestqt.qtbot import QtBot

from annotations.model import Document, Relation, Span
from annotations.timeline import Timeline, build_timeline
from app.timeline.marks import lane_marks
from app.timeline.view import LANE, TimelineView

DOCUMENTS, MENTIONS = 1_000, 20_000
DRAW_TARGET_MS, FRAME_MS = 200.0, 16.0
SIZE = (1600, 1000)
FRAMES = 60
CLASSES = ("OCCURRENCE", "REPORTING", "I_ACTION", "STATE")


def report(name: str, figure: float, target: float, baseline: float) -> None:
    verdict = "ok" if figure <= target else "OVER TARGET"
    print(f"\n{name}: {figure:.1f} ms (target < {target:.0f} ms) {verdict}; "
          f"bare QGraphicsView {baseline:.1f} ms ({figure / baseline:.2f}x)")


def corpus(seed: int = 1) -> Timeline:
    """1,000 dated documents of 20 EVENTs each, every EVENT WHEN-linked to a DATE of a day,
    a week or a month within two years of its document."""
    rng = random.Random(seed)
    items = []
    span_id = 0
    first = date(2022, 1, 1)
    per = MENTIONS // DOCUMENTS
    for d in range(DOCUMENTS):
        day = first + timedelta(days=rng.randrange(730))
        text = " ".join(["word"] * (per * 4)) + "."
        doc = Document(d + 1, f"u{d}", f"Article {d + 1}", text, day.isoformat())
        spans, relations = [], []
        for k in range(per):
            when = day - timedelta(days=rng.randrange(60))
            value = rng.choice([when.isoformat(), when.strftime("%Y-%m"),
                                f"{when.isocalendar()[0]}-W{when.isocalendar()[1]:02d}"])
            span_id += 2
            start = k * 10
            spans.append(Span(span_id, doc.id, "a", "EVENT", start, start + 4, "word",
                              {"class": rng.choice(CLASSES)}))
            spans.append(Span(span_id + 1, doc.id, "a", "DATE", start + 5, start + 9, "word",
                              {"type": "DATE", "value": value}))
            relations.append(Relation(span_id, doc.id, "a", "WHEN", span_id, span_id + 1))
        items.append((doc, spans, relations))
    return build_timeline("a", items)


def ms(work: Callable[[], object]) -> float:
    began = time.perf_counter()
    work()
    return (time.perf_counter() - began) * 1000


def frames(step: Callable[[], None], paint: Callable[[], None]) -> list[float]:
    out = []
    for _ in range(FRAMES):
        began = time.perf_counter()
        step()
        paint()
        out.append((time.perf_counter() - began) * 1000)
    return out


class Counted(QGraphicsView):
    """A bare QGraphicsView that counts its painted frames."""

    painted = 0

    def drawBackground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        self.painted += 1
        super().drawBackground(painter, rect)


class CountedTimeline(TimelineView):
    painted = 0

    def drawBackground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        self.painted += 1
        super().drawBackground(painter, rect)


def bare_view(timeline: Timeline) -> tuple[Counted, Callable[[], None]]:
    """A plain QGraphicsView with a QGraphicsRectItem per mark: the baseline."""
    lanes, _ = lane_marks(timeline)
    view = Counted()
    view.resize(*SIZE)
    scene = QGraphicsScene(view)
    view.setScene(scene)

    def build() -> None:
        brush = QBrush(QColor("#f4a261"))
        for row, lane in enumerate(lanes):
            for s, e in zip(lane.starts, lane.ends, strict=True):
                scene.addRect(QRectF(s, row * LANE + 8, max(e - s, 0.2), 10)).setBrush(brush)
        view.setTransform(QTransform.fromScale(2.0, 1))
        view.centerOn(QPointF(float(lanes[1].starts[0]), 0))
    return view, build


@pytest.fixture(scope="module")
def timeline() -> Timeline:
    began = time.perf_counter()
    built = corpus()
    print(f"\nbuilding the timeline of {DOCUMENTS:,} documents (anchors, sentences): "
          f"{(time.perf_counter() - began) * 1000:.0f} ms (not part of the draw)")
    return built


def test_draw_pan_and_zoom(qtbot: QtBot, timeline: Timeline) -> None:
    anchored = sum(1 for m in timeline.mentions.values() if m.anchored)
    assert anchored == MENTIONS
    bare, build_bare = bare_view(timeline)
    qtbot.addWidget(bare)
    bare.show()
    qtbot.waitExposed(bare)
    qtbot.waitUntil(lambda: bare.painted > 0)
    bare_draw = ms(lambda: (build_bare(), bare.viewport().repaint()))
    bar = bare.horizontalScrollBar()
    bare_pan = frames(lambda: bar.setValue(bar.value() + 40), bare.viewport().repaint)
    bare_zoom = frames(lambda: bare.scale(1.05, 1), bare.viewport().repaint)

    view = CountedTimeline()
    qtbot.addWidget(view)
    view.resize(*SIZE)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: view.painted > 0)

    def draw() -> None:
        lanes, _ = lane_marks(timeline)
        view.set_lanes(lanes)
        view.viewport().repaint()

    drawn = ms(draw)
    assert sum(len(lane) for lane in view.lanes) == MENTIONS
    ours = view.horizontalScrollBar()
    pan = frames(lambda: ours.setValue(ours.value() + 40), view.viewport().repaint)
    zoom = frames(lambda: view.zoom(1.05), view.viewport().repaint)
    print(view.isVisible(), view.viewport().isVisible(), view.isHidden())
    assert view.painted >= 2 * FRAMES and bare.painted >= 2 * FRAMES, (view.painted, bare.painted)
    report(f"draw {DOCUMENTS:,} documents / {MENTIONS:,} mentions", drawn, DRAW_TARGET_MS,
           bare_draw)
    report("pan, median frame", statistics.median(pan), FRAME_MS, statistics.median(bare_pan))
    report("pan, slowest frame", max(pan), FRAME_MS, max(bare_pan))
    report("zoom, median frame", statistics.median(zoom), FRAME_MS, statistics.median(bare_zoom))
    report("zoom, slowest frame", max(zoom), FRAME_MS, max(bare_zoom))
