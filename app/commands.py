"""Every user edit as an undoable command.

A command holds ids and before/after values, never widgets; its redo and
undo each call one session edit method, which writes through the store (so
every step is in the project file when it returns). `QUndoStack.push()` runs
the first redo. If a write fails (a locked database, a full disk, an edit a
later change made impossible), the command reports it and marks itself
obsolete, so the stack drops it and the window keeps the last good state.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from annotations.model import DeletedSpan, Edit, Relation, Span
from app.session import EDIT_ERRORS, Session, SpanValues

if TYPE_CHECKING:
    from annotations.store.suggestions import BatchDecision, Decision, StoredSuggestion

_NOTE_MERGE_ID = 1001
_SHOWN_TEXT = 40


def quoted(text: str) -> str:
    """A span's text for a menu entry: short and on one line."""
    flat = " ".join(text.split())
    return f"“{flat[:_SHOWN_TEXT]}…”" if len(flat) > _SHOWN_TEXT else f"“{flat}”"


class EditCommand(QUndoCommand):
    """Runs one session call per direction; a failure drops the command."""

    def __init__(self, session: Session, document_id: int, text: str) -> None:
        super().__init__(text)
        self.session = session
        self.document_id = document_id
        self.failed = False

    def redo(self) -> None:
        self._run(self.apply)

    def undo(self) -> None:
        self._run(self.revert)

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError

    def _run(self, step: Any) -> None:
        try:
            step()
        except EDIT_ERRORS as exc:
            self.failed = True
            self.setObsolete(True)
            self.session.report(exc)


class AddSpan(EditCommand):
    """Tag by hand. With a `model`, a pending suggestion of that model on the same
    words is resolved by the new span (recorded as accepted); undo takes back
    both, and the suggestion is pending again."""

    def __init__(self, session: Session, document_id: int, values: SpanValues,
                 text: str, model: str | None = None) -> None:
        super().__init__(session, document_id, f"Tag {quoted(text)} as {values.label}")
        self.values = values
        self.model = model
        self.span_id: int | None = None
        self.decision: Decision | None = None

    def apply(self) -> None:
        v = self.values
        if self.model is None:
            span = self.session.add_span(self.document_id, v.label, v.start, v.end, v.attrs,
                                         span_id=self.span_id)
        else:
            span, self.decision = self.session.add_hand_span(
                self.document_id, v.label, v.start, v.end, v.attrs, self.model,
                span_id=self.span_id)
        self.span_id = span.id

    def revert(self) -> None:
        assert self.span_id is not None
        if self.decision is not None:
            self.session.undo_decisions(self.document_id, [self.decision])
            self.decision = None
        else:
            self.session.delete_span(self.span_id)


class UpdateSpan(EditCommand):
    """A relabel, an attribute edit or a new extent: all fields before and after."""

    def __init__(self, session: Session, span: Span, after: SpanValues, text: str) -> None:
        super().__init__(session, span.document_id, text)
        self.span_id = span.id
        self.before = SpanValues.of(span)
        self.after = after

    def apply(self) -> None:
        self.session.update_span(self.span_id, **asdict(self.after))

    def revert(self) -> None:
        self.session.update_span(self.span_id, **asdict(self.before))


class DeleteSpan(EditCommand):
    """Deletes a span with its relations; undo puts all of them back, same ids."""

    def __init__(self, session: Session, span: Span) -> None:
        super().__init__(session, span.document_id,
                         f"Delete {span.label} {quoted(span.text)}")
        self.span_id = span.id
        self.deleted: DeletedSpan | None = None

    def apply(self) -> None:
        self.deleted = self.session.delete_span(self.span_id)

    def revert(self) -> None:
        assert self.deleted is not None
        self.session.restore_span(self.deleted)


class AddRelation(EditCommand):
    def __init__(self, session: Session, document_id: int, label: str, head: int,
                 child: int) -> None:
        super().__init__(session, document_id, f"Link {label}")
        # (QUndoCommand has a child() method: these names must not shadow it.)
        self.label, self.head_id, self.child_id = label, head, child
        self.relation_id: int | None = None

    def apply(self) -> None:
        rel = self.session.add_relation(self.label, self.head_id, self.child_id,
                                        relation_id=self.relation_id)
        self.relation_id = rel.id

    def revert(self) -> None:
        assert self.relation_id is not None
        self.session.delete_relation(self.relation_id)


