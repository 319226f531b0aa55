"""The project file: one SQLite database holding the corpus, its label schema
and the work of every annotator.

Every public edit method commits its own transaction (or joins the one that
`transaction()` opened) and writes a row to the append-only edit log before
it returns, so an edit survives the process being killed right after.
One `Project` belongs to one thread; a worker opens its own.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from annotations import text as textutil
from annotations.errors import (
    NotAProjectError,
    NotFoundError,
    OffsetError,
    OverlapError,
    ProjectError,
    ProjectExistsError,
    ProjectNotFoundError,
    ProjectVersionError,
    RelationError,
    UnknownLabelError,
    ValidationError,
)
from annotations.model import (
    ORIGINS,
    STATUSES,
    DeletedSpan,
    Document,
    DocumentStatus,
    Edit,
    Relation,
    Span,
)
from annotations.schema import LabelSchema, default_schema
from annotations.store.migrations import APPLICATION_ID, LATEST, MIGRATIONS

_SPAN_COLUMNS = (
    'spans.id, document_id, annotators.name, label, start, "end", text, attrs, origin, '
    "suggestion_id, created, updated"
)
_RELATION_COLUMNS = (
    "relations.id, document_id, annotators.name, label, head_id, child_id, created"
)


def now() -> str:
    """The current UTC time, ISO 8601 with milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class DocumentRow:
    """What the document list shows: no text, one row per document."""

    id: int
    title: str
    date: str | None
    length: int
    status: str
    spans: int
    seconds: float


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


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


