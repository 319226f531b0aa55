"""Linking: a relation key picks the head (the selected span), then a click,
or Tab and Enter, picks the child among the spans the relation allows.

The controller holds the link in progress; the window forwards clicks and
Tab to it while one is under way."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt

from annotations.errors import DatelineError, ValidationError
from app.article import CANDIDATES, OutlineStyle
from app.commands import AddRelation, DecideSuggestion, DeleteRelation, quoted
from app.palette import IDLE_HINT

if TYPE_CHECKING:
    from annotations.store.suggestions import StoredSuggestion
    from app.window import MainWindow


class LinkController(QObject):
    """The relation being drawn and the span it would go to."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.linking: tuple[str, int] | None = None  # (relation, head span id; 0: a suggestion)
        self.from_suggestion: StoredSuggestion | None = None  # the head, when a suggestion
        self.link_target: int | None = None

    def start_link(self, name: str) -> None:
        """A relation key: link the selected span (the head) to a span picked next."""
        spec = self.session.schema.relation(name)
        head = self.window.tagging.selected_span()
        if spec is None:
            return
        heads, children = "/".join(spec.heads), "/".join(spec.children)
        # A selected suggestion can be the head: it is accepted when the link is made.
        found = self.window.suggestions.current() if head is None else None
        if head is None and found is None:
            self.window.show_message(f"Select a {heads} span first, then press "
                                     f"{spec.key.upper() or name} to link it to a {children}.")
            return
        shown = head if head is not None else found
        assert shown is not None
        label, text = shown.label, shown.text
        if label not in spec.heads:
            what = "span" if head is not None else "suggestion"
            self.window.show_message(f"Refused: {name} goes from {heads} to {children}, and the "
                                     f"selected {what} is {label}.")
            return
        clash = None if found is None else self.window.suggesting.clash(found)
        if clash is not None:
            self.window.show_message(clash, 0)
            return
        head_id = head.id if head is not None else 0
        candidates = [m for m in self.window.article.index.marks()
                      if m.label in spec.children and m.id != head_id]
        if not candidates:
            self.window.show_message(
                f"No {children} span in this document to link to: tag it first.")
            return
        self.linking = (name, head_id)
        self.from_suggestion = found
        self.link_target = None
        self.window.article.set_layer(CANDIDATES, candidates,
                                      OutlineStyle(Qt.PenStyle.DotLine, 1.5))
        accepting = " (accepting the suggestion)" if found is not None else ""
        hint = (f"{name} from {quoted(text)}{accepting}: click the {children} (Tab steps "
                "through them, Enter links, Esc cancels).")
        self.window.palette_bar.set_hint(f"Linking {name}: click the {children}")
        self.window.show_message(hint, 0)

    def step_target(self, step: int) -> None:
        assert self.linking is not None
        name, head = self.linking
        spec = self.session.schema.relation(name)
        if spec is None:
            return
        candidates = [m for m in self.window.article.index.marks()
                      if m.label in spec.children and m.id != head]
        if not candidates:
            return
        ids = [m.id for m in candidates]
        if self.link_target in ids:
            at = (ids.index(self.link_target) + step) % len(ids)
        else:
            head_mark = self.window.article.index.get(head)
            after = [i for i, m in enumerate(candidates)
                     if head_mark is None or m.start >= head_mark.start]
            at = after[0] if after and step > 0 else (len(ids) - 1 if step < 0 else 0)
        self.link_target = ids[at]
        self.window.article.set_layer("target", [candidates[at]], OutlineStyle(width=3.0))
        self.window.article.reveal(self.link_target)
        span = self.session.span(self.link_target)
        if span is not None:
            self.window.show_message(f"{name} to {span.label} {quoted(span.text)}? Enter links it, "
                                     "Tab goes on, Esc cancels.", 0)

    def confirm_link(self) -> None:
        if self.linking is not None and self.link_target is not None:
            self.finish_link(self.link_target)

    def finish_link(self, child: int) -> None:
        assert self.linking is not None
        name, head = self.linking
        if self.from_suggestion is not None:
            self._accept_and_link(self.from_suggestion, name, child)
            return
        try:
            self.session.check_relation(name, head, child)
        except (ValidationError, DatelineError) as exc:
            self.window.show_message(f"Refused: {exc}")
            return
        doc = self.session.document_id
        assert doc is not None
        self.cancel_link(quiet=True)
        if self.window.undo_stacks.push(AddRelation(self.session, doc, name, head, child)):
            self.session.select(head)
            self.window.show_message(f"Linked {name}.", 3000)

    def _accept_and_link(self, found: StoredSuggestion, name: str, child: int) -> None:
        """Accept the suggestion the link starts from and link its span: one undo step."""
        spec = self.session.schema.relation(name)
        target = self.session.span(child)
        if spec is None or target is None or target.label not in spec.children:
            self.window.show_message(f"Refused: {name} goes to {'/'.join(spec.children)}."
                                     if spec is not None else "Refused.")
            return
        doc = self.session.document_id
        assert doc is not None
        self.cancel_link(quiet=True)
        stacks = self.window.undo_stacks
        stack = stacks.stack_for(doc)
        stack.beginMacro(f"Accept suggested {found.label} {quoted(found.text)} and link {name}")
        try:
            accept = DecideSuggestion(self.session, found, True)
            decision = accept.decision if stacks.push(accept) else None
            made = None if decision is None else decision.span
            if made is not None and decision is not None and not any(
                    r.label == name and r.child == child for r in decision.relations):
                stacks.push(AddRelation(self.session, doc, name, made.id, child))
        finally:
            stack.endMacro()
        if made is not None:
            self.session.select(made.id)
            self.window.show_message(f"Accepted {found.label} {quoted(found.text)} and linked "
                                     f"{name} to {quoted(target.text)}.", 4000)

    def cancel_link(self, *, quiet: bool = False) -> None:
        if self.linking is None:
            return
        self.linking = None
        self.from_suggestion = None
        self.link_target = None
        self.window.article.clear_layer(CANDIDATES)
        self.window.article.clear_layer("target")
        self.window.palette_bar.set_hint(IDLE_HINT)
        self.window.statusBar().clearMessage()
        if not quiet:
            self.window.show_message("Linking cancelled.", 3000)

    def unlink(self, relation_id: int) -> None:
        rel = next((r for r in self.session.relations if r.id == relation_id), None)
        if rel is not None:
            self.window.undo_stacks.push(DeleteRelation(self.session, rel))
