"""Per-document undo: one QUndoStack per document in a group whose active
stack follows the open document, and, once this session's commands are used
up, the annotator's earlier edits of the document read from the edit log."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoGroup, QUndoStack

from app.session import EDIT_ERRORS

if TYPE_CHECKING:
    from app.window import MainWindow

#: What reading the edit log back into undo steps can raise (a row it cannot take back).
LOG_ERRORS: tuple[type[Exception], ...] = (*EDIT_ERRORS, ValueError, TypeError, KeyError)


class UndoStacks(QObject):
    """Each document's undo history and the Undo and Redo actions' state."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.undo_group = QUndoGroup(self)
        self.stacks: dict[int, QUndoStack] = {}
        self.seeded: set[int] = set()
        self.last_status: Any = None  # the last edit, when it was a status change
        self.undone_status: Any = None  # that change, once Undo took it back
        self.landing: int | None = None  # the document opened next, where Undo takes it back
        self.session.document_opened.connect(self._on_document_opened)

    def stack_for(self, document_id: int) -> QUndoStack:
        """Each document has its own undo history."""
        stack = self.stacks.get(document_id)
        if stack is None:
            stack = QUndoStack(self.undo_group)
            self.stacks[document_id] = stack
        return stack

    def _earlier_reachable(self) -> bool:
        """Can undo go on into this annotator's earlier sessions on this document?"""
        doc = self.session.document_id
        if doc is None or doc in self.seeded or self.stack_for(doc).canUndo():
            return False
        try:
            return self.session.has_logged_edits(doc)
        except EDIT_ERRORS:
            return False

    def _seed_history(self, document_id: int) -> bool:
        """Put this annotator's earlier edits of the document (from the edit log)
        under the undo stack, once, when undo has nothing left of this session.
        Commands this session undid are dropped first: the log has both them
        and their undo, which cancel out. False when there was nothing earlier."""
        from app.history import earlier_steps

        self.seeded.add(document_id)
        try:
            steps = earlier_steps(self.session, document_id)
        except LOG_ERRORS as exc:
            self.window.show_message(f"The earlier edits of this document cannot be undone: {exc}")
            return False
        if not steps:
            return False
        stack = self.stack_for(document_id)
        stack.clear()
        for step in steps:
            stack.push(step)
        return True

    def sync_undo(self, *_args: Any) -> None:
        undo, redo = self.window.actions_by_name["undo"], self.window.actions_by_name["redo"]
        status = self._status_elsewhere(undone=False)
        if status is not None:
            undo.setEnabled(True)
            undo.setText(f"&Undo {status.text()} (previous document)")
            return
        undone = self._status_elsewhere(undone=True)
        if undone is not None:
            redo.setEnabled(True)
            redo.setText(f"&Redo {undone.text()} (previous document)")
        earlier = self._earlier_reachable()
        undo.setEnabled(self.undo_group.canUndo() or earlier)
        undo.setText(f"&Undo {self.undo_group.undoText()}" if self.undo_group.canUndo()
                     else "&Undo (earlier session)" if earlier else "&Undo")

    def push(self, command: Any) -> bool:
        """Push a command on its document's stack; False when its write failed.

        A status change (Mark Done) is also remembered as the window's last
        edit: from the next document (where Ctrl+Return lands), Undo takes it
        back until some other edit is made."""
        from app.commands import SetStatus

        self.stack_for(command.document_id).push(command)
        self.last_status = command if isinstance(command, SetStatus) and not command.failed \
            else None
        self.undone_status, self.landing = None, None
        self.sync_undo()
        return not command.failed

    def _on_document_opened(self, document_id: int) -> None:
        """A status change stays undoable from the document opened right after it
        (where Ctrl+Return lands); going on elsewhere leaves it to its own document."""
        command = self.last_status or self.undone_status
        if command is None:
            return
        if self.landing is None and document_id != command.document_id:
            self.landing = document_id
        elif document_id != self.landing:
            self.last_status = self.undone_status = None

    def _status_elsewhere(self, undone: bool) -> Any:
        """The status change of another document that Undo (or, once undone, Redo)
        would take back here: the window's last edit, when it was one."""
        command = self.undone_status if undone else self.last_status
        current = self.session.document_id
        if command is None or current is None or current != self.landing:
            return None
        stack = self.stacks.get(command.document_id)
        at = stack.index() if stack is not None else -1
        expected = at if undone else at - 1  # it is still that stack's next step
        if stack is None or expected < 0 or stack.command(expected) is not command:
            return None
        return command

    def _step_elsewhere(self, undo: bool) -> bool:
        """Undo (or redo) the last status change of another document; True if done."""
        command = self._status_elsewhere(undone=not undo)
        if command is None:
            return False
        stack = self.stacks[command.document_id]
        title = self.window.documents.title_of(command.document_id)
        (stack.undo if undo else stack.redo)()
        if command.failed:
            return True
        verb = "Undid" if undo else "Redid"
        self.window.show_message(f"{verb}: {command.text()} ({title})", 4000)
        self.last_status, self.undone_status = (None, command) if undo else (command, None)
        self.sync_undo()
        return True

    def undo(self) -> None:
        self.window.links.cancel_link(quiet=True)
        self.window.document_panel.flush()
        if self._step_elsewhere(undo=True):
            return
        self.last_status = self.undone_status = None
        doc = self.session.document_id
        if self._earlier_reachable() and doc is not None and not self._seed_history(doc):
            self.window.show_message("Nothing earlier to undo in this document.")
            self.sync_undo()
            return
        self._step_history("Undid", self.undo_group.undoText(), self.undo_group.undo)

    def redo(self) -> None:
        self.window.links.cancel_link(quiet=True)
        if self._step_elsewhere(undo=False):
            return
        self.last_status = self.undone_status = None
        self._step_history("Redid", self.undo_group.redoText(), self.undo_group.redo)

    def _step_history(self, verb: str, text: str, step: Any) -> None:
        """Undo or redo one command and say which, unless its write failed
        (then the error was shown instead)."""
        stack = self.undo_group.activeStack()
        if stack is None or not text:
            self.window.show_message("Nothing to undo." if verb == "Undid" else "Nothing to redo.")
            return
        at = stack.index() - 1 if verb == "Undid" else stack.index()
        command = stack.command(at)
        step()
        if not getattr(command, "failed", False):
            self.window.show_message(f"{verb}: {text}", 4000)

    def on_undo_text(self, _text: str) -> None:
        self.sync_undo()

    def on_redo_text(self, text: str) -> None:
        self.window.actions_by_name["redo"].setText(f"&Redo {text}" if text else "&Redo")

    def drop_stacks(self) -> None:
        for stack in self.stacks.values():
            self.undo_group.removeStack(stack)
            stack.deleteLater()
        self.stacks.clear()
        self.seeded.clear()
        self.last_status = self.undone_status = None
