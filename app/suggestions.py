"""Suggestions in the window: the spaCy pipeline loaded in a child process
after the window is shown, documents without stored suggestions suggested
there in the background, and the open document's undecided suggestions with
the one the annotator has selected.

Nothing here waits for the model: stored suggestions are read at once (the
identity of the chosen pipeline is read from its meta.json, without
importing spaCy), and a document that has none is sent to the suggester's
process (app/suggestproc.py), which parses it and stores its suggestions,
all or nothing, on its own connection. Parsing there never holds the
window's Python lock, so keys do not wait on it. This object owns no widget;
the window draws from its signals.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from annotations.suggest.model import (
    MODEL_SETTING,
    PREFERRED_MODELS,
    ModelError,
    chosen_model_name,
    identity_without_loading,
    installed,
)
from app.commands import quoted
from app.session import EDIT_ERRORS, Session, SpanChange
from app.suggestproc import SuggesterProcess

if TYPE_CHECKING:
    from annotations.store.suggestions import StoredSuggestedRelation, StoredSuggestion

BACKGROUND_MAX_CHARS = 300_000
"""Longer documents are not suggested in the background: the child would
take minutes and a gigabyte or more to parse one (`dateline suggest` does
them from the command line). A news article is a few thousand characters."""
MANY_DECISIONS = 200
"""More suggestions decided at once (Accept All) are read again with the rest."""


def installed_pipelines() -> list[str]:
    """The spaCy pipeline packages installed in this Python (no spaCy import)."""
    import importlib.metadata  # 15 ms: only when the model menu asks

    names = {e.name for e in importlib.metadata.entry_points(group="spacy_models")}
    names |= {n for n in PREFERRED_MODELS if installed(n)}
    return sorted(names)


def pipeline_identity(name: str) -> str | None:
    """How stored suggestions name a pipeline ("name@version"), read from its
    meta.json without importing spaCy; None when that file cannot be found."""
    return identity_without_loading(name)


class SuggestionState(QObject):
    """The model, the background suggester and the open document's suggestions."""

    model_loading = Signal(str)  # the pipeline's name
    model_ready = Signal(str)  # its identity
    model_failed = Signal(str)
    suggest_failed = Signal(str)
    document_suggested = Signal(int)
    busy_changed = Signal()  # the background suggester started or stopped
    too_long = Signal(int)  # the open document is too long to suggest here (its length)
    changed = Signal()  # the open document's suggestions were read again
    # A few of them changed: the ids decided (gone), the ones pending again, and the
    # ids whose links may be drawn otherwise now (those two, and any whose accepted
    # span came or went).
    items_changed = Signal(list, list, list)
    selected_changed = Signal()  # another suggestion (or none) is selected
    stale_dates = Signal(int)  # a document's date changed after its suggestions were decided on

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.name = ""
        self.identity: str | None = None
        self.error = ""
        self.items: list[StoredSuggestion] = []
        self.relations: list[StoredSuggestedRelation] = []  # the model's links among them
        self.accepted: dict[int, int] = {}  # suggestion id: the span accepting it made
        self._by_id: dict[int, StoredSuggestion] = {}  # the items, by id
        self._links: dict[int, list[StoredSuggestedRelation]] = {}  # by either end's id
        self.blind = False  # the project's setting, read at each refresh
        self.selected: int | None = None
        self.child: SuggesterProcess | None = None
        self._queue: list[int] = []
        self._closed = False
        self._flagged: set[int] = set()  # documents whose stale DATE values were flagged
        session.span_edited.connect(self.on_span_edited)

    def close(self) -> None:
        """The window is closing: the child process ends (killed if it is working)."""
        self._closed = True
        self._queue.clear()
        self._stop_child()

    def _stop_child(self) -> None:
        child, self.child = self.child, None
        if child is not None:
            child.stop()
            child.deleteLater()

    # --- the model ---------------------------------------------------------------------

    @property
    def ready(self) -> bool:
        return self.child is not None and self.child.is_ready

    def start(self) -> None:
        """Start the suggester's process on the project's chosen pipeline."""
        if self._closed:
            return
        try:
            name = chosen_model_name(None, self.session.project)
        except ModelError as exc:
            self._fail(str(exc))
            return
        self.load(name)

    def load(self, name: str) -> None:
        """A new child process for the pipeline `name` (the previous one ends)."""
        if self._closed:
            return
        self._stop_child()
        self.name, self.error = name, ""
        self.identity = pipeline_identity(name)
        # Show (and let Accept All act on) the new choice's stored suggestions at once,
        # not the previous model's until this one has loaded (or forever, if it fails).
        self.refresh()
        child = SuggesterProcess(self.session.path, name, self.session.annotator, self)
        child.ready.connect(self._loaded)
        child.failed.connect(lambda text, c=child: self._child_failed(c, text))
        child.suggested.connect(self._suggested)
        child.suggest_failed.connect(self._suggest_failed)
        self.child = child
        self.model_loading.emit(name)

    def _loaded(self, identity: str) -> None:
        if self._closed:
            return
        self.identity = identity
        self.model_ready.emit(identity)
        self.refresh()

    def _child_failed(self, child: SuggesterProcess, text: str) -> None:
        if child is self.child:
            self._stop_child()
            self._fail(text)
            self.busy_changed.emit()

    def _fail(self, text: str) -> None:
        if self._closed:
            return
        self.error = text
        self.model_failed.emit(text)

    def set_model(self, name: str) -> None:
        """Suggest with another pipeline (package name or folder) from now on:
        kept in the project's `model` setting."""
        self.session.set_setting(MODEL_SETTING, name)
        self._queue.clear()
        self.load(name)

    # --- the open document ---------------------------------------------------------

    def refresh(self) -> None:
        """Read the open document's undecided suggestions again; queue the
        document for the background suggester when the model has none for it."""
        from annotations.store import suggestions as storage

        if self._closed:
            return
        doc = self.session.document_id
        self.items = []
        self.relations = []
        self.accepted = {}
        try:
            self.blind = storage.is_blind(self.session.project)
        except EDIT_ERRORS as exc:
            self.session.report(exc)
        if doc is not None and self.identity is not None and not self.blind:
            try:
                project = self.session.project
                self.items = storage.suggestions(project, doc, self.identity,
                                                 self.session.annotator)
                self.relations = storage.suggested_relations(project, doc, self.identity) \
                    if self.items else []
                self.accepted = {s.suggestion_id: s.id for s in
                                 project.spans(doc, self.session.annotator)
                                 if s.suggestion_id is not None} if self.relations else {}
                # Queued once the model is loaded (`_loaded` refreshes): the document
                # open then is the one to suggest, not one the annotator has left.
                if self.ready and not storage.has_suggestions(
                        project, doc, self.identity):
                    self._queue_open_document(doc)
                self._flag_stale(doc)
            except EDIT_ERRORS as exc:
                self.session.report(exc)
        self._by_id = {s.id: s for s in self.items}
        self._links = {}
        for rel in self.relations:
            self._links.setdefault(rel.head, []).append(rel)
            self._links.setdefault(rel.child, []).append(rel)
        if self.selected not in self._by_id:
            self.selected = None
        self.changed.emit()

    def pending(self, suggestion_id: int) -> StoredSuggestion | None:
        """An undecided suggestion of the open document, by id."""
        return self._by_id.get(suggestion_id)

    def links_of(self, suggestion_ids: Iterable[int]) -> list[StoredSuggestedRelation]:
        """The model's links with one of these suggestions at an end, each once."""
        found = {rel.id: rel for ident in suggestion_ids for rel in self._links.get(ident, ())}
        return list(found.values())

    def update_decided(self, document_id: int, suggestion_ids: list[int]) -> None:
        """Some suggestions of a document were decided, or their decisions undone:
        read those rows only and take them out of (or put them back in) the list."""
        if self._closed or document_id != self.session.document_id or self.identity is None \
                or self.blind:
            return
        if len(suggestion_ids) > MANY_DECISIONS:
            self.refresh()
            return
        from annotations.store import suggestions as storage

        try:
            now = storage.suggestions(self.session.project, document_id, self.identity,
                                      self.session.annotator, ids=suggestion_ids)
        except EDIT_ERRORS as exc:
            self.session.report(exc)
            return
        pending = {s.id for s in now}
        removed = [i for i in dict.fromkeys(suggestion_ids) if i in self._by_id
                   and i not in pending]
        added = [s for s in now if s.id not in self._by_id]
        for ident in removed:
            gone = self._by_id.pop(ident)
            del self.items[bisect_left(self.items, _order(gone), key=_order)]
        for found in added:
            self._by_id[found.id] = found
            self.items.insert(bisect_left(self.items, _order(found), key=_order), found)
        if removed or added:
            self.items_changed.emit(removed, added, [*removed, *(s.id for s in added)])
        if self.selected is not None and self.selected not in self._by_id:
            self.select(None)

    def on_span_edited(self, change: SpanChange) -> None:
        """A span made by accepting a suggestion came or went: the model's links to
        that suggestion now end (or no longer end) at the span."""
        if change.document_id != self.session.document_id or not self.relations:
            return
        touched: list[int] = []
        before, after = change.before, change.after
        if before is not None and before.suggestion_id is not None and \
                self.accepted.get(before.suggestion_id) == before.id:
            del self.accepted[before.suggestion_id]
            touched.append(before.suggestion_id)
        if after is not None and after.suggestion_id is not None:
            self.accepted[after.suggestion_id] = after.id
            touched.append(after.suggestion_id)
        if touched:
            self.items_changed.emit([], [], touched)

    def _flag_stale(self, document_id: int) -> None:
        """Say once per document when its suggestions were worked out against
        another date than its own now (changed by another program, say)."""
        from annotations.store import suggestions as storage

        if document_id not in self._flagged and \
                self.identity in storage.stale_models(self.session.project, document_id):
            self._flagged.add(document_id)
            self.stale_dates.emit(document_id)

    def redate(self, document_id: int) -> bool:
        """A document's date changed: its suggestions' DATE values were worked
        out against the old one. While nobody has decided any of them, they are
        forgotten and the document is suggested again (the open one at once);
        True when that happened. Once decided, they stay (the decisions are
        the reviewers' record) and `stale_dates` says so."""
        from annotations.store import suggestions as storage

        if self._closed or self.identity is None:
            return False
        project = self.session.project
        try:
            if not storage.has_suggestions(project, document_id, self.identity):
                return False
            if self.session.decided_by_anyone(document_id, self.identity):
                self.stale_dates.emit(document_id)
                return False
            self.session.forget_suggestions(self.identity, document_id)
        except EDIT_ERRORS as exc:
            self.session.report(exc)
            return False
        if document_id == self.session.document_id:
            self.selected = None
            self.refresh()
        return True

    def select(self, suggestion_id: int | None) -> None:
        if suggestion_id != self.selected:
            self.selected = suggestion_id
            self.selected_changed.emit()

    def current(self) -> StoredSuggestion | None:
        return None if self.selected is None else self._by_id.get(self.selected)

    def after(self, found: StoredSuggestion) -> StoredSuggestion | None:
        """The suggestion after `found` in reading order (found need not be pending)."""
        at = bisect_left(self.items, _order(found), key=_order)
        if at < len(self.items) and self.items[at].id == found.id:
            at += 1
        return self.items[at] if at < len(self.items) else None

    def step(self, caret: int, forward: bool = True) -> StoredSuggestion | None:
        """The next (or previous) suggestion after the selected one or the caret, round."""
        if not self.items:
            return None
        chosen = self.current()
        if chosen is not None:
            at = bisect_left(self.items, _order(chosen), key=_order) + (1 if forward else -1)
            return self.items[at % len(self.items)]
        if forward:
            return next((s for s in self.items if s.start >= caret), self.items[0])
        return next((s for s in reversed(self.items) if s.start < caret), self.items[-1])

    # --- the background suggester ------------------------------------------------

    def _queue_open_document(self, document_id: int) -> None:
        document = self.session.document
        if document is not None and len(document.text) > BACKGROUND_MAX_CHARS:
            self.too_long.emit(len(document.text))
            return
        self.queue(document_id)

    def queue(self, document_id: int) -> None:
        if document_id not in self._queue:
            self._queue.insert(0, document_id)  # the open document first
        self._suggest_next()

    @property
    def suggesting(self) -> bool:
        return self.child is not None and self.child.busy

    def _suggest_next(self) -> None:
        child = self.child
        if child is None or not child.is_ready or child.busy or not self._queue or self.blind:
            return
        child.suggest(self._queue.pop(0))
        self.busy_changed.emit()

    def _suggested(self, document_id: int) -> None:
        if self._closed:
            return
        if document_id == self.session.document_id:
            self.refresh()
        self.document_suggested.emit(document_id)
        self._next_or_idle()

    def _suggest_failed(self, _document_id: int, text: str) -> None:
        if self._closed:
            return
        self.suggest_failed.emit(text)
        self._next_or_idle()

    def _next_or_idle(self) -> None:
        self._suggest_next()
        if not self.suggesting:
            self.busy_changed.emit()

    def forget_queue(self) -> None:
        """Another project: its documents are not this one's."""
        self._queue.clear()


def _order(found: StoredSuggestion) -> tuple[int, int, int]:
    """Where a suggestion stands in the list: as the store reads them, by position."""
    return found.start, found.end, found.id


def describe(found: StoredSuggestion) -> str:
    """A suggestion for the status bar: label, text and attributes."""
    attrs = ", ".join(f"{k}={v}" for k, v in sorted(found.attrs.items()))
    return f"Suggested {found.label} {quoted(found.text)}" + (f" · {attrs}" if attrs else "")

