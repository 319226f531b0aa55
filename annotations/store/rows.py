"""Read-only queries the window needs, written for speed.

Each function takes an open Project and answers one question the window asks
often (its span rows, the edit log's last id, a suggestion decision): bare
tuples, not decoded records, so a document with thousands of spans draws
without reading every span's attributes.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from annotations.errors import DatelineError
from annotations.store.documents import DocumentRow
from annotations.store.project import Project

SpanRow = tuple[int, int, int, str]
"""(start, end, id, label) of a span, in text offsets."""
RelationRow = tuple[int, str, int, int]
"""(id, label, head span id, child span id) of a relation."""


def _annotator_id(project: Project, annotator: str) -> int | None:
    try:
        return project.annotator_id(annotator, create=False)
    except DatelineError:
        return None


def span_rows(project: Project, document_id: int, annotator: str) -> list[SpanRow]:
    """The spans of one document and annotator as bare rows, by start.

    Drawing needs only where each span is and its label; reading whole Span
    records (attributes decoded from JSON) costs 20x more on a document with
    thousands of spans, so the article view loads these and asks for a full
    record only for the span the user selects.
    """
    ident = _annotator_id(project, annotator)
    if ident is None:
        return []
    rows = project.conn.execute(  # in index order; the caller sorts ties by end and id
        'SELECT start, "end", id, label FROM spans WHERE document_id = ? AND annotator_id = ? '
        "ORDER BY start",
        (document_id, ident),
    )
    return rows.fetchall()


def relation_rows(project: Project, document_id: int, annotator: str) -> list[RelationRow]:
    """The relations of one document and annotator as bare rows, oldest first."""
    ident = _annotator_id(project, annotator)
    if ident is None:
        return []
    rows = project.conn.execute(
        "SELECT id, label, head_id, child_id FROM relations "
        "WHERE document_id = ? AND annotator_id = ? ORDER BY id",
        (document_id, ident),
    )
    return rows.fetchall()


def has_logged_edits(project: Project, annotator: str, document_id: int) -> bool:
    """Has this annotator an edit of the document in the edit log?"""
    row = project.conn.execute(
        "SELECT 1 FROM edits WHERE annotator = ? AND document_id = ? LIMIT 1",
        (annotator, document_id)).fetchone()
    return row is not None


def last_edit_id(project: Project) -> int:
    """The id of the newest row of the edit log (0 when it is empty)."""
    row = project.conn.execute("SELECT max(id) FROM edits").fetchone()
    return int(row[0] or 0)


def decision_row(project: Project, decision_id: int) -> tuple[str, str] | None:
    """(decision, time) of one suggestion decision, None when it is gone."""
    row = project.conn.execute(
        "SELECT decision, time FROM suggestion_decisions WHERE id = ?", (decision_id,)).fetchone()
    return None if row is None else (str(row[0]), str(row[1]))


def model_decided(project: Project, document_id: int, model: str) -> bool:
    """Has anyone accepted or rejected one of this model's suggestions in the document?"""
    row = project.conn.execute(
        "SELECT 1 FROM suggestion_decisions d JOIN suggestions s ON s.id = d.suggestion_id "
        "WHERE s.document_id = ? AND s.model = ? LIMIT 1", (document_id, model)).fetchone()
    return row is not None


# --- the document list ---------------------------------------------------------------------

LIST_STATUSES = ("all", "not_done", "new", "in_progress", "done")
LIST_SORTS = ("id", "title", "date", "spans")


@dataclass(frozen=True)
class ListView:
    """Which documents the list shows and in what order: a status (one of
    LIST_STATUSES), text the title holds (any case), a sort key (one of
    LIST_SORTS; ties go by id) and its direction."""

    status: str = "all"
    text: str = ""
    sort: str = "id"
    descending: bool = False


@dataclass(frozen=True)
class ListCounts:
    """How many documents the list shows, the project holds, and this annotator has
    done; and the project's lowest and highest document ids (0 when it has none)."""

    shown: int
    total: int
    done: int
    first: int = 0
    last: int = 0

    @property
    def dense(self) -> bool:
        """Are the ids first..last, every one a document (none was ever taken out)?"""
        return self.total == 0 or self.last - self.first + 1 == self.total


_ROW_COLUMNS = (
    "d.id, d.title, d.date, length(d.text), coalesce(st.status, 'new'), "
    "(SELECT count(*) FROM spans s WHERE s.document_id = d.id AND s.annotator_id = :ann), "
    "coalesce(st.seconds, 0)"
)
_FROM = ("FROM documents d LEFT JOIN document_status st "
         "ON st.document_id = d.id AND st.annotator_id = :ann")
