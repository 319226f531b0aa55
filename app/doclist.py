"""The document list: title, date, status and span count, filtered by
status and text and sorted by a column, with the done/total count the status
bar shows.

The list is a window on the project file, not a copy of it: the model knows
how many rows the filter leaves (one query, with the project's total and done
counts) and reads the rows a page at a time as they scroll into view.
Filtering and sorting are SQL (annotations/store/rows.py), so a project of
100,000 documents opens as fast as one of ten.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QShowEvent
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

from annotations.store import DocumentRow, rows
from annotations.store.rows import ListCounts, ListView, Ranks
from app import icons
from app.commands import quoted
from app.session import EDIT_ERRORS, Session, SpanChange

STATUS_TEXT = {"new": "New", "in_progress": "In progress", "done": "Done"}
STATUS_ICON = {"new": "status_new", "in_progress": "status_progress", "done": "status_done"}
FILTERS = (("all", "All documents"), ("not_done", "Not done"), ("new", "New"),
           ("in_progress", "In progress"), ("done", "Done"))
COLUMNS = ("Title", "Date", "Spans")
SORT_KEYS = ("title", "date", "spans")  # by column; no column: in the order they were added
DOC_ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2
PAGE_ROWS = 200
SEARCH_DELAY_MS = 150
Index = QModelIndex | QPersistentModelIndex


class DocumentListModel(QAbstractTableModel):
    """The rows of one list view, read from the project file a page at a time.

    Which document is at a row: in the project's own order (sorted by when
    added, no title to find) and while no document was ever taken out, it is
    worked out from the ids (row n of the whole list is the id first + n; a
    status filter skips, or keeps only, the ids the annotator's statuses name),
    so no document is read to know it. Otherwise the view's ids are read in its
    order with one query the first time a row is asked for (a title search or
    a sort is the user's doing, never the start-up's). Either way a page of
    rows is then read by id.
    """

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.view = ListView()
        self.counts = ListCounts(0, 0, 0)
        self._pages: dict[int, list[DocumentRow]] = {}
        self._ids: list[int] | None = None  # the view's order, once read
        self._row_of: dict[int, int] | None = None
        self._ranked = False  # has `_ranking` been worked out for this view?
        self._ranking: Ranks | None = None

    # --- what the list shows --------------------------------------------------------------

    def set_view(self, view: ListView) -> None:
        self.view = view
        self.reset()

    def reset(self) -> None:
        """Count the rows again and forget the pages read (the project changed)."""
        self.beginResetModel()
        self._pages.clear()
        self._ids, self._row_of = None, None
        self._ranked, self._ranking = False, None
        self.recount()
        self.endResetModel()

    def recount(self) -> None:
        """Read the counts again, the rows staying (a status changed, not the list)."""
        project, annotator = self.session.project, self.session.annotator
        try:
            shown = None
            if self.view.text.strip():  # found in one pass with the rows' order
                self._ids = rows.list_ids(project, annotator, self.view)
                self._row_of, shown = None, len(self._ids)
            self.counts = rows.list_counts(project, annotator, self.view, shown)
        except EDIT_ERRORS as exc:
            self.counts = ListCounts(0, 0, 0)
            self.session.report(exc)

    def _ranks(self) -> Ranks | None:
        """How row n's document is worked out from ids (None: the view's ids are read)."""
        if not self._ranked:
            self._ranked = True
            try:
                self._ranking = rows.list_ranks(self.session.project, self.session.annotator,
                                                self.view, self.counts)
            except EDIT_ERRORS as exc:
                self.session.report(exc)
                self._ranking = None
        return self._ranking

    def _order(self) -> list[int]:
        if self._ids is None:
            try:
                self._ids = rows.list_ids(self.session.project, self.session.annotator,
                                          self.view)
            except EDIT_ERRORS as exc:
                self.session.report(exc)
                self._ids = []
        return self._ids

    def _page_ids(self, page: int) -> list[int]:
        begin, end = page * PAGE_ROWS, min((page + 1) * PAGE_ROWS, self.counts.shown)
        ranks = self._ranks()
        if ranks is None:
            return self._order()[begin:end]
        last = self.counts.shown - 1
        return [ranks.id_at(last - n if self.view.descending else n) for n in range(begin, end)]

    def row(self, number: int) -> DocumentRow | None:
        """The document at a row of the list, its page read when it is not yet."""
        if not 0 <= number < self.counts.shown:
            return None
        page = self._pages.get(number // PAGE_ROWS)
        if page is None:
            try:
                page = rows.list_rows(self.session.project, self.session.annotator,
                                      self._page_ids(number // PAGE_ROWS))
            except EDIT_ERRORS as exc:
                self.session.report(exc)
                return None
            self._pages[number // PAGE_ROWS] = page
        at = number % PAGE_ROWS
        return page[at] if at < len(page) else None

    def row_of(self, document_id: int) -> int | None:
        """Where the list shows a document (None: the filter leaves it out)."""
        ranks = self._ranks()
        if ranks is not None:
            at = ranks.row_of(document_id)
            if at is None or not self.view.descending:
                return at
            return self.counts.shown - 1 - at
        if self._row_of is None:
            self._row_of = {ident: n for n, ident in enumerate(self._order())}
        return self._row_of.get(document_id)

    def document(self, document_id: int) -> DocumentRow | None:
        """A document's row as the list shows it (read when its page is not)."""
        cached = self._cached(document_id)
        if cached is not None:
            return cached[2]
        try:
            return rows.list_row(self.session.project, self.session.annotator, document_id)
        except EDIT_ERRORS as exc:
            self.session.report(exc)
            return None

    def ids(self) -> list[int]:
        """Every document the list shows, in its order (one query)."""
        return list(self._order())

    def next_not_done(self, current: int | None) -> int | None:
        """The next document not done after `current`, in the list's order but
        whatever the filters show (going round to the start)."""
        every = ListView(sort=self.view.sort, descending=self.view.descending)
        try:
            return rows.next_not_done(self.session.project, self.session.annotator, every,
                                      current)
        except EDIT_ERRORS as exc:
            self.session.report(exc)
            return None

    @property
    def pages_read(self) -> int:
        """How many pages of rows the model holds (read since the last reset)."""
        return len(self._pages)

    def done_count(self) -> int:
        return self.counts.done

    def total(self) -> int:
        return self.counts.total

    def _cached(self, document_id: int) -> tuple[int, int, DocumentRow] | None:
        """(page, place in it, row) of a document whose page is read."""
        for number, page in self._pages.items():
            for at, row in enumerate(page):
                if row.id == document_id:
                    return number, at, row
        return None

    def update(self, row: DocumentRow) -> None:
        """Show a document's new values where its row is read (its place stays)."""
        found = self._cached(row.id)
        if found is None or found[2] == row:
            return
        number, at, _ = found
        self._pages[number][at] = row
        shown = number * PAGE_ROWS + at
        self.dataChanged.emit(self.index(shown, 0), self.index(shown, len(COLUMNS) - 1))

    def restyle(self) -> None:
        """Draw the rows again (the theme changed their icons)."""
        if self.counts.shown:
            self.dataChanged.emit(self.index(0, 0), self.index(self.counts.shown - 1, 0),
                                  [Qt.ItemDataRole.DecorationRole])

    # --- Qt's side ---------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.counts.shown

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = SORT_KEYS[column] if 0 <= column < len(SORT_KEYS) else "id"
        descending = key != "id" and order == Qt.SortOrder.DescendingOrder
        if (key, descending) != (self.view.sort, self.view.descending):
            self.set_view(replace(self.view, sort=key, descending=descending))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self.row(index.row()), index.column()
        if row is None:
            return None
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


