"""What the window tests share: the real window built as `main()` builds it,
QSettings in a temporary folder, keys pressed on the article, and rows read
from the project file by a second SQLite connection (what is committed)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from annotations.store import Project
from app.main import build_window
from app.settings import Settings
from app.window import MainWindow

ARTICLE = (
    "The embassy said on Thursday that “flights will stop,\" and urged citizens "
    "to leave Kabul within 90 days.\n\nA spokesman said the alert was serious."
)
SECOND = "Officials met on Monday. The talks ended without a deal, a minister said."
MODEL_TIMEOUT_MS = 120_000


def rows(path: Path, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def spans(path: Path) -> list[tuple[Any, ...]]:
    return rows(path, 'SELECT label, start, "end", text FROM spans ORDER BY start, label')


def news_project(folder: Path, *documents: tuple[str, str | None]) -> Path:
    """`folder`/news.dateline holding the documents, each (text, date or None), in order."""
    target = folder / "news.dateline"
    with Project.create(target) as project:
        for text, date in documents:
            project.add_document(text, date=date)
    return target


@pytest.fixture(autouse=True)
def private_settings(tmp_path: Path) -> Iterator[None]:
    """No test reads or writes the user's real settings."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    yield


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings.at(tmp_path / "settings.ini")


def open_window(qtbot: QtBot, path: Path, settings: Settings,
                annotator: str = "ana") -> MainWindow:
    window = build_window(path, settings=settings, annotator=annotator, ask=False)
    assert window is not None
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.article.setFocus()
    return window


def press(qtbot: QtBot, window: MainWindow, key: str | Qt.Key,
          modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(window.article, key, modifier)


def undo_key(qtbot: QtBot, window: MainWindow) -> None:
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def redo_key(qtbot: QtBot, window: MainWindow) -> None:
    press(qtbot, window, Qt.Key.Key_Z,
          Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)


def tag(qtbot: QtBot, window: MainWindow, start: int, end: int, key: str) -> int:
    window.article.select_text(start, end)
    with qtbot.waitSignal(window.session.spans_changed, timeout=2000):
        press(qtbot, window, key)
    selected = window.session.selected
    assert selected is not None
    return selected


def at(text: str, part: str) -> int:
    return text.index(part)


def wait_for_suggestions(qtbot: QtBot, window: MainWindow) -> None:
    """Until the model is loaded, the open document's suggestions are drawn and the
    background run that made them has finished."""
    qtbot.waitUntil(lambda: window.suggestions.ready, timeout=MODEL_TIMEOUT_MS)
    qtbot.waitUntil(lambda: bool(window.suggestions.items), timeout=MODEL_TIMEOUT_MS)
    qtbot.waitUntil(lambda: not window.suggestions.suggesting, timeout=MODEL_TIMEOUT_MS)
