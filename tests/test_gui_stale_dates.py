"""Suggestions worked out against a date that another program changed since
are flagged when their document is shown."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from annotations.store import Project
from app.settings import Settings
from tests.gui_support import (
    ARTICLE,
    SECOND,
    news_project,
    open_window,
    rows,
    wait_for_suggestions,
)


def test_a_date_changed_by_another_program_flags_the_suggestions(
        qtbot: QtBot, tmp_path: Path, settings: Settings) -> None:
    path = news_project(tmp_path, (ARTICLE, "2021-08-12"), (SECOND, "2022-03-01"))
    window = open_window(qtbot, path, settings)
    wait_for_suggestions(qtbot, window)
    qtbot.waitUntil(lambda: bool(rows(path, "SELECT 1 FROM suggestion_runs "
                                            "WHERE document_id = 1")), timeout=120_000)
    assert rows(path, "SELECT date FROM suggestion_runs WHERE document_id = 1") == [
        ("2021-08-12",)]
    assert "old document date" not in window.last_message
    with Project(path) as other:  # the command line, say
        other.set_document_date(1, "2021-09-30", annotator="cli")
    window.open_document(2)
    window.open_document(1)
    assert "old document date" in window.last_message
