"""Spans and relations: checks against the schema and the no-overlap rule,
adding, changing, deleting and restoring them."""

from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any, Protocol

from annotations.errors import (
    NotFoundError,
    OffsetError,
    OverlapError,
    RelationError,
    UnknownLabelError,
    ValidationError,
)
from annotations.model import (
    ORIGINS,
    DeletedSpan,
    NewSpan,
    Relation,
    Span,
)
from annotations.schema import LabelSchema
from annotations.store.base import ProjectBase
from annotations.store.connection import dump_json, now

_SPAN_COLUMNS = (
    'spans.id, document_id, annotators.name, label, start, "end", text, attrs, origin, '
    "suggestion_id, created, updated"
)
_RELATION_COLUMNS = (
    "relations.id, document_id, annotators.name, label, head_id, child_id, created"
)



def check_origin(origin: str) -> None:
    """Raise ValidationError unless `origin` is one a span may have."""
    if origin not in ORIGINS:
        raise ValidationError(f"origin {origin!r} is not one of {', '.join(ORIGINS)}")


def check_span_shape(
    schema: LabelSchema, label: str, start: int, end: int, attrs: dict[str, Any], length: int,
    *, attrs_checked: bool = False,
) -> None:
    """Raise UnknownLabelError, OffsetError or AttributeValueError when a span of
    `label` at start-end with `attrs` breaks the schema or falls outside a text of
    `length` characters (the checks that need no other span)."""
    if schema.label(label) is None:
        known = ", ".join(schema.label_names)
        raise UnknownLabelError(f"unknown label {label!r} (this project's labels: {known})")
    if type(start) is not int or type(end) is not int:
        raise OffsetError(f"offsets must be whole numbers, not {start!r} and {end!r}")
    if not 0 <= start < end <= length:
        raise OffsetError(
            f"span {start}-{end} is outside the text (0-{length}) or not start < end"
        )
    if not attrs_checked:
        schema.check_attrs(label, attrs)


class Endpoint(Protocol):
    """What a relation check needs of a span: a stored `Span` or one being imported
    (whose `id` is then the file's name for it)."""

    @property
    def id(self) -> object: ...
    @property
    def document_id(self) -> object: ...
    @property
    def annotator(self) -> str: ...
    @property
    def label(self) -> str: ...


def overlap_error(label: str, start: int, end: int, other: object, other_start: int,
                  other_end: int, annotator: str) -> OverlapError:
    """The OverlapError of a span of `label` at start-end that overlaps span `other`."""
    return OverlapError(
        f"{label} {start}-{end} overlaps {label} span {other} at {other_start}-{other_end} "
        f"({annotator}); spans of one label do not overlap")


class OverlapIndex:
    """The spans of one document and annotator, per label, sorted by start: whether
    a new span overlaps one of them in O(log n). Holds only spans that do not
    overlap others of their label (so, sorted by start, they are sorted by end)."""

    def __init__(self) -> None:
        self._labels: dict[str, tuple[list[int], list[int], list[object]]] = {}

    def clash(self, label: str, start: int, end: int) -> tuple[object, int, int] | None:
        """(name, start, end) of the span of `label` that start-end overlaps, if any."""
        found = self._labels.get(label)
        if found is None:
            return None
        starts, ends, names = found
        i = bisect_left(starts, end) - 1  # the last span starting before this one ends
        return (names[i], starts[i], ends[i]) if i >= 0 and ends[i] > start else None

    def place(self, label: str, start: int, end: int, name: object
              ) -> tuple[object, int, int] | None:
        """`clash`, and `add` when there is none, in one step; spans that come in order
        of start (as most files list them) cost one comparison each."""
        found = self._labels.get(label)
        if found is None:
            self._labels[label] = ([start], [end], [name])
            return None
        starts, ends, names = found
        if start < starts[-1]:
            clash = self.clash(label, start, end)
            if clash is None:
                self.add(label, start, end, name)
            return clash
        if ends[-1] > start:  # every span starts at or before this one: only the last can
            return names[-1], starts[-1], ends[-1]
        starts.append(start)
        ends.append(end)
        names.append(name)
        return None

    def add(self, label: str, start: int, end: int, name: object) -> None:
        starts, ends, names = self._labels.setdefault(label, ([], [], []))
        i = bisect_left(starts, start)
        starts.insert(i, start)
        ends.insert(i, end)
        names.insert(i, name)


