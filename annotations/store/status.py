"""Each annotator's status, note and working time per document."""

from __future__ import annotations

from typing import Any

from annotations.errors import (
    ValidationError,
)
from annotations.model import (
    STATUSES,
    DocumentStatus,
)
from annotations.store.base import ProjectBase
from annotations.store.connection import now


class StatusMixin(ProjectBase):
    """Status, notes and time."""

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

