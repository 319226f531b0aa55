"""Tagging: a label key tags the selected words (or relabels the selected
span), attributes and Delete edit the selected span, Tab steps through the
spans, and clicks select them; every edit is an undoable command."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from annotations import text as textutil
from annotations.errors import AttributeValueError, ValidationError
from annotations.model import Span
from annotations.schema import carried_attrs, default_attrs
from app.article import SUGGESTIONS
from app.commands import AddSpan, DeleteSpan, UpdateSpan, quoted
from app.datevalues import DateValueController
from app.session import SpanValues

if TYPE_CHECKING:
    from app.window import MainWindow


class TagController(QObject):
    """Keys and clicks on spans: tag, relabel, edit attributes, delete, select."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.date_values = DateValueController(window)

    def tag(self, label: str) -> None:
        """A label key: tag the text selection, or relabel the selected span."""
        self.window.links.cancel_link(quiet=True)
        doc = self.session.document
        if doc is None:
            self.window.no_document()
            return
        selected = self.window.article.selected_range()
        if selected is not None:
            self._tag_range(label, *selected)
        elif self.session.selected is not None:
            self.relabel(label)
        else:
            self.window.show_message(f"Select some words first (drag, double-click or "
                                     f"Shift+arrows), "
                              f"then press the key for {label}.")

    def _tag_range(self, label: str, start: int, end: int) -> None:
        doc = self.session.document
        spec = self.session.schema.label(label)
        if doc is None or spec is None:
            return
        start, end = textutil.snap(doc.text, start, end)
        if start == end:
            self.window.show_message(
                "Nothing to tag: the selection holds only spaces and punctuation.")
            return
        attrs = default_attrs(spec, doc.text, start)
        computed = self._computed(label, start, end, attrs)
        attrs.update(computed)
        try:
            self.session.check_span(label, start, end, attrs)
        except ValidationError as exc:
            self.window.show_message(str(exc))
            return
        values = SpanValues(label, start, end, attrs)
        sg, view = self.window.suggestions, self.window.article
        # Only where a shown suggestion of the label overlaps can the span resolve one
        # (blind: nobody saw a suggestion to match); else the plain, cheaper write.
        near = view.layer_overlapping(SUGGESTIONS, view.offsets.to_view(start),
                                      view.offsets.to_view(end))
        shown = not sg.blind and any(mark.label == label for mark in near)
        model = sg.identity if shown else None
        command = AddSpan(self.session, doc.id, values, doc.text[start:end], model)
        if self.window.undo_stacks.push(command):
            if computed and command.span_id is not None:
                self.date_values.record(doc.id, {command.span_id: computed.get("value")})
            self.window.article.clear_text_selection()
            resolved = " (the suggestion there is taken as accepted)" if command.decision else ""
            self.window.show_message(f"Tagged {quoted(doc.text[start:end])} as {label}"
                                     f"{resolved}.", 3000)

    def relabel(self, label: str) -> None:
        span = self.selected_span()
        spec = self.session.schema.label(label)
        doc = self.session.document
        if span is None or spec is None or doc is None:
            return
        if span.label == label:
            self.window.show_message(f"The span is already {label}.", 3000)
            return
        attrs = carried_attrs(spec, span.attrs, doc.text, span.start)
        computed = {} if "value" in attrs else self._computed(label, span.start, span.end, attrs)
        attrs.update(computed)
        try:
            self.session.check_span(label, span.start, span.end, attrs, ignore=span.id)
        except ValidationError as exc:
            self.window.show_message(str(exc))
            return
        after = SpanValues(label, span.start, span.end, attrs)
        if self.window.undo_stacks.push(UpdateSpan(self.session, span, after,
                                                   f"Relabel {quoted(span.text)} as {label}")) \
                and computed:
            self.date_values.record(doc.id, {span.id: computed.get("value")})

    def _computed(self, label: str, start: int, end: int,
                  attrs: dict[str, Any]) -> dict[str, str]:
        """The normaliser's type and value for a DATE made by hand (empty for other
        labels, or where this project's schema would not take them)."""
        computed = self.date_values.attrs(label, start, end)
        try:
            self.session.schema.check_attrs(label, {**attrs, **computed})
        except AttributeValueError:
            return {}
        return computed

    def set_attributes(self, attrs: dict[str, Any]) -> None:
        span = self.selected_span()
        if span is None:
            return
        try:
            self.session.check_span(span.label, span.start, span.end, attrs, ignore=span.id)
        except ValidationError as exc:
            self.window.show_message(str(exc))
            return
        changed = ", ".join(f"{k}={attrs.get(k)}" for k in sorted(set(attrs) | set(span.attrs))
                            if attrs.get(k) != span.attrs.get(k))
        after = SpanValues(span.label, span.start, span.end, attrs)
        self.window.undo_stacks.push(
            UpdateSpan(self.session, span, after, f"Set {span.label} {changed}"))

    def delete_selected(self) -> None:
        if self.window.links.linking is not None:
            self.window.links.cancel_link()
            return
        span = self.selected_span()
        if span is None:
            self.window.show_message("Click a span first, then press Delete.")
            return
        command = DeleteSpan(self.session, span)
        if self.window.undo_stacks.push(command) and command.deleted is not None:
            links = len(command.deleted.relations)
            also = f" and {links} link{'s' if links != 1 else ''}" if links else ""
            self.window.show_message(f"Deleted {span.label} {quoted(span.text)}{also} "
                                     "(Ctrl+Z brings it back).", 4000)

    def selected_span(self) -> Span | None:
        selected = self.session.selected
        return None if selected is None else self.session.span(selected)

    def edit_attributes(self) -> None:
        if self.session.selected is None:
            self.window.show_message("Click a span first to edit its attributes.")
        elif not self.window.span_panel.focus_first_attribute():
            self.window.show_message("This label has no attributes.")

    def next_span(self) -> None:
        self._step_span(1)

    def previous_span(self) -> None:
        self._step_span(-1)

    def _step_span(self, step: int) -> None:
        if self.window.links.linking is not None:
            self.window.links.step_target(step)
            return
        if self.window.no_document():
            return
        caret = self.window.article.textCursor().position()
        mark = self.window.article.index.after(self.session.selected, caret, step)
        if mark is None:
            self.window.show_message("No spans in this document yet.", 3000)
            return
        self.session.select(mark.id)
        self.window.article.reveal(mark.id)

    def on_span_clicked(self, span_id: int) -> None:
        if self.window.links.linking is not None:
            self.window.links.finish_link(span_id)
        else:
            self.session.select(span_id)

    def on_empty_clicked(self) -> None:
        if self.window.links.linking is None:
            self.session.select(None)
            self.window.suggestions.select(None)

    def on_selection(self, span_id: int) -> None:
        self.window.actions_by_name["delete_span"].setEnabled(bool(span_id))
        if span_id:
            self.window.suggestions.select(None)

    def follow(self, span_id: int) -> None:
        """Go to a relation partner: select it and scroll to it."""
        self.session.select(span_id)
        self.window.article.reveal(span_id)
        self.window.article.setFocus()

    def cancel(self) -> None:
        if self.window.links.linking is not None:
            self.window.links.cancel_link()
        elif self.session.selected is not None:
            self.session.select(None)
        elif self.window.suggestions.selected is not None:
            self.window.suggestions.select(None)
        else:
            self.window.article.clear_text_selection()
