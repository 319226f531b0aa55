"""A failed undo or redo (another program holds the lock) leaves the undo
stack where the project file is: nothing is dropped, and once the lock is
gone the same undo and redo work, in step."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.settings import Settings
from app.window import MainWindow
from tests.gui_support import (
    ARTICLE,
    at,
    news_project,
    open_window,
    redo_key,
    spans,
    tag,
    undo_key,
)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return news_project(tmp_path, (ARTICLE, "2021-08-12"))


@contextmanager
def locked(window: MainWindow, path: Path) -> Iterator[None]:
    """Another program holds the write lock for the block."""
    window.session.project.conn.execute("PRAGMA busy_timeout = 50")
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()
        window.last_error = ""
        if window.error_box is not None:
            window.error_box.accept()


def test_a_failed_undo_and_redo_keep_the_stack_in_step(
        qtbot: QtBot, path: Path, settings: Settings) -> None:
    window = open_window(qtbot, path, settings)
    first = at(ARTICLE, "embassy")
    tag(qtbot, window, first, first + 7, "s")
    tag(qtbot, window, at(ARTICLE, "said"), at(ARTICLE, "said") + 4, "e")
    stack = window.undo_stacks.stack_for(1)
    assert (stack.count(), stack.index()) == (2, 2)
    with locked(window, path):
        undo_key(qtbot, window)
        assert "locked" in window.last_error
        assert (stack.count(), stack.index()) == (2, 2)  # kept, and not undone
    assert len(spans(path)) == 2
    undo_key(qtbot, window)  # the same undo, now that the lock is gone
    assert [s[3] for s in spans(path)] == ["embassy"]
    assert stack.index() == 1
    with locked(window, path):
        redo_key(qtbot, window)
        assert "locked" in window.last_error
        assert (stack.count(), stack.index()) == (2, 1)
    assert [s[3] for s in spans(path)] == ["embassy"]
    redo_key(qtbot, window)
    assert [s[3] for s in spans(path)] == ["embassy", "said"]
    undo_key(qtbot, window)
    undo_key(qtbot, window)
    assert spans(path) == [] and stack.index() == 0
    redo_key(qtbot, window)
    assert [s[3] for s in spans(path)] == ["embassy"]