_SORT_KEYS = {
    "title": "d.title COLLATE NOCASE",
    "date": "coalesce(d.date, '9999')",
    "spans": "(SELECT count(*) FROM spans s WHERE s.document_id = d.id AND s.annotator_id = :ann)",
}
FOLD_FUNCTION = "dateline_casefold"
_IDS_PER_QUERY = 500


def _fold(value: object) -> str:
    return str(value).casefold()


def _where(project: Project, view: ListView) -> str:
    """The WHERE clause of a view (its values are the named parameters of `_params`)."""
    if view.status not in LIST_STATUSES or view.sort not in LIST_SORTS:
        raise ValueError(f"no document list view {view!r}: status is one of "
                         f"{', '.join(LIST_STATUSES)}, sort one of {', '.join(LIST_SORTS)}")
    terms = []
    if view.status == "not_done":
        terms.append("coalesce(st.status, 'new') != 'done'")
    elif view.status != "all":
        terms.append("coalesce(st.status, 'new') = :status")
    if view.text.strip():
        # SQLite's lower() folds ASCII only: titles are folded as Python folds them.
        project.conn.create_function(FOLD_FUNCTION, 1, _fold, deterministic=True)
        terms.append(f"instr({FOLD_FUNCTION}(d.title), :text) > 0")
    return f"WHERE {' AND '.join(terms)}" if terms else ""


def _params(project: Project, annotator: str, view: ListView) -> dict[str, object]:
    return {"ann": _annotator_id(project, annotator) or -1, "status": view.status,
            "text": view.text.strip().casefold()}


def _order(view: ListView) -> str:
    way = " DESC" if view.descending else ""
    if view.sort == "id":
        return f"ORDER BY d.id{way}"
    return f"ORDER BY {_SORT_KEYS[view.sort]}{way}, d.id{way}"


def list_counts(project: Project, annotator: str, view: ListView,
                shown: int | None = None) -> ListCounts:
    """The list's counts in one query: shown by the view, in the project, done, and
    the lowest and highest ids. Without a text to find, what a status filter shows
    is counted from the annotator's statuses alone (no scan of the documents);
    `shown`, when the caller has counted the view's rows, is taken as it is."""
    where = _where(project, view)
    searched = view.text.strip() and shown is None
    counted = f"(SELECT count(*) {_FROM} {where})" if searched else "0"
    row = project.conn.execute(
        f"SELECT {counted}, (SELECT count(*) FROM documents), "
        "(SELECT count(*) FROM document_status WHERE annotator_id = :ann AND status = 'done'), "
        "(SELECT count(*) FROM document_status "
        " WHERE annotator_id = :ann AND status = 'in_progress'), "
        "(SELECT coalesce(min(id), 0) FROM documents), "
        "(SELECT coalesce(max(id), 0) FROM documents)",
        _params(project, annotator, view)).fetchone()
    found, total, done, started, first, last = (int(v) for v in row)
    if shown is not None:
        found = shown
    elif not view.text.strip():
        found = {"all": total, "not_done": total - done, "new": total - done - started,
                 "in_progress": started, "done": done}[view.status]
    return ListCounts(found, total, done, first, last)


@dataclass(frozen=True)
class Ranks:
    """Which document is at which row, worked out from ids alone: the list of a
    project whose ids are first..last without a gap, in the order added, showing
    every document, or every document but the `skipped` ones, or only the
    `listed` ones (both sorted)."""

    first: int
    last: int
    listed: list[int] | None = None
    skipped: list[int] = field(default_factory=list)

    def id_at(self, row: int) -> int:
        """The id at a row (0 first) of the list in ascending id order."""
        if self.listed is not None:
            return self.listed[row]
        passed = 0  # skipped ids at or below the answer
        while True:
            ident = self.first + row + passed
            now = bisect_right(self.skipped, ident)
            if now == passed:
                return ident
            passed = now

    def row_of(self, ident: int) -> int | None:
        """The row of an id in ascending order; None when the list leaves it out."""
        if self.listed is not None:
            at = bisect_left(self.listed, ident)
            return at if at < len(self.listed) and self.listed[at] == ident else None
        if not self.first <= ident <= self.last:
            return None
        at = bisect_left(self.skipped, ident)
        if at < len(self.skipped) and self.skipped[at] == ident:
            return None
        return ident - self.first - at


_STATUS_SETS = {"not_done": ("done",), "new": ("done", "in_progress"), "done": ("done",),
                "in_progress": ("in_progress",)}


def list_ranks(project: Project, annotator: str, view: ListView,
               counts: ListCounts) -> Ranks | None:
    """The rows of a view in the order added, found from the annotator's statuses
    (no read of the documents); None for a view that needs them (a text to find,
    another order) or a project with gaps in its ids."""
    if view.text.strip() or view.sort != "id" or not counts.dense:
        return None
    if view.status == "all":
        return Ranks(counts.first, counts.last)
    wanted = _STATUS_SETS[view.status]
    marks = ", ".join("?" for _ in wanted)
    ids = [int(r[0]) for r in project.conn.execute(
        f"SELECT document_id FROM document_status WHERE annotator_id = ? "
        f"AND status IN ({marks}) ORDER BY document_id",
        (_params(project, annotator, view)["ann"], *wanted))]
    if view.status in ("done", "in_progress"):
        return Ranks(counts.first, counts.last, listed=ids)
    return Ranks(counts.first, counts.last, skipped=ids)


