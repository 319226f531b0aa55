"""Reading the edit log, appending to it, and reverting a logged edit."""

from __future__ import annotations

import json
from typing import Any

from annotations.errors import (
    ValidationError,
)
from annotations.model import (
    DeletedSpan,
    Edit,
    Span,
)
from annotations.store.documents import DocumentsMixin
from annotations.store.spans import SpansMixin
from annotations.store.status import StatusMixin


class EditLogMixin(DocumentsMixin, SpansMixin, StatusMixin):
    """The edit log: every other part writes to it; revert calls them back."""

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

