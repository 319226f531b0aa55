"""The queries of an export: documents with one annotator's work (or one
model's suggestions) read in batches, and which labels overlap which.

Formats ask these; they never touch the connection themselves.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from annotations.errors import NotFoundError
from annotations.model import Document, Relation, Span

if TYPE_CHECKING:
    from annotations.store import Project

BATCH = 400  # documents read at once (SQLite allows 999 parameters by default)
SUGGESTED = "suggested"


@dataclass(frozen=True)
class AnnotatedDocument:
    """A document with one annotator's spans, relations, status and note."""

    document: Document
    spans: list[Span]
    relations: list[Relation]
    status: str
    note: str


def annotated_documents(
    project: Project, ids: Iterable[int], annotator: str
) -> Iterator[AnnotatedDocument]:
    """The documents with `annotator`'s spans, relations, status and note, as
    `Project.spans`/`relations`/`status` give them but without the spans' and
    relations' timestamps and suggestion ids, which no format writes; read
    with four queries per batch of documents (an export reads every span).

    Raises NotFoundError for an id that is not a document.
    """
    try:
        who = project.annotator_id(annotator, create=False)
    except NotFoundError:
        who = -1
    parsed: dict[str, dict[str, Any]] = {}
    every = list(ids)
    for begin in range(0, len(every), BATCH):
        yield from _batch(project, every[begin : begin + BATCH], annotator, who, parsed)


def _batch(project: Project, ids: list[int], annotator: str, who: int,
           parsed: dict[str, dict[str, Any]]) -> Iterator[AnnotatedDocument]:
    marks = ",".join("?" * len(ids))
    run = project.conn.execute

    def attrs(raw: str) -> dict[str, Any]:
        found = parsed.get(raw)
        if found is None:
            found = parsed[raw] = json.loads(raw)
        return dict(found)

    docs = _documents(project, ids)
    spans: dict[int, list[Span]] = {}
    for r in run('SELECT id, document_id, label, start, "end", attrs, origin FROM spans '
                 f"WHERE annotator_id = ? AND document_id IN ({marks}) "
                 'ORDER BY document_id, start, "end", id', (who, *ids)):
        text = docs[r[1]].text[r[3] : r[4]]
        spans.setdefault(r[1], []).append(Span(r[0], r[1], annotator, r[2], r[3], r[4], text,
                                               attrs(r[5]), r[6]))
    relations: dict[int, list[Relation]] = {}
    for r in run("SELECT id, document_id, label, head_id, child_id FROM relations "
                 f"WHERE annotator_id = ? AND document_id IN ({marks}) ORDER BY id", (who, *ids)):
        relations.setdefault(r[1], []).append(Relation(r[0], r[1], annotator, r[2], r[3], r[4]))
    status = {r[0]: (r[1], r[2]) for r in run(
        "SELECT document_id, status, note FROM document_status "
        f"WHERE annotator_id = ? AND document_id IN ({marks})", (who, *ids))}
    for ident in ids:
        state, note = status.get(ident, ("new", ""))
        yield AnnotatedDocument(docs[ident], spans.get(ident, []), relations.get(ident, []),
                                state, note)


def _documents(project: Project, ids: list[int]) -> dict[int, Document]:
    marks = ",".join("?" * len(ids))
    docs = {r[0]: Document(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6]))
            for r in project.conn.execute(
                f"SELECT id, uid, title, text, date, source, meta FROM documents "
                f"WHERE id IN ({marks})", ids)}
    for ident in ids:
        if ident not in docs:
            raise NotFoundError(f"no document {ident} in {project.path.name}")
    return docs


def suggested_documents(project: Project, ids: Iterable[int], model: str
                        ) -> Iterator[AnnotatedDocument]:
    """The documents with `model`'s stored suggestions as spans (origin
    "suggested", the suggestion's id as the span's) and its suggested relations,
    so that every writer exports them as a silver dataset.

    Raises NotFoundError for an id that is not a document.
    """
    every = list(ids)
    for begin in range(0, len(every), BATCH):
        batch = every[begin : begin + BATCH]
        marks = ",".join("?" * len(batch))
        docs = _documents(project, batch)
        spans: dict[int, list[Span]] = {}
        for r in project.conn.execute(
                'SELECT id, document_id, label, start, "end", attrs FROM suggestions '
                f"WHERE model = ? AND document_id IN ({marks}) "
                'ORDER BY document_id, start, "end", id', (model, *batch)):
            text = docs[r[1]].text[r[3] : r[4]]
            spans.setdefault(r[1], []).append(Span(r[0], r[1], model, r[2], r[3], r[4], text,
                                                   json.loads(r[5]), SUGGESTED, r[0]))
        relations: dict[int, list[Relation]] = {}
        for r in project.conn.execute(
                "SELECT id, document_id, label, head_id, child_id FROM suggested_relations "
                f"WHERE model = ? AND document_id IN ({marks}) ORDER BY id", (model, *batch)):
            relations.setdefault(r[1], []).append(Relation(r[0], r[1], model, r[2], r[3], r[4]))
        for ident in batch:
            yield AnnotatedDocument(docs[ident], spans.get(ident, []),
                                    relations.get(ident, []), "new", "")


def latest_model(project: Project) -> str | None:
    """The model whose suggestions were stored last, or None when none were."""
    row = project.conn.execute(
        "SELECT model FROM suggestion_runs ORDER BY created DESC, rowid DESC LIMIT 1"
    ).fetchone()
    return None if row is None else str(row[0])


def suggestion_models(project: Project) -> list[str]:
    """The models with stored suggestions, by name."""
    return [str(r[0]) for r in project.conn.execute(
        "SELECT DISTINCT model FROM suggestion_runs ORDER BY model")]


def label_overlaps(project: Project, annotator: str, model: str | None = None
                   ) -> tuple[set[str], set[tuple[str, str]]]:
    """(the labels of `annotator`'s spans, or of `model`'s suggestions when given,
    the pairs of them that overlap somewhere in one document), each pair both
    ways round."""
    key: str | int
    if model is not None:
        table, column, key = "suggestions", "model", model
    else:
        table, column = "spans", "annotator_id"
        try:
            key = project.annotator_id(annotator, create=False)
        except NotFoundError:
            return set(), set()
    run = project.conn.execute
    present = sorted(r[0] for r in run(
        f"SELECT DISTINCT label FROM {table} WHERE {column} = ?", (key,)))
    pairs: set[tuple[str, str]] = set()
    for i, first in enumerate(present):
        for second in present[i + 1 :]:
            found = run(
                f"SELECT 1 FROM {table} a JOIN {table} b ON b.document_id = a.document_id "
                f"AND b.{column} = a.{column} AND b.label = ? "
                'AND b.start < a."end" AND a.start < b."end" '
                f"WHERE a.{column} = ? AND a.label = ? LIMIT 1", (second, key, first),
            ).fetchone()
            if found is not None:
                pairs.update({(first, second), (second, first)})
    return set(present), pairs
