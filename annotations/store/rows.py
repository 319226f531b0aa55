"""Read-only queries the window needs, written for speed.

Each function takes an open Project and answers one question the window asks
often (its span rows, the edit log's last id, a suggestion decision): bare
tuples, not decoded records, so a document with thousands of spans draws
without reading every span's attributes.
"""

from __future__ import annotations

from annotations.errors import DatelineError
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
