"""DATE values for hand-made spans: the product's normaliser fills `type` and
`value` of each DATE the annotator tags (against the document date, from the
expression's words: the window's model lives in the suggestion child process,
so no parse is at hand here), and remembers which values it computed, so
that a new document date can offer to recompute those and never the ones the
annotator typed.

What was computed is kept in the project file, per document, as a project
setting {span id: value}: a span's value counts as computed while it still
equals what was computed (an overwrite makes it the annotator's).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

from annotations.model import Span
from annotations.suggest.datevalue import LABEL, date_value
from app.commands import UpdateSpan
from app.session import EDIT_ERRORS, SpanValues

if TYPE_CHECKING:
    from app.window import MainWindow

SETTING = "computed_date_values"


def setting_key(document_id: int) -> str:
    return f"{SETTING}.{document_id}"


class DateValueController(QObject):
    """Computes hand-made DATE values and offers to recompute them after a date change."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.offer: QMessageBox | None = None
        self.session.date_changed.connect(self.on_date_changed)

    # --- computing ---------------------------------------------------------------------

    def attrs(self, label: str, start: int, end: int) -> dict[str, str]:
        """The computed type and value of a DATE at start-end of the open document;
        empty for other labels."""
        doc = self.session.document
        if label != LABEL or doc is None:
            return {}
        return date_value(doc.text, start, end, doc.date)

    # --- what was computed -----------------------------------------------------------------

    def computed(self, document_id: int) -> dict[int, str | None]:
        """{span id: value (None: none could be given)} of the values computed in a document."""
        stored = self.session.project.setting(setting_key(document_id), {})
        if not isinstance(stored, dict):
            return {}
        return {int(k): None if v is None else str(v) for k, v in stored.items()}

    def record(self, document_id: int, values: dict[int, str | None]) -> None:
        """Remember that these spans' values were computed (a failure is reported)."""
        try:
            known = self.computed(document_id)
            known.update(values)
            self.session.project.set_setting(setting_key(document_id),
                                             {str(k): v for k, v in sorted(known.items())})
        except EDIT_ERRORS as exc:
            self.session.report(exc)

    # --- a new document date -------------------------------------------------------------

    def stale(self, document_id: int) -> list[tuple[Span, dict[str, Any]]]:
        """The annotator's DATE spans whose computed value the new document date
        changes, each with its recomputed attributes."""
        computed = self.computed(document_id)
        if not computed:
            return []
        changes = []
        for span in self.session.project.spans(document_id, self.session.annotator):
            if span.label != LABEL or span.id not in computed \
                    or computed[span.id] != span.attrs.get("value"):
                continue  # typed (or overwritten) by the annotator: theirs
            fresh = self.attrs(LABEL, span.start, span.end)
            after = {k: v for k, v in span.attrs.items() if k not in ("type", "value")}
            after.update(fresh)
            if after != span.attrs:
                changes.append((span, after))
        return changes

    def on_date_changed(self, document_id: int) -> None:
        if document_id != self.session.document_id:
            return
        try:
            changes = self.stale(document_id)
        except EDIT_ERRORS as exc:
            self.session.report(exc)
            return
        if not changes:
            return
        date = self.session.document.date if self.session.document else None
        n = len(changes)
        box = QMessageBox(
            QMessageBox.Icon.Question, "Recompute DATE values",
            f"The document date is now {date or 'unset'}. Recompute the {n} DATE "
            f"value{'s' if n != 1 else ''} worked out against the old date?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self.window)
        box.setInformativeText("Values you typed stay as they are. Ctrl+Z undoes the "
                               "recomputing.")
        box.button(QMessageBox.StandardButton.Yes).clicked.connect(
            lambda: self.recompute(document_id, changes))
        box.finished.connect(box.deleteLater)
        self.offer = box
        box.open()

    def recompute(self, document_id: int, changes: list[tuple[Span, dict[str, Any]]]) -> None:
        """Set the recomputed values, one undo step."""
        stacks = self.window.undo_stacks
        stack = stacks.stack_for(document_id)
        stack.beginMacro(f"Recompute {len(changes)} DATE value(s)")
        done: dict[int, str | None] = {}
        try:
            for span, after in changes:
                values = SpanValues(span.label, span.start, span.end, after)
                if stacks.push(UpdateSpan(self.session, span, values,
                                          f"Recompute DATE {after.get('value', '')}")):
                    done[span.id] = after.get("value")
        finally:
            stack.endMacro()
        self.record(document_id, done)
        self.window.show_message(f"Recomputed {len(done)} DATE value(s) for the new document "
                                 "date (Ctrl+Z undoes it).", 4000)
