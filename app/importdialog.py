"""File › Import Articles: text, JSONL or a registered format's files added to
the project.

The import runs in a worker on its own connection, all or nothing, in the
same WorkDialog as export and merge: a progress bar, Cancel, and a summary;
a file that cannot be read is named with the reason, and the project is
unchanged.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from annotations.importing import ImportReport, import_paths
from app.session import Session
from app.workdialog import FilesDialog
from app.worker import Worker, Workers


def report_text(report: ImportReport) -> str:
    """What an import added, for the dialog and the status bar."""
    return (f"Imported {report.documents_added} new article(s)"
            f" ({report.documents_existing} already there).")


class ImportDialog(FilesDialog):
    """Files to import, a progress bar and the result."""

    imported = Signal(object)  # the ImportReport
    import_failed = Signal(str)

    def __init__(self, session: Session, workers: Workers, parent: QWidget | None = None) -> None:
        super().__init__(session, workers, parent)
        self.setWindowTitle("Import articles")
        self._build()

    def _build(self) -> None:
        intro = QLabel(".txt files (one article each; a first line “date YYYY-MM-DD” gives "
                       "the document date) or .jsonl files. Nothing changes unless every "
                       "file imports.")
        intro.setWordWrap(True)
        file_buttons = self._build_file_list("Add Files…")
        self.import_button = self._build_work_widgets("Import")
        self.import_button.clicked.connect(self.start_import)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.files, 1)
        layout.addLayout(file_buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.buttons)
        self.resize(560, 420)

    def browse(self) -> list[Path]:
        """Ask for files to import; the chosen ones are added to the list."""
        chosen, _ = QFileDialog.getOpenFileNames(
            self, "Import articles (.txt, .jsonl)", str(Path.home()), "All files (*)")
        paths = [Path(p) for p in chosen]
        self.add_paths(list(paths))
        return paths

    def start_import(self) -> Worker | None:
        """Import the listed files in a worker; None (and the reason shown) when none is."""
        if self.worker is not None:
            return None
        paths = self.paths()
        if not paths:
            self._failed("add at least one file to import", [])
            return None
        actor = self.session.annotator
        return self.run_work(lambda project: import_paths(project, paths, actor), actor,
                             f"Importing {len(paths)} file(s)…")

    def _succeeded(self, report: Any) -> None:
        self.summary.setPlainText(report_text(report))
        self.imported.emit(report)

    def _failed(self, text: str, problems: list[str]) -> None:
        self.show_failure("Import failed", "Nothing was imported", text, problems)
        self.import_failed.emit(text)
