"""File › Export: an annotator's work written through a registered format.

The formats come from the core's registry (the same list as `dateline
export --format`); where the output goes, a file or a folder, is the
format's own say, proposed in the folder of the last export (else the user's
documents folder). The core's refusals (the project, another SQLite file)
are shown before anything runs, and an existing output is replaced only
after the user says so. The export runs in a worker on its own connection,
with a progress bar and Cancel; the report and its warnings are shown at the
end.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from annotations.dataset import parse_split
from annotations.errors import DatelineError
from annotations.exporting import OutputExists, check_output, export
from annotations.formats import ExportOptions, ExportReport, Format, export_formats, get_format
from annotations.formats.base import LATEST
from annotations.model import STATUSES
from annotations.store.exports import suggestion_models
from app.session import Session
from app.settings import Settings
from app.workdialog import WorkDialog
from app.worker import Worker, Workers

GOLD = "gold"
DEFAULT_FORMAT = "jsonl"  # preselected when the registry has it; the list is the registry's


def report_text(report: ExportReport) -> str:
    """What an export wrote, and its warnings, for the dialog."""
    lines = [f"Exported {report.documents} document(s), {report.spans} span(s) and "
             f"{report.relations} relation(s) to:"]
    lines += [f"  {name}" for name in report.files]
    if report.warnings:
        lines += ["", f"{len(report.warnings)} warning(s):"]
        lines += [f"  {w}" for w in report.warnings]
    return "\n".join(lines)


def _names(text: str) -> tuple[str, ...] | None:
    """`"DATE, EVENT"` -> ("DATE", "EVENT"); None when empty (the format's default)."""
    names = tuple(n.strip() for n in text.split(",") if n.strip())
    return names or None


class ExportDialog(WorkDialog):
    """The export choices of `dateline export`, a progress bar and the result."""

    exported = Signal(object)  # the ExportReport
    export_failed = Signal(str)

    def __init__(self, session: Session, workers: Workers, parent: QWidget | None = None, *,
                 settings: Settings | None = None) -> None:
        super().__init__(session, workers, parent)
        self.settings = settings or Settings()
        self.overwrite_box: QMessageBox | None = None  # open while asking to replace
        self.setWindowTitle("Export")
        self._build()
        self._format_changed()

    # --- building ----------------------------------------------------------------------

    def _build(self) -> None:
        self.format_box = QComboBox()
        for fmt in export_formats():
            self.format_box.addItem(fmt.title, fmt.name)
        self.format_box.setCurrentIndex(max(0, self.format_box.findData(DEFAULT_FORMAT)))
        self.format_box.currentIndexChanged.connect(self._format_changed)
        self.annotator_box = QComboBox()
        self.annotator_box.setEditable(True)
        names = self.session.project.annotators()
        self.annotator_box.addItems(names)
        preferred = GOLD if GOLD in names else self.session.annotator
        self.annotator_box.setCurrentText(preferred)
        self.status_box = QComboBox()
        self.status_box.addItem("All documents", None)
        for status in STATUSES:
            self.status_box.addItem(f"Only {status.replace('_', ' ')}", status)
        self.split_edit = QLineEdit()
        self.split_edit.setPlaceholderText("none, or train=0.8,dev=0.1,test=0.1")
        self.seed_box = QSpinBox()
        self.seed_box.setRange(0, 2**31 - 1)
        self.spans_key_edit = QLineEdit("sc")
        self.spans_key_edit.setToolTip("The doc.spans key the spaCy DocBin puts spans under")
        self.suggestions_box = QComboBox()
        self.suggestions_box.addItem("No: the annotator's work", None)
        self.suggestions_box.addItem("The latest model's", LATEST)
        for model in suggestion_models(self.session.project):
            self.suggestions_box.addItem(model, model)
        self.ents_edit = QLineEdit()
        self.ents_edit.setPlaceholderText("default: the labels that never overlap, e.g. DATE,EVENT")
        self.labels_edit = QLineEdit()
        self.labels_edit.setPlaceholderText("default: a file per group of labels, e.g. DATE")
        self.dct_edit = QLineEdit()
        self.dct_edit.setPlaceholderText("YYYY-MM-DD for undated documents (default: left out)")
        self.out_edit = QLineEdit()
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out_edit, 1)
        out_row.addWidget(browse)
        form = QFormLayout()
        form.addRow("Format", self.format_box)
        form.addRow("Annotator", self.annotator_box)
        form.addRow("Documents", self.status_box)
        form.addRow("Split", self.split_edit)
        form.addRow("Seed", self.seed_box)
        form.addRow("Spans key (spaCy)", self.spans_key_edit)
        form.addRow("doc.ents labels (spaCy)", self.ents_edit)
        form.addRow("Labels (CoNLL)", self.labels_edit)
        form.addRow("Undated documents (TimeML)", self.dct_edit)
        form.addRow("Suggestions instead", self.suggestions_box)
        form.addRow("Write to", out_row)
        self.export_button = self._build_work_widgets("Export")
        self.export_button.clicked.connect(self.start_export)
        self.summary.setPlaceholderText("What was written, and any warnings, appear here.")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.buttons)
        self.resize(600, 580)

    @property
    def format(self) -> Format:
        return get_format(str(self.format_box.currentData()))

    def choose_format(self, name: str) -> None:
        self.format_box.setCurrentIndex(self.format_box.findData(name))

    def default_folder(self) -> Path:
        """Where an export is proposed: the last export's folder, else the user's documents
        folder (else the home folder)."""
        last = self.settings.export_folder
        if last and Path(last).is_dir():
            return Path(last)
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(documents) if documents and Path(documents).is_dir() else Path.home()

    def _format_changed(self) -> None:
        fmt = self.format
        folder = self.default_folder()
        stem = self.session.path.stem
        current = self.out_edit.text().strip()
        if current:
            folder, stem = Path(current).parent, Path(current).name.split(".")[0]
        target = folder / (stem + fmt.suffix if fmt.output == "file" else f"{stem}-{fmt.name}")
        self.out_edit.setText(str(target))

    def _browse(self) -> None:
        fmt = self.format
        if fmt.output == "folder":
            path = QFileDialog.getExistingDirectory(self, f"Export {fmt.title} to a folder",
                                                    self.out_edit.text())
        else:
            path, _ = QFileDialog.getSaveFileName(
                self, f"Export {fmt.title}", self.out_edit.text(),
                f"{fmt.title} (*{fmt.suffix});;All files (*)")
        if path:
            self.out_edit.setText(path)

    # --- running -----------------------------------------------------------------------

    def options(self) -> ExportOptions:
        """The choices as the core takes them. Raises DatelineError for a bad split."""
        annotator = self.annotator_box.currentText().strip()
        suggestions = self.suggestions_box.currentData()
        if not annotator and suggestions is None:
            raise DatelineError("name the annotator whose work to export")
        split_text = self.split_edit.text().strip()
        status = self.status_box.currentData()
        if suggestions is not None and status is None:
            annotator = ""  # the annotator only says whose status filters suggestions
        return ExportOptions(
            annotator=annotator,
            status=status,
            split=parse_split(split_text) if split_text else None,
            seed=self.seed_box.value(),
            spans_key=self.spans_key_edit.text().strip() or "sc",
            ents=_names(self.ents_edit.text()),
            labels=_names(self.labels_edit.text()),
            dct=self.dct_edit.text().strip() or None,
            suggestions=suggestions,
        )

    def start_export(self) -> Worker | None:
        """Export in a worker; None when the choices are wrong or the output is refused
        (the reason shown), or exists (a question asks whether to replace it)."""
        if self.worker is not None or self.overwrite_box is not None:
            return None
        out_text = self.out_edit.text().strip()
        try:
            options = self.options()
            if not out_text:
                raise DatelineError("choose where to write the export")
            out = Path(out_text)
            check_output(self.session.project, out)
        except OutputExists:
            self._ask_to_replace(out, options)
            return None
        except DatelineError as exc:
            self._failed(str(exc), [])
            return None
        return self._run(out, options)

    def _run(self, out: Path, options: ExportOptions) -> Worker:
        name = self.format.name
        self.settings.export_folder = str(Path(out).absolute().parent)
        whose = (f"{options.annotator}'s work" if options.suggestions is None
                 else f"the suggestions of {options.suggestions}")
        return self.run_work(lambda project: export(project, name, out, options),
                             self.session.annotator, f"Exporting {whose} as {name}…")

    def _ask_to_replace(self, out: Path, options: ExportOptions) -> None:
        what = "folder and everything in it" if out.is_dir() else "file"
        box = QMessageBox(QMessageBox.Icon.Question, "Replace?",
                          f"{out} already exists.\n\nReplace the {what} with this export?",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                          self)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Yes).setText("Replace")
        box.finished.connect(lambda result: self._answered(result, out, options))
        self.overwrite_box = box
        box.open()

    def _answered(self, result: int, out: Path, options: ExportOptions) -> None:
        self.overwrite_box = None
        if result == QMessageBox.StandardButton.Yes.value:
            self._run(out, replace(options, force=True))
        else:
            self.summary.setPlainText(f"Not exported: {out} already exists and was kept.")

    def cancel_export(self) -> None:
        self.cancel_work()

    def _succeeded(self, report: Any) -> None:
        self.summary.setPlainText(report_text(report))
        self.exported.emit(report)

    def _failed(self, text: str, problems: list[str]) -> None:
        self.summary.setPlainText("\n".join([f"Export failed: {text}", *problems]))
        self.export_failed.emit(text)