class DocumentList(QWidget):
    """Filters above a table of the project's documents; choosing a row opens it."""

    document_chosen = Signal(int)
    progress_changed = Signal(int, int)

    def __init__(self, session: Session, status_filter: str = "all",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._showing = False  # the open document's row is being selected, not chosen
        self.model = DocumentListModel(session)
        self.status_box = QComboBox()
        for key, text in FILTERS:
            self.status_box.addItem(text, key)
        self.status_box.setToolTip("Show documents with this status")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Filter by title")
        self.search.setClearButtonEnabled(True)
        self.table = QTableView()
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
        self.model.view = ListView(status=self.status_filter)  # read once the window asks
        self._build_table()
        self.search_timer = QTimer(self)  # a filter while the title is typed, not per key
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self._refilter)
        self.status_box.currentIndexChanged.connect(self._refilter)
        self.search.textChanged.connect(self.search_timer.start)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._after_sort)
        session.documents_changed.connect(self.reload)
        session.document_opened.connect(self.show_current)
        session.document_changed.connect(self.refresh_document)
        session.span_edited.connect(self._on_span_edited)

    def _build_table(self) -> None:
        t = self.table
        t.setModel(self.model)
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.setAlternatingRowColors(True)
        t.setShowGrid(False)
        t.setWordWrap(False)
        t.verticalHeader().hide()
        t.verticalHeader().setDefaultSectionSize(t.fontMetrics().height() + 10)
        t.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = t.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setResizeContentsPrecision(0)  # measure the rows in view, not a thousand
        header.setHighlightSections(False)
        header.setSortIndicatorClearable(True)  # a third click: back to the order added
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        t.setSortingEnabled(True)
        header.setSortIndicatorShown(False)  # until a column sorts: its room goes to titles
        t.setTextElideMode(Qt.TextElideMode.ElideRight)

    @property
    def status_filter(self) -> str:
        return str(self.status_box.currentData())

    def reload(self) -> None:
        self.model.reset()
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
        fresh = replace(row, status=status.status, seconds=status.seconds, date=date)
        if self._moves(row, fresh):
            self.reload()
            return
        self.model.update(fresh)
        self.model.recount()
        self._progress()

    def _moves(self, before: DocumentRow, after: DocumentRow) -> bool:
        """Does the change take the row out of the filter or to another place?"""
        view = self.model.view
        return ((view.status != "all" and before.status != after.status)
                or (view.sort == "date" and before.date != after.date))

    def _on_span_edited(self, change: SpanChange) -> None:
        row = self.model.document(change.document_id)
        if row is None:
            return
        delta = (change.after is not None) - (change.before is not None)
        status = "in_progress" if row.status == "new" else row.status
        fresh = replace(row, spans=row.spans + delta, status=status)
        if self._moves(row, fresh):
            self.reload()
            return
        self.model.update(fresh)
        self._progress()

    def show_current(self, document_id: int) -> None:
        """Select the open document's row without opening it again."""
        at = self.model.row_of(document_id)
        if at is None:
            return
        index = self.model.index(at, 0)
        if not index.isValid():
            return
        if not self.table.isVisible():
            # Hidden, the table would size its columns on every row of the list to
            # scroll there (its current row's signal scrolls): it scrolls when shown.
            selection = self.table.selectionModel()
            selection.blockSignals(True)
            self.table.setCurrentIndex(index)
            selection.blockSignals(False)
            return
        # Not by blocking the selection model's signals: the view repaints the
        # rows that lose the highlight from them (blocked, several rows stayed lit).
        self._showing = True
        try:
            self.table.setCurrentIndex(index)
        finally:
            self._showing = False
        self.table.scrollTo(index)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        current = self.table.currentIndex()
        if current.isValid():
            self.table.scrollTo(current)

    def title_of(self, document_id: int) -> str:
        """A document's title for a message, quoted and short."""
        row = self.model.document(document_id)
        return quoted(row.title) if row is not None else f"document {document_id}"

    def visible_ids(self) -> list[int]:
        """The documents the filters show, in list order (the title typed included)."""
        if self.search_timer.isActive():
            self.search_timer.stop()
            self._refilter()
        return self.model.ids()

    def neighbour(self, document_id: int | None, step: int) -> int | None:
        """The document `step` rows from `document_id` in the list (the first row when
        the list does not show it); None past either end."""
        at = None if document_id is None else self.model.row_of(document_id)
        row = self.model.row(0 if at is None else at + step)
        return None if row is None else row.id

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _refilter(self) -> None:
        self.model.set_view(replace(self.model.view, status=self.status_filter,
                                    text=self.search.text()))
        current = self.session.document_id
        if current is not None:
            self.show_current(current)
        self._progress()

    def _after_sort(self, section: int = -1) -> None:
        self.table.horizontalHeader().setSortIndicatorShown(section >= 0)
        current = self.session.document_id
        if current is not None:
            self.show_current(current)

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and not self._showing:
            ident = current.data(DOC_ID_ROLE)
            if ident is not None and int(ident) != self.session.document_id:
                self.document_chosen.emit(int(ident))

    def _progress(self) -> None:
        self.progress_changed.emit(self.model.done_count(), self.model.total())
