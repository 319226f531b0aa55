"""Time spent per document, counted only while the window is active and the
annotator acts.

Each key press, click or wheel turn counts the time since the previous one,
up to `IDLE_SECONDS` (so reading between two edits counts, a coffee break
does not). Time goes to the project file every `FLUSH_SECONDS`, when
another document opens, when the window loses focus and when it closes.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer

from app.session import Session

IDLE_SECONDS = 120.0
FLUSH_SECONDS = 30.0
_ACTIVE_EVENTS = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.Wheel,
}


class ActivityClock(QObject):
    """Counts active seconds for the open document and records them."""

    def __init__(self, session: Session, clock: Callable[[], float] = time.monotonic,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.clock = clock
        self.active = True
        self._document: int | None = None
        self._last: float | None = None
        self._pending = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(int(FLUSH_SECONDS * 1000))
        self._timer.timeout.connect(self.flush)
        self._timer.start()
        session.document_opened.connect(self._on_document)
        session.project_opened.connect(self._on_project)

    @property
    def pending(self) -> float:
        return self._pending

    def acted(self) -> None:
        """The annotator did something: count the time since the last action."""
        if not self.active or self._document is None:
            self._last = None
            return
        now = self.clock()
        if self._last is not None:
            self._pending += min(IDLE_SECONDS, max(0.0, now - self._last))
        self._last = now

    def set_active(self, active: bool) -> None:
        """The window gained or lost focus; time away is never counted."""
        if not active:
            self.flush()
            self._last = None
        self.active = active

    def flush(self) -> None:
        """Record the counted time for the document it was spent on."""
        if self._document is not None and self._pending > 0:
            seconds, self._pending = self._pending, 0.0
            self.session.add_time(self._document, seconds)

    def _on_document(self, document_id: int) -> None:
        if document_id != self._document:
            self.flush()
            self._document = document_id
            self._last = None

    def _on_project(self) -> None:
        self._pending = 0.0
        self._document = None
        self._last = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVE_EVENTS:
            self.acted()
        return False
