"""File › Import in the window: the same WorkDialog as export and merge, a
worker with progress, the result in the status bar; a file that cannot be
read is named, and the project file is left exactly as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.importdialog import ImportDialog
from app.settings import Settings
from app.workdialog import WorkDialog
from tests.conftest import dump
from tests.gui_support import (
    ARTICLE,
    news_project,
    open_window,
    private_settings,  # noqa: F401 - an autouse fixture
    settings,  # noqa: F401 - a fixture
)

SECOND_TEXT = "Rain fell on Friday in the hills, the agency said."
TIMEOUT_MS = 60_000


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return news_project(tmp_path, (ARTICLE, "2021-08-12"))


def test_import_runs_in_the_work_dialog_and_opens_nothing_new_over_the_open_document(
        qtbot: QtBot, tmp_path: Path, path: Path, settings: Settings) -> None:  # noqa: F811
    window = open_window(qtbot, path, settings)
    article = tmp_path / "rain.txt"
    article.write_text(SECOND_TEXT, encoding="utf-8")
    before = window.session.document_id
    worker = window.projects.import_paths([article])
    dialog = window.projects.import_window
    assert worker is not None and isinstance(dialog, ImportDialog)
    assert isinstance(dialog, WorkDialog) and dialog.paths() == [article]
    with qtbot.waitSignal(dialog.imported, timeout=TIMEOUT_MS):
        pass
    assert "Imported 1 new article(s) (0 already there)." in dialog.summary.toPlainText()
    assert window.last_message == "Imported 1 new article(s) (0 already there)."
    assert len(window.session.document_ids()) == 2
    assert window.session.document_id == before


def test_a_bad_file_is_named_and_the_project_is_unchanged(
        qtbot: QtBot, tmp_path: Path, path: Path, settings: Settings) -> None:  # noqa: F811
    window = open_window(qtbot, path, settings)
    good = tmp_path / "rain.txt"
    good.write_text(SECOND_TEXT, encoding="utf-8")
    bad = tmp_path / "broken.jsonl"
    bad.write_bytes(b'{"text": "ok text"}\n{"text": oops}\n')
    before = dump(path)
    window.projects.import_paths([good, bad])
    dialog = window.projects.import_window
    assert dialog is not None
    with qtbot.waitSignal(dialog.import_failed, timeout=TIMEOUT_MS) as failed:
        pass
    assert "broken.jsonl:2" in failed.args[0]
    assert "broken.jsonl:2" in dialog.summary.toPlainText()
    assert "Nothing was imported" in dialog.summary.toPlainText()
    assert dialog.error_box is not None and dialog.error_box.isVisible()
    dialog.error_box.accept()
    assert window.last_error == failed.args[0]
    assert dump(path) == before
    assert len(window.session.document_ids()) == 1


def test_import_with_no_files_says_so_and_starts_nothing(
        qtbot: QtBot, path: Path, settings: Settings) -> None:  # noqa: F811
    window = open_window(qtbot, path, settings)
    assert window.projects.import_paths([]) is None
    dialog = window.projects.import_window
    assert dialog is not None and dialog.worker is None
    assert "add at least one file to import" in dialog.summary.toPlainText()
    assert dialog.error_box is not None
    dialog.error_box.accept()
