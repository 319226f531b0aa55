"""View › Story Timeline on the real main window, offscreen: lanes by document date, the
unanchored and conflict lists, filters, a click that opens the mention's document with the
span selected, and a WHEN link made in the article moving its event onto the axis."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QPushButton
from pytestqt.qtbot import QtBot

from annotations.store import Project
from app.settings import Settings
from app.timeline.marks import lane_marks
from app.timeline.view import LANE, MAX_SCALE, MIN_SCALE, ticks
from app.timeline.window import TimelineWindow
from app.window import MainWindow
from tests.gui_support import (
    open_window,
    private_settings,  # noqa: F401 - an autouse fixture
    rows,
    settings,  # noqa: F401 - a fixture
)
from tests.timeline_story import ARTICLES, LoadedStory, find, load_story

ANNOTATOR = "ana"


@pytest.fixture
def story_path(tmp_path: Path) -> tuple[Path, LoadedStory]:
    target = tmp_path / "story.dateline"
    with Project.create(target) as project:
        loaded = load_story(project, ANNOTATOR)
    return target, loaded


@pytest.fixture
def window(qtbot: QtBot, story_path: tuple[Path, LoadedStory], settings: Settings) -> MainWindow:  # noqa: F811
    return open_window(qtbot, story_path[0], settings, ANNOTATOR)


def open_timeline(qtbot: QtBot, window: MainWindow) -> TimelineWindow:
    window.actions_by_name["timeline"].trigger()
    timeline = window.findChild(TimelineWindow, "timeline")
    assert timeline is not None
    qtbot.waitExposed(timeline)
    timeline.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is timeline)
    return timeline


def mark_point(timeline: TimelineWindow, span_id: int) -> QPoint:
    view = timeline.view
    for row, lane in enumerate(view.lanes):
        if span_id in lane.ids and lane.document_id is not None:
            i = lane.ids.index(span_id)
            middle = (lane.starts[i] + lane.ends[i]) / 2
            return view.mapFromScene(QPointF(middle, row * LANE + LANE / 2))
    raise AssertionError(f"span {span_id} is not drawn")


def test_lanes_lists_and_filters(qtbot: QtBot, window: MainWindow) -> None:
    timeline = open_timeline(qtbot, window)
    lanes = timeline.view.lanes
    assert [lane.title for lane in lanes[1:]] == [
        "Ferry operator suspends crossings after engine fire.",
        "Crossings to restart next week, ferry company says.",
        "Ferry crossings resume a week after engine fire.",
        "Ferry firm plans a safety overhaul."]
    assert lanes[-1].tick is None and all(lane.tick is not None for lane in lanes[1:-1])
    assert sum(len(lane) for lane in lanes[1:]) == 12
    # Unanchored: P90D, the undated article's three linked events, and the unlinked ones.
    texts = [timeline.unanchored.item(i).text() for i in range(timeline.unanchored.count())]
    assert any(t.startswith("Repairs") and "duration" in t for t in texts)
    assert any(t.startswith("review") and "unknown year" in t for t in texts)
    assert timeline.conflicts.count() == 0  # no story events stored yet
    timeline.event_class.setCurrentText("REPORTING")
    assert sum(len(lane) for lane in timeline.view.lanes[1:]) == 4
    timeline.event_class.setCurrentText("Any")
    timeline.text.setText("inspectors")
    assert sum(len(lane) for lane in timeline.view.lanes[1:]) == 4  # said, resume, fire, susp.
    timeline.text.clear()
    timeline.status.setCurrentText("done")
    assert len(timeline.view.lanes) == 1


def test_click_opens_the_mention_with_its_span_selected(
        qtbot: QtBot, window: MainWindow, story_path: tuple[Path, LoadedStory]) -> None:
    loaded = story_path[1]
    timeline = open_timeline(qtbot, window)
    span_id = loaded.events[(2, "crossed")]
    point = mark_point(timeline, span_id)
    qtbot.mouseClick(timeline.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.session.document_id == loaded.documents[2]
    assert window.session.selected == span_id


def test_a_when_link_moves_the_event_onto_the_axis(
        qtbot: QtBot, window: MainWindow, story_path: tuple[Path, LoadedStory]) -> None:
    loaded = story_path[1]
    timeline = open_timeline(qtbot, window)
    cleared = loaded.events[(1, "cleared")]
    assert not any(cleared in lane.ids for lane in timeline.view.lanes)
    window.open_document(loaded.documents[1])
    text = ARTICLES[1].text
    start, end = find(text, "Monday", text.index("resume"))
    monday = next(s.id for s in window.session.project.spans(loaded.documents[1], ANNOTATOR)
                  if (s.start, s.end) == (start, end))
    window.session.select(cleared)
    window.links.start_link("WHEN")
    window.links.finish_link(monday)
    qtbot.waitUntil(lambda: any(cleared in lane.ids for lane in timeline.view.lanes))
    window.undo_stacks.undo()
    qtbot.waitUntil(lambda: not any(cleared in lane.ids for lane in timeline.view.lanes))


def test_zoom_stays_between_decades_and_hours(qtbot: QtBot, window: MainWindow) -> None:
    view = open_timeline(qtbot, window).view
    for _ in range(80):
        view.zoom(1.5)
    assert view.pixels_per_day == pytest.approx(MAX_SCALE)
    for _ in range(80):
        view.zoom(1 / 1.5)
    assert view.pixels_per_day == pytest.approx(MIN_SCALE)
    view.show_days(19_790, 19_805)  # March 2024
    assert MIN_SCALE < view.pixels_per_day < MAX_SCALE
    image = view.grab()
    assert not image.isNull()


def test_ticks_fall_on_calendar_boundaries() -> None:
    months = ticks(19_700, 19_900, "month", 1)
    assert months and all(m.day == 1 and m.hour == 0 for m in months)
    years = ticks(0, 20_000, "year", 10)
    assert [y.year for y in years[:2]] == [1980, 1990]
    hours = ticks(19_800, 19_800.5, "hour", 3)
    assert [h.hour for h in hours] == [0, 3, 6, 9, 12]


def test_lane_marks_hit_the_narrowest_mark(story_path: tuple[Path, LoadedStory]) -> None:
    from annotations.timeline import project_timeline

    path, loaded = story_path
    with Project(path) as project:
        lanes, _ = lane_marks(project_timeline(project, ANNOTATOR))
    first = lanes[1]
    fire = first.ids.index(loaded.events[(0, "fire")])
    assert first.hit(float(first.starts[fire]) + 0.01, 0.001) == fire


def answer_dialog(text: str, tries: int = 200) -> None:
    """Type `text` into the input dialog about to open and press OK (waiting for it to open,
    every 10 ms, up to `tries` times)."""
    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QInputDialog):
            dialog.setTextValue(text)
            dialog.accept()
        elif tries > 0:
            answer_dialog(text, tries - 1)
    QTimer.singleShot(10, run)


def story_rows(path: Path) -> list[tuple[Any, ...]]:
    return rows(path, "SELECT e.name, m.span_id FROM story_events e JOIN story_mentions m "
                      "ON m.story_id = e.id ORDER BY e.name, m.span_id")


def press_on_axis(qtbot: QtBot, timeline: TimelineWindow, key: Qt.Key) -> None:
    """A key on the timeline's axis, the timeline window active (as after a click on it)."""
    timeline.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is timeline)
    timeline.view.setFocus()
    qtbot.keyClick(timeline.view, key)


