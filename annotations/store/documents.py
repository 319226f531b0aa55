"""Documents: adding, reading and listing them, their creation date, and
the project's counts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from annotations import text as textutil
from annotations.errors import (
    NotFoundError,
    ValidationError,
)
from annotations.model import (
    STATUSES,
    Document,
)
from annotations.store.base import ProjectBase
from annotations.store.connection import dump_json, now


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



def check_document(text: str, date: str | None) -> None:
    """Raise ValidationError for an empty text, one holding NUL, or a date that is
    not YYYY-MM-DD."""
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


class DocumentsMixin(ProjectBase):
    """Documents of a project."""

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
        check_document(text, date)
        key = textutil.uid(text)
        found = self.conn.execute("SELECT id FROM documents WHERE uid = ?", (key,)).fetchone()
        if found is not None:
            return self.document(found[0]), False
        chosen_title = title or textutil.first_sentence(text)
        with self.transaction():
            cur = self.conn.execute(
                "INSERT INTO documents (uid, title, text, date, source, meta, created) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (key, chosen_title, text, date, source, dump_json(meta or {}), now()),
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

    def documents_annotated_by(self, annotator: str) -> list[int]:
        """The ids of the documents where `annotator` has at least one span, in order."""
        rows = self.conn.execute(
            "SELECT DISTINCT s.document_id FROM spans s JOIN annotators a "
            "ON a.id = s.annotator_id WHERE a.name = ? ORDER BY s.document_id",
            (annotator,),
        )
        return [int(r[0]) for r in rows]

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