def check_link(schema: LabelSchema, label: str, head: Endpoint, child: Endpoint) -> None:
    """Raise UnknownLabelError or RelationError unless head -label-> child is allowed
    (`Project.check_relation` for spans that are not stored yet)."""
    spec = schema.relation(label)
    if spec is None:
        known = ", ".join(schema.relation_names) or "none"
        raise UnknownLabelError(f"unknown relation {label!r} (this project's: {known})")
    if head.id == child.id:
        raise RelationError(f"a {label} relation cannot link span {head.id} to itself")
    if (head.document_id, head.annotator) != (child.document_id, child.annotator):
        raise RelationError(
            f"{label} links spans {head.id} and {child.id} of different documents "
            "or annotators"
        )
    if head.label not in spec.heads or child.label not in spec.children:
        raise RelationError(
            f"{label} goes from {'/'.join(spec.heads)} to {'/'.join(spec.children)}, "
            f"not from {head.label} to {child.label}"
        )


def _span(row: tuple[Any, ...]) -> Span:
    return Span(
        id=row[0],
        document_id=row[1],
        annotator=row[2],
        label=row[3],
        start=row[4],
        end=row[5],
        text=row[6],
        attrs=json.loads(row[7]),
        origin=row[8],
        suggestion_id=row[9],
        created=row[10],
        updated=row[11],
    )


def _relation(row: tuple[Any, ...]) -> Relation:
    return Relation(*row)



def _span_row(span: Span, annotator_id: int) -> dict[str, Any]:
    """A span as a row of the `spans` table."""
    return {
        "id": span.id, "document_id": span.document_id, "annotator_id": annotator_id,
        "label": span.label, "start": span.start, "end": span.end, "text": span.text,
        "attrs": dump_json(span.attrs), "origin": span.origin, "suggestion_id": span.suggestion_id,
        "created": span.created, "updated": span.updated,
    }


