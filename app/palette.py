"""The legend above the article: one button per span label and relation
label, in the label's colour with its key, that tags or links like the key;
and the second cue each label gets besides its colour (an underline style)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFrame, QHBoxLayout, QToolButton, QWidget

from app.docpanel import ElidedLabel

IDLE_HINT = "Select words, press a key · click a span · Tab: next span"

UNDERLINES: tuple[Qt.PenStyle, ...] = (
    Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine, Qt.PenStyle.DotLine,
    Qt.PenStyle.DashDotLine, Qt.PenStyle.DashDotDotLine,
)
"""Labels are told apart by more than colour: each span is underlined in its
label's own line style (in schema order; a sixth label takes the first again)."""


def underlines(labels: Iterable[str]) -> dict[str, Qt.PenStyle]:
    """Each label's underline style, by its place in the schema."""
    return {name: UNDERLINES[i % len(UNDERLINES)] for i, name in enumerate(labels)}


class LabelPalette(QFrame):
    """Buttons for the label actions, then the relation actions, then a hint."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(8, 2, 8, 4)
        self._layout.setSpacing(4)
        # The hint gives way (shortened with …) before the buttons do.
        self.hint = ElidedLabel()
        self.hint.setEnabled(False)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.buttons: list[QToolButton] = []

    def set_actions(self, labels: list[QAction], relations: list[QAction]) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None and widget is not self.hint:
                widget.deleteLater()
        self.buttons = []
        for group, actions in enumerate((labels, relations)):
            if group and actions:
                self._layout.addSpacing(10)
            for action in actions:
                button = QToolButton()
                button.setDefaultAction(action)
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
                button.setAutoRaise(True)
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                self._layout.addWidget(button)
                self.buttons.append(button)
        self._layout.addWidget(self.hint, 1)

    def set_hint(self, text: str) -> None:
        self.hint.set_full_text(text)
