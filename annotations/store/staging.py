"""The import's staging file: validated rows wait in a temporary SQLite file
and go into the project set-wise in one short transaction.

An import reads and checks its input for as long as it takes without
holding the project's write lock (other programs, the window above all, go
on editing); each checked document, span, relation, status, note and date
is written to the staging file in batches. `ImportStage.commit` then copies
them all into the project with a handful of INSERT ... SELECT statements in
one transaction: all or nothing, and the lock is held for that copy only.
Ids are given at the copy (new documents and spans take the next free ids in
staging order), so relations between staged spans are rows, not Python.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotations.errors import ProjectError
from annotations.store.connection import dump_json, now
from annotations.store.migrations import OVERLAP_INSERT_TRIGGER, SPANS_CHECKS
from annotations.store.project import Project

_ALIAS = "import_stage"
_FLUSH_ROWS = 20_000
_COPY_CACHE_KIB = -65_536  # 64 MiB (negative: KiB, as SQLite's pragma takes it)

_TABLES = [
    """CREATE TABLE stage_documents (sid INTEGER PRIMARY KEY, main_id INTEGER,
        new_no INTEGER, uid TEXT, title TEXT, text TEXT, date TEXT, source TEXT, meta TEXT,
        created TEXT)""",
    # Every span is created at the import's stamp: it is not repeated per row.
    """CREATE TABLE stage_spans (sid INTEGER PRIMARY KEY, doc_sid INTEGER, annotator TEXT,
        label TEXT, start INTEGER, "end" INTEGER, text TEXT, attrs TEXT, origin TEXT)""",
    """CREATE TABLE stage_relations (doc_sid INTEGER, annotator TEXT, label TEXT,
        head_sid INTEGER, head_main INTEGER, child_sid INTEGER, child_main INTEGER,
        created TEXT)""",
    # set_status, set_note and set_date edits, in order, with the value before.
    """CREATE TABLE stage_edits (n INTEGER PRIMARY KEY, doc_sid INTEGER, annotator TEXT,
        field TEXT, value TEXT, before TEXT)""",
    "CREATE TABLE stage_annotators (name TEXT PRIMARY KEY)",
    # (document, annotator) of each staging of spans: who starts work on what.
    "CREATE TABLE stage_work (doc_sid INTEGER, annotator TEXT)",
]
# What a document holds already is looked up only for documents the project or the import
# had before (rare): these indexes are made at the first such look-up, not kept up at
# every staged row.
_LOOKUP_INDEXES = [
    "CREATE INDEX stage_spans_document ON stage_spans(doc_sid, annotator)",
    "CREATE INDEX stage_relations_document ON stage_relations(doc_sid, annotator)",
]


#: A relation as (label, (head sid, head id), (child sid, child id)): staged or stored spans.
Link = tuple[str, tuple[int | None, int | None], tuple[int | None, int | None]]


@dataclass
class StagedDocument:
    """A document of the import: its staging id, its project id when the project
    has it already, its date as the import will leave it, and whether the
    import adds it."""

    sid: int
    main_id: int | None
    date: str | None
    added: bool


@dataclass(frozen=True)
class KnownSpan:
    """A span the project or the staging file holds for a document and annotator."""

    label: str
    start: int
    end: int
    attrs: str  # as stored (sorted JSON)
    sid: int | None  # staging id, or
    main_id: int | None  # the project's id


class ImportStage:
    """A temporary staging file attached to `project`'s connection.

    Raises ProjectError when the project is inside a transaction (the staging
    file cannot be attached then) or the temporary file cannot be made.
    """

    def __init__(self, project: Project) -> None:
        if project.conn.in_transaction:
            raise ProjectError(f"{project.path}: an import cannot start inside a transaction")
        self.project = project
        handle, name = tempfile.mkstemp(prefix="dateline-import-", suffix=".db")
        os.close(handle)
        self.path = Path(name)
        self.conn = project.conn
        try:
            self.conn.execute(f"ATTACH DATABASE ? AS {_ALIAS}", (str(self.path),))
            self.conn.execute(f"PRAGMA {_ALIAS}.journal_mode = OFF")
            self.conn.execute(f"PRAGMA {_ALIAS}.synchronous = OFF")
            for statement in _TABLES:
                self.conn.execute(statement.replace("CREATE TABLE ", f"CREATE TABLE {_ALIAS}.")
                                  .replace("CREATE INDEX ", f"CREATE INDEX {_ALIAS}."))
        except sqlite3.Error as exc:
            self.close()
            raise ProjectError(f"cannot make the import's staging file {name} ({exc})") from exc
        self._uids: dict[str, StagedDocument] = {}
        self._new = 0
        #: The staging id of the last span staged (spans are numbered 1, 2, ... in order).
        self.span_sid = 0
        self._indexed = False
        self._edit_no = 0
        self._annotators: set[str] = set()
        self._rows: dict[str, list[tuple[Any, ...]]] = {
            "documents": [], "spans": [], "relations": [], "edits": [], "work": []}
        self._count = 0
        self.stamp = now()

    def close(self) -> None:
        """Detach and delete the staging file (nothing of it reaches the project)."""
        with contextlib.suppress(sqlite3.Error):
            self.conn.execute(f"DETACH DATABASE {_ALIAS}")
        self.path.unlink(missing_ok=True)

    # --- staging ------------------------------------------------------------------------

    def document(self, uid: str, text: str, title: str, date: str | None, source: str | None,
                 meta: dict[str, Any]) -> tuple[StagedDocument, bool]:
        """The staged document with this uid, staging it when new to the import, and
        whether this call added it to the project (False: the project or an earlier
        record of the import has it)."""
        known = self._uids.get(uid)
        if known is not None:
            return known, False
        found = self.conn.execute("SELECT id, date FROM main.documents WHERE uid = ?",
                                  (uid,)).fetchone()
        sid = len(self._uids) + 1
        if found is not None:
            doc = StagedDocument(sid, int(found[0]), found[1], False)
            self._add("documents", (sid, doc.main_id, None, uid, None, None, None, None, None,
                                    None))
        else:
            self._new += 1
            doc = StagedDocument(sid, None, date, True)
            self._add("documents", (sid, None, self._new, uid, title, text, date, source,
                                    dump_json(meta), self.stamp))
        self._uids[uid] = doc
        return doc, doc.added

    def set_date(self, doc: StagedDocument, date: str, annotator: str) -> None:
        """Give a dated record's date to a document that has none (logged as set_date)."""
        doc.date = date
        self.edit(doc, annotator, "date", date, None)

    def edit(self, doc: StagedDocument, annotator: str, field: str, value: str,
             before: str | None) -> None:
        """Stage a logged set_status, set_note or set_date edit."""
        self._edit_no += 1
        self._add("edits", (self._edit_no, doc.sid, annotator, field, value, before))

    def annotator(self, name: str) -> None:
        """Make `name` one of the project's annotators at the commit."""
        self._annotators.add(name)

    def spans(self, rows: list[tuple[Any, ...]]) -> None:
        """Stage one document's spans: (sid, doc sid, annotator, label, start, end, text,
        attrs, origin) rows whose sids go on from `span_sid` (1, 2, ... after it)."""
        if not rows:
            return
        if rows[0][0] != self.span_sid + 1 or rows[-1][0] != self.span_sid + len(rows):
            raise ValueError(f"staged span ids {rows[0][0]}-{rows[-1][0]} do not go on from "
                             f"{self.span_sid}")
        self.span_sid += len(rows)
        self._rows["spans"] += rows
        self._rows["work"].append((rows[0][1], rows[0][2]))
        self._count += len(rows) + 1
        if self._count >= _FLUSH_ROWS:
            self.flush()

    def relation(self, row: tuple[Any, ...]) -> None:
        """(doc sid, annotator, label, head sid, head id, child sid, child id, created)."""
        self._add("relations", row)

    def _add(self, table: str, row: tuple[Any, ...]) -> None:
        self._rows[table].append(row)
        self._count += 1
        if self._count >= _FLUSH_ROWS:
            self.flush()

    def flush(self) -> None:
        """Write the rows waiting in memory to the staging file."""
        if not self._count:
            return
        self.conn.execute("BEGIN")  # writes the staging file only: no lock on the project
        try:
            for table, rows in self._rows.items():
                if rows:
                    marks = ", ".join("?" * len(rows[0]))
                    self.conn.executemany(
                        f"INSERT INTO {_ALIAS}.stage_{table} VALUES ({marks})", rows)
                    rows.clear()
        finally:
            self.conn.execute("COMMIT")
        self._count = 0

    # --- what a document holds already ---------------------------------------------------

    def _lookup(self) -> None:
        """Flush, so that the staging file holds everything staged, and index it for
        look-ups by document and annotator."""
        self.flush()
        if not self._indexed:
            for statement in _LOOKUP_INDEXES:
                self.conn.execute(statement.replace("CREATE INDEX ", f"CREATE INDEX {_ALIAS}."))
            self._indexed = True

    def known_spans(self, doc: StagedDocument, annotator: str) -> list[KnownSpan]:
        """The spans of this document and annotator in the project and in the staging file."""
        self._lookup()
        found: list[KnownSpan] = []
        if doc.main_id is not None:
            found += [KnownSpan(r[0], r[1], r[2], r[3], None, r[4]) for r in self.conn.execute(
                'SELECT s.label, s.start, s."end", s.attrs, s.id FROM main.spans s '
                "JOIN main.annotators a ON a.id = s.annotator_id "
                "WHERE s.document_id = ? AND a.name = ?", (doc.main_id, annotator))]
        found += [KnownSpan(r[0], r[1], r[2], r[3], r[4], None) for r in self.conn.execute(
            f'SELECT label, start, "end", attrs, sid FROM {_ALIAS}.stage_spans '
            "WHERE doc_sid = ? AND annotator = ?", (doc.sid, annotator))]
        return found

    def known_links(self, doc: StagedDocument, annotator: str) -> set[Link]:
        """(label, (head sid, head id), (child sid, child id)) of the relations there."""
        self._lookup()
        links: set[Link] = set()
        if doc.main_id is not None:
            links |= {(r[0], (None, r[1]), (None, r[2])) for r in self.conn.execute(
                "SELECT r.label, r.head_id, r.child_id FROM main.relations r "
                "JOIN main.annotators a ON a.id = r.annotator_id "
                "WHERE r.document_id = ? AND a.name = ?", (doc.main_id, annotator))}
        links |= {(r[0], (r[1], r[2]), (r[3], r[4])) for r in self.conn.execute(
            f"SELECT label, head_sid, head_main, child_sid, child_main FROM {_ALIAS}."
            "stage_relations WHERE doc_sid = ? AND annotator = ?", (doc.sid, annotator))}
        return links

    def status(self, doc: StagedDocument, annotator: str) -> tuple[str, str]:
        """(status, note) the document has for `annotator` as the import leaves it so far."""
        self._lookup()
        status, note = "new", ""
        if doc.main_id is not None:
            row = self.conn.execute(
                "SELECT st.status, st.note FROM main.document_status st JOIN main.annotators a "
                "ON a.id = st.annotator_id WHERE st.document_id = ? AND a.name = ?",
                (doc.main_id, annotator)).fetchone()
            if row is not None:
                status, note = row
        for field, value in self.conn.execute(
                f"SELECT field, value FROM {_ALIAS}.stage_edits WHERE doc_sid = ? "
                "AND annotator = ? ORDER BY n", (doc.sid, annotator)):
            if field == "status":
                status = value
            elif field == "note":
                note = value
        if status == "new" and self._has_work(doc, annotator):
            status = "in_progress"
        return status, note

    def _has_work(self, doc: StagedDocument, annotator: str) -> bool:
        return any(self.conn.execute(
            f"SELECT 1 FROM {_ALIAS}.stage_{table} WHERE doc_sid = ? AND annotator = ? LIMIT 1",
            (doc.sid, annotator)).fetchone() for table in ("spans", "relations"))

    # --- the commit --------------------------------------------------------------------------

    def commit(self, log: Sequence[tuple[str, dict[str, Any]]] = ()) -> None:
        """Copy everything staged into the project in one transaction, then append
        the `log` rows ((annotator, after) of an `import` edit).

        Raises ProjectError when the project is locked, the disk is full, or
        another program added one of the new documents (or a span that clashes
        with a staged one) since the import read the project; the project is
        then left exactly as it was.
        """
        self.flush()
        project = self.project
        # A larger page cache while the lock is held: the copy's index pages stay in memory.
        cache = self.conn.execute("PRAGMA main.cache_size").fetchone()[0]
        self.conn.execute(f"PRAGMA main.cache_size = {_COPY_CACHE_KIB}")
        # Every reference the copy writes is made by its joins, or checked set-wise
        # (_copy): foreign keys are not looked up again per row (a tenth of the copy).
        # The pragma holds for this connection outside a transaction only.
        keys = self.conn.execute("PRAGMA foreign_keys").fetchone()[0]
        self.conn.execute("PRAGMA foreign_keys = OFF")
        try:
            with project.transaction():
                self._copy()
                for annotator, after in log:
                    project.log("import", annotator=annotator, entity="import", after=after)
        except sqlite3.IntegrityError as exc:
            raise ProjectError(
                f"{project.path}: another program changed the project during the import "
                f"({exc}); nothing was imported: run the import again") from exc
        finally:
            self.conn.execute(f"PRAGMA main.cache_size = {int(cache)}")
            self.conn.execute(f"PRAGMA foreign_keys = {int(keys)}")

    def _copy(self) -> None:
        one = self.conn.execute
        clash = one(f"SELECT d.uid FROM {_ALIAS}.stage_documents d JOIN main.documents m "
                    "ON m.uid = d.uid WHERE d.main_id IS NULL LIMIT 1").fetchone()
        if clash is not None:
            raise sqlite3.IntegrityError("a document it adds was added meanwhile")
        gone = one(f"SELECT main_id FROM {_ALIAS}.stage_documents WHERE main_id IS NOT NULL "
                   "AND main_id NOT IN (SELECT id FROM main.documents) LIMIT 1").fetchone()
        if gone is not None:
            raise sqlite3.IntegrityError(f"document {gone[0]} it adds to was deleted meanwhile")
        self.conn.executemany("INSERT OR IGNORE INTO main.annotators (name) VALUES (?)",
                              [(name,) for name in sorted(self._annotators)])
        doc_base = _next_id(self.conn, "documents") - 1
        span_base = _next_id(self.conn, "spans") - 1
        doc_id = f"coalesce(d.main_id, d.new_no + {doc_base})"
        one("INSERT INTO main.documents (id, uid, title, text, date, source, meta, created) "
            f"SELECT new_no + {doc_base}, uid, title, text, date, source, meta, created "
            f"FROM {_ALIAS}.stage_documents WHERE main_id IS NULL ORDER BY new_no")
        # Spans go in without the per-row overlap trigger (a third of the copy's time), the
        # documents another program could have changed are checked in one set-wise query,
        # and the trigger is made again, all in this transaction (SQLite's DDL is
        # transactional: a failure leaves the trigger as it was).
        one("DROP TRIGGER main.spans_no_overlap_insert")
        # The table's CHECK constraints too are checked set-wise (_check_rules) rather
        # than row by row: 0.14 s instead of 0.39 s for 500,000 spans.
        one("PRAGMA ignore_check_constraints = ON")
        try:
            self._copy_spans(span_base, doc_id)
        finally:
            one("PRAGMA ignore_check_constraints = OFF")
        self._check_rules(span_base)
        self._check_overlaps(doc_id)
        one(OVERLAP_INSERT_TRIGGER)
        self._copy_rest(span_base, doc_id)

    def _copy_spans(self, span_base: int, doc_id: str) -> None:
        """Copy the staged spans, ids going on from `span_base`, in staging order."""
        self.conn.execute(
            'INSERT INTO main.spans (id, document_id, annotator_id, label, start, "end", text, '
            "attrs, origin, suggestion_id, created, updated) "
            f'SELECT s.sid + {span_base}, {doc_id}, a.id, s.label, s.start, s."end", s.text, '
            "s.attrs, s.origin, NULL, :stamp, :stamp "
            f"FROM {_ALIAS}.stage_spans s JOIN {_ALIAS}.stage_documents d ON d.sid = s.doc_sid "
            "JOIN main.annotators a ON a.name = s.annotator ORDER BY s.sid",
            {"stamp": self.stamp})

    def _copy_rest(self, span_base: int, doc_id: str) -> None:
        """Copy the relations, the statuses the work implies, and the staged edits."""
        one = self.conn.execute
        one("INSERT INTO main.relations (document_id, annotator_id, label, head_id, child_id, "
            f"created) SELECT {doc_id}, a.id, r.label, "
            f"coalesce(r.head_main, r.head_sid + {span_base}), "
            f"coalesce(r.child_main, r.child_sid + {span_base}), r.created "
            f"FROM {_ALIAS}.stage_relations r JOIN {_ALIAS}.stage_documents d "
            "ON d.sid = r.doc_sid JOIN main.annotators a ON a.name = r.annotator ORDER BY r.rowid")
        # A document becomes in progress at its annotator's first span or relation.
        one("INSERT INTO main.document_status (document_id, annotator_id, status, updated) "
            f"SELECT DISTINCT {doc_id}, a.id, 'in_progress', ? FROM ("
            f"SELECT doc_sid, annotator FROM {_ALIAS}.stage_work UNION "
            f"SELECT doc_sid, annotator FROM {_ALIAS}.stage_relations) w "
            f"JOIN {_ALIAS}.stage_documents d ON d.sid = w.doc_sid "
            "JOIN main.annotators a ON a.name = w.annotator WHERE true "
            "ON CONFLICT (document_id, annotator_id) "
            "DO UPDATE SET status = 'in_progress' WHERE status = 'new'", (self.stamp,))
        self._copy_edits(doc_id)

    def _check_rules(self, span_base: int) -> None:
        """Raise ProjectError naming the first copied span (id above `span_base`) that
        breaks a CHECK constraint of the spans table, and the rule. The import's own
        checks never stage one: this is the database's guard against a fault in them."""
        rules = " AND ".join(f"({rule})" for rule in SPANS_CHECKS)
        row = self.conn.execute(
            f'SELECT id, document_id, label, start, "end" FROM main.spans WHERE id > ? '
            f"AND NOT ({rules}) LIMIT 1", (span_base,)).fetchone()
        if row is None:
            return
        broken = [rule for rule in SPANS_CHECKS if self.conn.execute(
            f"SELECT ({rule}) FROM main.spans WHERE id = ?", (row[0],)).fetchone()[0] == 0]
        raise ProjectError(
            f"{self.project.path}: the import would store span {row[0]} ({row[2]} "
            f"{row[3]}-{row[4]}) of document {row[1]}, which breaks the spans table's rule "
            f"CHECK ({', '.join(broken)}); nothing was imported (a fault in Dateline's "
            "import checks: please report it)")

    def _check_overlaps(self, doc_id: str) -> None:
        """Raise sqlite3.IntegrityError naming the first two spans of one label that
        overlap in a document the project had and the copy gave spans to: what the
        insert trigger would have refused, and what the import's own checks cannot see
        (another program's spans added since the import read the project).

        New documents are not scanned again: no other program can write to them (their
        ids are given inside this transaction), and their spans were checked, each bad
        one named with its file and line, against every other span the import staged
        for them. Scanning them here would cost half what the per-row trigger did.
        Sorted by start, spans of one label do not overlap when none ends after the
        next one starts: one window query finds the first that does."""
        row = self.conn.execute(
            "SELECT id FROM (SELECT s.id, s.start, lag(s.\"end\") OVER w AS before_end "
            f"FROM main.spans s WHERE s.document_id IN (SELECT {doc_id} "
            f"FROM {_ALIAS}.stage_work w JOIN {_ALIAS}.stage_documents d ON d.sid = w.doc_sid "
            "WHERE d.main_id IS NOT NULL) WINDOW w AS (PARTITION BY s.document_id, "
            "s.annotator_id, s.label ORDER BY s.start)) WHERE before_end > start LIMIT 1"
            ).fetchone()
        if row is not None:
            doc, label, start, end, other, other_start, other_end = self.conn.execute(
                'SELECT s.document_id, s.label, s.start, s."end", b.id, b.start, b."end" '
                "FROM main.spans s JOIN main.spans b ON b.document_id = s.document_id "
                "AND b.annotator_id = s.annotator_id AND b.label = s.label "
                'AND b.id != s.id AND b.start <= s.start AND b."end" > s.start '
                "WHERE s.id = ? LIMIT 1", row).fetchone()
            raise sqlite3.IntegrityError(
                f"document {doc}: {label} span {row[0]} at {start}-{end} overlaps {label} "
                f"span {other} at {other_start}-{other_end}")

    def _copy_edits(self, doc_id: str) -> None:
        """Apply the staged status, note and date edits in order, each with its log row."""
        one = self.conn.execute
        for field in ("status", "note"):
            one(f"INSERT INTO main.document_status (document_id, annotator_id, {field}, updated) "
                f"SELECT {doc_id}, a.id, e.value, ? FROM {_ALIAS}.stage_edits e "
                f"JOIN {_ALIAS}.stage_documents d ON d.sid = e.doc_sid "
                "JOIN main.annotators a ON a.name = e.annotator WHERE e.field = ? ORDER BY e.n "
                "ON CONFLICT (document_id, annotator_id) "
                f"DO UPDATE SET {field} = excluded.{field}, updated = excluded.updated",
                (self.stamp, field))
        one(f"UPDATE main.documents SET date = (SELECT e.value FROM {_ALIAS}.stage_edits e "
            f"JOIN {_ALIAS}.stage_documents d ON d.sid = e.doc_sid WHERE e.field = 'date' "
            f"AND {doc_id} = main.documents.id ORDER BY e.n DESC LIMIT 1) "
            f"WHERE id IN (SELECT {doc_id} FROM {_ALIAS}.stage_edits e "
            f"JOIN {_ALIAS}.stage_documents d ON d.sid = e.doc_sid WHERE e.field = 'date')")
        actor = self.project.actor
        one("INSERT INTO main.edits (time, actor, annotator, document_id, action, entity, "
            "entity_id, before, after) "
            f"SELECT ?, coalesce(?, e.annotator), e.annotator, {doc_id}, 'set_' || e.field, "
            f"CASE e.field WHEN 'date' THEN 'document' ELSE 'status' END, {doc_id}, "
            "json_object(e.field, e.before), json_object(e.field, e.value) "
            f"FROM {_ALIAS}.stage_edits e JOIN {_ALIAS}.stage_documents d ON d.sid = e.doc_sid "
            "ORDER BY e.n", (self.stamp, actor))


def _next_id(conn: sqlite3.Connection, table: str) -> int:
    """The id AUTOINCREMENT would give the next row of `table` (ids are never reused)."""
    row = conn.execute(
        "SELECT max(coalesce((SELECT seq FROM main.sqlite_sequence WHERE name = ?), 0), "
        f"coalesce((SELECT max(id) FROM main.{table}), 0)) + 1", (table,)).fetchone()
    return int(row[0])


@contextlib.contextmanager
def staged(project: Project) -> Iterator[ImportStage]:
    """An ImportStage for the block, deleted after it (committed or not)."""
    stage = ImportStage(project)
    try:
        yield stage
    finally:
        stage.close()
