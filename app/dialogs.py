"""Small dialogs: the annotator's name and the keyboard-shortcut sheet."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)


class AnnotatorDialog(QDialog):
    """Asks for the name the annotator's work is stored under."""

    def __init__(self, current: str, parent: QWidget | None = None, *,
                 first_run: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle("Annotator name")
        intro = QLabel(
            ("Welcome to Dateline. " if first_run else "")
            + "Your annotations are stored under this name, so that several people can "
              "annotate the same articles and be compared. You can change it later in "
              "File › Change Annotator."
        )
        intro.setWordWrap(True)
        self.name = QLineEdit(current)
        self.name.selectAll()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name.textChanged.connect(self._check)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.name)
        layout.addWidget(self.buttons)
        self.resize(420, self.sizeHint().height())
        self._check()

    def _check(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.value()))

    def value(self) -> str:
        return self.name.text().strip()


def ask_annotator(current: str, parent: QWidget | None = None, *,
                  first_run: bool = False) -> str | None:
    """The name the user typed, or None when they cancelled."""
    dialog = AnnotatorDialog(current, parent, first_run=first_run)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.value() or None


def shortcut_text(action: QAction) -> str:
    keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
    return " or ".join(k for k in keys if k)


def shortcuts_html(menus: list[tuple[str, list[QAction]]]) -> str:
    """A table per menu of each action and its keys."""
    parts = ["<style>td { padding: 2px 14px 2px 0; } h3 { margin: 10px 0 2px 0; }</style>"]
    for title, actions in menus:
        rows = [
            f"<tr><td><b>{html.escape(shortcut_text(a))}</b></td>"
            f"<td>{html.escape(a.text().replace('&', ''))}</td></tr>"
            for a in actions if shortcut_text(a)
        ]
        if rows:
            parts.append(f"<h3>{html.escape(title.replace('&', ''))}</h3><table>")
            parts += rows
            parts.append("</table>")
    parts.append(
        "<h3>Mouse</h3><table>"
        "<tr><td><b>Drag</b></td><td>Select text (it snaps to whole words)</td></tr>"
        "<tr><td><b>Double-click</b></td><td>Select a word</td></tr>"
        "<tr><td><b>Click a span</b></td><td>Select it; click again for the span around it"
        "</td></tr>"
        "<tr><td><b>Shift+arrows</b></td><td>Select text from the caret</td></tr></table>"
    )
    return "".join(parts)


class ShortcutsDialog(QDialog):
    """Help › Keyboard Shortcuts: every action that has keys, by menu."""

    def __init__(self, menus: list[tuple[str, list[QAction]]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        view = QTextBrowser()
        view.setHtml(shortcuts_html(menus))
        view.setOpenExternalLinks(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(view)
        layout.addWidget(buttons)
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.resize(460, 560)