def ctrl_click(qtbot: QtBot, timeline: TimelineWindow, span_id: int) -> None:
    qtbot.mouseClick(timeline.view.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.ControlModifier, mark_point(timeline, span_id))


def test_story_events_made_from_selected_mentions_undo_and_redo(
        qtbot: QtBot, window: MainWindow, story_path: tuple[Path, LoadedStory]) -> None:
    path, loaded = story_path
    timeline = open_timeline(qtbot, window)
    fire = [loaded.events[(0, "fire")], loaded.events[(2, "started")]]
    for span_id in fire:
        ctrl_click(qtbot, timeline, span_id)
    assert timeline.view.selected == set(fire)
    answer_dialog("The engine fire")
    press_on_axis(qtbot, timeline, Qt.Key.Key_S)
    assert story_rows(path) == [("The engine fire", i) for i in sorted(fire)]
    assert timeline.conflicts.count() == 1  # 12 March at night against 11 March
    assert len(timeline.view.lanes[0]) == 1 and timeline.view.lanes[0].conflicted[0]
    timeline.buttons["undo"].click()
    assert story_rows(path) == []
    timeline.buttons["redo"].click()
    assert story_rows(path) == [("The engine fire", i) for i in sorted(fire)]
    # Join a third mention by naming the story again; remove one with Delete.
    third = loaded.events[(1, "fire")]
    timeline.view.select({third})
    answer_dialog("The engine fire")
    press_on_axis(qtbot, timeline, Qt.Key.Key_S)
    assert len(story_rows(path)) == 3
    timeline.view.select({fire[1]})
    press_on_axis(qtbot, timeline, Qt.Key.Key_Delete)
    assert story_rows(path) == [("The engine fire", i) for i in sorted([fire[0], third])]
    assert timeline.conflicts.count() == 0
    timeline.buttons["undo"].click()
    assert len(story_rows(path)) == 3


def button(timeline: TimelineWindow, name: str) -> QPushButton:
    found = timeline.findChild(QPushButton, name)
    assert found is not None, name
    return found


def test_suggested_stories_are_accepted_or_rejected(
        qtbot: QtBot, window: MainWindow, story_path: tuple[Path, LoadedStory]) -> None:
    path, loaded = story_path
    timeline = open_timeline(qtbot, window)
    names = [s.name for s in timeline.suggested]
    assert {"fire", "suspended"} <= set(names)
    timeline.suggestions.setCurrentRow(names.index("suspended"))
    button(timeline, "timeline-accept").click()
    suspended = sorted(loaded.events[key] for key in
                       ((0, "suspended"), (1, "suspended"), (2, "suspended"), (3, "suspend")))
    assert story_rows(path) == [("suspended", i) for i in suspended]
    assert "suspended" not in [s.name for s in timeline.suggested]
    timeline.suggestions.setCurrentRow([s.name for s in timeline.suggested].index("fire"))
    button(timeline, "timeline-reject").click()
    assert "fire" not in [s.name for s in timeline.suggested]
    with Project(path) as project:
        assert project.setting("timeline.rejected_story_suggestions")[ANNOTATOR]


def test_file_export_timeline_writes_the_chosen_format(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    from app.timeline.exportdialog import TimelineExportDialog

    window.actions_by_name["export_timeline"].trigger()
    dialog = window.findChild(TimelineExportDialog, "timeline-export")
    assert dialog is not None
    assert not dialog.export()  # no file chosen yet: said so, nothing written
    assert "Choose the file" in dialog.outcome.text()
    dialog.format.setCurrentIndex(dialog.format.findData("semeval2015"))
    target = tmp_path / "story.txt"
    dialog.path.setText(str(target))
    dialog.name.setText("ferry fire")
    dialog.export_button.click()
    assert target.read_text(encoding="utf-8").splitlines()[0] == "ferry fire"
    assert "Wrote" in dialog.outcome.text()
    dialog.path.setText(str(tmp_path / "missing" / "x.txt"))
    assert not dialog.export()
    assert "cannot write the timeline" in dialog.outcome.text()
