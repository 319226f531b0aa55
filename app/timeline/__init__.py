"""View › Story Timeline (app/timeline/window.py): every event of the project's documents on
one time axis."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.timeline.window import TimelineWindow
    from app.window import MainWindow


def open_timeline(window: MainWindow) -> TimelineWindow:
    """Show the timeline window of a main window (one per main window); a click on a mention
    opens its document there with the span selected."""
    from app.timeline.window import TimelineWindow

    timeline = window.findChild(TimelineWindow, "timeline")
    if timeline is None:
        timeline = TimelineWindow(window.session, lambda doc, span: _open_span(window, doc, span),
                                  parent=window)
        timeline.refresh(keep_view=False)
    timeline.show()
    timeline.raise_()
    timeline.activateWindow()
    return timeline


def _open_span(window: MainWindow, document_id: int, span_id: int) -> None:
    if window.session.document_id != document_id:
        window.open_document(document_id)
    window.tagging.follow(span_id)
    window.activateWindow()
