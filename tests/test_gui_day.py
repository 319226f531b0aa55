"""The annotator's day in the real window (offscreen): the first-run name
dialog, the status bar, the document list after Done, Next Not Done, status
changes undone from the next document, hand-made DATE values and the article's
second cues."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from annotations.identity import current_user
from app.dialogs import AnnotatorDialog
from app.main import build_window
from app.settings import Settings
from tests.gui_support import ARTICLE, SECOND, news_project


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return news_project(tmp_path, (ARTICLE, "2021-08-12"), (SECOND, "2022-03-01"))


def test_cancelling_the_first_run_name_dialog_starts_under_the_login_name(
        qtbot: QtBot, path: Path, tmp_path: Path) -> None:
    fresh = Settings.at(tmp_path / "fresh.ini")
    seen: list[str] = []

    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, AnnotatorDialog)
        seen.append(dialog.intro.text())
        qtbot.keyClick(dialog.name, Qt.Key.Key_Escape)

    QTimer.singleShot(0, cancel)
    window = build_window(path, settings=fresh, ask=True)
    qtbot.addWidget(window)
    assert seen and "Cancel starts as" in seen[0]
    assert window.session.annotator == current_user() == fresh.annotator
    assert "Change Annotator" in window.last_message and current_user() in window.last_message


def test_the_change_annotator_dialog_does_not_repeat_its_advice(qtbot: QtBot) -> None:
    later = AnnotatorDialog("ana")
    qtbot.addWidget(later)
    assert "Change Annotator" not in later.intro.text()
    assert later.intro.text().count("stored under this name") == 1
