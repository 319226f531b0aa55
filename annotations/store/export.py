"""Read-only queries written for exports: one annotator's documents, spans,
relations and statuses a batch at a time, and which of their labels overlap."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from annotations.model import Document, Relation, Span

if TYPE_CHECKING:
    from annotations.store.project import Project


@dataclass
class ExportBatch:
    """One batch of documents with one annotator's work, by document id."""

    documents: dict[int, Document] = field(default_factory=dict)
    spans: dict[int, list[Span]] = field(default_factory=dict)
    relations: dict[int, list[Relation]] = field(default_factory=dict)
    status: dict[int, tuple[str, str]] = field(default_factory=dict)  # (status, note)


def export_batch(
    project: Project, ids: Sequence[int], annotator: str, annotator_id: int,
    parsed: dict[str, dict[str, Any]],
) -> ExportBatch:
    """These documents (those that exist) with the annotator's spans, relations,
    status and note, in four queries; spans and relations without timestamps
    and suggestion ids. `parsed` caches attrs texts already parsed (one dict
    per distinct text; each span gets a copy)."""
    marks = ",".join("?" * len(ids))
    run = project.conn.execute

    def attrs(raw: str) -> dict[str, Any]:
        found = parsed.get(raw)
        if found is None:
            found = parsed[raw] = json.loads(raw)
        return dict(found)

    batch = ExportBatch()
    batch.documents = {
        r[0]: Document(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6])) for r in run(
            f"SELECT id, uid, title, text, date, source, meta FROM documents WHERE id IN ({marks})",
            tuple(ids))}
    for r in run('SELECT id, document_id, label, start, "end", attrs, origin FROM spans '
                 f"WHERE annotator_id = ? AND document_id IN ({marks}) "
                 'ORDER BY document_id, start, "end", id', (annotator_id, *ids)):
        text = batch.documents[r[1]].text[r[3] : r[4]]
        batch.spans.setdefault(r[1], []).append(
            Span(r[0], r[1], annotator, r[2], r[3], r[4], text, attrs(r[5]), r[6]))
    for r in run("SELECT id, document_id, label, head_id, child_id FROM relations "
                 f"WHERE annotator_id = ? AND document_id IN ({marks}) ORDER BY id",
                 (annotator_id, *ids)):
        batch.relations.setdefault(r[1], []).append(
            Relation(r[0], r[1], annotator, r[2], r[3], r[4]))
    batch.status = {r[0]: (r[1], r[2]) for r in run(
        "SELECT document_id, status, note FROM document_status "
        f"WHERE annotator_id = ? AND document_id IN ({marks})", (annotator_id, *ids))}
    return batch


def span_labels(project: Project, annotator_id: int) -> list[str]:
    """The labels the annotator used, sorted."""
    return sorted(str(r[0]) for r in project.conn.execute(
        "SELECT DISTINCT label FROM spans WHERE annotator_id = ?", (annotator_id,)))


def labels_overlap(project: Project, annotator_id: int, first: str, second: str) -> bool:
    """Whether a span of `first` overlaps a span of `second` in one of the annotator's
    documents."""
    found = project.conn.execute(
        "SELECT 1 FROM spans a JOIN spans b ON b.document_id = a.document_id "
        "AND b.annotator_id = a.annotator_id AND b.label = ? "
        'AND b.start < a."end" AND a.start < b."end" '
        "WHERE a.annotator_id = ? AND a.label = ? LIMIT 1", (second, annotator_id, first),
    ).fetchone()
    return found is not None
