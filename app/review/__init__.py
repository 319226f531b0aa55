"""The review window: compare annotators, adjudicate gold (app/review/window.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.review.window import ReviewWindow
    from app.window import MainWindow


def open_review(window: MainWindow) -> ReviewWindow:
    """Show the review window of a main window (one per main window), on its
    session, with gold edits on the main window's per-document undo stacks."""
    from app.review.window import ReviewWindow

    review = window.findChild(ReviewWindow, "review")
    if review is None:
        review = ReviewWindow(window.session, window.styles, window.undo_stacks.stack_for,
                              parent=window)
        review.compare()
    review.show()
    review.raise_()
    review.activateWindow()
    return review
