"""Suggestions in the window: the spaCy pipeline loaded in a worker after the
window is shown, documents without stored suggestions suggested in the
background, and the open document's undecided suggestions with the one the
annotator has selected.

Nothing here waits for the model: stored suggestions are read at once (the
identity of the chosen pipeline is read from its meta.json, without
importing spaCy), and a document that has none is queued and suggested in
a worker on its own connection, all or nothing, once the model is ready.
This object owns no widget; the window draws from its signals.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from annotations.suggest.model import (
    MODEL_SETTING,
    PREFERRED_MODELS,
    ModelError,
    chosen_model_name,
    installed,
    loading,
    model_identity,
)
from app.commands import quoted
from app.session import EDIT_ERRORS, Session
from app.worker import Task, Worker, Workers

if TYPE_CHECKING:
    from spacy.language import Language

    from annotations.store.suggestions import StoredSuggestion

BACKGROUND_MAX_CHARS = 50_000
"""Longer documents are not suggested in the background: parsing one holds
Python's lock for seconds, and keys would lag meanwhile (`dateline suggest`
does them from the command line). A news article is a few thousand characters."""

_LOADED: dict[str, Language] = {}
"""Pipelines loaded in this process, by the name they were asked for: a
second window (or project) on the same model does not load it again."""


def installed_pipelines() -> list[str]:
    """The spaCy pipeline packages installed in this Python (no spaCy import)."""
    import importlib.metadata  # 15 ms: only when the model menu asks

    names = {e.name for e in importlib.metadata.entry_points(group="spacy_models")}
    names |= {n for n in PREFERRED_MODELS if installed(n)}
    return sorted(names)


def pipeline_identity(name: str) -> str | None:
    """How stored suggestions name a pipeline ("name@version"), read from its
    meta.json without importing spaCy; None when that file cannot be found."""
    folder = Path(name)
    if not folder.is_dir():
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            return None
        if spec is None or not spec.submodule_search_locations:
            return None
        folder = Path(next(iter(spec.submodule_search_locations)))
    try:
        meta: dict[str, Any] = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    lang = str(meta.get("lang") or "xx")
    base = str(meta.get("name") or "pipeline")
    full = base if base.startswith(f"{lang}_") else f"{lang}_{base}"
    return f"{full}@{meta.get('version') or '0.0.0'}"


class SuggestionState(QObject):
    """The model, the background suggester and the open document's suggestions."""

    model_loading = Signal(str)  # the pipeline's name
    model_ready = Signal(str)  # its identity
    model_failed = Signal(str)
    suggest_failed = Signal(str)
    document_suggested = Signal(int)
    busy_changed = Signal()  # the background suggester started or stopped
    too_long = Signal(int)  # the open document is too long to suggest here (its length)
    changed = Signal()  # the open document's suggestions or the selection changed
    stale_dates = Signal(int)  # a document's date changed after its suggestions were decided on

    def __init__(self, session: Session, workers: Workers) -> None:
        super().__init__()
        self.session = session
        self.workers = workers
        self.name = ""
        self.identity: str | None = None
        self.nlp: Language | None = None
        self.error = ""
        self.items: list[StoredSuggestion] = []
        self.blind = False  # the project's setting, read at each refresh
        self.selected: int | None = None
        self._queue: list[int] = []
        self._loader: Task | None = None
        self._suggester: Worker | None = None
        self._wanted_name: str | None = None
        self._closed = False
        self._flagged: set[int] = set()  # documents whose stale DATE values were flagged

    def close(self) -> None:
        """The window is closing: results still on their way are dropped."""
        self._closed = True
        self._queue.clear()

    # --- the model ---------------------------------------------------------------------

    @property
    def ready(self) -> bool:
        return self.nlp is not None

    def start(self) -> None:
        """Load the project's chosen pipeline in a worker (unless it is loaded)."""
        if self._closed:
            return
        try:
            name = chosen_model_name(None, self.session.project)
        except ModelError as exc:
            self._fail(str(exc))
            return
        self.load(name)

    def load(self, name: str) -> None:
        if self._loader is not None:  # one load at a time: this one follows
            self._wanted_name = name
            return
        self.name, self.nlp, self.error = name, None, ""
        self.identity = pipeline_identity(name)
        # Show (and let Accept All act on) the new choice's stored suggestions at once,
        # not the previous model's until this one has loaded (or forever, if it fails).
        self.refresh()
        cached = _LOADED.get(name)
        if cached is not None:
            self._loaded(cached)
            return
        self.model_loading.emit(name)
        task = Task(lambda: loading(name))
        task.succeeded.connect(self._loaded)
        task.failed.connect(lambda text, _problems: self._fail(text))
        task.finished.connect(self._loader_finished)
        self._loader = task
        self.workers.start(task)

    def _loader_finished(self) -> None:
        self._loader = None
        wanted, self._wanted_name = self._wanted_name, None
        if wanted is not None and wanted != self.name:
            self.load(wanted)

    def _loaded(self, nlp: Language) -> None:
        _LOADED[self.name] = nlp
        if self._closed:
            return
        self.nlp = nlp
        self.identity = model_identity(nlp)
        self.model_ready.emit(self.identity)
        self.refresh()

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
        try:
            self.blind = storage.is_blind(self.session.project)
        except EDIT_ERRORS as exc:
            self.session.report(exc)
        if doc is not None and self.identity is not None and not self.blind:
            try:
                project = self.session.project
                self.items = storage.suggestions(project, doc, self.identity,
                                                 self.session.annotator)
                # Queued once the model is loaded (`_loaded` refreshes): the document
                # open then is the one to suggest, not one the annotator has left.
                if self.nlp is not None and not storage.has_suggestions(
                        project, doc, self.identity):
                    self._queue_open_document(doc)
                self._flag_stale(doc)
            except EDIT_ERRORS as exc:
                self.session.report(exc)
        if self.selected not in {s.id for s in self.items}:
            self.selected = None
        self.changed.emit()

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
            self.changed.emit()

    def current(self) -> StoredSuggestion | None:
        return next((s for s in self.items if s.id == self.selected), None)

    def step(self, caret: int, forward: bool = True) -> StoredSuggestion | None:
        """The next (or previous) suggestion after the selected one or the caret, round."""
        if not self.items:
            return None
        chosen = self.current()
        if chosen is not None:
            at = self.items.index(chosen) + (1 if forward else -1)
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
        return self._suggester is not None

    def _suggest_next(self) -> None:
        from annotations.suggest.run import suggest_project

        if self.nlp is None or self.identity is None or self._suggester is not None \
                or not self._queue or self.blind:
            return
        doc, nlp, identity = self._queue.pop(0), self.nlp, self.identity
        worker = Worker(self.session.path, lambda project: suggest_project(
            project, nlp, model=identity, documents=[doc]), actor=self.session.annotator)
        worker.succeeded.connect(lambda _report, d=doc: self._suggested(d))
        worker.failed.connect(lambda text, _problems: self._suggest_failed(text))
        worker.finished.connect(self._suggester_finished)
        self._suggester = worker
        self.workers.start(worker)
        self.busy_changed.emit()

    def _suggested(self, document_id: int) -> None:
        if self._closed:
            return
        if document_id == self.session.document_id:
            self.refresh()
        self.document_suggested.emit(document_id)

    def _suggest_failed(self, text: str) -> None:
        if not self._closed:
            self.suggest_failed.emit(text)

    def _suggester_finished(self) -> None:
        self._suggester = None
        self._suggest_next()
        if self._suggester is None and not self._closed:
            self.busy_changed.emit()

    def forget_queue(self) -> None:
        """Another project: its documents are not this one's."""
        self._queue.clear()


def describe(found: StoredSuggestion) -> str:
    """A suggestion for the status bar: label, text and attributes."""
    attrs = ", ".join(f"{k}={v}" for k, v in sorted(found.attrs.items()))
    return f"Suggested {found.label} {quoted(found.text)}" + (f" · {attrs}" if attrs else "")