class SpansMixin(ProjectBase):
    """Spans and relations of a project."""

    def _select(
        self, table: str, where: str, args: tuple[Any, ...], annotator: str | None, order: str
    ) -> list[tuple[Any, ...]]:
        """Rows of `spans` or `relations` with their annotator's name, one annotator's or all."""
        columns = _SPAN_COLUMNS if table == "spans" else _RELATION_COLUMNS
        sql = (
            f"SELECT {columns} FROM {table} JOIN annotators "
            f"ON annotators.id = {table}.annotator_id WHERE {where}"
        )
        if annotator is not None:
            sql += " AND annotator_id = ?"
            args += (self._existing_annotator(annotator),)
        return self.conn.execute(f"{sql} ORDER BY {order}", args).fetchall()

    def span(self, span_id: int) -> Span:
        rows = self._select("spans", "spans.id = ?", (span_id,), None, "spans.id")
        if not rows:
            raise NotFoundError(f"no span {span_id} in {self.path.name}")
        return _span(rows[0])

    def spans(self, document_id: int, annotator: str | None = None) -> list[Span]:
        """The spans of a document, by start then end; one annotator's or everyone's."""
        rows = self._select(
            "spans", "document_id = ?", (document_id,), annotator, 'start, "end", spans.id'
        )
        return [_span(r) for r in rows]

    def check_span(
        self,
        document_id: int,
        annotator: str,
        label: str,
        start: int,
        end: int,
        attrs: dict[str, Any],
        *,
        ignore: int | None = None,
        text: str | None = None,
    ) -> None:
        """Raise the ValidationError subclass that names what is wrong with this span."""
        body = self.text(document_id) if text is None else text
        check_span_shape(self.schema, label, start, end, attrs, len(body))
        # Spans of one label never overlap, so only the last one that starts before this
        # one ends can overlap it: one index probe, however many spans the document has.
        clash = self.conn.execute(
            'SELECT id, start, "end" FROM spans WHERE document_id = ? AND annotator_id = ? '
            "AND label = ? AND start < ? AND id != ? ORDER BY start DESC LIMIT 1",
            (document_id, self._existing_annotator(annotator), label, end, ignore or -1),
        ).fetchone()
        if clash is not None and clash[2] > start:
            raise overlap_error(label, start, end, clash[0], clash[1], clash[2], annotator)

    def add_span(
        self,
        document_id: int,
        annotator: str,
        label: str,
        start: int,
        end: int,
        attrs: dict[str, Any] | None = None,
        *,
        origin: str = "manual",
        suggestion_id: int | None = None,
        span_id: int | None = None,
        log: bool = True,
    ) -> Span:
        """Add a span and return it.

        Raises:
            UnknownLabelError, OffsetError, AttributeValueError, OverlapError:
                the span breaks the schema or the no-overlap rule.
            NotFoundError: no such document.
        """
        attrs = dict(attrs or {})
        check_origin(origin)
        body = self.text(document_id)
        self.check_span(document_id, annotator, label, start, end, attrs, text=body)
        stamp = now()
        with self.transaction():
            ann = self.annotator_id(annotator)
            cur = self.conn.execute(
                'INSERT INTO spans (id, document_id, annotator_id, label, start, "end", text, '
                "attrs, origin, suggestion_id, created, updated) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    span_id, document_id, ann, label, start, end, body[start:end],
                    dump_json(attrs), origin, suggestion_id, stamp, stamp,
                ),
            )
            span = Span(
                int(cur.lastrowid or 0), document_id, annotator, label, start, end,
                body[start:end], attrs, origin, suggestion_id, stamp, stamp,
            )
            self._touch(document_id, ann)
            if log:
                self._log("add_span", "span", span.id, document_id, annotator, None, asdict(span))
        return span

    def add_spans(
        self, document_id: int, annotator: str, spans: Sequence[NewSpan]
    ) -> list[Span | ValidationError]:
        """Add many spans of one document and annotator in one bulk insert
        (imports), unlogged: each is checked as `add_span` checks it, against
        the stored spans and the batch's earlier ones. Returns, per input in
        order, the Span made or the ValidationError that refused it.

        Raises NotFoundError when there is no such document.
        """
        body = self.text(document_id)
        results: list[Span | ValidationError] = []
        with self.transaction():
            ann = self.annotator_id(annotator)
            next_id = self._next_span_id()
            stamp = now()
            batch = OverlapIndex()
            for new in spans:
                try:
                    self._check_new_span(document_id, annotator, new, body, batch)
                except ValidationError as exc:
                    results.append(exc)
                    continue
                made = Span(next_id, document_id, annotator, new.label, new.start, new.end,
                            body[new.start : new.end], dict(new.attrs), new.origin,
                            new.suggestion_id, new.created or stamp, new.updated or stamp)
                next_id += 1
                batch.add(new.label, new.start, new.end, made.id)
                results.append(made)
            rows = [_span_row(s, ann) for s in results if isinstance(s, Span)]
            if rows:
                self.db["spans"].insert_all(rows, batch_size=500)
                self._touch(document_id, ann)
        return results

    def _next_span_id(self) -> int:
        """The id SQLite's AUTOINCREMENT would give the next span (ids are never reused)."""
        row = self.conn.execute(
            "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'spans'), 0), "
            "coalesce((SELECT max(id) FROM spans), 0)) + 1"
        ).fetchone()
        return int(row[0])

    def _check_new_span(
        self, document_id: int, annotator: str, new: NewSpan, body: str,
        batch: OverlapIndex,
    ) -> None:
        check_origin(new.origin)
        self.check_span(document_id, annotator, new.label, new.start, new.end, dict(new.attrs),
                        text=body)
        clash = batch.clash(new.label, new.start, new.end)
        if clash is not None:
            raise overlap_error(new.label, new.start, new.end, *clash, annotator)

    def update_span(
        self,
        span_id: int,
        *,
        label: str | None = None,
        start: int | None = None,
        end: int | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> Span:
        """Change a span's label, extent or attributes (all attributes at once).

        Raises the same errors as `add_span`.
        """
        old = self.span(span_id)
        new_label = old.label if label is None else label
        new_start = old.start if start is None else start
        new_end = old.end if end is None else end
        new_attrs = old.attrs if attrs is None else dict(attrs)
        body = self.text(old.document_id)
        self.check_span(
            old.document_id, old.annotator, new_label, new_start, new_end, new_attrs,
            ignore=span_id, text=body,
        )
        if new_label != old.label:
            self._check_relations_allow(span_id, new_label)
        stamp = now()
        with self.transaction():
            self.conn.execute(
                'UPDATE spans SET label = ?, start = ?, "end" = ?, text = ?, attrs = ?, '
                "updated = ? WHERE id = ?",
                (
                    new_label, new_start, new_end, body[new_start:new_end],
                    dump_json(new_attrs), stamp, span_id,
                ),
            )
            new = self.span(span_id)
            self._touch(old.document_id, self.annotator_id(old.annotator))
            self._log(
                "update_span", "span", span_id, old.document_id, old.annotator,
                asdict(old), asdict(new),
            )
        return new

    def _check_relations_allow(self, span_id: int, new_label: str) -> None:
        for rel in self._relations_touching(span_id):
            spec = self.schema.relation(rel.label)
            if spec is None:
                continue
            allowed = spec.heads if rel.head == span_id else spec.children
            if new_label not in allowed:
                raise RelationError(
                    f"span {span_id} is an endpoint of {rel.label} relation {rel.id}, "
                    f"which does not allow {new_label}; delete the relation first"
                )

    def delete_span(self, span_id: int) -> DeletedSpan:
        """Delete a span with every relation that touches it; return them for undo."""
        span = self.span(span_id)
        relations = tuple(self._relations_touching(span_id))
        with self.transaction():
            for rel in relations:
                self._delete_relation_row(rel)
            self.conn.execute("DELETE FROM spans WHERE id = ?", (span_id,))
            self._touch(span.document_id, self.annotator_id(span.annotator))
            self._log(
                "delete_span", "span", span_id, span.document_id, span.annotator,
                asdict(span), None,
            )
        return DeletedSpan(span, relations)

    def restore_span(self, deleted: DeletedSpan) -> Span:
        """Put back a deleted span with its id, attributes and relations."""
        old = deleted.span
        with self.transaction():
            span = self.add_span(
                old.document_id, old.annotator, old.label, old.start, old.end, old.attrs,
                origin=old.origin, suggestion_id=old.suggestion_id, span_id=old.id,
            )
            for rel in deleted.relations:
                self.add_relation(rel.label, rel.head, rel.child, relation_id=rel.id)
        return span

    # --- relations -----------------------------------------------------------------

    def relation(self, relation_id: int) -> Relation:
        rows = self._select("relations", "relations.id = ?", (relation_id,), None, "relations.id")
        if not rows:
            raise NotFoundError(f"no relation {relation_id} in {self.path.name}")
        return _relation(rows[0])

    def relations(self, document_id: int, annotator: str | None = None) -> list[Relation]:
        rows = self._select("relations", "document_id = ?", (document_id,), annotator,
                            "relations.id")
        return [_relation(r) for r in rows]

    def _relations_touching(self, span_id: int) -> list[Relation]:
        rows = self._select("relations", "(head_id = ? OR child_id = ?)", (span_id, span_id),
                            None, "relations.id")
        return [_relation(r) for r in rows]

    def check_relation(self, label: str, head: Span, child: Span) -> None:
        """Raise UnknownLabelError or RelationError unless head -label-> child is allowed."""
        check_link(self.schema, label, head, child)


    def add_relation(
        self, label: str, head: int, child: int, *, relation_id: int | None = None,
        log: bool = True,
    ) -> Relation:
        """Link span `head` to span `child` with a relation label.

        Raises:
            NotFoundError: an endpoint span does not exist.
            UnknownLabelError, RelationError: the label or its endpoints'
                labels are not allowed by the schema, or the link exists.
        """
        h, c = self.span(head), self.span(child)
        self.check_relation(label, h, c)
        dup = self.conn.execute(
            "SELECT id FROM relations WHERE label = ? AND head_id = ? AND child_id = ?",
            (label, head, child),
        ).fetchone()
        if dup is not None:
            raise RelationError(f"{label} from span {head} to span {child} exists already")
        stamp = now()
        with self.transaction():
            ann = self.annotator_id(h.annotator)
            cur = self.conn.execute(
                "INSERT INTO relations (id, document_id, annotator_id, label, head_id, "
                "child_id, created) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (relation_id, h.document_id, ann, label, head, child, stamp),
            )
            rel = Relation(int(cur.lastrowid or 0), h.document_id, h.annotator, label, head,
                           child, stamp)
            self._touch(h.document_id, ann)
            if log:
                self._log(
                    "add_relation", "relation", rel.id, h.document_id, h.annotator, None,
                    asdict(rel),
                )
        return rel

    def delete_relation(self, relation_id: int) -> Relation:
        rel = self.relation(relation_id)
        with self.transaction():
            self._delete_relation_row(rel)
            self._touch(rel.document_id, self.annotator_id(rel.annotator))
        return rel

    def _delete_relation_row(self, rel: Relation) -> None:
        self.conn.execute("DELETE FROM relations WHERE id = ?", (rel.id,))
        self._log(
            "delete_relation", "relation", rel.id, rel.document_id, rel.annotator,
            asdict(rel), None,
        )

