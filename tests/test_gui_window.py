"""The annotation window, driven like a user would, offscreen: keys and clicks
in, rows of the project file (read with a second SQLite connection) out."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QTextBrowser
from pytestqt.qtbot import QtBot

from annotations.store import Project
from app.main import build_window
from app.settings import Settings
from app.window import MainWindow
from tests.gui_support import (
    ARTICLE,
    SECOND,
    at,
    news_project,
    open_window,
    press,
    redo_key,
    rows,
    tag,
    undo_key,
)

THIRD = "Nothing happened on Sunday."


def spans(path: Path) -> list[tuple[Any, ...]]:
    return rows(path, 'SELECT label, start, "end", text, attrs FROM spans ORDER BY start, label')


def relations(path: Path) -> list[tuple[Any, ...]]:
    return rows(path, "SELECT r.label, h.text, c.text FROM relations r "
                      "JOIN spans h ON h.id = r.head_id JOIN spans c ON c.id = r.child_id")


def status(path: Path, doc: int = 1) -> tuple[Any, ...] | None:
    found = rows(path, "SELECT status, note FROM document_status WHERE document_id = ?", doc)
    return found[0] if found else None


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return news_project(tmp_path, (ARTICLE, "2021-08-12"), (SECOND, None), (THIRD, None))


@pytest.fixture
def window(qtbot: QtBot, path: Path, settings: Settings) -> MainWindow:
    return open_window(qtbot, path, settings)


def click_span(qtbot: QtBot, window: MainWindow, text_offset: int) -> None:
    """Click the middle of the character at a text offset."""
    view = window.article
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.offsets.to_view(text_offset))
    left = view.cursorRect(cursor)
    cursor.setPosition(view.offsets.to_view(text_offset) + 1)
    right = view.cursorRect(cursor)
    point = QPoint((left.left() + right.left()) // 2, left.center().y())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def dismiss_error(qtbot: QtBot, window: MainWindow) -> None:
    assert window.error_box is not None
    window.error_box.accept()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.article.setFocus()


# --- tagging ---------------------------------------------------------------------------


def test_a_selection_is_snapped_tagged_and_in_the_file_at_once(
        qtbot: QtBot, window: MainWindow, path: Path) -> None:
    start = at(ARTICLE, "embassy")
    # A sloppy selection: the space before, half the word.
    tag(qtbot, window, start - 1, start + 4, "s")
    assert spans(path) == [("SPEAKER", start, start + 7, "embassy", "{}")]
    assert window.article.textCursor().hasSelection() is False
    assert window.session.selected is not None


def test_quotation_marks_stay_outside_a_quote_and_direct_is_guessed(
        qtbot: QtBot, window: MainWindow, path: Path) -> None:
    start = at(ARTICLE, "“flights")
    end = at(ARTICLE, 'stop,"') + len('stop,"')
    tag(qtbot, window, start, end, "q")
    label, s, e, text, attrs = spans(path)[0]
    assert (label, text) == ("QUOTE", "flights will stop")
    assert (s, e) == (start + 1, start + 1 + len("flights will stop"))
    assert attrs == '{"direct": true}'


def test_a_nested_date_inside_a_quote_is_allowed_and_same_label_overlap_refused(
        qtbot: QtBot, window: MainWindow, path: Path) -> None:
    quote_start = at(ARTICLE, "to leave")
    tag(qtbot, window, quote_start, at(ARTICLE, "days") + 4, "q")
    tag(qtbot, window, at(ARTICLE, "90"), at(ARTICLE, "days") + 4, "d")
    assert [r[0] for r in spans(path)] == ["QUOTE", "DATE"]
    window.article.select_text(at(ARTICLE, "leave"), at(ARTICLE, "Kabul") + 5)
    press(qtbot, window, "q")
    assert "overlaps" in window.last_message
    assert len(spans(path)) == 2
    # Both labels are drawn: the inner fills, the outer is a bar.
    block = window.article.index.block_of(at(ARTICLE, "90"))
    assert window.article.index.nested(block)


def test_nothing_to_tag_and_no_selection_give_a_message(
        qtbot: QtBot, window: MainWindow, path: Path) -> None:
    window.article.select_text(at(ARTICLE, ",\""), at(ARTICLE, ",\"") + 3)
    press(qtbot, window, "e")
    assert "Nothing to tag" in window.last_message
    window.article.clear_text_selection()
    window.session.select(None)
    press(qtbot, window, "e")
    assert "Select some words" in window.last_message
    assert spans(path) == []


def test_relabel_undo_redo(qtbot: QtBot, window: MainWindow, path: Path) -> None:
    start = at(ARTICLE, "said")
    tag(qtbot, window, start, start + 4, "s")
    assert spans(path)[0][0] == "SPEAKER"
    with qtbot.waitSignal(window.session.spans_changed):
        press(qtbot, window, "e")  # a label key on a selected span relabels it
    assert spans(path) == [("EVENT", start, start + 4, "said",
                            '{"class": "OCCURRENCE", "polarity": "POS"}')]
    undo_key(qtbot, window)
    assert spans(path) == [("SPEAKER", start, start + 4, "said", "{}")]
    redo_key(qtbot, window)
    assert spans(path)[0][0] == "EVENT"
    window.undo_stacks.undo()
    window.undo_stacks.undo()
    assert spans(path) == []
    window.undo_stacks.redo()
    assert spans(path) == [("SPEAKER", start, start + 4, "said", "{}")]


def test_click_selects_and_delete_removes_the_span_with_its_relations(
        qtbot: QtBot, window: MainWindow, path: Path) -> None:
    speaker = tag(qtbot, window, at(ARTICLE, "embassy"), at(ARTICLE, "embassy") + 7, "s")
    quote = tag(qtbot, window, at(ARTICLE, "flights"), at(ARTICLE, "stop") + 4, "q")
    window.session.select(speaker)
    press(qtbot, window, "a")
    click_span(qtbot, window, at(ARTICLE, "will"))
    assert relations(path) == [("SAID", "embassy", "flights will stop")]
    click_span(qtbot, window, at(ARTICLE, "embassy") + 2)
    assert window.session.selected == speaker
    press(qtbot, window, Qt.Key.Key_Delete)
    assert [r[3] for r in spans(path)] == ["flights will stop"]
    assert relations(path) == []
    window.undo_stacks.undo()  # everything the delete removed comes back, with the same ids
    assert relations(path) == [("SAID", "embassy", "flights will stop")]
    assert rows(path, "SELECT id FROM spans ORDER BY id") == [(speaker,), (quote,)]
    window.undo_stacks.redo()
    assert relations(path) == []
    assert len(spans(path)) == 1


def test_relation_by_head_key_and_keyboard_pick(
        qtbot: QtBot, window: MainWindow, path: Path) -> None:
    event = tag(qtbot, window, at(ARTICLE, "urged"), at(ARTICLE, "urged") + 5, "e")
    tag(qtbot, window, at(ARTICLE, "90"), at(ARTICLE, "days") + 4, "d")
    tag(qtbot, window, at(ARTICLE, "Thursday"), at(ARTICLE, "Thursday") + 8, "d")
    window.session.select(event)
    press(qtbot, window, "w")
    assert window.links.linking == ("WHEN", event)
    press(qtbot, window, Qt.Key.Key_Tab)  # the first DATE after the head
    press(qtbot, window, Qt.Key.Key_Return)
    assert relations(path) == [("WHEN", "urged", "90 days")]
    assert window.links.linking is None
    window.undo_stacks.undo()
    assert relations(path) == []
    window.undo_stacks.redo()
    assert relations(path) == [("WHEN", "urged", "90 days")]
    # The partners are listed beside the article and can be followed.
    window.session.select(event)
    assert window.span_panel.relations.count() == 1
    window.span_panel.follow_button.click()
    assert window.session.span(window.session.selected or 0).text == "90 days"


def test_refused_relation_endpoints_are_explained_in_the_status_bar(
        qtbot: QtBot, window: MainWindow, path: Path) -> None:
    event = tag(qtbot, window, at(ARTICLE, "urged"), at(ARTICLE, "urged") + 5, "e")
    speaker = tag(qtbot, window, at(ARTICLE, "spokesman"), at(ARTICLE, "spokesman") + 9, "s")
    window.session.select(event)
    press(qtbot, window, "a")  # SAID starts at a SPEAKER, not an EVENT
    assert window.last_message.startswith("Refused")
    assert window.links.linking is None
    window.session.select(speaker)
    press(qtbot, window, "a")
    assert "No QUOTE" in window.last_message
    tag(qtbot, window, at(ARTICLE, "alert"), at(ARTICLE, "serious") + 7, "q")
    window.session.select(speaker)
    press(qtbot, window, "a")
    click_span(qtbot, window, at(ARTICLE, "urged") + 1)  # an EVENT: refused
    assert window.last_message.startswith("Refused")
    assert window.links.linking is not None
    press(qtbot, window, Qt.Key.Key_Escape)
    assert window.links.linking is None
    assert relations(path) == []


def test_attribute_edit_undo_redo(qtbot: QtBot, window: MainWindow, path: Path) -> None:
    tag(qtbot, window, at(ARTICLE, "said"), at(ARTICLE, "said") + 4, "e")
    box = window.span_panel._editors["class"]
    assert isinstance(box, QComboBox)
    box.setCurrentIndex(box.findData("REPORTING"))
    box.activated.emit(box.currentIndex())
    assert spans(path)[0][4] == '{"class": "REPORTING", "polarity": "POS"}'
    window.undo_stacks.undo()
    assert spans(path)[0][4] == '{"class": "OCCURRENCE", "polarity": "POS"}'
    assert box.currentData() == "OCCURRENCE"
    window.undo_stacks.redo()
    assert spans(path)[0][4] == '{"class": "REPORTING", "polarity": "POS"}'


def test_date_value_is_checked_against_the_schema_pattern(
        qtbot: QtBot, window: MainWindow, path: Path) -> None:
    tag(qtbot, window, at(ARTICLE, "Thursday"), at(ARTICLE, "Thursday") + 8, "d")
    editor = window.span_panel._editors["value"]
    assert isinstance(editor, QLineEdit)
    computed = spans(path)[0][4]  # the normaliser's value (app/datevalues.py)
    editor.setText("next week")
    editor.editingFinished.emit()
    assert "is not a DATE value: e.g. 2021-08-15" in window.last_message
    assert spans(path)[0][4] == computed
    editor.setText("2021-08-12")
    editor.editingFinished.emit()
    assert spans(path)[0][4] == '{"type": "DATE", "value": "2021-08-12"}'


# --- the document ----------------------------------------------------------------------------


def test_status_key_undo_redo(qtbot: QtBot, window: MainWindow, path: Path) -> None:
    press(qtbot, window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert status(path) == ("done", "")
    assert window.actions_by_name["mark_done"].isChecked()
    assert window.progress.value() == 1
    window.undo_stacks.undo()
    assert status(path) == ("new", "")
    window.undo_stacks.redo()
    assert status(path) == ("done", "")


def test_note_is_saved_after_a_pause_and_undone(
        qtbot: QtBot, window: MainWindow, path: Path) -> None:
    window.navigation.edit_note()
    with qtbot.waitSignal(window.document_panel.note_edited, timeout=3000):
        qtbot.keyClicks(window.document_panel.note, "hesitated on alert")
    assert status(path) == ("new", "hesitated on alert")
    window.undo_stacks.undo()
    assert status(path) == ("new", "")
    assert window.document_panel.note.toPlainText() == ""
    window.undo_stacks.redo()
    assert status(path) == ("new", "hesitated on alert")


def test_document_date_is_shown_and_editable(
        qtbot: QtBot, window: MainWindow, path: Path) -> None:
    assert window.header.date.text() == "2021-08-12"
    assert window.header.day.text() == "Thursday"
    window.header.date.setText("2021-08-31")
    window.header.date.editingFinished.emit()
    assert rows(path, "SELECT date FROM documents WHERE id = 1") == [("2021-08-31",)]
    window.header.date.setText("2021-02-31")
    window.header.date.editingFinished.emit()
    assert "not a date" in window.last_message
    window.undo_stacks.undo()
    assert rows(path, "SELECT date FROM documents WHERE id = 1") == [("2021-08-12",)]
    assert window.header.date.text() == "2021-08-12"


def test_document_keys_and_per_document_undo(
        qtbot: QtBot, window: MainWindow, path: Path) -> None:
    assert window.session.document_id == 1
    tag(qtbot, window, 0, 3, "e")
    press(qtbot, window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.session.document_id == 2
    assert not window.actions_by_name["undo"].isEnabled()  # document 2 has no edits
    press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert status(path, 2) == ("done", "")
    assert window.session.document_id == 3  # done, and on to the next not done
    press(qtbot, window, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.session.document_id == 2
    window.navigation.next_not_done()
    assert window.session.document_id == 3
    window.navigation.next_not_done()
    assert window.session.document_id == 1
    window.undo_stacks.undo()  # document 1's own history
    assert spans(path) == []
    assert status(path, 2) == ("done", "")


def test_document_list_filters_and_progress(
        qtbot: QtBot, window: MainWindow, path: Path) -> None:
    docs = window.documents
    assert docs.visible_ids() == [1, 2, 3]
    window.navigation.toggle_done()
    assert window.progress.value() == 1 and window.progress.maximum() == 3
    docs.status_box.setCurrentIndex(docs.status_box.findData("not_done"))
    assert docs.visible_ids() == [2, 3]
    docs.search.setText("talks")
    assert docs.visible_ids() == []
    docs.search.setText("officials")
    assert docs.visible_ids() == [2]
    assert window.settings.status_filter == "not_done"


def test_keys_move_between_spans(qtbot: QtBot, window: MainWindow, path: Path) -> None:
    first = tag(qtbot, window, at(ARTICLE, "embassy"), at(ARTICLE, "embassy") + 7, "s")
    second = tag(qtbot, window, at(ARTICLE, "urged"), at(ARTICLE, "urged") + 5, "e")
    third = tag(qtbot, window, at(ARTICLE, "alert"), at(ARTICLE, "alert") + 5, "e")
    window.session.select(first)
    press(qtbot, window, Qt.Key.Key_Tab)
    assert window.session.selected == second
    press(qtbot, window, Qt.Key.Key_Tab)
    assert window.session.selected == third
    press(qtbot, window, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert window.session.selected == second
    press(qtbot, window, Qt.Key.Key_Escape)
    assert window.session.selected is None


# --- persistence -----------------------------------------------------------------------------


def test_close_and_reopen_finds_everything(
        qtbot: QtBot, path: Path, settings: Settings) -> None:
    window = open_window(qtbot, path, settings)
    speaker = tag(qtbot, window, at(ARTICLE, "spokesman"), at(ARTICLE, "spokesman") + 9, "s")
    tag(qtbot, window, at(ARTICLE, "the alert"), at(ARTICLE, "serious") + 7, "q")
    window.session.select(speaker)
    press(qtbot, window, "a")
    click_span(qtbot, window, at(ARTICLE, "serious"))
    window.navigation.set_note(1, "check the quote")
    window.navigation.toggle_done()
    window.navigation.next_document()
    window.splitter.setSizes([200, 700, 300])
    sizes = window.splitter.sizes()
    window.close()

    again = open_window(qtbot, path, settings)
    assert again.session.document_id == 2  # the last document opened
    assert again.splitter.sizes() == sizes
    again.open_document(1)
    assert [(m.label) for m in again.article.index.marks()] == ["SPEAKER", "QUOTE"]
    assert [r.label for r in again.session.relations] == ["SAID"]
    assert again.document_panel.note.toPlainText() == "check the quote"
    assert again.actions_by_name["mark_done"].isChecked()
    assert again.documents.model.document(1).spans == 2  # type: ignore[union-attr]


def test_annotator_is_kept_in_settings_and_can_change(
        qtbot: QtBot, window: MainWindow, path: Path, settings: Settings) -> None:
    assert settings.annotator == "ana"
    tag(qtbot, window, 0, 3, "e")
    window.projects.set_annotator("ben")
    assert settings.annotator == "ben"
    assert len(window.article.index) == 0  # ben's layer is empty
    tag(qtbot, window, 0, 3, "s")
    assert rows(path, "SELECT a.name, s.label FROM spans s JOIN annotators a "
                      "ON a.id = s.annotator_id ORDER BY a.name") == [("ana", "EVENT"),
                                                                     ("ben", "SPEAKER")]
    assert "ben" in window.annotator_label.text()


# --- errors ----------------------------------------------------------------------------------


def test_a_bad_project_file_keeps_the_current_one(
        qtbot: QtBot, window: MainWindow, path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "notes.dateline"
    bad.write_text("not a database")
    assert window.projects.open_project(bad) is False
    assert "not a Dateline project" in window.last_error
    assert window.session.path == path
    dismiss_error(qtbot, window)
    tag(qtbot, window, 0, 3, "e")
    assert len(spans(path)) == 1


def test_a_locked_database_shows_a_message_and_keeps_the_last_good_state(
        qtbot: QtBot, window: MainWindow, path: Path) -> None:
    tag(qtbot, window, 0, 3, "e")
    window.session.project.conn.execute("PRAGMA busy_timeout = 50")
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        window.article.select_text(at(ARTICLE, "embassy"), at(ARTICLE, "embassy") + 7)
        press(qtbot, window, "s")
        assert "locked" in window.last_error
        assert [m.label for m in window.article.index.marks()] == ["EVENT"]
        assert window.undo_stacks.stack_for(1).count() == 1
    finally:
        other.execute("ROLLBACK")
        other.close()
    dismiss_error(qtbot, window)
    tag(qtbot, window, at(ARTICLE, "embassy"), at(ARTICLE, "embassy") + 7, "s")
    assert [r[0] for r in spans(path)] == ["EVENT", "SPEAKER"]


def test_opening_another_project_and_a_new_one(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    other = tmp_path / "other.dateline"
    with Project.create(other) as project:
        project.add_document("Rain fell on Friday in the hills.")
    assert window.projects.open_project(other)
    assert window.session.document is not None
    assert window.session.document.text.startswith("Rain")
    assert str(other.resolve()) in window.settings.recent_projects


def test_import_runs_in_a_worker_and_opens_the_articles(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    empty = tmp_path / "empty.dateline"
    Project.create(empty).close()
    assert window.projects.open_project(empty)
    assert window.session.document is None
    article = tmp_path / "storm.txt"
    article.write_text(" date 2022-01-05 A storm hit the coast on Tuesday.\n", encoding="utf-8")
    worker = window.projects.import_paths([article])
    with qtbot.waitSignal(window.session.document_opened, timeout=10000):
        pass
    assert worker is not None
    assert window.session.document is not None
    assert window.session.document.date == "2022-01-05"


def test_first_run_seeds_the_default_project(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    fresh = Settings.at(tmp_path / "fresh.ini")
    window = build_window(None, settings=fresh, annotator="new user", ask=False)
    assert window is not None
    qtbot.addWidget(window)
    from importlib.resources import files

    samples = [p for p in files("resources").joinpath("samples").iterdir()
               if p.name.endswith(".txt")]
    assert len(window.session.document_ids()) == len(samples) >= 1
    assert window.session.path.parent == tmp_path / "data" / "Dateline"
    assert window.session.document is not None
    assert fresh.annotator == "new user"


# --- looks and help ----------------------------------------------------------------------------


def test_every_action_is_in_a_menu_and_the_shortcut_sheet(
        qtbot: QtBot, window: MainWindow) -> None:
    in_menus = {a for menu in window.menus.values() for a in menu.actions()}
    for name, action in window.actions_by_name.items():
        assert action in in_menus, name
    for action in window.label_actions + window.relation_actions:
        assert action in in_menus
    window.show_shortcuts()
    sheet = window.shortcuts_dialog.findChild(QTextBrowser)
    assert sheet is not None
    text = sheet.toPlainText()
    for needle in ("Ctrl+Z", "Ctrl+D", "Ctrl+Shift+Z", "EVENT", "Link SAID", "Tab",
                   "Keyboard Shortcuts"):
        assert needle in text


def test_dark_theme_recolours_labels(qtbot: QtBot, window: MainWindow) -> None:
    light = window.styles.look("EVENT").fill.lightness()
    window.layouts.set_theme("dark")
    assert window.styles.dark
    assert window.styles.look("EVENT").fill.lightness() < light
    assert window.settings.theme == "dark"
    window.layouts.set_theme("light")


def test_time_spent_counts_only_activity(qtbot: QtBot, window: MainWindow, path: Path) -> None:
    now = [100.0]
    window.clock.clock = lambda: now[0]
    window.clock.set_active(True)
    window.clock.acted()
    now[0] += 30
    window.clock.acted()
    now[0] += 1000  # a long break counts as at most the idle limit
    window.clock.acted()
    window.clock.set_active(False)
    now[0] += 50  # away from the window: not counted
    window.clock.set_active(True)
    window.clock.acted()
    window.clock.flush()
    seconds = rows(path, "SELECT seconds FROM document_status WHERE document_id = 1")[0][0]
    assert seconds == pytest.approx(30 + 120)


def test_the_window_starts_without_spacy(tmp_path: Path, path: Path) -> None:
    script = (
        "import sys\n"
        "from app.main import build_window\n"
        "from app.settings import Settings\n"
        f"w = build_window({str(path)!r}, settings=Settings.at({str(tmp_path / 's.ini')!r}),"
        " annotator='ana', ask=False)\n"
        "w.show()\n"
        "from PySide6.QtWidgets import QApplication\n"
        "QApplication.processEvents()\n"
        "print(sorted(m for m in ('spacy', 'pandas', 'thinc') if m in sys.modules))\n"
        "w.close()\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, env={**__import__("os").environ,
                                            "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
