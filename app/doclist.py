"""The document list: title, date, status and span count, filtered by
status and text, with the done/total count the status bar shows."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotations.store import DocumentRow
from app import icons
from app.commands import quoted
from app.session import Session, SpanChange

STATUS_TEXT = {"new": "New", "in_progress": "In progress", "done": "Done"}
STATUS_ICON = {"new": "status_new", "in_progress": "status_progress", "done": "status_done"}
FILTERS = (("all", "All documents"), ("not_done", "Not done"), ("new", "New"),
           ("in_progress", "In progress"), ("done", "Done"))
COLUMNS = ("Title", "Date", "Spans")
DOC_ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex


class DocumentListModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[DocumentRow] = []
        self._row_of: dict[int, int] = {}

    def reset(self, rows: list[DocumentRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self._row_of = {r.id: i for i, r in enumerate(rows)}
        self.endResetModel()

    def row_of(self, document_id: int) -> int | None:
        return self._row_of.get(document_id)

    def document(self, document_id: int) -> DocumentRow | None:
        at = self._row_of.get(document_id)
        return None if at is None else self.rows[at]

    def update(self, row: DocumentRow) -> None:
        at = self._row_of.get(row.id)
        if at is None or self.rows[at] == row:
            return
        self.rows[at] = row
        self.dataChanged.emit(self.index(at, 0), self.index(at, len(COLUMNS) - 1))

    def restyle(self) -> None:
        """Draw the rows again (the theme changed their icons)."""
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, 0),
                                  [Qt.ItemDataRole.DecorationRole])

    def done_count(self) -> int:
        return sum(1 for r in self.rows if r.status == "done")

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.title, row.date or "—", row.spans)[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            minutes = row.seconds / 60
            return (f"{row.title}\n{row.date or 'no document date'} · "
                    f"{STATUS_TEXT.get(row.status, row.status)} · {row.spans} spans · "
                    f"{minutes:.0f} min · {row.length:,} characters")
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return icons.icon(STATUS_ICON.get(row.status, "status_new"))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == DOC_ID_ROLE:
            return row.id
        if role == STATUS_ROLE:
            return row.status
        return None


class DocumentFilter(QSortFilterProxyModel):
    """Keeps the rows whose status matches the chosen filter and whose title holds the text."""

    def __init__(self) -> None:
        super().__init__()
        self.status = "all"
        self.text = ""

    def set_filter(self, status: str, text: str) -> None:
        self.beginFilterChange()
        self.status, self.text = status, text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, DocumentListModel)
        row = model.rows[source_row]
        if self.status == "not_done" and row.status == "done":
            return False
        if self.status not in ("all", "not_done") and row.status != self.status:
            return False
        return not self.text or self.text in row.title.casefold()


class DocumentList(QWidget):
    """Filters above a table of the project's documents; choosing a row opens it."""

    document_chosen = Signal(int)
    progress_changed = Signal(int, int)

    def __init__(self, session: Session, status_filter: str = "all",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._showing = False  # the open document's row is being selected, not chosen
        self.model = DocumentListModel()
        self.proxy = DocumentFilter()
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.ItemDataRole.DisplayRole)
        self.status_box = QComboBox()
        for key, text in FILTERS:
            self.status_box.addItem(text, key)
        self.status_box.setToolTip("Show documents with this status")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Filter by title")
        self.search.setClearButtonEnabled(True)
        self.table = QTableView()
        self._build_table()
        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        filters.addWidget(self.status_box, 2)
        filters.addWidget(self.search, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 6)
        layout.addLayout(filters)
        layout.addWidget(self.table)
        at = self.status_box.findData(status_filter)
        self.status_box.setCurrentIndex(max(0, at))
        self.status_box.currentIndexChanged.connect(self._refilter)
        self.search.textChanged.connect(self._refilter)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        session.documents_changed.connect(self.reload)
        session.document_opened.connect(self.show_current)
        session.document_changed.connect(self.refresh_document)
        session.span_edited.connect(self._on_span_edited)
        self._refilter()

    def _build_table(self) -> None:
        t = self.table
        t.setModel(self.proxy)
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.setAlternatingRowColors(True)
        t.setShowGrid(False)
        t.setWordWrap(False)
        t.setSortingEnabled(False)
        t.verticalHeader().hide()
        t.verticalHeader().setDefaultSectionSize(t.fontMetrics().height() + 10)
        header = t.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setHighlightSections(False)
        t.setTextElideMode(Qt.TextElideMode.ElideRight)

    @property
    def status_filter(self) -> str:
        return str(self.status_box.currentData())

    def reload(self) -> None:
        self.model.reset(self.session.document_rows())
        current = self.session.document_id
        if current is not None:
            self.show_current(current)
        self._progress()

    def refresh_document(self, document_id: int) -> None:
        """Read one document's row again (its status, note, date or time changed)."""
        row = self.model.document(document_id)
        if row is None:
            return
        status = self.session.status(document_id)
        doc = self.session.document
        date = doc.date if doc is not None and doc.id == document_id else row.date
        self.model.update(replace(row, status=status.status, seconds=status.seconds, date=date))
        self._progress()

    def _on_span_edited(self, change: SpanChange) -> None:
        row = self.model.document(change.document_id)
        if row is None:
            return
        delta = (change.after is not None) - (change.before is not None)
        status = "in_progress" if row.status == "new" else row.status
        self.model.update(replace(row, spans=row.spans + delta, status=status))
        self._progress()

    def show_current(self, document_id: int) -> None:
        """Select the open document's row without opening it again."""
        at = self.model.row_of(document_id)
        if at is None:
            return
        index = self.proxy.mapFromSource(self.model.index(at, 0))
        if not index.isValid():
            return
        # Not by blocking the selection model's signals: the view repaints the
        # rows that lose the highlight from them (blocked, several rows stayed lit).
        self._showing = True
        try:
            self.table.setCurrentIndex(index)
        finally:
            self._showing = False
        self.table.scrollTo(index)

    def title_of(self, document_id: int) -> str:
        """A document's title for a message, quoted and short."""
        row = self.model.document(document_id)
        return quoted(row.title) if row is not None else f"document {document_id}"

    def visible_ids(self) -> list[int]:
        """The documents the filters show, in list order."""
        return [
            int(self.proxy.index(r, 0).data(DOC_ID_ROLE)) for r in range(self.proxy.rowCount())
        ]

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _refilter(self) -> None:
        self.proxy.set_filter(self.status_filter, self.search.text())
        current = self.session.document_id
        if current is not None:
            self.show_current(current)

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and not self._showing:
            ident = int(current.data(DOC_ID_ROLE))
            if ident != self.session.document_id:
                self.document_chosen.emit(ident)

    def _progress(self) -> None:
        self.progress_changed.emit(self.model.done_count(), len(self.model.rows))
