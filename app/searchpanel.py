"""Find in Project (Ctrl+Shift+F): search the words of every document.

The panel asks the store's full-text index (annotations/store/search.py) as
the user types, lists each hit with its context, the document's title, date
and the annotator's status, and filters by label (the annotator's spans of
that label holding the words) and by status. Enter (or a double click) on a
hit opens its document in the main window with the span, or the words,
selected. The list follows the project: an import or merge that finishes
shows up in the results at once.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotations.errors import ValidationError
from annotations.model import STATUSES
from annotations.store.search import MARK_END, MARK_START, Hit, locate, search
from app.session import EDIT_ERRORS, Session

if TYPE_CHECKING:
    from app.window import MainWindow

ANY_LABEL = "Any label"
ANY_STATUS = "Any status"
LIMIT = 200
TYPING_MS = 250  # search once the typing pauses
COLUMNS = ("Title", "Date", "Status", "Context")


def snippet_html(snippet: str) -> str:
    """A hit's snippet as rich text, the matched words in bold."""
    return (html.escape(snippet).replace(MARK_START, "<b>").replace(MARK_END, "</b>")
            .replace("\n", " "))


class SearchPanel(QWidget):
    """Full-text search over the session's project, in its own window."""

    searched = Signal(int)  # how many hits are listed

    def __init__(self, session: Session, open_hit: Callable[[Hit, str], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window)
        self.setObjectName("search")
        self.setWindowTitle(f"Find in Project — {session.path.name}")
        self.session = session
        self.open_hit = open_hit
        self.hits: list[Hit] = []
        self._words = ""  # what the listed hits were found for
        self._build()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_MS)
        self._timer.timeout.connect(self.run)
        self.words.textChanged.connect(lambda _text: self._timer.start())
        self.words.returnPressed.connect(self._search_and_go)
        self.label.currentTextChanged.connect(lambda _text: self.run())
        self.status.currentTextChanged.connect(lambda _text: self.run())
        self.results.itemActivated.connect(lambda item: self.open_row(
            self.results.indexOfTopLevelItem(item)))
        self.results.currentItemChanged.connect(self._on_current)
        session.documents_changed.connect(self._project_changed)
        session.project_opened.connect(self._project_opened)
        self.resize(900, 480)

    def _build(self) -> None:
        self.words = QLineEdit()
        self.words.setObjectName("search-words")
        self.words.setPlaceholderText('Words to find (all of them); "a phrase"; prefix*')
        self.words.setClearButtonEnabled(True)
        self.words.installEventFilter(self)
        self.label = QComboBox()
        self.label.setObjectName("search-label")
        self.status = QComboBox()
        self.status.setObjectName("search-status")
        self.status.addItems([ANY_STATUS, *STATUSES])
        self._fill_labels()
        bar = QHBoxLayout()
        bar.addWidget(self.words, 1)
        bar.addWidget(QLabel("in"))
        bar.addWidget(self.label)
        bar.addWidget(QLabel("status"))
        bar.addWidget(self.status)
        self.results = QTreeWidget()
        self.results.setObjectName("search-results")
        self.results.setColumnCount(len(COLUMNS))
        self.results.setHeaderLabels(list(COLUMNS))
        self.results.setRootIsDecorated(False)
        self.results.setUniformRowHeights(True)
        self.results.setColumnWidth(0, 240)
        self.results.setColumnWidth(1, 90)
        self.results.setColumnWidth(2, 80)
        self.summary = QLabel("Type words to find in every document's title and text.")
        self.summary.setObjectName("search-summary")
        self.summary.setWordWrap(True)
        column = QVBoxLayout(self)
        column.addLayout(bar)
        column.addWidget(self.results, 1)
        column.addWidget(self.summary)
        close = QAction("Close", self)
        close.setShortcuts([QKeySequence("Ctrl+W"), QKeySequence(Qt.Key.Key_Escape)])
        close.triggered.connect(self.close)
        self.addAction(close)

    def _project_opened(self) -> None:
        self.setWindowTitle(f"Find in Project — {self.session.path.name}")
        self._fill_labels()

    def _fill_labels(self) -> None:
        chosen = self.label.currentText()
        self.label.blockSignals(True)
        self.label.clear()
        self.label.addItems([ANY_LABEL, *self.session.schema.label_names])
        self.label.setCurrentText(chosen if chosen else ANY_LABEL)
        self.label.blockSignals(False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down in the words goes to the results."""
        if (watched is self.words and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Down):
            return self._go_to_results()
        return super().eventFilter(watched, event)

    def _go_to_results(self) -> bool:
        first = self.results.topLevelItem(0)
        if first is None:
            return False
        self.results.setFocus()
        self.results.setCurrentItem(first)
        return True

    def focus_words(self) -> None:
        self.words.setFocus()
        self.words.selectAll()

    # --- searching -----------------------------------------------------------------------

    def run(self) -> list[Hit]:
        """Search for the words with the chosen filters and list the hits."""
        self._timer.stop()
        words = self.words.text()
        self.results.clear()
        self.hits = []
        if not words.strip():
            self.summary.setText("Type words to find in every document's title and text.")
            self.searched.emit(0)
            return []
        label = None if self.label.currentText() == ANY_LABEL else self.label.currentText()
        status = None if self.status.currentText() == ANY_STATUS else self.status.currentText()
        try:
            hits = search(self.session.project, words, annotator=self.session.annotator,
                          label=label, status=status, limit=LIMIT + 1)
        except ValidationError as exc:
            self.summary.setText(str(exc))
            self.searched.emit(0)
            return []
        except EDIT_ERRORS as exc:
            self.session.report(exc)
            return []
        self._words = words
        self.hits = hits[:LIMIT]
        for hit in self.hits:
            self._add_row(hit)
        self.summary.setText(self._summary(len(hits), label))
        self.searched.emit(len(self.hits))
        return self.hits

    def _add_row(self, hit: Hit) -> None:
        item = QTreeWidgetItem([hit.title, hit.date or "", hit.status.replace("_", " "), ""])
        item.setToolTip(0, hit.title)
        self.results.addTopLevelItem(item)
        context = QLabel(snippet_html(hit.snippet))
        context.setTextFormat(Qt.TextFormat.RichText)
        self.results.setItemWidget(item, 3, context)

    def _on_current(self, item: QTreeWidgetItem | None, old: QTreeWidgetItem | None) -> None:
        """The context of the chosen hit in the selection's text colour, like its other cells."""
        for row, style in ((old, ""), (item, "color: palette(highlighted-text)")):
            context = self.results.itemWidget(row, 3) if row is not None else None
            if context is not None:
                context.setStyleSheet(style)

    def _summary(self, found: int, label: str | None) -> str:
        where = f" in {self.session.annotator}'s {label} spans" if label else ""
        if found == 0:
            return f"No document holds every one of these words{where}."
        shown = f"the best {LIMIT} of more than {LIMIT}" if found > LIMIT else str(found)
        return f"{shown} document(s){where}. Enter opens the document at the hit."

    def _search_and_go(self) -> None:
        self.run()
        self._go_to_results()

    def _project_changed(self) -> None:
        if self.words.text().strip():
            self.run()

    def open_row(self, row: int) -> None:
        """Open the document of the hit in this row at the hit."""
        if 0 <= row < len(self.hits):
            self.open_hit(self.hits[row], self._words)


def open_search(window: MainWindow) -> SearchPanel:
    """Show the Find in Project panel of a main window (one per main window)."""
    panel = window.findChild(SearchPanel, "search")
    if panel is None:
        panel = SearchPanel(window.session, lambda hit, words: _open_hit(window, hit, words),
                            parent=window)
    panel.show()
    panel.raise_()
    panel.activateWindow()
    panel.focus_words()
    return panel


def _open_hit(window: MainWindow, hit: Hit, words: str) -> None:
    """Open the hit's document in the main window with the span (under a label
    filter) or the first of the words selected."""
    if window.session.document_id != hit.document_id:
        window.open_document(hit.document_id)
    document = window.session.document
    if document is None or document.id != hit.document_id:
        return
    window.activateWindow()
    window.raise_()
    if hit.span_id is not None:
        window.tagging.follow(hit.span_id)
        return
    place = locate(document.text, words)
    if place is not None:
        window.article.select_text(*place)
        window.article.ensureCursorVisible()
    window.article.setFocus()
