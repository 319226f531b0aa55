"""The open document's own fields: its title and date above the article,
and its status, time spent and note beside it."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QRegularExpression, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QRegularExpressionValidator, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotations import text as textutil
from app import icons
from app.session import Session
from app.spanpanel import heading, hint

NOTE_PAUSE_MS = 700
INVALID_STYLE = "QLineEdit { border: 1px solid #d04040; }"


def weekday(value: str | None) -> str:
    if not value:
        return "no date: relative dates get X for what is unknown"
    try:
        return date.fromisoformat(value).strftime("%A")
    except ValueError:
        return ""


def spent(seconds: float) -> str:
    minutes = round(seconds / 60)
    if minutes < 1:
        return "under a minute"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if hours else f"{minutes} min"


class ElidedLabel(QLabel):
    """A one-line label that shortens its text with … to fit."""

    def __init__(self) -> None:
        super().__init__()
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._elide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        self.setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight,
                                                   max(20, self.width())))


class DocumentHeader(QWidget):
    """Title, document date (editable) and its weekday, above the article."""

    date_entered = Signal(object)
    message = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.title = ElidedLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.title.setFont(font)
        self.date = QLineEdit()
        self.date.setPlaceholderText("YYYY-MM-DD")
        self.date.setValidator(QRegularExpressionValidator(
            QRegularExpression(r"\d{0,4}(-\d{0,2}(-\d{0,2})?)?")))
        self.date.setFixedWidth(self.date.fontMetrics().horizontalAdvance("0000-00-00") + 28)
        self.date.setToolTip("The document date (DCT): every relative date is normalised "
                             "against it. Empty when unknown.")
        self.day = QLabel()
        self.day.setEnabled(False)
        self.date_icon = QLabel()
        self.restyle()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 4)
        layout.addWidget(self.title, 1)
        layout.addSpacing(12)
        layout.addWidget(self.date_icon)
        layout.addWidget(self.date)
        layout.addWidget(self.day)
        self.date.editingFinished.connect(self._on_date)
        session.document_opened.connect(self.refresh)
        session.document_changed.connect(self._on_changed)
        session.project_opened.connect(self.clear)

    def restyle(self) -> None:
        """Draw the icon in the current theme's colour."""
        self.date_icon.setPixmap(icons.icon("date").pixmap(18, 18))

    def clear(self) -> None:
        self.title.set_full_text("")
        self.date.clear()
        self.day.clear()

    def refresh(self, _document_id: int = 0) -> None:
        doc = self.session.document
        if doc is None:
            self.clear()
            return
        self.title.set_full_text(doc.title)
        self.date.setText(doc.date or "")
        self.date.setStyleSheet("")
        self.day.setText(weekday(doc.date))

    def _on_changed(self, document_id: int) -> None:
        if document_id == self.session.document_id:
            self.refresh()

    def focus_date(self) -> None:
        self.date.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.date.selectAll()

    def _on_date(self) -> None:
        doc = self.session.document
        if doc is None:
            return
        value = self.date.text().strip() or None
        if value == doc.date:
            self.date.setStyleSheet("")
            return
        if value is not None:
            try:
                textutil.check_date(value)
            except ValueError as exc:
                self.date.setStyleSheet(INVALID_STYLE)
                self.message.emit(f"document date: {exc}")
                return
        self.date.setStyleSheet("")
        self.date_entered.emit(value)


class NoteEdit(QPlainTextEdit):
    left = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.left.emit()


class DocumentPanel(QWidget):
    """Status (with the Mark done button), time spent and the note of the open document.

    A note is saved after a short pause in typing, when the field loses
    focus, and before another document opens; `note_edited` carries the
    document it belongs to.
    """

    note_edited = Signal(int, str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._document: int | None = None
        self._pending = False
        self.status = QLabel()
        self.done_button = QToolButton()
        self.done_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.time = QLabel()
        self.time.setEnabled(False)
        self.note = NoteEdit()
        self.note.setPlaceholderText("A note on this document: where you hesitated, "
                                     "what to check…")
        self.note.setTabChangesFocus(True)
        self.note.setMinimumHeight(60)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(NOTE_PAUSE_MS)
        self._timer.timeout.connect(self.flush)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 8)
        layout.addWidget(heading("Document"))
        layout.addLayout(status_row)
        layout.addWidget(self.time)
        layout.addWidget(hint("Note"))
        layout.addWidget(self.note, 1)
        self.note.textChanged.connect(self._on_typed)
        self.note.left.connect(self.flush)
        session.document_opened.connect(self.refresh)
        session.document_changed.connect(self._on_changed)
        session.spans_changed.connect(self._on_spans_changed)
        session.project_opened.connect(self._on_project)

    def _on_project(self) -> None:
        self._timer.stop()
        self._pending = False
        self._document = None
        self._set_note("")
        self.status.clear()
        self.time.clear()

    def refresh(self, document_id: int = 0) -> None:
        """Show the open document (a pending note for the previous one is saved first)."""
        if self._document != self.session.document_id:
            self.flush()
        self._document = self.session.document_id
        status = self.session.status()
        self.status.setText({"new": "New", "in_progress": "In progress", "done": "Done"}
                            .get(status.status, status.status))
        self.time.setText(f"Time spent: {spent(status.seconds)}")
        if self.note.toPlainText() != status.note and not self._pending:
            self._set_note(status.note)

    def _on_changed(self, document_id: int) -> None:
        if document_id == self.session.document_id:
            self.refresh()

    def _on_spans_changed(self, document_id: int) -> None:
        """A span edit changes only a new document's status (to in progress): the
        panel reads the status again only then, not on every key press."""
        if self.status.text() == "New":
            self._on_changed(document_id)

    def _set_note(self, text: str) -> None:
        self.note.blockSignals(True)
        self.note.setPlainText(text)
        self.note.blockSignals(False)

    def _on_typed(self) -> None:
        if self._document is not None:
            self._pending = True
            self._timer.start()

    def flush(self) -> None:
        """Save the note being typed now."""
        if not self._pending or self._document is None:
            return
        self._pending = False
        self._timer.stop()
        self.note_edited.emit(self._document, self.note.toPlainText())

    def focus_note(self) -> None:
        self.note.setFocus(Qt.FocusReason.ShortcutFocusReason)
