"""File › Import in the real window: a folder chooser beside the file chooser,
filters and a title for every format the registry reads, and a folder of
mixed formats imported in one go. The system's file choosers themselves are
not driven (a platform may show a native one, which no widget test reaches)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from annotations.formats import import_formats
from app.importdialog import ImportDialog, import_caption, import_filters
from app.settings import Settings
from app.window import MainWindow
from tests.gui_support import ARTICLE, news_project, open_window

TIMEOUT_MS = 30_000
TIMEML = ('<?xml version="1.0" ?>\n<TimeML><DOCID>wsj_1</DOCID><DCT><TIMEX3 tid="t0" '
          'type="DATE" value="1998-03-02" functionInDocument="CREATION_TIME">1998-03-02'
          '</TIMEX3></DCT><TEXT>Prices <EVENT eid="e1" class="OCCURRENCE">rose</EVENT> on '
          '<TIMEX3 tid="t1" type="DATE" value="1998-03-01">Sunday</TIMEX3>.</TEXT></TimeML>\n')


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, settings: Settings) -> MainWindow:
    return open_window(qtbot, news_project(tmp_path, (ARTICLE, "2021-08-12")), settings)


def test_the_filters_and_title_list_every_format_the_importer_reads() -> None:
    readable = [f for f in import_formats() if f.patterns]
    assert {f.name for f in readable} >= {"txt", "jsonl", "timeml", "brat"}
    filters = import_filters()
    assert filters[0].startswith("Every format Dateline reads (")
    for pattern in ("*.txt", "*.jsonl", "*.tml", "*.ann"):
        assert pattern in filters[0]
    assert len(filters) == len(readable) + 2 and filters[-1] == "All files (*)"
    caption = import_caption()
    for suffix in (".txt", ".jsonl", ".tml", ".ann"):
        assert suffix in caption


def test_a_folder_of_several_formats_imports_from_the_folder_chooser(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    folder = tmp_path / "incoming"
    (folder / "brat").mkdir(parents=True)
    (folder / "one.txt").write_text("date 2021-08-13\nStorms hit the coast on Friday.",
                                    encoding="utf-8")
    (folder / "two.jsonl").write_text('{"text": "Markets fell on Monday."}\n', encoding="utf-8")
    (folder / "three.tml").write_text(TIMEML, encoding="utf-8")
    (folder / "brat" / "four.txt").write_text("The minister resigned.", encoding="utf-8")
    (folder / "brat" / "four.ann").write_text("T1\tEVENT 13 21\tresigned\n", encoding="utf-8")
    assert window.projects.import_paths([]) is None  # the import dialog, nothing listed yet
    dialog = window.projects.import_window
    assert isinstance(dialog, ImportDialog)
    add_folder = dialog.findChild(QPushButton, "add-folder")
    assert add_folder is not None and add_folder.text() == "Add Folder…"
    add_folder.clicked.disconnect()  # the system's folder chooser is not driven here
    add_folder.clicked.connect(lambda: dialog.add_paths([folder]))
    add_folder.click()
    assert dialog.paths() == [folder]
    with qtbot.waitSignal(dialog.imported, timeout=TIMEOUT_MS):
        dialog.import_button.click()
    assert "Imported 4 new article(s)" in dialog.summary.toPlainText()
    assert len(window.session.document_ids()) == 5
