"""File › Export and File › Merge in the window: the core's export generator
and merge run in workers with progress; results and errors are shown, and a
failed merge leaves the project file and the window as they were."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from annotations.formats import ExportReport, export_formats
from annotations.store import Project
from app.exportdialog import ExportDialog
from app.mergedialog import MergeDialog
from app.settings import Settings
from app.window import MainWindow
from tests.conftest import dump
from tests.gui_support import (
    ARTICLE,
    SECOND,
    at,
    news_project,
    open_window,
    rows,
    tag,
)

THIRD = "Rain fell on Friday in the hills, the agency said."
TIMEOUT_MS = 60_000


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return news_project(tmp_path, (ARTICLE, "2021-08-12"), (SECOND, "2022-03-01"))


@pytest.fixture
def window(qtbot: QtBot, path: Path, settings: Settings) -> MainWindow:
    return open_window(qtbot, path, settings)


def export_dialog(window: MainWindow) -> ExportDialog:
    window.actions_by_name["export"].trigger()
    dialog = window.export_window
    assert isinstance(dialog, ExportDialog)
    return dialog


def exported_to(qtbot: QtBot, dialog: ExportDialog, out: Path) -> ExportReport:
    """Export with the dialog's choices to `out`; the report, once the worker is done."""
    dialog.out_edit.setText(str(out))
    with qtbot.waitSignal(dialog.exported, timeout=TIMEOUT_MS) as done:
        dialog.start_export()
    report = done.args[0]
    assert isinstance(report, ExportReport)
    return report


def merge_dialog(window: MainWindow) -> MergeDialog:
    window.actions_by_name["merge"].trigger()
    dialog = window.merge_window
    assert isinstance(dialog, MergeDialog)
    return dialog


# --- export -------------------------------------------------------------------------------


def test_the_dialog_lists_the_registry_formats(qtbot: QtBot, window: MainWindow) -> None:
    dialog = export_dialog(window)
    box = dialog.format_box
    assert [box.itemData(i) for i in range(box.count())] == [f.name for f in export_formats()]
    assert dialog.annotator_box.currentText() == "ana"


