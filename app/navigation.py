"""Moving between documents and keeping each one's own fields: next and
previous in the list, the next one not done, Mark Done, the note and the
document date (each an undoable command), and the list's filter and tally."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from app.commands import SetDate, SetNote, SetStatus

if TYPE_CHECKING:
    from app.window import MainWindow


class DocumentController(QObject):
    """The open document's place in the list, its status, note and date."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session

    def on_document_changed(self, document_id: int) -> None:
        if document_id == self.session.document_id:
            self.sync_done_action()

    def sync_done_action(self) -> None:
        done = self.session.document_id is not None and self.session.status().status == "done"
        self.window.actions_by_name["mark_done"].setChecked(done)

    def _neighbour(self, step: int) -> int | None:
        return self.window.documents.neighbour(self.session.document_id, step)

    def next_document(self) -> None:
        ident = self._neighbour(1)
        if ident is None:
            self.window.show_message("This is the last document in the list.")
        else:
            self.window.open_document(ident)

    def previous_document(self) -> None:
        ident = self._neighbour(-1)
        if ident is None:
            self.window.show_message("This is the first document in the list.")
        else:
            self.window.open_document(ident)

    def next_not_done(self) -> bool:
        found = self.window.documents.model.next_not_done(self.session.document_id)
        if found is not None:
            self.window.open_document(found)
            return True
        self.window.show_message("Every other document is done.")
        return False

    def toggle_done(self) -> None:
        doc = self.session.document_id
        if doc is None:
            self.sync_done_action()
            self.window.no_document()
            return
        before = self.session.status().status
        after = "in_progress" if before == "done" else "done"
        if self.window.undo_stacks.push(SetStatus(self.session, doc, before, after)):
            self.window.show_message(self._done_text(after), 4000)
        self.sync_done_action()

    def _done_text(self, status: str) -> str:
        """"Marked done (3 of 5)": the new status with the project's tally."""
        model = self.window.documents.model
        done, total = model.done_count(), model.total()
        if status == "done":
            return f"Marked done ({done} of {total})."
        return f"Marked {status.replace('_', ' ')} ({done} of {total} done)."

    def done_and_next(self) -> None:
        doc = self.session.document_id
        if doc is None:
            self.window.no_document()
            return
        before = self.session.status().status
        done = SetStatus(self.session, doc, before, "done")
        if before != "done" and not self.window.undo_stacks.push(done):
            return
        self.next_not_done()

    def find_document(self) -> None:
        self.window.actions_by_name["show_documents"].setChecked(True)
        self.window.documents.setVisible(True)
        self.window.documents.focus_search()

    def save_filter(self) -> None:
        self.window.settings.status_filter = self.window.documents.status_filter

    def on_progress(self, done: int, total: int) -> None:
        self.window.progress.setMaximum(max(total, 1))
        self.window.progress.setValue(done)
        self.window.progress.setFormat(f"{done} / {total} done")

    def edit_note(self) -> None:
        if self.window.no_document():
            return
        self.window.actions_by_name["show_side"].setChecked(True)
        self.window.side.setVisible(True)
        self.window.document_panel.focus_note()

    def edit_date(self) -> None:
        if self.window.no_document():
            return
        self.window.header.focus_date()

    def set_note(self, document_id: int, note: str) -> None:
        before = self.session.status(document_id).note
        if before != note:
            self.window.undo_stacks.push(SetNote(self.session, document_id, before, note))

    def set_date(self, value: str | None) -> None:
        doc = self.session.document
        if doc is not None and doc.date != value:
            self.window.undo_stacks.push(SetDate(self.session, doc.id, doc.date, value))
            self.window.article.setFocus()
