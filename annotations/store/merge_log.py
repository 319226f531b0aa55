"""Merge, part three: the other file's edit log, streamed and checked row by
row against what it claims before it is copied.

Undo after a restart reverts logged rows, so a copied row must describe the
merged annotator's own layer and nothing else. A row that undo can take back
(a span or relation added, changed or deleted, a status or note set) is
copied only when its values are the span, relation or status they claim to
be: of the annotator being merged, in the document the row names, with the
id the row names. Its ids are mapped onto the work merged from this
annotator only (or onto fresh, reserved ids for work the file deleted), so
no copied row can name another annotator's span. Any other row (a document
date, a suggestion decision, an import, a setting) describes shared state
the merge did not bring in: it is not copied, and the rows of a document
that stand in its place record what the merge did ("merged_history"), which
ends the undo history there. So do the rows of a document beyond its last
HISTORY_ROWS (undo reaches no further back, and a million rows would slow
every opening of the document). A row that fails its check refuses the merge.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import fields
from typing import Any

from annotations.model import ORIGINS, STATUSES, Relation, Span
from annotations.store.connection import dump_json, now
from annotations.store.merge_source import (
    MergeReport,
    SourceFile,
    edit_counts,
    edit_rows,
    is_int,
    read_edit,
)
from annotations.store.project import Project

SPAN_FIELDS = frozenset(f.name for f in fields(Span))
RELATION_FIELDS = frozenset(f.name for f in fields(Relation))
#: What undo can take back, by action: (entity, what `before` holds, what `after` holds).
COPIED: dict[str, tuple[str, str | None, str | None]] = {
    "add_span": ("span", None, "span"),
    "delete_span": ("span", "span", None),
    "update_span": ("span", "span", "span"),
    "add_relation": ("relation", None, "relation"),
    "delete_relation": ("relation", "relation", None),
    "set_status": ("status", "status", "status"),
    "set_note": ("status", "note", "note"),
}
MARKER = "merged_history"
#: The most edit-log rows of one annotator and document a merge copies (the latest).
HISTORY_ROWS = 1000


class IdBook:
    """New ids for one annotator's spans or relations of the other file,
    including those it deleted: ids of deleted ones are reserved in the
    project (sqlite_sequence), so undoing a logged deletion restores them
    without a clash. Only this annotator's merged work is known to it."""

    def __init__(self, project: Project, table: str, known: Mapping[int, int]) -> None:
        self.project, self.table, self.known = project, table, dict(known)
        self.next: int | None = None

    def __call__(self, value: int) -> int:
        if value in self.known:
            return self.known[value]
        if self.next is None:
            row = self.project.conn.execute(
                f"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = ?), 0), "
                f"coalesce((SELECT max(id) FROM {self.table}), 0))", (self.table,)
            ).fetchone()
            self.next = int(row[0]) + 1
        self.known[value] = self.next
        self.next += 1
        return self.known[value]

    def reserve(self) -> None:
        if self.next is not None:
            self.project.conn.execute(
                "UPDATE sqlite_sequence SET seq = ? WHERE name = ?", (self.next - 1, self.table)
            )


def _span_problem(value: Any, name: str) -> str | None:
    if not isinstance(value, dict) or set(value) != SPAN_FIELDS:
        return "is not a span"
    if value["annotator"] != name:
        return f"names annotator {value['annotator']!r}, not {name!r}"
    ints = ("id", "document_id", "start", "end")
    texts = ("label", "text", "created", "updated")
    if not all(is_int(value[k]) for k in ints) or not all(isinstance(value[k], str)
                                                         for k in texts) \
            or not isinstance(value["attrs"], dict) or value["origin"] not in ORIGINS \
            or not (value["suggestion_id"] is None or is_int(value["suggestion_id"])):
        return "is not a span (a value of the wrong type)"
    return None


def _relation_problem(value: Any, name: str) -> str | None:
    if not isinstance(value, dict) or set(value) != RELATION_FIELDS:
        return "is not a relation"
    if value["annotator"] != name:
        return f"names annotator {value['annotator']!r}, not {name!r}"
    if not all(is_int(value[k]) for k in ("id", "document_id", "head", "child")) \
            or not isinstance(value["label"], str) or not isinstance(value["created"], str):
        return "is not a relation (a value of the wrong type)"
    return None


def _value_problem(kind: str | None, value: Any, name: str, edit: Mapping[str, Any]) -> str | None:
    if kind is None:
        return None if value is None else "should be empty"
    if kind == "span":
        problem = _span_problem(value, name)
    elif kind == "relation":
        problem = _relation_problem(value, name)
    elif kind == "status":
        ok = isinstance(value, dict) and set(value) == {"status"} and value["status"] in STATUSES
        problem = None if ok else "is not a status"
    else:
        ok = isinstance(value, dict) and set(value) == {"note"} and isinstance(value["note"], str)
        problem = None if ok else "is not a note"
    if problem is None and kind in ("span", "relation"):
        if value["document_id"] != edit["document_id"]:
            problem = f"names document {value['document_id']}, not the row's own"
        elif value["id"] != edit["entity_id"]:
            problem = f"names {kind} {value['id']}, not the row's {edit['entity_id']!r}"
    return problem


