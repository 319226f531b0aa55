"""Suggestions in the window, with the real spaCy pipeline loaded in a child process:
drawn as outlines, accepted and rejected with keys, every decision undoable
and recorded in the project file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotations.store.suggestions import decision_counts
from annotations.suggest.model import default_model_name, load_model, model_identity
from app.article import SUGGESTION, SUGGESTIONS
from app.settings import Settings
from app.suggestions import installed_pipelines, pipeline_identity
from app.window import MainWindow
from tests.gui_support import (
    ARTICLE,
    SECOND,
    news_project,
    open_window,
    press,
    redo_key,
    rows,
    undo_key,
    wait_for_suggestions,
)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return news_project(tmp_path, (ARTICLE, "2021-08-12"), (SECOND, "2022-03-01"))


@pytest.fixture
def window(qtbot: QtBot, path: Path, settings: Settings) -> MainWindow:
    shown = open_window(qtbot, path, settings)
    wait_for_suggestions(qtbot, shown)
    return shown


def decisions(path: Path) -> list[tuple[str, int | None]]:
    return rows(path, "SELECT decision, span_id FROM suggestion_decisions ORDER BY id")


def suggested_spans(path: Path) -> list[tuple[str, str, int | None]]:
    return rows(path, "SELECT label, text, suggestion_id FROM spans WHERE origin = 'suggested' "
                      "ORDER BY start, label")


def layer_ids(window: MainWindow, name: str) -> list[int]:
    layer = window.article._layers.get(name)
    return [] if layer is None else [m.id for m in layer.index.marks()]


def test_the_model_loads_after_the_window_shows_and_documents_are_suggested_in_the_background(
        qtbot: QtBot, path: Path, settings: Settings) -> None:
    window = open_window(qtbot, path, settings)
    name = default_model_name()
    with qtbot.waitSignal(window.suggestions.model_loading, timeout=5000):
        pass
    assert window.model_label.text() == f"Loading model {name}…"
    assert "Loading model" not in window.statusBar().currentMessage()  # said once, not twice
    assert not window.suggestions.ready
    window.open_document(2)  # opening a document does not wait for the model
    assert window.session.document_id == 2
    with qtbot.waitSignal(window.suggestions.model_ready, timeout=120_000) as ready:
        pass
    identity = ready.args[0]
    assert identity == model_identity(load_model(name))  # as the child process loaded it
    assert pipeline_identity(name) == identity  # read without spaCy, before loading
    wait_for_suggestions(qtbot, window)
    # The label says "Suggesting with ..." until the child's run has finished.
    qtbot.waitUntil(
        lambda: window.model_label.text() == f"Model: {identity.split('@')[0]}", timeout=60_000
    )
    assert identity in window.model_label.toolTip()
    # Stored per document and model, all at once, by the child process's own connection.
    assert rows(path, "SELECT document_id, model FROM suggestion_runs") == [(2, identity)]
    stored = rows(path, "SELECT id FROM suggestions WHERE document_id = 2 ORDER BY id")
    assert len(stored) == len(window.suggestions.items) > 0
    # Outlined, not filled: the article's spans (fills) are still empty.
    assert len(window.article.index) == 0
    assert sorted(layer_ids(window, SUGGESTIONS)) == [r[0] for r in stored]
    assert window.article._layers[SUGGESTIONS].style.pen == Qt.PenStyle.DotLine
    window.open_document(1)
    wait_for_suggestions(qtbot, window)
    assert {r[0] for r in rows(path, "SELECT document_id FROM suggestion_runs")} == {1, 2}


def test_accept_and_reject_with_keys_undo_and_redo(
        qtbot: QtBot, window: MainWindow, path: Path) -> None:
    press(qtbot, window, "n")
    first = window.suggestions.current()
    assert first is not None and first == window.suggestions.items[0]
    assert layer_ids(window, SUGGESTION) == [first.id]
    press(qtbot, window, Qt.Key.Key_Space)
    assert suggested_spans(path) == [(first.label, first.text, first.id)]
    span_id = rows(path, "SELECT id FROM spans")[0][0]
    assert decisions(path) == [("accepted", span_id)]
    assert first.id not in layer_ids(window, SUGGESTIONS)
    assert [m.id for m in window.article.index.marks()] == [span_id]  # now a filled span
    second = window.suggestions.current()  # the next one is selected
    assert second is not None and second.id != first.id
    press(qtbot, window, "x")
    assert decisions(path) == [("accepted", span_id), ("rejected", None)]
    assert len(suggested_spans(path)) == 1
    undo_key(qtbot, window)
    assert decisions(path) == [("accepted", span_id)]
    assert second.id in layer_ids(window, SUGGESTIONS)
    undo_key(qtbot, window)
    assert decisions(path) == [] and suggested_spans(path) == []
    assert first.id in layer_ids(window, SUGGESTIONS)
    redo_key(qtbot, window)
    assert decisions(path) == [("accepted", span_id)]  # the same span id again
    assert rows(path, "SELECT id FROM spans") == [(span_id,)]
    redo_key(qtbot, window)
    assert decisions(path) == [("accepted", span_id), ("rejected", None)]


def test_accept_all_of_a_label_and_all_in_the_document_are_one_undo_step(
        qtbot: QtBot, window: MainWindow, path: Path) -> None:
    items = list(window.suggestions.items)
    label = items[0].label
    of_label = [s for s in items if s.label == label]
    window.suggesting.select_suggestion(items[0].id)
    press(qtbot, window, Qt.Key.Key_Space, Qt.KeyboardModifier.ShiftModifier)
    accepted = rows(path, "SELECT label FROM spans")
    assert [r[0] for r in accepted] == [label] * len(of_label)
    assert all(s.label != label for s in window.suggestions.items)
    press(qtbot, window, Qt.Key.Key_A,
          Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    skipped = len(window.suggestions.items)  # those that overlap a span of their label
    assert len(rows(path, "SELECT id FROM spans")) == len(items) - skipped
    assert len(decisions(path)) == len(items) - skipped
    undo_key(qtbot, window)
    assert [r[0] for r in rows(path, "SELECT label FROM spans")] == [label] * len(of_label)
    undo_key(qtbot, window)
    assert rows(path, "SELECT id FROM spans") == [] and decisions(path) == []
    assert len(window.suggestions.items) == len(items)


def test_changed_after_accepting_is_recorded(
        qtbot: QtBot, window: MainWindow, path: Path) -> None:
    window.suggesting.select_suggestion(window.suggestions.items[0].id)
    press(qtbot, window, Qt.Key.Key_Space)
    span_id = rows(path, "SELECT id FROM spans")[0][0]
    label = rows(path, "SELECT label FROM spans")[0][0]
    window.session.select(span_id)
    other = "s" if label != "SPEAKER" else "e"
    press(qtbot, window, other)  # relabel the accepted span
    counts = decision_counts(window.session.project, "ana")
    assert counts["changed"] == 1 and counts["accepted"] == 0


def test_blind_hides_suggestions_and_is_a_project_setting(
        qtbot: QtBot, window: MainWindow, path: Path) -> None:
    window.actions_by_name["blind"].trigger()
    assert rows(path, "SELECT value FROM settings WHERE key = 'blind'") == [("true",)]
    assert layer_ids(window, SUGGESTIONS) == []
    assert window.model_label.text() == "Blind: suggestions hidden"
    window.session.select(None)
    hint = window.span_panel.empty_hint.text()
    assert "blind" in hint and "outlined" not in hint and "Space" not in hint
    press(qtbot, window, "n")
    assert "blind" in window.last_message
    press(qtbot, window, Qt.Key.Key_Space)
    assert decisions(path) == []
    window.actions_by_name["blind"].trigger()
    assert layer_ids(window, SUGGESTIONS)
    assert "outlined" in window.span_panel.empty_hint.text()


def test_clicking_a_suggestion_selects_it(qtbot: QtBot, window: MainWindow) -> None:
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QTextCursor

    found = window.suggestions.items[-1]
    view = window.article
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.offsets.to_view(found.start))
    left = view.cursorRect(cursor)
    cursor.setPosition(view.offsets.to_view(found.start) + 1)
    right = view.cursorRect(cursor)
    point = QPoint((left.left() + right.left()) // 2, left.center().y())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    chosen = window.suggestions.current()
    assert chosen is not None and chosen.start <= found.start < chosen.end


def test_the_model_setting_is_chosen_from_the_menu(
        qtbot: QtBot, window: MainWindow, path: Path) -> None:
    assert window.suggesting.set_model("no_such_pipeline") is False
    assert "No spaCy pipeline 'no_such_pipeline'" in window.last_message
    name = installed_pipelines()[0]
    assert window.suggesting.set_model(name)
    stored = rows(path, "SELECT value FROM settings WHERE key = 'model'")
    assert [json.loads(r[0]) for r in stored] == [name]


def test_the_suggestion_keys_are_in_the_menu_and_the_sheet(
        qtbot: QtBot, window: MainWindow) -> None:
    from PySide6.QtWidgets import QTextBrowser

    menu = window.menus["&Suggest"]
    names = {a.objectName() for a in menu.actions()}
    assert {"accept_suggestion", "reject_suggestion", "accept_label", "accept_all",
            "next_suggestion", "blind", "choose_model"} <= names
    window.show_shortcuts()
    sheet = window.shortcuts_dialog.findChild(QTextBrowser)
    assert sheet is not None
    text = sheet.toPlainText()
    for needle in ("Space", "Shift+Space", "Ctrl+Shift+A", "Accept Suggestion", "Next Suggestion"):
        assert needle in text
    # No key is bound twice.
    keys = [k.toString() for a in window.findChildren(type(window.actions_by_name["undo"]))
            for k in a.shortcuts()]
    assert len(keys) == len(set(keys))



def test_switching_model_shows_that_models_suggestions_at_once(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    wait_for_suggestions(qtbot, window)
    assert window.suggestions.items
    missing = str(tmp_path / "no-such-pipeline")
    with qtbot.waitSignal(window.suggestions.model_failed, timeout=120_000):
        window.suggestions.load(missing)
    # What is drawn and what Accept All would act on belong to the new choice,
    # which has no suggestions stored: nothing is left of the old model's.
    assert window.suggestions.identity is None
    assert window.suggestions.items == []
    assert layer_ids(window, SUGGESTIONS) == []