def test_export_jsonl_with_a_split_runs_in_a_worker(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    tag(qtbot, window, at(ARTICLE, "embassy"), at(ARTICLE, "embassy") + 7, "s")
    dialog = export_dialog(window)
    dialog.choose_format("jsonl")
    out = tmp_path / "out" / "data.jsonl"
    out.parent.mkdir()
    dialog.out_edit.setText(str(out))
    dialog.split_edit.setText("train=0.5,dev=0.5")
    dialog.seed_box.setValue(3)
    with qtbot.waitSignal(dialog.exported, timeout=TIMEOUT_MS) as done:
        assert dialog.start_export() is not None
        assert not dialog.export_button.isEnabled()
    report = done.args[0]
    assert report.documents == 2 and report.spans == 1
    parts = sorted(p.name for p in out.parent.iterdir())
    assert parts == ["data.dev.jsonl", "data.train.jsonl"]
    lines = [json.loads(line) for p in out.parent.iterdir() for line in p.read_text().splitlines()]
    assert sorted(len(r["spans"]) for r in lines) == [0, 1]
    assert "Exported 2 document(s), 1 span(s)" in dialog.summary.toPlainText()
    qtbot.waitUntil(lambda: dialog.export_button.isEnabled())


def test_export_spacy_with_a_spans_key_and_done_only(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    tag(qtbot, window, at(ARTICLE, "urged"), at(ARTICLE, "urged") + 5, "e")
    window.navigation.toggle_done()
    dialog = export_dialog(window)
    dialog.choose_format("spacy")
    dialog.status_box.setCurrentIndex(dialog.status_box.findData("done"))
    dialog.spans_key_edit.setText("events")
    out = tmp_path / "gold.spacy"
    assert exported_to(qtbot, dialog, out).documents == 1
    import spacy
    from spacy.tokens import DocBin

    docs = list(DocBin().from_disk(out).get_docs(spacy.blank("en").vocab))
    assert [(s.text, s.label_) for s in docs[0].spans["events"]] == [("urged", "EVENT")]


def test_a_bad_split_is_explained_and_nothing_runs(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    dialog = export_dialog(window)
    dialog.out_edit.setText(str(tmp_path / "x.jsonl"))
    dialog.split_edit.setText("train=0.7,dev=0.7")
    with qtbot.waitSignal(dialog.export_failed):
        assert dialog.start_export() is None
    assert "add up to 1.4" in dialog.summary.toPlainText()
    assert not (tmp_path / "x.jsonl").exists()


def test_an_export_can_be_cancelled(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    with Project(window.session.path) as project:
        project.annotator_id(window.session.annotator)  # the annotator exported
        for n in range(200):
            project.add_document(f"Document {n} was written on Monday by a clerk.")
    dialog = export_dialog(window)
    dialog.choose_format("csv")
    dialog.out_edit.setText(str(tmp_path / "spans.csv"))
    with qtbot.waitSignal(dialog.export_failed, timeout=TIMEOUT_MS) as failed:
        dialog.start_export()
        dialog.cancel_export()
    assert "cancelled" in failed.args[0]
    assert "cancelled" in dialog.summary.toPlainText()


def test_the_project_is_refused_before_anything_runs(
        qtbot: QtBot, window: MainWindow) -> None:
    tag(qtbot, window, at(ARTICLE, "embassy"), at(ARTICLE, "embassy") + 7, "s")
    before = dump(window.session.path)
    dialog = export_dialog(window)
    dialog.out_edit.setText(str(window.session.path))
    with qtbot.waitSignal(dialog.export_failed) as failed:
        assert dialog.start_export() is None
    assert "is the project" in failed.args[0]
    assert dialog.worker is None and dialog.overwrite_box is None
    assert dump(window.session.path) == before


def test_an_existing_file_is_replaced_only_when_the_user_says_so(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QMessageBox

    tag(qtbot, window, at(ARTICLE, "embassy"), at(ARTICLE, "embassy") + 7, "s")
    out = tmp_path / "mine.jsonl"
    out.write_text("my notes")
    dialog = export_dialog(window)
    dialog.choose_format("jsonl")
    dialog.out_edit.setText(str(out))
    assert dialog.start_export() is None
    box = dialog.overwrite_box
    assert box is not None and "already exists" in box.text()
    cancel = box.button(QMessageBox.StandardButton.Cancel)
    assert cancel is not None
    cancel.click()
    qtbot.waitUntil(lambda: dialog.overwrite_box is None)
    assert out.read_text() == "my notes" and "kept" in dialog.summary.toPlainText()
    assert dialog.start_export() is None
    box = dialog.overwrite_box
    assert box is not None
    with qtbot.waitSignal(dialog.exported, timeout=TIMEOUT_MS):
        replace = box.button(QMessageBox.StandardButton.Yes)
        assert replace is not None and replace.text() == "Replace"
        replace.click()
    assert len(out.read_text().splitlines()) == 2


def test_the_output_is_proposed_in_documents_then_the_last_folder(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    from PySide6.QtCore import QStandardPaths

    tag(qtbot, window, at(ARTICLE, "embassy"), at(ARTICLE, "embassy") + 7, "s")
    documents = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation)
    dialog = export_dialog(window)
    proposed = Path(dialog.out_edit.text())
    assert proposed.parent == (Path(documents) if documents and Path(documents).is_dir()
                               else Path.home())
    assert proposed.parent != window.session.path.parent
    out = tmp_path / "exports" / "gold.jsonl"
    out.parent.mkdir()
    exported_to(qtbot, dialog, out)
    dialog.close()
    again = export_dialog(window)
    again.choose_format("brat")
    assert Path(again.out_edit.text()).parent == out.parent


def test_the_dialog_exports_a_models_suggestions_with_the_consumers_options(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    from annotations.store.suggestions import store_suggestions
    from annotations.suggest.types import SuggestedSpan, Suggestions

    start = at(ARTICLE, "Thursday")
    with Project(window.session.path) as project:
        first = project.document_ids()[0]
        store_suggestions(project, first, "rules@1",
                          Suggestions([SuggestedSpan("DATE", start, start + 8)]))
    dialog = export_dialog(window)
    box = dialog.suggestions_box
    assert [box.itemData(i) for i in range(box.count())] == [None, "latest", "rules@1"]
    box.setCurrentIndex(box.findData("latest"))
    dialog.choose_format("conll")
    dialog.labels_edit.setText("DATE")
    out = tmp_path / "silver.conll"
    assert exported_to(qtbot, dialog, out).spans == 1
    assert "Thursday B-DATE" in out.read_text(encoding="utf-8")


# --- merge --------------------------------------------------------------------------------


def other_project(tmp_path: Path, name: str, annotator: str) -> Path:
    """An annotator's own copy: one shared article, one new one, their spans."""
    target = tmp_path / name
    with Project.create(target) as project:
        shared, _ = project.add_document(ARTICLE, date="2021-08-12")
        new, _ = project.add_document(THIRD)
        start = ARTICLE.index("spokesman")
        project.add_span(shared.id, annotator, "SPEAKER", start, start + 9)
        project.add_span(new.id, annotator, "DATE", THIRD.index("Friday"),
                         THIRD.index("Friday") + 6)
        project.set_status(shared.id, annotator, "done")
    return target


def test_merge_brings_in_another_annotators_file_and_refreshes_the_list(
        qtbot: QtBot, window: MainWindow, tmp_path: Path, path: Path) -> None:
    other = other_project(tmp_path, "ben.db", "ben")
    dialog = merge_dialog(window)
    dialog.add_paths([other])
    with qtbot.waitSignal(dialog.merged, timeout=TIMEOUT_MS):
        assert dialog.start_merge() is not None
    assert rows(path, "SELECT a.name, s.label, s.document_id FROM spans s JOIN annotators a "
                      "ON a.id = s.annotator_id ORDER BY s.document_id") == [
        ("ben", "SPEAKER", 1), ("ben", "DATE", 3)]
    assert window.documents.model.rowCount() == 3  # the new article is listed
    assert window.session.document_id == 1
    assert "1 new document(s)" in dialog.summary.toPlainText()


def test_a_conflicting_annotator_is_refused_unless_renamed(
        qtbot: QtBot, window: MainWindow, tmp_path: Path, path: Path) -> None:
    tag(qtbot, window, at(ARTICLE, "embassy"), at(ARTICLE, "embassy") + 7, "s")
    other = other_project(tmp_path, "ana-laptop.db", "ana")
    before = dump(path)
    dialog = merge_dialog(window)
    dialog.add_paths([other])
    with qtbot.waitSignal(dialog.merge_failed, timeout=TIMEOUT_MS) as failed:
        dialog.start_merge()
    assert "ana" in failed.args[0]
    assert dialog.error_box is not None and dialog.error_box.isVisible()
    dialog.error_box.accept()
    assert dump(path) == before  # the project is exactly as it was
    assert window.session.document_id == 1
    assert [m.label for m in window.article.index.marks()] == ["SPEAKER"]
    qtbot.waitUntil(lambda: dialog.merge_button.isEnabled())
    dialog.renames_edit.setText("ana=ana_laptop")
    with qtbot.waitSignal(dialog.merged, timeout=TIMEOUT_MS):
        dialog.start_merge()
    assert ("ana_laptop",) in rows(path, "SELECT name FROM annotators")


@pytest.mark.parametrize("kind", ["foreign", "corrupt", "newer"])
def test_a_bad_file_is_a_message_and_the_project_is_unchanged(
        qtbot: QtBot, window: MainWindow, tmp_path: Path, path: Path, kind: str) -> None:
    bad = tmp_path / f"{kind}.db"
    if kind == "foreign":
        conn = sqlite3.connect(bad)
        conn.execute("CREATE TABLE recipes (name TEXT)")
        conn.commit()
        conn.close()
    elif kind == "corrupt":
        bad.write_bytes(b"SQLite format 3\x00" + b"\x17" * 4000)
    else:
        bad = other_project(tmp_path, "newer.db", "ben")
        conn = sqlite3.connect(bad)
        conn.execute("PRAGMA user_version = 999")
        conn.commit()
        conn.close()
    before = dump(path)
    dialog = merge_dialog(window)
    dialog.add_paths([bad])
    with qtbot.waitSignal(dialog.merge_failed, timeout=TIMEOUT_MS) as failed:
        dialog.start_merge()
    expected = {"foreign": "not a Dateline project", "corrupt": "damaged",
                "newer": "newer Dateline"}[kind]
    assert expected in failed.args[0]
    assert "unchanged" in dialog.summary.toPlainText()
    assert dump(path) == before
    assert window.documents.model.rowCount() == 2


def test_a_bad_rename_is_explained(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    dialog = merge_dialog(window)
    dialog.add_paths([other_project(tmp_path, "ben.db", "ben")])
    dialog.renames_edit.setText("ben")
    with qtbot.waitSignal(dialog.merge_failed):
        assert dialog.start_merge() is None
    assert "old=new" in dialog.summary.toPlainText()
