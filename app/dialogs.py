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
        advice = ("Your annotations are stored under this name, so that several people can "
                  "annotate the same articles and be compared.")
        if first_run:  # said once, where it is news; the Change Annotator dialog is that place
            advice = (f"Welcome to Dateline. {advice} You can change it later in File › "
                      f"Change Annotator; Cancel starts as “{current}”.")
        intro = self.intro = QLabel(advice)
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


SHEET_TEXT = "sheet_text"
"""An action's property: its name on the shortcut sheet when its menu text
changes with use (Undo names the edit it would undo)."""
MOUSE = (
    ("Drag", "Select text (it snaps to whole words)"),
    ("Double-click", "Select a word"),
    ("Click a span", "Select it; click again for the span around it"),
    ("Shift+arrows", "Select text from the caret"),
)


def sheet_text(action: QAction) -> str:
    fixed = action.property(SHEET_TEXT)
    return (fixed if isinstance(fixed, str) and fixed else action.text()).replace("&", "")


def shortcuts_html(menus: list[tuple[str, list[QAction]]]) -> str:
    """One table of every action with keys, a heading row per menu, so the
    keys line up in one column."""
    def row(keys: str, text: str) -> str:
        return (f"<tr><td><b>{html.escape(keys)}</b></td>"
                f"<td>{html.escape(text)}</td></tr>")

    def section(title: str) -> str:
        return f"<tr><td colspan='2'><h3>{html.escape(title.replace('&', ''))}</h3></td></tr>"

    parts = ["<style>td { padding: 2px 14px 2px 0; } h3 { margin: 8px 0 0 0; }</style>",
             "<table>"]
    for title, actions in menus:
        rows = [row(shortcut_text(a), sheet_text(a)) for a in actions if shortcut_text(a)]
        if rows:
            parts.append(section(title))
            parts += rows
    parts.append(section("Mouse"))
    parts += [row(keys, text) for keys, text in MOUSE]
    parts.append("</table>")
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
