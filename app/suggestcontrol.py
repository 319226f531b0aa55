"""The window's side of suggestions: drawing the open document's suggestions,
choosing, accepting and rejecting them, blind projects and the model choice.

SuggestionState (app/suggestions.py) holds the suggestions and the model;
this controller turns keys into undoable decisions and redraws from its
signals."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer

from annotations.errors import DatelineError
from app.article import SUGGESTION, SUGGESTIONS, OutlineStyle
from app.commands import AcceptSuggestions, DecideSuggestion, quoted
from app.suggestions import describe, installed_pipelines

if TYPE_CHECKING:
    from collections.abc import Iterable

    from annotations.store.suggestions import StoredSuggestedRelation, StoredSuggestion
    from app.article import SuggestedLink
    from app.spanindex import Mark
    from app.window import MainWindow

SUGGESTION_STYLE = OutlineStyle(Qt.PenStyle.DotLine, 1.6)
SELECTED_SUGGESTION_STYLE = OutlineStyle(Qt.PenStyle.DashLine, 2.6)
MODEL_DELAY_MS = 300  # after the window is first shown: spaCy is not imported before


class SuggestionController(QObject):
    """Keys and clicks on suggestions, and the model's state in the status bar."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.model_started = False
        self.waited_for_model = False
        self.model_timer = QTimer(self)
        self.model_timer.setSingleShot(True)
        self.model_timer.setInterval(MODEL_DELAY_MS)
        self.model_timer.timeout.connect(window.suggestions.start)
        window.suggestions.items_changed.connect(self.redraw_changed)
        window.suggestions.selected_changed.connect(self.draw_selected)

    def window_shown(self) -> None:
        """The model loads once the window is up (spaCy is not imported before)."""
        if not self.model_started:
            self.model_started = True
            self.model_timer.start()

    def close(self) -> None:
        self.model_timer.stop()
        self.window.suggestions.close()

    def show_model_state(self, *_args: Any) -> None:
        sg = self.window.suggestions
        if sg.error:
            text = "Model failed"
        elif not sg.ready:
            text = f"Loading model {sg.name}…"
        elif sg.blind:
            text = "Blind: suggestions hidden"
        elif sg.suggesting:
            text = f"Suggesting with {sg.name}…"
        else:
            text = f"Model: {(sg.identity or sg.name).split('@')[0]}"
        self.window.model_label.setText(text)
        self.window.model_label.setToolTip(sg.error or f"spaCy pipeline: {sg.identity or sg.name}")
        # The permanent label says "Loading model…"; the message area says only
        # when it is ready (after a wait the annotator saw), not the same words again.
        if not sg.ready and not sg.error:
            self.waited_for_model = True
        elif self.waited_for_model and sg.ready:
            self.waited_for_model = False
            self.window.show_message(f"Model {sg.identity} ready.", 3000)

    def on_model_failed(self, text: str) -> None:
        self.show_model_state()
        self.window.show_message(f"Suggestions are off: {text}", 0)

    def on_suggest_failed(self, text: str) -> None:
        self.show_model_state()
        self.window.show_message(f"This document could not be suggested: {text}")

    def on_too_long(self, length: int) -> None:
        self.window.show_message(f"Not suggested: {length:,} characters is too long to parse "
                                 "while you "
                          "work (`dateline suggest` does it).")

    def on_stale_dates(self, document_id: int) -> None:
        if document_id == self.session.document_id:
            self.window.show_message("The suggested DATE values were worked out against the old "
                                     "document date: check each value before accepting.", 0)

    def on_suggestions_decided(self, document_id: int, suggestion_ids: list[int]) -> None:
        self.window.suggestions.update_decided(document_id, suggestion_ids)

    def draw_suggestions(self) -> None:
        """The open document's suggestions were read again: draw them all."""
        sg, view = self.window.suggestions, self.window.article
        marks = [view.mark_of(f.start, f.end, f.id, f.label) for f in sg.items]
        view.set_layer(SUGGESTIONS, marks, SUGGESTION_STYLE)
        view.set_suggested_relations(self.suggested_links(sg.relations))
        self.window.span_panel.set_blind(sg.blind)
        self.draw_selected()
        self.window.actions_by_name["blind"].setChecked(sg.blind)
        self.show_model_state()

    def redraw_changed(self, removed: list[int], added: list[StoredSuggestion],
                       touched: list[int]) -> None:
        """A few suggestions were decided (or undone): redraw those and their links only."""
        sg, view = self.window.suggestions, self.window.article
        view.change_layer(SUGGESTIONS, removed,
                          [view.mark_of(f.start, f.end, f.id, f.label) for f in added])
        relations = sg.links_of(touched)
        view.change_suggested_relations([rel.id for rel in relations],
                                        self.suggested_links(relations))

    def draw_selected(self) -> None:
        """Outline the selected suggestion (repainting only where it was and is)."""
        sg, view = self.window.suggestions, self.window.article
        chosen = sg.current()
        self.window.span_panel.show_suggestion(chosen)
        if chosen is None:
            view.clear_layer(SUGGESTION)
        else:
            view.set_layer(SUGGESTION, [view.mark_of(chosen.start, chosen.end, chosen.id,
                                                     chosen.label)], SELECTED_SUGGESTION_STYLE)

    def suggested_links(self, relations: Iterable[StoredSuggestedRelation]) -> list[SuggestedLink]:
        """Those of the model's links with a pending suggestion at one end at least;
        the other end is a pending suggestion or the span accepting one made."""
        sg, view = self.window.suggestions, self.window.article

        def end(suggestion_id: int) -> Mark | None:
            found = sg.pending(suggestion_id)
            if found is not None:
                return view.mark_of(found.start, found.end, found.id, found.label)
            span_id = sg.accepted.get(suggestion_id)
            if span_id is None:
                return None
            mark = view.index.get(span_id)
            if mark is None:  # a span edit reaches the suggestions before the view
                span = self.session.span(span_id)
                mark = None if span is None else view.mark_of(span.start, span.end, span.id,
                                                              span.label)
            return mark

        links = []
        for rel in relations:
            if sg.pending(rel.head) is None and sg.pending(rel.child) is None:
                continue  # both accepted: the link is the annotator's now, or was removed
            head, child = end(rel.head), end(rel.child)
            if head is not None and child is not None:
                links.append((rel.id, rel.label, head, child))
        return links

    def on_suggestion_clicked(self, suggestion_id: int) -> None:
        if self.window.links.linking is None:
            self.select_suggestion(suggestion_id)

    def select_suggestion(self, suggestion_id: int | None) -> None:
        self.session.select(None)
        self.window.suggestions.select(suggestion_id)
        chosen = self.window.suggestions.current()
        if chosen is not None:
            self.window.article.reveal_range(chosen.start)
            self.window.show_message(f"{describe(chosen)} — Space accepts, X rejects, N next", 0)

    def _chosen_suggestion(self) -> Any:
        sg = self.window.suggestions
        if self.window.no_document():
            return None
        if sg.blind:
            self.window.show_message("Suggestions are hidden: this project is blind "
                                     "(Suggest › Blind Project).")
            return None
        chosen = sg.current()
        if chosen is None:
            self.window.show_message("No suggestion selected: N goes to the next one, or click one."
                                     if sg.items else "No suggestions left in this document.")
        return chosen

    def accept_suggestion(self) -> None:
        self._decide(accept=True)

    def reject_suggestion(self) -> None:
        self._decide(accept=False)

    def _decide(self, *, accept: bool) -> None:
        chosen = self._chosen_suggestion()
        if chosen is None:
            return
        if accept:
            clash = self.clash(chosen)
            if clash is not None:
                self.window.show_message(clash, 0)
                return
        if self.window.undo_stacks.push(DecideSuggestion(self.session, chosen, accept)):
            verb = "Accepted" if accept else "Rejected"
            self.window.show_message(f"{verb} {chosen.label} {quoted(chosen.text)}.", 3000)
            upcoming = self.window.suggestions.after(chosen)
            if upcoming is not None:
                self.select_suggestion(upcoming.id)

    def clash(self, found: StoredSuggestion) -> str | None:
        """Why a suggestion cannot be accepted, in words: one of the annotator's
        spans of its label already covers some of its words (spans of one label do
        not overlap); None when nothing stands in the way."""
        for start, end, _ident, label in self.session.span_rows():
            if label == found.label and start < found.end and found.start < end:
                doc = self.session.document
                mine = quoted(doc.text[start:end]) if doc is not None else ""
                same = (start, end) == (found.start, found.end)
                where = "the same words" if same else "some of the same words"
                return (f"Cannot accept: your {label} {mine} already covers {where}, and two "
                        f"{label} spans cannot overlap. Delete or resize yours first, or X "
                        "rejects the suggestion.")
        return None

    def accept_from_panel(self) -> None:
        self.accept_suggestion()
        self.window.article.setFocus()  # Space and X go on from the article

    def reject_from_panel(self) -> None:
        self.reject_suggestion()
        self.window.article.setFocus()

    def accept_label(self) -> None:
        chosen = self._chosen_suggestion()
        if chosen is not None:
            self._accept_many(chosen.label)

    def accept_all(self) -> None:
        if self.window.no_document():
            return
        if self.window.suggestions.blind:
            self._chosen_suggestion()
        elif not self.window.suggestions.items:
            self.window.show_message("No suggestions left in this document.")
        else:
            self._accept_many(None)

    def _accept_many(self, label: str | None) -> None:
        doc, identity = self.session.document_id, self.window.suggestions.identity
        if doc is None or identity is None:
            return
        command = AcceptSuggestions(self.session, doc, identity, label)
        if not self.window.undo_stacks.push(command) or command.batch is None:
            return
        skipped = command.batch.skipped
        text = f"Accepted {len(command.batch.decisions)} suggestion(s)"
        if skipped:
            text += (f"; {len(skipped)} left, they overlap your spans "
                     f"(first: {skipped[0][0].label} {quoted(skipped[0][0].text)})")
        self.window.show_message(text + ".", 0 if skipped else 4000)

    def next_suggestion(self) -> None:
        self._step_suggestion(True)

    def previous_suggestion(self) -> None:
        self._step_suggestion(False)

    def _step_suggestion(self, forward: bool) -> None:
        if self.window.no_document():
            return
        if self.window.suggestions.blind:
            self._chosen_suggestion()
            return
        found = self.window.suggestions.step(self.window.article.caret(), forward)
        if found is None:
            waiting = not self.window.suggestions.ready or self.window.suggestions.suggesting
            self.window.show_message("The model is still working on this document."
                                     if waiting else "No suggestions left in this document.")
            return
        self.select_suggestion(found.id)

    def toggle_blind(self) -> None:
        on = self.window.actions_by_name["blind"].isChecked()
        try:
            self.session.set_blind(on)
        except (DatelineError, OSError) as exc:
            self.session.report(exc)
            self._sync_blind_action()
            return
        self.window.suggestions.refresh()
        self.window.show_message("Suggestions are hidden in this project." if on
                                 else "Suggestions are shown.", 3000)

    def _sync_blind_action(self) -> None:
        self.window.actions_by_name["blind"].setChecked(self.window.suggestions.blind)

    def choose_model(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        names = installed_pipelines()
        current = self.window.suggestions.name
        if current and current not in names:
            names.insert(0, current)
        name, ok = QInputDialog.getItem(
            self.window, "Suggestion model", "spaCy pipeline: an installed name, or a folder path",
            names, names.index(current) if current in names else 0, True)
        if ok and name.strip():
            self.set_model(name.strip())

    def set_model(self, name: str) -> bool:
        """Suggest with another pipeline from now on (the project's `model` setting)."""
        from annotations.suggest.model import installed

        if not installed(name):
            self.window.show_message(f"No spaCy pipeline {name!r}: install it or give a pipeline "
                                     f"folder (installed: {', '.join(installed_pipelines())}).", 0)
            return False
        try:
            self.window.suggestions.set_model(name)
        except (DatelineError, OSError) as exc:
            self.session.report(exc)
            return False
        self.show_model_state()
        return True
