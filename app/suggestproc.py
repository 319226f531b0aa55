"""The suggester's child process, seen from the window.

`SuggesterProcess` starts `python -m annotations.suggest.child` with a
QProcess, writes it one line per document to suggest and turns the lines it
answers into signals (the protocol is in annotations/suggest/child.py). Qt
reads the child's answers in the window's event loop: no thread of the
window's waits on it, and the window never holds the model.

Stopping: a child that is idle is told the requests are over and ends by
itself; one that is loading or parsing is killed (a document it was storing
rolls back). Either way `stop()` waits until the child has ended and been
reaped, so closing the window leaves no process behind.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QProcess, Signal

CHILD_MODULE = "annotations.suggest.child"
QUIT_WAIT_MS = 3000


class SuggesterProcess(QObject):
    """One child process: one project, one model, documents suggested one at a time."""

    loading = Signal(str)  # the model's name
    ready = Signal(str)  # its identity (name@version)
    failed = Signal(str)  # the model cannot be loaded, or the child ended unasked
    suggested = Signal(int)  # a document's suggestions are stored
    suggest_failed = Signal(int, str)  # a document could not be suggested, and why

    def __init__(self, path: Path, model: str, actor: str | None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.is_ready = False
        self.pending: list[int] = []  # asked and not answered, oldest first
        self._stopping = False
        self._ended = False
        self.process = QProcess(self)
        self.process.setProcessChannelMode(QProcess.ProcessChannelMode.ForwardedErrorChannel)
        self.process.readyReadStandardOutput.connect(self._read)
        self.process.finished.connect(self._finished)
        self.process.errorOccurred.connect(self._error)
        arguments = ["-m", CHILD_MODULE, str(path), "--model", model]
        if actor:
            arguments += ["--actor", actor]
        self.process.start(sys.executable, arguments)

    @property
    def pid(self) -> int:
        return int(self.process.processId())

    @property
    def running(self) -> bool:
        return self.process.state() != QProcess.ProcessState.NotRunning

    @property
    def busy(self) -> bool:
        return bool(self.pending)

    def suggest(self, document_id: int) -> None:
        """Ask for a document's suggestions (answered by `suggested` or `suggest_failed`)."""
        self.pending.append(document_id)
        self.process.write(json.dumps({"suggest": document_id}).encode() + b"\n")

    def stop(self) -> None:
        """End the child and wait until it has: idle, it quits; working, it is killed."""
        self._stopping = True
        if not self.running:
            return
        if self.is_ready and not self.pending:
            self.process.closeWriteChannel()
            if self.process.waitForFinished(QUIT_WAIT_MS):
                return
        self.process.kill()
        self.process.waitForFinished(QUIT_WAIT_MS)

    def _read(self) -> None:
        while self.process.canReadLine():
            line = bytes(self.process.readLine().data()).decode("utf-8", "replace").strip()
            if not line:
                continue
            try:
                message: dict[str, Any] = json.loads(line)
            except ValueError:
                continue  # not the protocol's: nothing to act on
            self._dispatch(message)

    def _dispatch(self, message: dict[str, Any]) -> None:
        event = message.get("event")
        if event == "loading":
            self.loading.emit(str(message.get("model", self.model)))
        elif event == "ready":
            self.is_ready = True
            self.ready.emit(str(message["identity"]))
        elif event == "failed":
            self._ended = True
            self.failed.emit(str(message.get("error", "the model could not be loaded")))
        elif event in ("suggested", "suggest_failed"):
            document = int(message["document"])
            if document in self.pending:
                self.pending.remove(document)
            if event == "suggested":
                self.suggested.emit(document)
            else:
                self.suggest_failed.emit(document, str(message.get("error", "")))

    def _finished(self, code: int, _status: QProcess.ExitStatus) -> None:
        self._read()  # what it said last
        if not self._stopping and not self._ended:
            self._ended = True
            self.failed.emit(f"the suggester stopped (exit code {code})")

    def _error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart and not self._ended:
            self._ended = True
            self.failed.emit(f"the suggester could not start: {self.process.errorString()}")