class Project:
    """An open project file.

    Raises (on open):
        ProjectNotFoundError: no file at `path`.
        NotAProjectError: the file is not SQLite, is corrupt, or is another
            program's database.
        ProjectVersionError: the file was written by a newer Dateline.
    """

    def __init__(self, path: str | Path, *, actor: str | None = None) -> None:
        self.path = Path(path)
        self.actor = actor
        if not self.path.exists():
            raise ProjectNotFoundError(f"{self.path}: no such project file")
        check_header(self.path)
        self.conn = _connect(self.path)
        self._depth = 0
        self._annotator_ids: dict[str, int] = {}
        self._texts: dict[int, str] = {}  # a document's text never changes (its uid is its hash)
        try:
            self._check_and_migrate()
            self.schema = self._load_schema()
        except BaseException:
            self.conn.close()
            raise

    @cached_property
    def db(self) -> Any:
        """The connection as a `sqlite_utils.Database`, for table-level work.

        Imported on first use: sqlite-utils loads pandas and numpy when they
        are installed, which the window's start-up does not need.
        """
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    # --- opening and closing -------------------------------------------------

    @classmethod
    def create(
        cls, path: str | Path, schema: LabelSchema | None = None, *, actor: str | None = None
    ) -> Project:
        """Create a new project file with the given schema (default: news-events).

        Raises ProjectExistsError when a file is already at `path`.
        """
        p = Path(path)
        if p.exists() and p.stat().st_size > 0:
            raise ProjectExistsError(f"{p}: a file is already there; choose another name")
        if not p.parent.exists():
            raise ProjectError(f"{p}: the folder {p.parent} does not exist")
        conn = _connect(p)
        try:
            _migrate(conn, 0)
            chosen = schema or default_schema()
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(
                "INSERT INTO label_schema (id, name, version, json) VALUES (1, ?, ?, ?)",
                (chosen.name, chosen.version, chosen.to_json()),
            )
            conn.execute("COMMIT")
        finally:
            conn.close()
        return cls(p, actor=actor)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_and_migrate(self) -> None:
        try:
            app_id = self.conn.execute("PRAGMA application_id").fetchone()[0]
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise NotAProjectError(f"{self.path}: not a Dateline project ({exc})") from exc
        if app_id != APPLICATION_ID:
            raise NotAProjectError(
                f"{self.path}: an SQLite database, but not a Dateline project "
                "(another program's file?)"
            )
        if version > LATEST:
            raise ProjectVersionError(
                f"{self.path}: written by a newer Dateline (project format {version}; "
                f"this version reads up to {LATEST}). Upgrade Dateline to open it."
            )
        if version < LATEST:
            try:
                _migrate(self.conn, version)
            except sqlite3.Error as exc:
                raise ProjectError(
                    f"{self.path}: could not be upgraded from project format {version} to "
                    f"{LATEST} ({exc}); the file is unchanged"
                ) from exc

    def _load_schema(self) -> LabelSchema:
        row = self.conn.execute("SELECT json FROM label_schema WHERE id = 1").fetchone()
        if row is None:
            raise NotAProjectError(f"{self.path}: the project has no label schema")
        return LabelSchema.from_dict(json.loads(row[0]), f"{self.path} (stored schema)")

    def set_schema(self, schema: LabelSchema) -> None:
        """Replace the project's label schema (existing spans are kept as they are)."""
        before = self.schema.raw
        with self.transaction():
            self.conn.execute(
                "UPDATE label_schema SET name = ?, version = ?, json = ? WHERE id = 1",
                (schema.name, schema.version, schema.to_json()),
            )
            self._log("set_schema", "schema", None, None, "", before, schema.raw)
        self.schema = schema

    # --- transactions ----------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction around the block; nested blocks become savepoints.

        Raises ProjectError when the database is locked by another program or
        the disk is full; the block's changes are rolled back.
        """
        depth = self._depth
        try:
            self.conn.execute("BEGIN IMMEDIATE" if depth == 0 else f"SAVEPOINT sp{depth}")
        except sqlite3.OperationalError as exc:
            raise _project_error(self.path, exc) from exc
        self._depth += 1
        try:
            yield
        except BaseException as exc:
            self._depth -= 1
            self._roll_back(depth)
            if depth == 0 and isinstance(exc, sqlite3.OperationalError):
                # A statement of the block failed (disk full, read-only file, locked).
                raise _project_error(self.path, exc) from exc
            raise
        self._depth -= 1
        try:
            self.conn.execute("COMMIT" if depth == 0 else f"RELEASE sp{depth}")
        except sqlite3.OperationalError as exc:
            if depth == 0 and self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
                self._forget_cached_rows()
            raise _project_error(self.path, exc) from exc

    def _roll_back(self, depth: int) -> None:
        """Undo the block at `depth`, unless SQLite already rolled the transaction back
        (it does on some errors, such as a full disk)."""
        if self.conn.in_transaction:
            if depth == 0:
                self.conn.execute("ROLLBACK")
            else:
                self.conn.execute(f"ROLLBACK TO sp{depth}")
                self.conn.execute(f"RELEASE sp{depth}")
        self._forget_cached_rows()

    def _forget_cached_rows(self) -> None:
        """Drop cached ids and texts: a rollback may have undone the rows they came from."""
        self._annotator_ids.clear()
        self._texts.clear()

    # --- settings ----------------------------------------------------------------

    def setting(self, key: str, default: Any = None) -> Any:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return default if row is None else json.loads(row[0])

    def set_setting(self, key: str, value: Any) -> None:
        with self.transaction():
            before = self.setting(key)
            self.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, _dump(value)),
            )
            self._log("set_setting", "setting", None, None, "", {key: before}, {key: value})

    # --- annotators ---------------------------------------------------------------

    def annotator_id(self, name: str, *, create: bool = True) -> int:
        """The id of annotator `name`, added when new (unless create is False)."""
        cached = self._annotator_ids.get(name)
        if cached is not None:
            return cached
        row = self.conn.execute("SELECT id FROM annotators WHERE name = ?", (name,)).fetchone()
        if row is None:
            if not create:
                raise NotFoundError(f"no annotator {name!r} in {self.path.name}")
            if not name or name != name.strip():
                raise ValidationError(f"{name!r} is not a valid annotator name")
            with self.transaction():
                cur = self.conn.execute("INSERT INTO annotators (name) VALUES (?)", (name,))
            ident = int(cur.lastrowid or 0)
        else:
            ident = int(row[0])
        self._annotator_ids[name] = ident
        return ident

    def annotators(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT name FROM annotators ORDER BY name")]

    # --- documents ---------------------------------------------------------------

    def add_document(
        self,
        text: str,
        *,
        title: str | None = None,
        date: str | None = None,
        source: str | None = None,
        meta: dict[str, Any] | None = None,
    ) -> tuple[Document, bool]:
        """Add a document unless one with the same text is there.

        Returns the document and whether it was added. Raises ValidationError
        for an empty text or a date that is not YYYY-MM-DD.
        """
        if not text.strip():
            raise ValidationError("the document text is empty")
        if "\x00" in text:
            raise ValidationError(
                f"the document text holds a NUL character at offset {text.index(chr(0))}; "
                "it is binary data, not an article"
            )
        if date is not None:
            try:
                textutil.check_date(date)
            except ValueError as exc:
                raise ValidationError(f"document date: {exc}") from exc
        key = textutil.uid(text)
        found = self.conn.execute("SELECT id FROM documents WHERE uid = ?", (key,)).fetchone()
        if found is not None:
            return self.document(found[0]), False
        chosen_title = title or textutil.first_sentence(text)
        with self.transaction():
            cur = self.conn.execute(
                "INSERT INTO documents (uid, title, text, date, source, meta, created) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (key, chosen_title, text, date, source, _dump(meta or {}), now()),
            )
        ident = int(cur.lastrowid or 0)
        self._texts[ident] = text
        return Document(ident, key, chosen_title, text, date, source, dict(meta or {})), True

    def document(self, document_id: int) -> Document:
        row = self.conn.execute(
            "SELECT id, uid, title, text, date, source, meta FROM documents WHERE id = ?",
            (document_id,),
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no document {document_id} in {self.path.name}")
        return Document(row[0], row[1], row[2], row[3], row[4], row[5], json.loads(row[6]))

    def text(self, document_id: int) -> str:
        """A document's text (cached: texts never change). Raises NotFoundError."""
        cached = self._texts.get(document_id)
        if cached is None:
            row = self.conn.execute(
                "SELECT text FROM documents WHERE id = ?", (document_id,)
            ).fetchone()
            if row is None:
                raise NotFoundError(f"no document {document_id} in {self.path.name}")
            cached = self._texts[document_id] = row[0]
        return cached

    def document_by_uid(self, uid: str) -> Document | None:
        row = self.conn.execute("SELECT id FROM documents WHERE uid = ?", (uid,)).fetchone()
        return None if row is None else self.document(row[0])

    def document_ids(self) -> list[int]:
        return [r[0] for r in self.conn.execute("SELECT id FROM documents ORDER BY id")]

    def documents(self) -> Iterator[Document]:
        """Every document, in the order they were added."""
        for ident in self.document_ids():
            yield self.document(ident)

    def document_count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM documents").fetchone()[0])

    def document_rows(self, annotator: str) -> list[DocumentRow]:
        """One row per document with this annotator's status and span count."""
        ident = self._existing_annotator(annotator)
        rows = self.conn.execute(
            """SELECT d.id, d.title, d.date, length(d.text),
                      coalesce(st.status, 'new'),
                      (SELECT count(*) FROM spans s
                        WHERE s.document_id = d.id AND s.annotator_id = ?),
                      coalesce(st.seconds, 0)
               FROM documents d
               LEFT JOIN document_status st
                 ON st.document_id = d.id AND st.annotator_id = ?
               ORDER BY d.id""",
            (ident, ident),
        )
        return [DocumentRow(*r) for r in rows]

    def set_document_date(self, document_id: int, date: str | None, *, annotator: str) -> None:
        """Set or clear the document creation time; logged as `annotator`'s edit."""
        if date is not None:
            try:
                textutil.check_date(date)
            except ValueError as exc:
                raise ValidationError(f"document date: {exc}") from exc
        doc = self.document(document_id)
        with self.transaction():
            self.conn.execute("UPDATE documents SET date = ? WHERE id = ?", (date, document_id))
            self._log(
                "set_date", "document", document_id, document_id, annotator,
                {"date": doc.date}, {"date": date},
            )

    # --- spans -------------------------------------------------------------------

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

    def _existing_annotator(self, name: str) -> int:
        try:
            return self.annotator_id(name, create=False)
        except NotFoundError:
            return -1

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
        if self.schema.label(label) is None:
            known = ", ".join(self.schema.label_names)
            raise UnknownLabelError(f"unknown label {label!r} (this project's labels: {known})")
        body = self.text(document_id) if text is None else text
        if not all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end)):
            raise OffsetError(f"offsets must be whole numbers, not {start!r} and {end!r}")
        if not 0 <= start < end <= len(body):
            raise OffsetError(
                f"span {start}-{end} is outside the text (0-{len(body)}) or not start < end"
            )
        self.schema.check_attrs(label, attrs)
        clash = self.conn.execute(
            'SELECT id, start, "end" FROM spans WHERE document_id = ? AND annotator_id = ? '
            'AND label = ? AND start < ? AND ? < "end" AND id != ? LIMIT 1',
            (document_id, self._existing_annotator(annotator), label, end, start, ignore or -1),
        ).fetchone()
        if clash is not None:
            raise OverlapError(
                f"{label} {start}-{end} overlaps {label} span {clash[0]} at "
                f"{clash[1]}-{clash[2]} ({annotator}); spans of one label do not overlap"
            )

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
        if origin not in ORIGINS:
            raise ValidationError(f"origin {origin!r} is not one of {', '.join(ORIGINS)}")
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
                    _dump(attrs), origin, suggestion_id, stamp, stamp,
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
                    _dump(new_attrs), stamp, span_id,
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
        spec = self.schema.relation(label)
        if spec is None:
            known = ", ".join(self.schema.relation_names) or "none"
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

    # --- status, time, notes --------------------------------------------------------

    def status(self, document_id: int, annotator: str) -> DocumentStatus:
        row = self.conn.execute(
            "SELECT status, seconds, note FROM document_status "
            "WHERE document_id = ? AND annotator_id = ?",
            (document_id, self._existing_annotator(annotator)),
        ).fetchone()
        if row is None:
            return DocumentStatus(document_id, annotator)
        return DocumentStatus(document_id, annotator, row[0], row[1], row[2])

    def _upsert_status(self, document_id: int, annotator: str, column: str, value: Any) -> None:
        self.text(document_id)
        ann = self.annotator_id(annotator)
        self.conn.execute(
            f"INSERT INTO document_status (document_id, annotator_id, {column}, updated) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (document_id, annotator_id) "
            f"DO UPDATE SET {column} = excluded.{column}, updated = excluded.updated",
            (document_id, ann, value, now()),
        )

    def set_status(self, document_id: int, annotator: str, status: str) -> None:
        """Set new / in_progress / done for this document and annotator; logged."""
        if status not in STATUSES:
            raise ValidationError(f"status {status!r} is not one of {', '.join(STATUSES)}")
        self._set_status_field(document_id, annotator, "status", status)

    def set_note(self, document_id: int, annotator: str, note: str) -> None:
        """Set this annotator's note on the document; logged."""
        self._set_status_field(document_id, annotator, "note", note)

    def _set_status_field(self, document_id: int, annotator: str, column: str, value: str) -> None:
        before = getattr(self.status(document_id, annotator), column)
        with self.transaction():
            self._upsert_status(document_id, annotator, column, value)
            self._log(
                f"set_{column}", "status", document_id, document_id, annotator,
                {column: before}, {column: value},
            )

    def add_time(self, document_id: int, annotator: str, seconds: float) -> None:
        """Add active working time to this document and annotator (not logged)."""
        if seconds < 0:
            raise ValidationError(f"time spent cannot be negative ({seconds})")
        ann = self.annotator_id(annotator)
        with self.transaction():
            self.conn.execute(
                "INSERT INTO document_status (document_id, annotator_id, seconds, updated) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (document_id, annotator_id) "
                "DO UPDATE SET seconds = seconds + excluded.seconds, updated = excluded.updated",
                (document_id, ann, seconds, now()),
            )

    def _touch(self, document_id: int, annotator_id: int) -> None:
        """A new document becomes in progress at its annotator's first edit."""
        self.conn.execute(
            "INSERT INTO document_status (document_id, annotator_id, status, updated) "
            "VALUES (?, ?, 'in_progress', ?) ON CONFLICT (document_id, annotator_id) "
            "DO UPDATE SET status = 'in_progress' WHERE status = 'new'",
            (document_id, annotator_id, now()),
        )

    # --- the edit log --------------------------------------------------------------

    def _log(
        self,
        action: str,
        entity: str,
        entity_id: int | None,
        document_id: int | None,
        annotator: str,
        before: Any,
        after: Any,
    ) -> int:
        cur = self.conn.execute(
            "INSERT INTO edits (time, actor, annotator, document_id, action, entity, "
            "entity_id, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                now(), self.actor or annotator, annotator, document_id, action, entity,
                entity_id, None if before is None else _dump(before),
                None if after is None else _dump(after),
            ),
        )
        return int(cur.lastrowid or 0)

    def log(
        self, action: str, *, annotator: str, document_id: int | None = None,
        entity: str = "", entity_id: int | None = None, before: Any = None, after: Any = None,
    ) -> int:
        """Append an edit-log row for work done outside the edit methods (imports, merges)."""
        with self.transaction():
            return self._log(action, entity, entity_id, document_id, annotator, before, after)

    def edits(
        self, annotator: str | None = None, document_id: int | None = None,
        since: int = 0,
    ) -> list[Edit]:
        """The edit log, oldest first, filtered by annotator and document."""
        sql = (
            "SELECT id, time, actor, annotator, document_id, action, entity, entity_id, "
            "before, after FROM edits WHERE id > ?"
        )
        args: list[Any] = [since]
        if annotator is not None:
            sql += " AND annotator = ?"
            args.append(annotator)
        if document_id is not None:
            sql += " AND document_id = ?"
            args.append(document_id)
        return [
            Edit(
                r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7],
                json.loads(r[8]) if r[8] else None, json.loads(r[9]) if r[9] else None,
            )
            for r in self.conn.execute(sql + " ORDER BY id", args)
        ]

    def revert(self, edit: Edit) -> None:
        """Apply the inverse of a logged edit (undo that survives a restart).

        Raises ValidationError when later edits make the inverse impossible
        (the span it would restore now overlaps another, say).
        """
        before, after = edit.before or {}, edit.after or {}
        doc, who = edit.document_id, edit.annotator
        if edit.action == "add_span":
            self.delete_span(int(after["id"]))
        elif edit.action == "delete_span":
            self.restore_span(DeletedSpan(Span(**before)))
        elif edit.action == "update_span":
            self.update_span(
                int(before["id"]), label=before["label"], start=before["start"],
                end=before["end"], attrs=before["attrs"],
            )
        elif edit.action == "add_relation":
            self.delete_relation(int(after["id"]))
        elif edit.action == "delete_relation":
            self.add_relation(before["label"], before["head"], before["child"],
                              relation_id=before["id"])
        elif edit.action == "set_status" and doc is not None:
            self.set_status(doc, who, before["status"])
        elif edit.action == "set_note" and doc is not None:
            self.set_note(doc, who, before["note"])
        elif edit.action == "set_date" and doc is not None:
            self.set_document_date(doc, before["date"], annotator=who)
        else:
            raise ValidationError(f"edit {edit.id} ({edit.action}) cannot be reverted")

    # --- summaries -----------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        """Counts for `dateline stats`: documents, dated documents, annotators,
        spans per label per annotator, relations per label per annotator,
        document statuses per annotator."""
        one = self.conn.execute
        spans: dict[str, dict[str, int]] = {}
        for name, label, count in one(
            "SELECT a.name, s.label, count(*) FROM spans s JOIN annotators a "
            "ON a.id = s.annotator_id GROUP BY a.name, s.label ORDER BY a.name, s.label"
        ):
            spans.setdefault(name, {})[label] = count
        relations: dict[str, dict[str, int]] = {}
        for name, label, count in one(
            "SELECT a.name, r.label, count(*) FROM relations r JOIN annotators a "
            "ON a.id = r.annotator_id GROUP BY a.name, r.label ORDER BY a.name, r.label"
        ):
            relations.setdefault(name, {})[label] = count
        total = self.document_count()
        statuses: dict[str, dict[str, int]] = {}
        for name in self.annotators():
            counts = dict.fromkeys(STATUSES, 0)
            for status, count in one(
                "SELECT st.status, count(*) FROM document_status st JOIN annotators a "
                "ON a.id = st.annotator_id WHERE a.name = ? GROUP BY st.status",
                (name,),
            ):
                counts[status] = count
            counts["new"] = total - counts["in_progress"] - counts["done"]
            statuses[name] = counts
        return {
            "documents": total,
            "dated_documents": one("SELECT count(*) FROM documents WHERE date IS NOT NULL")
            .fetchone()[0],
            "annotators": self.annotators(),
            "spans": spans,
            "relations": relations,
            "status": statuses,
        }


def check_header(path: Path) -> None:
    """Raise ProjectError when `path` cannot be read, NotAProjectError when it is
    empty or not SQLite.

    The file is only ever opened through SQLite: on POSIX systems, closing any
    descriptor of a file drops every lock this process holds on it, SQLite's
    included, and another program could then checkpoint and delete the WAL
    under an open project. SQLite shares one descriptor per file among its
    connections and so keeps the locks.
    """
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ProjectError(f"{path}: cannot be read ({exc.strerror})") from exc
    if size == 0:
        raise NotAProjectError(f"{path}: not a Dateline project (the file is empty)")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            conn.execute("PRAGMA schema_version").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        if getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_NOTADB:
            raise NotAProjectError(
                f"{path}: not a Dateline project (not an SQLite file, or a damaged one)"
            ) from exc
        # Anything else (a WAL it cannot open, say) is reported by the real open.


def _connect(path: Path) -> sqlite3.Connection:
    """Open `path` for writing in WAL mode.

    Raises ProjectError when the file (or its -wal beside it) cannot be opened
    or written, or is locked; NotAProjectError when it is not a database.
    """
    try:
        conn = sqlite3.connect(path, isolation_level=None)
    except sqlite3.Error as exc:
        raise ProjectError(f"{path}: cannot be opened ({exc})") from exc
    try:
        conn.execute("PRAGMA busy_timeout = 3000")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.OperationalError as exc:
        conn.close()
        raise _project_error(path, exc) from exc
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise NotAProjectError(f"{path}: not a Dateline project ({exc})") from exc
    return conn


def _migrate(conn: sqlite3.Connection, current: int) -> None:
    """Apply every migration after `current`, each with its record in one transaction."""
    for version, name, statements in MIGRATIONS:
        if version <= current:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in statements:
                conn.execute(statement)
            conn.execute(
                "INSERT INTO migrations (version, name, applied) VALUES (?, ?, ?)",
                (version, name, now()),
            )
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {version}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def _project_error(path: Path, exc: sqlite3.OperationalError) -> ProjectError:
    message = str(exc)
    if "locked" in message or "busy" in message:
        return ProjectError(f"{path}: the project is locked by another program; try again")
    if "full" in message:
        return ProjectError(f"{path}: the disk is full; the last edit was not saved")
    if "readonly" in message:
        return ProjectError(f"{path}: the project file is read-only")
    if "unable to open" in message:
        return ProjectError(
            f"{path}: cannot be opened for writing; check the permissions of the file, its "
            "folder and its -wal and -shm files"
        )
    return ProjectError(f"{path}: {message}")
