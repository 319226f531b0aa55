"""Where spans are drawn: offsets between Python and Qt, spans filed by text
block, the runs the highlighter colours, and the window on a text with
characters outside the Basic Multilingual Plane."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from annotations.store import Project
from app.main import build_window
from app.settings import Settings
from app.spanindex import Mark, OffsetMap, SpanIndex, block_starts


def test_offsets_count_utf16_units_for_astral_characters() -> None:
    text = "a😀b\n𝄞c"
    offsets = OffsetMap(text)
    assert not offsets.identity
    assert [offsets.to_view(i) for i in range(len(text) + 1)] == [0, 1, 3, 4, 5, 7, 8]
    for i in range(len(text) + 1):
        assert offsets.to_text(offsets.to_view(i)) == i
    assert len(text.encode("utf-16-le")) // 2 == offsets.to_view(len(text))
    assert OffsetMap("plain ascii").identity
    assert OffsetMap("café").identity


def test_block_starts_follow_line_breaks() -> None:
    assert block_starts("ab\n\ncd\n") == [0, 3, 4, 7]
    assert block_starts("😀\nx", OffsetMap("😀\nx")) == [0, 3]


def test_marks_are_found_by_block_position_and_order() -> None:
    text = "one two three\nfour five\nsix"
    index = SpanIndex(block_starts(text), [
        Mark(4, 7, 1, "A"), Mark(0, 13, 2, "B"), Mark(8, 19, 3, "C"), Mark(24, 27, 4, "A"),
    ])
    assert [m.id for m in index.marks()] == [2, 1, 3, 4]
    assert [m.id for m in index.in_block(1)] == [3]  # C runs over the line break
    assert [m.id for m in index.at(5)] == [1, 2]  # innermost first
    assert [m.id for m in index.overlapping(6, 15)] == [2, 1, 3]
    assert index.after(None, 5, 1) == Mark(8, 19, 3, "C")
    assert index.after(1, 0, 1).id == 3  # type: ignore[union-attr]
    assert index.after(4, 0, 1).id == 2  # type: ignore[union-attr]  # wraps around
    assert index.after(2, 0, -1).id == 4  # type: ignore[union-attr]
    assert index.runs(2) == [(0, 3, "A")]
    assert index.nested(0) and not index.nested(2)


def test_nested_spans_give_inner_label_runs_and_outer_bars() -> None:
    text = "he said that the talks end on Friday"
    quote = Mark(13, 36, 1, "QUOTE")
    date = Mark(30, 36, 2, "DATE")
    index = SpanIndex(block_starts(text), [quote, date])
    # The outer span is coloured first, the inner one over it.
    assert index.runs(0) == [(13, 23, "QUOTE"), (30, 6, "DATE")]
    assert index.nested(0)
    # Where they nest, the segment lists the inner span first (the outer gets a bar).
    assert [(s.start, s.end, s.marks) for s in index.segments(0)] == [
        (13, 30, (quote,)), (30, 36, (date, quote))]


def test_adding_and_removing_touch_only_their_blocks() -> None:
    text = "a\nbb\nccc\n"
    index = SpanIndex(block_starts(text))
    assert index.add(Mark(2, 7, 1, "X")) == range(1, 3)
    assert index.runs(1) == [(0, 2, "X")]
    assert index.runs(2) == [(0, 2, "X")]
    assert index.remove(1) == range(1, 3)
    assert index.runs(1) == [] and len(index) == 0
    assert index.remove(99) == range(0)


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, list[Mark]]:
    text = draw(st.text(alphabet="ab \n", min_size=1, max_size=60))
    count = draw(st.integers(0, 8))
    marks = []
    for ident in range(1, count + 1):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        marks.append(Mark(start, end, ident, draw(st.sampled_from("ABC"))))
    return text, marks


@settings(max_examples=150, deadline=None)
@given(documents())
def test_runs_colour_exactly_the_characters_spans_cover(doc: tuple[str, list[Mark]]) -> None:
    text, marks = doc
    starts = block_starts(text)
    index = SpanIndex(starts, marks)
    coloured: dict[int, str] = {}
    for block, base in enumerate(starts):
        for start, length, label in index.runs(block):  # applied in order: the last wins
            for i in range(base + start, base + start + length):
                assert text[i] != "\n"
                coloured[i] = label
    expected = {}
    for i, ch in enumerate(text):
        covering = sorted((m for m in marks if m.start <= i < m.end),
                          key=lambda m: (m.end - m.start, m.start, m.id))
        if covering and ch != "\n":
            expected[i] = covering[0].label
    assert coloured == expected
    # Filing one by one gives the same index as filing all at once.
    stepwise = SpanIndex(starts)
    for mark in marks:
        stepwise.add(mark)
    assert stepwise.marks() == index.marks()
    assert all(stepwise.runs(b) == index.runs(b) for b in range(len(starts)))
    # Segments name, for each covered character, every span over it, innermost first.
    for block, base in enumerate(starts):
        for segment in index.segments(block):
            for i in range(base + segment.start, base + segment.end):
                over = sorted((m for m in marks if m.start <= i < m.end),
                              key=lambda m: (m.end - m.start, m.start, m.id))
                assert list(segment.marks) == over


def test_the_window_maps_offsets_past_emoji(qtbot: QtBot, tmp_path: Path) -> None:
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    text = "Fans 😀😀 cheered as the 🏆 parade began on Sunday."
    path = tmp_path / "emoji.dateline"
    with Project.create(path) as project:
        project.add_document(text)
    window = build_window(path, settings=Settings.at(tmp_path / "s.ini"), annotator="ana",
                          ask=False)
    assert window is not None
    qtbot.addWidget(window)
    start = text.index("Sunday")
    window.article.select_text(start + 1, start + 4)
    window.tagging.tag("DATE")
    conn = sqlite3.connect(path)
    try:
        found = conn.execute('SELECT start, "end", text FROM spans').fetchall()
    finally:
        conn.close()
    assert found == [(start, start + 6, "Sunday")]
    mark = window.article.index.marks()[0]
    assert mark.start == start + 3  # three astral characters before it, two units each
    assert window.article.selected_range() is None
