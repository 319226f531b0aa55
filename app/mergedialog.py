"""File › Merge: bring in the work of annotators who labelled their own copies.

The reviewer picks one or more project files and, optionally, renames
(`old=new`) for annotators whose name clashes. The merge runs in a worker on
its own connection, all or nothing: a foreign, damaged or newer file, or a
conflicting annotator, is shown as a message and the project is unchanged.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from annotations.errors import DatelineError
from annotations.store.merge_source import MergeReport, parse_renames
from annotations.store.merging import merge
from app.session import Session
from app.workdialog import FilesDialog
from app.worker import Worker, Workers

PROJECT_FILES = "Dateline projects (*.db *.dateline *.sqlite);;All files (*)"


def report_text(report: MergeReport) -> str:
    """What a merge brought in, for the dialog."""
    lines = [f"Merged {report.files} file(s): {report.documents_added} new document(s), "
             f"{report.documents_matched} matched by text; {report.spans} span(s), "
             f"{report.relations} relation(s), {report.statuses} status(es), "
             f"{report.decisions} suggestion decision(s)."]
    lines += [f"  {Path(file).name}: {old} → {new}" if old != new else
              f"  {Path(file).name}: {old}" for file, old, new in report.merged]
    lines += [f"  {Path(file).name}: {name} already here, identical (skipped)"
              for file, name in report.identical]
    lines += [f"Warning: {w}" for w in report.warnings]
    return "\n".join(lines)


def split_renames(text: str) -> dict[str, str]:
    """`old=new, old2=new2` as a mapping. Raises ValidationError naming a bad pair."""
    return parse_renames(part.strip() for part in text.split(",") if part.strip())


class MergeDialog(FilesDialog):
    """Files to merge, renames, a progress bar and the result."""

    merged = Signal()
    merge_failed = Signal(str)

    def __init__(self, session: Session, workers: Workers, parent: QWidget | None = None) -> None:
        super().__init__(session, workers, parent)
        self.setWindowTitle("Merge project files")
        self._build()

    def _build(self) -> None:
        intro = QLabel("Bring in the spans, relations, statuses, notes and edit logs of "
                       "annotators who worked on their own copy. Documents match by text. "
                       "Nothing changes unless every file merges.")
        intro.setWordWrap(True)
        file_buttons = self._build_file_list("Add Files…")
        self.renames_edit = QLineEdit()
        self.renames_edit.setPlaceholderText("optional: ana=ana_laptop, ben=ben2")
        form = QFormLayout()
        form.addRow("Rename annotators", self.renames_edit)
        self.merge_button = self._build_work_widgets("Merge")
        self.merge_button.clicked.connect(self.start_merge)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.files, 1)
        layout.addLayout(file_buttons)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.buttons)
        self.resize(560, 480)

    def browse(self) -> list[Path]:
        chosen, _ = QFileDialog.getOpenFileNames(self, "Project files to merge",
                                                 str(self.session.path.parent), PROJECT_FILES)
        self.add_paths(list(chosen))
        return [Path(p) for p in chosen]

    def start_merge(self) -> Worker | None:
        """Merge in a worker; None (and the reason shown) when the choices are wrong."""
        if self.worker is not None:
            return None
        paths = self.paths()
        try:
            renames = split_renames(self.renames_edit.text())
            if not paths:
                raise DatelineError("add at least one project file to merge")
        except DatelineError as exc:
            self._failed(str(exc), [])
            return None
        actor = self.session.annotator
        return self.run_work(lambda project: merge(project, paths, renames, actor=actor), actor,
                             f"Merging {len(paths)} file(s)…")

    def _succeeded(self, report: Any) -> None:
        self.summary.setPlainText(report_text(report))
        self.merged.emit()

    def _failed(self, text: str, problems: list[str]) -> None:
        self.show_failure("Merge failed", "Nothing was merged", text, problems)
        self.merge_failed.emit(text)
