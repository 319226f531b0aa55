"""The agreement study's reads: which documents to compare, their titles, the
chosen spans as comma-separated columns (one row per batch of documents),
relations, and what annotators did with suggestions.

Queries here return plain rows; `annotations.measures` turns them into arrays.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from annotations.store.project import Project

#: One batch of span columns: count, then ids, use/label/annotator codes,
#: document ids, extents (start * 2**32 + end) as comma-separated text and the
#: attrs texts joined by char(30); texts are None when the batch is empty.
ColumnRow = tuple[int, str | None, str | None, str | None, str | None, str | None]


def documents_done(project: Project, annotators: Sequence[str]) -> list[int]:
    """The ids of the documents every one of `annotators` has marked done."""
    rows = project.conn.execute(
        "SELECT st.document_id FROM document_status st JOIN annotators a "
        "ON a.id = st.annotator_id WHERE st.status = 'done' "
        "AND a.name IN (SELECT value FROM json_each(?)) "
        "GROUP BY st.document_id HAVING count(DISTINCT a.id) = ? ORDER BY st.document_id",
        (json.dumps(list(annotators)), len(set(annotators))),
    )
    return [int(r[0]) for r in rows]


def document_titles(project: Project, document_ids: Sequence[int]) -> list[tuple[int, str]]:
    """(id, title) of those of `document_ids` that exist, by id."""
    return [
        (int(r[0]), str(r[1]))
        for r in project.conn.execute(
            "SELECT id, title FROM documents WHERE id IN "
            "(SELECT value FROM json_each(?)) ORDER BY id", (json.dumps(list(document_ids)),)
        )
    ]


def relation_links(
    project: Project, document_ids: Sequence[int], annotators: Sequence[str]
) -> list[tuple[str, str, int, int]]:
    """(annotator, label, head id, child id) of these annotators' relations in these documents."""
    return [
        (str(a), str(label), int(head), int(child))
        for a, label, head, child in project.conn.execute(
            "SELECT a.name, r.label, r.head_id, r.child_id FROM relations r "
            "JOIN annotators a ON a.id = r.annotator_id "
            "WHERE r.document_id IN (SELECT value FROM json_each(?)) "
            "AND a.name IN (SELECT value FROM json_each(?))",
            (json.dumps(list(document_ids)), json.dumps(list(annotators))),
        )
    ]


def accepted_span_ids(project: Project) -> list[int]:
    """The ids of the spans some annotator made by accepting a suggestion."""
    return [int(r[0]) for r in project.conn.execute(
        "SELECT DISTINCT span_id FROM suggestion_decisions "
        "WHERE decision = 'accepted' AND span_id IS NOT NULL")]


def _span_columns_sql(labels: int, annotators: int, origins: Sequence[str]) -> str:
    """The chosen spans of a list of documents as one row of comma-separated
    columns (far fewer Python objects than a row per span; the aggregates step
    through the same rows, so the columns align): count, id, (use code *
    labels + label index) * annotators + annotator index, document id,
    start * 2**32 + end (offsets in a text stay below SQLite's 10**9 limit on
    its length), attrs. Parameters: the label names, the annotator ids, the
    document ids, annotator ids and label names as JSON lists."""
    manual, suggested, imported = origins
    use = (f"CASE s.origin WHEN '{manual}' THEN 0 WHEN '{suggested}' THEN 4 "
           f"+ (s.created = s.updated) * 2 WHEN '{imported}' THEN 8 END "
           "+ (s.suggestion_id IS NOT NULL)")
    label = " ".join(f"WHEN ? THEN {i}" for i in range(labels))
    owner = " ".join(f"WHEN ? THEN {i}" for i in range(annotators))
    return (
        f"SELECT count(*), group_concat(s.id), group_concat((({use}) * {labels} "
        f"+ CASE s.label {label} END) * {annotators} + CASE s.annotator_id {owner} END), "
        'group_concat(s.document_id), group_concat(s.start * 4294967296 + s."end"), '
        "group_concat(s.attrs, char(30)) "
        "FROM spans s WHERE s.document_id IN (SELECT value FROM json_each(?)) "
        "AND s.annotator_id IN (SELECT value FROM json_each(?)) "
        "AND s.label IN (SELECT value FROM json_each(?))"
    )


def span_column_batch(
    project: Project, document_ids: Sequence[int], annotator_ids: Sequence[int],
    labels: Sequence[str], origins: Sequence[str],
) -> ColumnRow:
    """The chosen spans of these documents as one row of columns (see
    `_span_columns_sql`); the use code counts `origins` (manual, suggested,
    imported) as 0, 1, 2 in its upper bits."""
    args = (*labels, *annotator_ids, json.dumps(list(document_ids)),
            json.dumps(list(annotator_ids)), json.dumps(list(labels)))
    row = project.conn.execute(
        _span_columns_sql(len(labels), len(annotator_ids), origins), args).fetchone()
    return (int(row[0]), row[1], row[2], row[3], row[4], row[5])


def linked_span_rows(project: Project, span_ids: Sequence[int]) -> list[tuple[Any, ...]]:
    """For spans linked to a suggestion: annotator, label, start, end, attrs,
    origin, never edited (0/1), then the suggestion's label, start, end and
    attrs (None when its record is gone)."""
    if not span_ids:
        return []
    return list(project.conn.execute(
        'SELECT a.name, s.label, s.start, s."end", s.attrs, s.origin, s.created = s.updated, '
        'g.label, g.start, g."end", g.attrs '
        "FROM spans s JOIN annotators a ON a.id = s.annotator_id "
        "LEFT JOIN suggestions g ON g.id = coalesce(s.suggestion_id, "
        "  (SELECT d.suggestion_id FROM suggestion_decisions d WHERE d.span_id = s.id "
        "   AND d.decision = 'accepted' ORDER BY d.id DESC LIMIT 1)) "
        "WHERE s.id IN (SELECT value FROM json_each(?))",
        (json.dumps(list(span_ids)),),
    ))


def rejection_counts(
    project: Project, document_ids: Sequence[int], annotators: Sequence[str]
) -> list[tuple[str, str, int]]:
    """(annotator, label, count) of the suggestions these annotators rejected here."""
    return [
        (str(a), str(label), int(n))
        for a, label, n in project.conn.execute(
            "SELECT a.name, g.label, count(*) FROM suggestion_decisions d "
            "JOIN annotators a ON a.id = d.annotator_id "
            "JOIN suggestions g ON g.id = d.suggestion_id "
            "WHERE d.decision = 'rejected' AND g.document_id IN (SELECT value FROM json_each(?)) "
            "AND a.name IN (SELECT value FROM json_each(?)) GROUP BY a.name, g.label",
            (json.dumps(list(document_ids)), json.dumps(list(annotators))),
        )
    ]


def suggestion_rows(project: Project, document_ids: Sequence[int]) -> list[tuple[Any, ...]]:
    """(id, document id, model, label, start, end, attrs) of every suggestion here."""
    return list(project.conn.execute(
        'SELECT id, document_id, model, label, start, "end", attrs FROM suggestions '
        "WHERE document_id IN (SELECT value FROM json_each(?))",
        (json.dumps(list(document_ids)),),
    ))