def list_rows(project: Project, annotator: str, ids: Sequence[int]) -> list[DocumentRow]:
    """The list's rows of these documents, in the order given (ids that are not
    documents are left out). Each is found by its id: no scan of the project."""
    found: dict[int, DocumentRow] = {}
    for begin in range(0, len(ids), _IDS_PER_QUERY):
        chunk = list(ids[begin:begin + _IDS_PER_QUERY])
        marks = ", ".join(f":i{n}" for n in range(len(chunk)))
        params = {**_params(project, annotator, ListView()),
                  **{f"i{n}": ident for n, ident in enumerate(chunk)}}
        for r in project.conn.execute(
                f"SELECT {_ROW_COLUMNS} {_FROM} WHERE d.id IN ({marks})", params):
            found[int(r[0])] = DocumentRow(*r)
    return [found[i] for i in ids if i in found]


def list_row(project: Project, annotator: str, document_id: int) -> DocumentRow | None:
    """One document's row of the list (None when there is no such document)."""
    params = {**_params(project, annotator, ListView()), "id": document_id}
    row = project.conn.execute(
        f"SELECT {_ROW_COLUMNS} {_FROM} WHERE d.id = :id", params).fetchone()
    return None if row is None else DocumentRow(*row)


def list_position(project: Project, annotator: str, view: ListView,
                  document_id: int) -> int | None:
    """The row of a document in the view's list; None when the view leaves it out."""
    params = {**_params(project, annotator, view), "id": document_id}
    row = project.conn.execute(
        f"SELECT n FROM (SELECT d.id AS id, row_number() OVER ({_order(view)}) - 1 AS n "
        f"{_FROM} {_where(project, view)}) WHERE id = :id", params).fetchone()
    return None if row is None else int(row[0])


def list_ids(project: Project, annotator: str, view: ListView) -> list[int]:
    """The ids of every document the view shows, in its order."""
    rows = project.conn.execute(
        f"SELECT d.id {_narrow_from(project, view)} {_where(project, view)} {_order(view)}",
        _params(project, annotator, view))
    return [int(r[0]) for r in rows]


def _narrow_from(project: Project, view: ListView) -> str:
    """`_FROM`, reading the documents' ids from the narrow index on their uid when
    nothing else of a document is needed (a status filter in the order added):
    the table itself holds each text, and a scan of it reads them all."""
    if view.sort != "id" or view.text.strip():
        return _FROM
    row = project.conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'documents' "
        "AND name LIKE 'sqlite_autoindex_documents_%' ORDER BY name LIMIT 1").fetchone()
    if row is None:
        return _FROM
    return _FROM.replace("FROM documents d ", f'FROM documents d INDEXED BY "{row[0]}" ')


def first_document_id(project: Project) -> int | None:
    """The id of the project's first document (None when it has none)."""
    row = project.conn.execute("SELECT min(id) FROM documents").fetchone()
    return None if row[0] is None else int(row[0])


def has_document(project: Project, document_id: int) -> bool:
    return project.conn.execute(
        "SELECT 1 FROM documents WHERE id = ?", (document_id,)).fetchone() is not None


def next_not_done(project: Project, annotator: str, view: ListView,
                  current: int | None) -> int | None:
    """The first document after `current` in the view's list (going round to its
    start) that this annotator has not done; None when every other one is done."""
    where = _where(project, view)
    params = {**_params(project, annotator, view), "id": current or 0}
    if view.sort == "id":  # walks the primary key from `current`: stops at the first found
        after, before = ("<", ">") if view.descending else (">", "<")
        for side in (after, before):
            row = project.conn.execute(
                f"SELECT d.id {_FROM} {where} {'AND' if where else 'WHERE'} "
                f"coalesce(st.status, 'new') != 'done' AND d.id {side} :id {_order(view)} "
                "LIMIT 1", params).fetchone()
            if row is not None:
                return int(row[0])
        return None
    at = None if current is None else list_position(project, annotator, view, current)
    params["at"] = -1 if at is None else at
    row = project.conn.execute(
        f"SELECT id FROM (SELECT d.id AS id, coalesce(st.status, 'new') AS status, "
        f"row_number() OVER ({_order(view)}) - 1 AS n {_FROM} {where}) "
        "WHERE status != 'done' AND id != :id ORDER BY n <= :at, n LIMIT 1", params).fetchone()
    return None if row is None else int(row[0])