def edit_problem(edit: Mapping[str, Any], name: str, documents: Mapping[int, int]) -> str | None:
    """Why a row of an action undo can take back does not describe what it
    claims (None when it does)."""
    entity, before, after = COPIED[edit["action"]]
    doc = edit["document_id"]
    if not is_int(doc) or doc not in documents:
        return f"names document {doc!r}, which the file does not hold"
    if edit["entity"] != entity:
        return f"is about {edit['entity']!r}, not a {entity}"
    if entity == "status" and edit["entity_id"] != doc:
        return f"names document {edit['entity_id']!r} and {doc}"
    for side, kind in (("before", before), ("after", after)):
        problem = _value_problem(kind, edit[side], name, edit)
        if problem is not None:
            return f"its {side} {problem}"
    return None


class _Copier:
    """Writes one annotator's checked rows with their ids mapped into the project."""

    def __init__(self, project: Project, target: str, documents: Mapping[int, int],
                 spans: IdBook, relations: IdBook, suggestions: Mapping[int, int]) -> None:
        self.project, self.target = project, target
        self.documents, self.spans, self.relations = documents, spans, relations
        self.suggestions = suggestions

    def remap(self, value: Any, entity: str) -> Any:
        if not isinstance(value, dict) or entity == "status":
            return value
        out = dict(value, annotator=self.target, document_id=self.documents[value["document_id"]])
        if entity == "span":
            out["id"] = self.spans(value["id"])
            if value["suggestion_id"] is not None:
                out["suggestion_id"] = self.suggestions.get(value["suggestion_id"])
        else:
            out["id"] = self.relations(value["id"])
            out["head"], out["child"] = self.spans(value["head"]), self.spans(value["child"])
        return out

    def copy(self, edit: Mapping[str, Any], actor: str) -> None:
        entity = edit["entity"]
        doc = self.documents[edit["document_id"]]
        if entity == "span":
            entity_id = self.spans(edit["entity_id"])
        elif entity == "relation":
            entity_id = self.relations(edit["entity_id"])
        else:
            entity_id = doc
        before, after = self.remap(edit["before"], entity), self.remap(edit["after"], entity)
        self.write(edit["time"], self.target if actor == "" else actor, edit["action"], entity,
                   doc, entity_id, before, after)

    def write(self, time: str, actor: str, action: str, entity: str, doc: int | None,
              entity_id: int | None, before: Any, after: Any) -> None:
        self.project.conn.execute(
            "INSERT INTO edits (time, actor, annotator, document_id, action, entity, entity_id, "
            "before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (time, actor, self.target, doc, action, entity, entity_id,
             None if before is None else dump_json(before),
             None if after is None else dump_json(after)),
        )


def merge_edits(
    project: Project, source: SourceFile, name: str, target: str, *,
    documents: Mapping[int, int], spans: Mapping[int, int], relations: Mapping[int, int],
    suggestions: Mapping[int, int], report: MergeReport,
) -> None:
    """Copy annotator `name`'s checked edit-log rows of `source` as `target`'s.

    `spans` and `relations` map the ids of this annotator's merged work only.
    A row that does not describe what it claims becomes a problem of the
    source (the merge is then refused)."""
    span_book = IdBook(project, "spans", spans)
    relation_book = IdBook(project, "relations", relations)
    copier = _Copier(project, target, documents, span_book, relation_book, suggestions)
    left: dict[int, list[str]] = {}  # per document: actions not copied since the last copy
    skip = {doc: count - HISTORY_ROWS for doc, count in edit_counts(source, name).items()
            if count > HISTORY_ROWS}
    for row in edit_rows(source, name):
        if skip.get(row["document_id"], 0) > 0:
            skip[row["document_id"]] -= 1
            if row["document_id"] in documents:
                left.setdefault(documents[row["document_id"]], []).append("older edits")
            continue
        edit = read_edit(source, row)
        if edit is None:
            continue
        action = edit["action"]
        if action not in COPIED:
            if is_int(edit["document_id"]) and edit["document_id"] in documents:
                left.setdefault(documents[edit["document_id"]], []).append(action)
            continue
        problem = edit_problem(edit, name, documents)
        if problem is not None:
            source.problem(f"edit {edit['id']!r} of {name!r} ({action!r}) {problem}")
            continue
        doc = documents[edit["document_id"]]
        if doc in left:
            _mark(copier, doc, left.pop(doc), source)
        actor = "" if edit["actor"] == name else edit["actor"]
        copier.copy(edit, actor)
        report.edits += 1
    for doc, actions in left.items():
        _mark(copier, doc, actions, source)
    span_book.reserve()
    relation_book.reserve()


def _mark(copier: _Copier, doc: int, actions: Iterable[str], source: SourceFile) -> None:
    """One row in place of rows that were not copied: undo stops there."""
    shown = sorted(set(actions))
    copier.write(now(), copier.target, MARKER, "merge", doc, None, None,
                 {"file": str(source.path), "left_out": shown})
