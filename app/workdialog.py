"""A dialog that runs one piece of long work in a worker (export, merge).

The base holds what such dialogs share: the action, Cancel and Close buttons,
the progress bar, the summary box, one worker at a time, and the running
state (Close and the action are off while the work runs; closing waits for
it). A subclass builds its own choices, starts its work with `run_work` and
says what success and failure show.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QWidget,
)

from app.session import Session
from app.worker import Work, Worker, Workers


class WorkDialog(QDialog):
    """Choices, a progress bar, a summary and one worker at a time."""

    def __init__(self, session: Session, workers: Workers, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.workers = workers
        self.worker: Worker | None = None
        self.error_box: QMessageBox | None = None

    def _build_work_widgets(self, action: str) -> QPushButton:
        """The progress bar, summary and buttons; returns the action button (not connected)."""
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.summary = QPlainTextEdit()
        self.summary.setReadOnly(True)
        self.buttons = QDialogButtonBox()
        self.action_button = self.buttons.addButton(action,
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.cancel_button.clicked.connect(self.cancel_work)
        self.close_button.clicked.connect(self.reject)
        self.cancel_button.setEnabled(False)
        return self.action_button

    def run_work(self, work: Work, actor: str, message: str) -> Worker:
        """Start `work` in a worker on its own connection, showing `message` meanwhile."""
        worker = Worker(self.session.path, work, actor=actor)
        worker.progressed.connect(self._progressed)
        worker.succeeded.connect(self._succeeded)
        worker.failed.connect(self._failed)
        worker.finished.connect(self._finished)
        self.worker = worker
        self._running(True)
        self.summary.setPlainText(message)
        self.workers.start(worker)
        return worker

    def show_failure(self, title: str, nothing: str, text: str, problems: list[str]) -> None:
        """Work that changed nothing: the reason and its problems in the summary
        and in a message box that does not block (`nothing`: "Nothing was merged")."""
        self.summary.setPlainText("\n".join([f"{nothing}: {text}", *problems[:50],
                                            "The project is unchanged."]))
        box = QMessageBox(QMessageBox.Icon.Warning, title, text,
                          QMessageBox.StandardButton.Ok, self)
        box.setInformativeText(f"{nothing}; the project is unchanged.")
        if problems:
            box.setDetailedText("\n".join(problems))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.error_box = box

    def cancel_work(self) -> None:
        if self.worker is not None:
            self.worker.cancel()

    def _succeeded(self, result: Any) -> None:
        raise NotImplementedError

    def _failed(self, text: str, problems: list[str]) -> None:
        raise NotImplementedError

    def _progressed(self, done: int, total: int, message: str) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"%v / %m {message}" if message else "%v / %m")

    def _finished(self) -> None:
        self.worker = None
        self._running(False)

    def _running(self, on: bool) -> None:
        self.progress.setVisible(on)
        if on:
            self.progress.setRange(0, 0)
        self.action_button.setEnabled(not on)
        self.cancel_button.setEnabled(on)
        self.close_button.setEnabled(not on)

    def reject(self) -> None:
        if self.worker is None:
            super().reject()


class FilesDialog(WorkDialog):
    """A WorkDialog whose work reads a list of files the user adds and removes."""

    def _build_file_list(self, browse_text: str) -> QHBoxLayout:
        """The list (`self.files`) and its Add/Remove buttons; returns the buttons' row."""
        self.files = QListWidget()
        add = QPushButton(browse_text)
        add.clicked.connect(self.browse)
        remove = QPushButton("Remove")
        remove.clicked.connect(self._remove_selected)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        return row

    def browse(self) -> list[Path]:
        raise NotImplementedError

    def add_paths(self, paths: list[str | Path]) -> None:
        present = set(self.paths())
        for path in paths:
            if Path(path) not in present:
                self.files.addItem(str(path))

    def paths(self) -> list[Path]:
        return [Path(self.files.item(i).text()) for i in range(self.files.count())]

    def _remove_selected(self) -> None:
        for item in self.files.selectedItems():
            self.files.takeItem(self.files.row(item))
