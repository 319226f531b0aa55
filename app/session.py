"""The annotation session: one open project, one annotator, one current
document, and the signals the views redraw from.

The session is the window's only way to the project file. Each edit method
calls one store method (which commits before it returns), updates what the
session knows about the current document, and says what changed. Views
watch the signals; commands (app/commands.py) call the edit methods.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from annotations.errors import DatelineError, ProjectError, ValidationError
from annotations.model import GOLD, DeletedSpan, Document, DocumentStatus, Edit, Relation, Span
from annotations.schema import LabelSchema
from annotations.store import DATABASE_ERRORS, DocumentRow, Project, rows
from annotations.store.rows import RelationRow, SpanRow, relation_rows, span_rows

if TYPE_CHECKING:
    from annotations.store.suggestions import BatchDecision, Decision

SpanKey = tuple[str, int, int]
"""(label, start, end): a span as adjudication compares it across annotators."""
GoldLink = tuple[str, SpanKey, SpanKey]
"""A relation by its label and its endpoints' keys."""

# What a failed write can raise: the core's own errors, and the SQLite and OS
# errors that come out of a statement (a full disk, an I/O error) rather than
# out of the transaction's BEGIN or COMMIT.
EDIT_ERRORS: tuple[type[Exception], ...] = (DatelineError, *DATABASE_ERRORS, OSError)


@dataclass(frozen=True)
class SpanValues:
    """What an update can change on a span."""

    label: str
    start: int
    end: int
    attrs: dict[str, Any]

    @classmethod
    def of(cls, span: Span) -> SpanValues:
        return cls(span.label, span.start, span.end, dict(span.attrs))


@dataclass(frozen=True)
class SpanChange:
    """One span added (before None), removed (after None) or changed."""

    document_id: int
    before: Span | None
    after: Span | None