class DeleteRelation(EditCommand):
    def __init__(self, session: Session, relation: Relation) -> None:
        super().__init__(session, relation.document_id, f"Remove {relation.label} link")
        self.relation = relation

    def apply(self) -> None:
        self.session.delete_relation(self.relation.id)

    def revert(self) -> None:
        r = self.relation
        self.session.add_relation(r.label, r.head, r.child, relation_id=r.id)


class SetStatus(EditCommand):
    def __init__(self, session: Session, document_id: int, before: str, after: str) -> None:
        text = "Mark document done" if after == "done" else f"Mark document {after}"
        super().__init__(session, document_id, text.replace("_", " "))
        self.before, self.after = before, after

    def apply(self) -> None:
        self.session.set_status(self.document_id, self.after)

    def revert(self) -> None:
        self.session.set_status(self.document_id, self.before)


class SetNote(EditCommand):
    """A note edit; typing pauses in one note merge into one undo step."""

    def __init__(self, session: Session, document_id: int, before: str, after: str) -> None:
        super().__init__(session, document_id, "Edit note")
        self.before, self.after = before, after

    def apply(self) -> None:
        self.session.set_note(self.document_id, self.after)

    def revert(self) -> None:
        self.session.set_note(self.document_id, self.before)

    def id(self) -> int:
        return _NOTE_MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetNote) or other.document_id != self.document_id:
            return False
        self.after = other.after
        return True


class SetDate(EditCommand):
    def __init__(self, session: Session, document_id: int, before: str | None,
                 after: str | None) -> None:
        super().__init__(session, document_id, f"Set document date to {after or 'none'}")
        self.before, self.after = before, after

    def apply(self) -> None:
        self.session.set_date(self.document_id, self.after)

    def revert(self) -> None:
        self.session.set_date(self.document_id, self.before)


# --- suggestions -------------------------------------------------------------------------------


class DecideSuggestion(EditCommand):
    """Accept or reject one suggestion; undo takes the decision back (and the
    span and relations an accept made), redo makes it again with the same ids."""

    def __init__(self, session: Session, found: StoredSuggestion, accept: bool) -> None:
        verb = "Accept" if accept else "Reject"
        super().__init__(session, found.document_id,
                         f"{verb} suggested {found.label} {quoted(found.text)}")
        self.suggestion_id = found.id
        self.accept = accept
        self.decision: Decision | None = None

    def apply(self) -> None:
        if self.decision is not None:
            self.decision = self.session.redo_decisions(self.document_id, [self.decision])[0]
        elif self.accept:
            self.decision = self.session.accept_suggestion(self.suggestion_id)
        else:
            self.decision = self.session.reject_suggestion(self.suggestion_id)

    def revert(self) -> None:
        assert self.decision is not None
        self.session.undo_decisions(self.document_id, [self.decision])


class AcceptSuggestions(EditCommand):
    """Accept every undecided suggestion of a document, or of one label, as one step."""

    def __init__(self, session: Session, document_id: int, model: str,
                 label: str | None) -> None:
        super().__init__(session, document_id,
                         f"Accept all suggested {label}" if label else "Accept all suggestions")
        self.model, self.label = model, label
        self.batch: BatchDecision | None = None

    def apply(self) -> None:
        if self.batch is None:
            self.batch = self.session.accept_suggestions(self.document_id, self.model,
                                                         self.label)
        else:
            self.batch.decisions = self.session.redo_decisions(self.document_id,
                                                                 self.batch.decisions)

    def revert(self) -> None:
        assert self.batch is not None
        self.session.undo_decisions(self.document_id, self.batch.decisions)


# --- edits of earlier sessions -----------------------------------------------------------------


class LoggedStep(EditCommand):
    """A step made in an earlier session, read back from the edit log.

    It is already in the project when pushed, so the first redo does nothing.
    Undo reverts its log rows, newest first; those reverts are logged in turn,
    and redo reverts them. A suggestion decision is taken back and made again
    through the suggestion store instead (the log cannot revert it alone).
    """

    def __init__(self, session: Session, document_id: int, text: str, edits: list[Edit],
                 decision: Decision | None = None) -> None:
        super().__init__(session, document_id, text)
        self.edits = edits
        self.decision = decision
        self.applied = True

    def apply(self) -> None:
        if self.applied:
            return
        if self.decision is not None:
            self.decision = self.session.redo_decisions(self.document_id, [self.decision])[0]
        else:
            self.edits = self.session.revert_edits(self.edits)
        self.applied = True

    def revert(self) -> None:
        if self.decision is not None:
            self.session.undo_decisions(self.document_id, [self.decision])
        else:
            self.edits = self.session.revert_edits(self.edits)
        self.applied = False
