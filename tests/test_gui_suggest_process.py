"""The suggester runs in a child process (issue 15): the window sends it
documents and draws what it stores, never loads the model itself, and ends
the child when it closes or changes model, even in the middle of a document,
leaving no process behind and no half-stored document."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from annotations.suggest.model import default_model_name
from app.settings import Settings
from app.suggestions import BACKGROUND_MAX_CHARS
from app.window import MainWindow
from tests.gui_support import (
    ARTICLE,
    MODEL_TIMEOUT_MS,
    news_project,
    open_window,
    rows,
    wait_for_suggestions,
)


def gone(pid: int) -> bool:
    """Has the process ended and been reaped (a zombie still answers signal 0)?"""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def long_article() -> str:
    """About 60,000 characters: seconds of parsing for the child."""
    text = "\n\n".join([ARTICLE] * (60_000 // len(ARTICLE)))
    assert len(text) < BACKGROUND_MAX_CHARS
    return text


def suggested_window(qtbot: QtBot, path: Path, settings: Settings) -> MainWindow:
    """The window on `path` once its child has suggested the open document."""
    window = open_window(qtbot, path, settings)
    wait_for_suggestions(qtbot, window)
    return window


def test_suggestions_come_from_the_child_process(
        qtbot: QtBot, tmp_path: Path, settings: Settings) -> None:
    path = news_project(tmp_path, (ARTICLE, "2021-08-12"))
    window = suggested_window(qtbot, path, settings)
    child = window.suggestions.child
    assert child is not None and child.running
    assert child.pid not in (0, os.getpid())
    assert not hasattr(window.suggestions, "nlp")  # the window holds no model
    stored = rows(path, "SELECT count(*) FROM suggestions WHERE document_id = 1")[0][0]
    assert stored == len(window.suggestions.items) > 0
    pid = child.pid
    window.close()
    assert gone(pid)


def test_closing_in_the_middle_of_a_document_ends_the_child(
        qtbot: QtBot, tmp_path: Path, settings: Settings) -> None:
    path = news_project(tmp_path, (long_article(), "2021-08-12"))
    window = open_window(qtbot, path, settings)
    qtbot.waitUntil(lambda: window.suggestions.suggesting, timeout=MODEL_TIMEOUT_MS)
    child = window.suggestions.child
    assert child is not None
    pid = child.pid
    window.close()  # the child is parsing: it is killed and reaped, and close returns
    assert gone(pid)
    runs = rows(path, "SELECT count(*) FROM suggestion_runs")[0][0]
    stored = rows(path, "SELECT count(*) FROM suggestions")[0][0]
    assert (runs == 0) == (stored == 0)  # the document is stored whole or not at all


def test_closing_while_the_model_loads_ends_the_child(
        qtbot: QtBot, tmp_path: Path, settings: Settings) -> None:
    path = news_project(tmp_path, (ARTICLE, "2021-08-12"))
    window = open_window(qtbot, path, settings)
    with qtbot.waitSignal(window.suggestions.model_loading, timeout=5000):
        pass
    child = window.suggestions.child
    assert child is not None and not child.is_ready
    pid = child.pid
    window.close()
    assert gone(pid)


def test_another_model_ends_the_old_child(
        qtbot: QtBot, tmp_path: Path, settings: Settings) -> None:
    window = suggested_window(qtbot, news_project(tmp_path, (ARTICLE, "2021-08-12")), settings)
    old = window.suggestions.child
    assert old is not None
    pid = old.pid
    with qtbot.waitSignal(window.suggestions.model_ready, timeout=MODEL_TIMEOUT_MS):
        window.suggestions.load(default_model_name())
    assert gone(pid)
    new = window.suggestions.child
    assert new is not None and new.pid != pid and new.is_ready


@pytest.mark.parametrize("missing", ["no-such-pipeline"])
def test_a_model_that_cannot_load_ends_its_child_and_says_why(
        qtbot: QtBot, tmp_path: Path, settings: Settings, missing: str) -> None:
    window = suggested_window(qtbot, news_project(tmp_path, (ARTICLE, "2021-08-12")), settings)
    with qtbot.waitSignal(window.suggestions.model_failed, timeout=MODEL_TIMEOUT_MS) as failed:
        window.suggestions.load(str(tmp_path / missing))
    assert missing in failed.args[0]
    assert window.suggestions.child is None and not window.suggestions.ready
    assert window.model_label.text() == "Model failed"
