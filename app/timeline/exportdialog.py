"""File › Export Timeline: an annotator's story timeline written in a timeline format, the
same registry and the same writer as `dateline timeline --format` (annotations/timeline)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from annotations.store.stories import stories
from annotations.timeline import project_timeline, timeline_format, timeline_formats
from annotations.timeline.export import write_timeline
from app.session import EDIT_ERRORS, Session


class TimelineExportDialog(QDialog):
    """Annotator, format, file and name; Export writes and says what it wrote."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timeline-export")
        self.setWindowTitle("Export Timeline")
        self.session = session
        self.annotator = QComboBox()
        self.annotator.addItems(session.project.annotators() or [session.annotator])
        self.annotator.setCurrentText(session.annotator)
        self.format = QComboBox()
        for fmt in timeline_formats():
            self.format.addItem(fmt.title, fmt.name)
        self.path = QLineEdit()
        self.path.setPlaceholderText("The file to write")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        self.name = QLineEdit()
        self.name.setPlaceholderText("The timeline's name (default: the annotator)")
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = buttons.addButton("Export", QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.clicked.connect(self.export)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Annotator", self.annotator)
        form.addRow("Format", self.format)
        form.addRow("File", where)
        form.addRow("Name", self.name)
        form.addRow(self.outcome)
        form.addRow(buttons)

    def _browse(self) -> None:
        fmt = timeline_format(str(self.format.currentData()))
        path, _ = QFileDialog.getSaveFileName(self, "Export Timeline", "",
                                              f"{fmt.title} (*{fmt.suffix})")
        if path:
            self.path.setText(path if Path(path).suffix else path + fmt.suffix)

    def export(self) -> bool:
        """Write the timeline; whether it was written (the reason shown when not)."""
        text = self.path.text().strip()
        if not text:
            self.outcome.setText("Choose the file to write.")
            return False
        annotator = self.annotator.currentText()
        project = self.session.project
        try:
            timeline = project_timeline(project, annotator, None, stories(project, annotator))
            write_timeline(timeline, Path(text), str(self.format.currentData()),
                           self.name.text().strip() or annotator)
        except EDIT_ERRORS as exc:
            self.outcome.setText(str(exc))
            return False
        anchored = sum(1 for m in timeline.mentions.values() if m.anchored)
        self.outcome.setText(f"Wrote {text}: {len(timeline.lanes)} document(s), {anchored} "
                            f"anchored event(s), {len(timeline.stories)} story event(s).")
        return True


def export_timeline(session: Session, parent: QWidget | None = None) -> TimelineExportDialog:
    """Show the dialog (File › Export Timeline)."""
    dialog = TimelineExportDialog(session, parent)
    dialog.show()
    return dialog