class Session(QObject):
    """An open project seen by one annotator."""

    project_opened = Signal()
    documents_changed = Signal()
    document_opened = Signal(int)
    spans_changed = Signal(int)
    span_edited = Signal(object)
    relations_changed = Signal(int)
    document_changed = Signal(int)
    selection_changed = Signal(int)
    suggestions_decided = Signal(int, list)  # a document; the suggestions decided or undone
    date_changed = Signal(int)  # a document's date was set (its suggestions may be stale)
    message = Signal(str)
    failed = Signal(str)

    def __init__(self, project: Project, annotator: str) -> None:
        super().__init__()
        self._project = project
        self._annotator = annotator
        self._document: Document | None = None
        self._relations: list[RelationRow] = []
        self._selected: int | None = None

    # --- what is open ------------------------------------------------------------

    @property
    def project(self) -> Project:
        return self._project

    @property
    def schema(self) -> LabelSchema:
        return self._project.schema

    @property
    def path(self) -> Path:
        return self._project.path

    @property
    def annotator(self) -> str:
        return self._annotator

    @property
    def document(self) -> Document | None:
        return self._document

    @property
    def document_id(self) -> int | None:
        return None if self._document is None else self._document.id

    @property
    def relations(self) -> list[Relation]:
        """The current document's relations (this annotator's)."""
        doc = self.document_id or 0
        return [Relation(i, doc, self._annotator, label, head, child)
                for i, label, head, child in self._relations]

    @property
    def relation_rows(self) -> list[RelationRow]:
        return list(self._relations)

    @property
    def selected(self) -> int | None:
        return self._selected

    def replace_project(self, project: Project) -> None:
        """Switch to another project file (already opened); close the old one."""
        old, self._project = self._project, project
        self._document, self._relations, self._selected = None, [], None
        if old is not project:
            old.close()
        self.project_opened.emit()
        self.documents_changed.emit()

    def set_annotator(self, name: str) -> None:
        self._annotator = name
        current = self.document_id
        self._document = None
        self.documents_changed.emit()
        if current is not None:
            self.open_document(current)

    def close(self) -> None:
        self._project.close()

    # --- reading -----------------------------------------------------------------

    def document_rows(self) -> list[DocumentRow]:
        return self._project.document_rows(self._annotator)

    def document_ids(self) -> list[int]:
        return self._project.document_ids()

    def open_document(self, document_id: int) -> bool:
        """Make a document current; False (and a message) when it cannot be read."""
        try:
            doc = self._project.document(document_id)
            relations = relation_rows(self._project, document_id, self._annotator)
        except EDIT_ERRORS as exc:
            self.report(exc)
            return False
        self._document, self._relations, self._selected = doc, relations, None
        self.document_opened.emit(document_id)
        self.selection_changed.emit(0)
        return True

    def span_rows(self) -> list[SpanRow]:
        if self._document is None:
            return []
        return span_rows(self._project, self._document.id, self._annotator)

    def span(self, span_id: int) -> Span | None:
        try:
            return self._project.span(span_id)
        except EDIT_ERRORS:
            return None

    def status(self, document_id: int | None = None) -> DocumentStatus:
        ident = self.document_id if document_id is None else document_id
        if ident is None:
            return DocumentStatus(0, self._annotator)
        return self._project.status(ident, self._annotator)

    def partners(self, span_id: int) -> list[tuple[Relation, int]]:
        """The relations of a span in the current document, each with the span at its other end."""
        doc = self.document_id or 0
        return [
            (Relation(i, doc, self._annotator, label, head, child),
             child if head == span_id else head)
            for i, label, head, child in self._relations
            if span_id in (head, child)
        ]

    def check_span(self, label: str, start: int, end: int, attrs: dict[str, Any],
                   ignore: int | None = None) -> None:
        """Raise the ValidationError that a new or changed span would meet."""
        doc = self._require_document()
        self._project.check_span(doc.id, self._annotator, label, start, end, attrs,
                                 ignore=ignore, text=doc.text)

    def check_relation(self, label: str, head: int, child: int) -> None:
        """Raise the ValidationError that a new relation would meet."""
        self._project.check_relation(label, self._project.span(head), self._project.span(child))
        if (label, head, child) in {(r[1], r[2], r[3]) for r in self._relations}:
            raise ValidationError(f"{label} from span {head} to span {child} exists already")

    # --- selection -----------------------------------------------------------------

    def select(self, span_id: int | None) -> None:
        if span_id == self._selected:
            return
        self._selected = span_id
        self.selection_changed.emit(span_id or 0)

    # --- edits (called by undo commands) ------------------------------------------------

    def add_span(self, document_id: int, label: str, start: int, end: int,
                 attrs: dict[str, Any], span_id: int | None = None) -> Span:
        span = self._project.add_span(document_id, self._annotator, label, start, end, attrs,
                                      span_id=span_id)
        self._span_changed(SpanChange(document_id, None, span))
        if document_id == self.document_id:
            self.select(span.id)
        return span

    def add_hand_span(self, document_id: int, label: str, start: int, end: int,
                      attrs: dict[str, Any], model: str | None,
                      span_id: int | None = None) -> tuple[Span, Decision | None]:
        """A span tagged by hand; it resolves a pending suggestion of `model` on the
        same words (annotations/store/handmade.py), and the decision says which."""
        from annotations.store.handmade import add_hand_span

        with self._announcing():
            span, decision = add_hand_span(self._project, document_id, self._annotator, label,
                                           start, end, attrs, model, span_id=span_id)
        if document_id == self.document_id:
            self.select(span.id)
        return span, decision

    def update_span(self, span_id: int, *, label: str, start: int, end: int,
                    attrs: dict[str, Any]) -> Span:
        before = self._project.span(span_id)
        after = self._project.update_span(span_id, label=label, start=start, end=end, attrs=attrs)
        self._span_changed(SpanChange(after.document_id, before, after))
        return after

    def delete_span(self, span_id: int) -> DeletedSpan:
        deleted = self._project.delete_span(span_id)
        doc = deleted.span.document_id
        if self._selected == span_id:
            self.select(None)
        if deleted.relations:
            self._relations_changed(doc)
        self._span_changed(SpanChange(doc, deleted.span, None))
        return deleted

    def restore_span(self, deleted: DeletedSpan) -> Span:
        span = self._project.restore_span(deleted)
        self._span_changed(SpanChange(span.document_id, None, span))
        if deleted.relations:
            self._relations_changed(span.document_id)
        if span.document_id == self.document_id:
            self.select(span.id)  # what undo brought back is where the annotator looks
        return span

    def add_relation(self, label: str, head: int, child: int,
                     relation_id: int | None = None) -> Relation:
        rel = self._project.add_relation(label, head, child, relation_id=relation_id)
        self._relations_changed(rel.document_id)
        return rel

    def delete_relation(self, relation_id: int) -> Relation:
        rel = self._project.delete_relation(relation_id)
        self._relations_changed(rel.document_id)
        return rel

    def set_status(self, document_id: int, status: str) -> None:
        self._project.set_status(document_id, self._annotator, status)
        self.document_changed.emit(document_id)

    def set_note(self, document_id: int, note: str) -> None:
        self._project.set_note(document_id, self._annotator, note)
        self.document_changed.emit(document_id)

    def set_date(self, document_id: int, date: str | None) -> None:
        self._project.set_document_date(document_id, date, annotator=self._annotator)
        if self._document is not None and self._document.id == document_id:
            self._document = self._project.document(document_id)
        self.document_changed.emit(document_id)
        self.date_changed.emit(document_id)

    def add_time(self, document_id: int, seconds: float) -> None:
        """Record active working time; a failure is reported, never raised."""
        try:
            self._project.add_time(document_id, self._annotator, seconds)
        except EDIT_ERRORS as exc:
            self.report(exc)

    # --- suggestions (called by undo commands) ------------------------------------------

    def accept_suggestion(self, suggestion_id: int) -> Decision:
        """Make a suggestion this annotator's span and record the accept."""
        from annotations.store import suggestions as storage

        with self._announcing():
            return storage.accept(self._project, suggestion_id, self._annotator)

    def reject_suggestion(self, suggestion_id: int) -> Decision:
        from annotations.store import suggestions as storage

        with self._announcing():
            return storage.reject(self._project, suggestion_id, self._annotator)

    def accept_suggestions(self, document_id: int, model: str,
                           label: str | None = None) -> BatchDecision:
        """Accept every undecided suggestion of a document (or of one label)."""
        from annotations.store import suggestions as storage

        with self._announcing():
            return storage.accept_all(self._project, document_id, model, self._annotator, label)

    def undo_decisions(self, document_id: int, decisions: list[Decision]) -> None:
        from annotations.store import suggestions as storage

        with self._announcing():
            storage.undo_decisions(self._project, decisions)

    def redo_decisions(self, document_id: int, decisions: list[Decision]) -> list[Decision]:
        from annotations.store import suggestions as storage

        with self._announcing():
            return storage.redo_decisions(self._project, decisions)

    def decided_by_anyone(self, document_id: int, model: str) -> bool:
        """Has anyone accepted or rejected one of this model's suggestions here?"""
        return rows.model_decided(self._project, document_id, model)

    def decision(self, decision_id: int) -> tuple[str, str] | None:
        """(decision, time) of a suggestion decision, None when it was taken back."""
        return rows.decision_row(self._project, decision_id)

    def forget_suggestions(self, model: str, document_id: int) -> None:
        """Drop a model's stored suggestions of a document (to suggest it again)."""
        from annotations.store import suggestions as storage

        storage.delete_suggestions(self._project, model, document_id)

    def set_blind(self, on: bool) -> None:
        """Hide (or show) the model's suggestions from this project's annotators."""
        from annotations.store import suggestions as storage

        storage.set_blind(self._project, on)

    def set_setting(self, name: str, value: str) -> None:
        """A project setting (the suggesting model, say), kept in the file."""
        self._project.set_setting(name, value)

    # --- gold (the review window's adjudication) ----------------------------------------

    def replace_gold(self, document_id: int, remove: Sequence[int],
                     add: Sequence[SpanValues], ids: Sequence[int | None],
                     links: Sequence[GoldLink]) -> tuple[list[DeletedSpan], list[int]]:
        """Delete gold spans `remove`, add `add` (with `ids` when redone) and the
        links among gold spans that are missing; one transaction."""
        project = self._project
        with project.transaction():
            deleted = [project.delete_span(ident) for ident in remove]
            made = [
                project.add_span(document_id, GOLD, s.label, s.start, s.end, s.attrs,
                                 span_id=ident).id
                for s, ident in zip(add, ids, strict=True)
            ]
            self._link_gold(document_id, links)
        self._gold_changed(document_id)
        return deleted, made

    def undo_replace_gold(self, document_id: int, made: Sequence[int],
                          deleted: Sequence[DeletedSpan]) -> None:
        project = self._project
        with project.transaction():
            for ident in made:
                project.delete_span(ident)
            for gone in reversed(deleted):
                project.restore_span(gone)
        self._gold_changed(document_id)

    def _link_gold(self, document_id: int, links: Sequence[GoldLink]) -> None:
        project = self._project
        gold = {(s.label, s.start, s.end): s.id for s in project.spans(document_id, GOLD)}
        present = {(r.label, r.head, r.child) for r in project.relations(document_id, GOLD)}
        for label, head, child in links:
            h, c = gold.get(head), gold.get(child)
            if h is not None and c is not None and (label, h, c) not in present:
                project.add_relation(label, h, c)
                present.add((label, h, c))

    def _gold_changed(self, document_id: int) -> None:
        self.spans_changed.emit(document_id)
        self.relations_changed.emit(document_id)

    # --- the edit log (undo across restarts) ---------------------------------------------

    def has_logged_edits(self, document_id: int) -> bool:
        return rows.has_logged_edits(self._project, self._annotator, document_id)

    def logged_edits(self, document_id: int) -> list[Edit]:
        """This annotator's logged edits of a document, oldest first."""
        return self._project.edits(annotator=self._annotator, document_id=document_id)

    def revert_edits(self, edits: list[Edit]) -> list[Edit]:
        """Revert logged edits, newest first, all or nothing; return the log rows
        that record the reverting (reverting those, newest first, re-applies).

        The rows are read inside the write transaction: another connection's
        edits committed meanwhile are not taken as this revert's, or redo
        would revert them too."""
        with self._project.transaction():
            since = self._last_edit()
            for edit in reversed(edits):
                self._project.revert(edit)
            logged = self._project.edits(since=since)
        self._announce(logged)
        return logged

    @contextmanager
    def _announcing(self) -> Iterator[list[Edit]]:
        """Run store calls, then tell the views what the log says they changed
        (the suggestions decided or undone among it)."""
        since = self._last_edit()
        logged: list[Edit] = []
        yield logged
        logged += self._project.edits(since=since)
        self._announce(logged)

    def _last_edit(self) -> int:
        return rows.last_edit_id(self._project)

    def _announce(self, edits: list[Edit]) -> None:
        documents: set[int] = set()
        relations: set[int] = set()
        dated: set[int] = set()
        decided: dict[int, list[int]] = {}
        for edit in edits:
            doc = edit.document_id
            if doc is None:
                continue
            documents.add(doc)
            if edit.entity == "suggestion" and edit.entity_id is not None:
                decided.setdefault(doc, []).append(edit.entity_id)
            if edit.entity == "span":
                before = Span(**edit.before) if edit.before else None
                after = Span(**edit.after) if edit.after else None
                if before is not None and after is None and self._selected == before.id:
                    self.select(None)
                self._span_changed(SpanChange(doc, before, after))
            elif edit.entity == "relation":
                relations.add(doc)
            elif edit.action == "set_date":
                dated.add(doc)
                if self._document is not None and self._document.id == doc:
                    self._document = self._project.document(doc)
        for doc in relations:
            self._relations_changed(doc)
        for doc in documents:
            self.document_changed.emit(doc)
        for doc, ids in decided.items():
            self.suggestions_decided.emit(doc, ids)
        for doc in dated:
            self.date_changed.emit(doc)

    # --- errors ------------------------------------------------------------------------

    def report(self, exc: BaseException) -> None:
        """Tell the user why an edit did not happen.

        A refused edit (a rule of the schema) is a status-bar message; a
        project that cannot be read or written is a dialog, after which the
        current document is read again so the window shows what the file
        holds: the last good state.
        """
        if isinstance(exc, ValidationError):
            self.message.emit(str(exc))
            return
        if isinstance(exc, DatelineError):
            text = str(exc)
        elif isinstance(exc, DATABASE_ERRORS):
            text = str(_project_error(self.path, exc))
        else:
            text = f"{self.path}: {exc}"
        self.failed.emit(text)
        self.reload()

    def reload(self) -> None:
        """Read the current document again from the project file."""
        current = self.document_id
        self.documents_changed.emit()
        if current is not None:
            try:
                self._project.document(current)
            except EDIT_ERRORS:
                return
            selected = self._selected
            self.open_document(current)
            if selected is not None and self.span(selected) is not None:
                self.select(selected)

    # --- internals -------------------------------------------------------------------------

    def _require_document(self) -> Document:
        if self._document is None:
            raise ValidationError("no document is open")
        return self._document

    def _span_changed(self, change: SpanChange) -> None:
        self.span_edited.emit(change)
        self.spans_changed.emit(change.document_id)

    def _relations_changed(self, document_id: int) -> None:
        if document_id == self.document_id:
            self._relations = relation_rows(self._project, document_id, self._annotator)
        self.relations_changed.emit(document_id)


def _project_error(path: Path, exc: Exception) -> ProjectError:
    message = str(exc)
    if "full" in message:
        return ProjectError(f"{path}: the disk is full; the last edit was not saved")
    if "locked" in message or "busy" in message:
        return ProjectError(f"{path}: the project is locked by another program; try again")
    return ProjectError(f"{path}: {message}; the last edit was not saved")
