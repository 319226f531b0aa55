"""Light and dark looks, following the system unless the user picks one, and
the colours each label gets on the current background."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette, QTextCharFormat
from PySide6.QtWidgets import QApplication

from annotations.schema import LabelSchema
from app.settings import Theme

_DARK = {
    QPalette.ColorRole.Window: "#25272b",
    QPalette.ColorRole.WindowText: "#e6e6e6",
    QPalette.ColorRole.Base: "#1c1d20",
    QPalette.ColorRole.AlternateBase: "#2a2c31",
    QPalette.ColorRole.Text: "#e8e8e8",
    QPalette.ColorRole.Button: "#303238",
    QPalette.ColorRole.ButtonText: "#e6e6e6",
    QPalette.ColorRole.Highlight: "#3d6fb4",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.ToolTipBase: "#303238",
    QPalette.ColorRole.ToolTipText: "#e6e6e6",
    QPalette.ColorRole.PlaceholderText: "#8a8d93",
    QPalette.ColorRole.Link: "#7fb0ff",
    QPalette.ColorRole.BrightText: "#ff6b6b",
    QPalette.ColorRole.Mid: "#45484f",
    QPalette.ColorRole.Dark: "#17181a",
    QPalette.ColorRole.Light: "#3a3d44",
}
_LIGHT = {
    QPalette.ColorRole.Window: "#f3f3f5",
    QPalette.ColorRole.WindowText: "#1d1d1f",
    QPalette.ColorRole.Base: "#ffffff",
    QPalette.ColorRole.AlternateBase: "#f5f6f8",
    QPalette.ColorRole.Text: "#1d1d1f",
    QPalette.ColorRole.Button: "#f0f0f2",
    QPalette.ColorRole.ButtonText: "#1d1d1f",
    QPalette.ColorRole.Highlight: "#2f6fd0",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.ToolTipBase: "#ffffe6",
    QPalette.ColorRole.ToolTipText: "#1d1d1f",
    QPalette.ColorRole.PlaceholderText: "#7a7a80",
    QPalette.ColorRole.Link: "#1f5fbf",
    QPalette.ColorRole.BrightText: "#c62828",
    QPalette.ColorRole.Mid: "#c8c9cd",
    QPalette.ColorRole.Dark: "#9a9ba0",
    QPalette.ColorRole.Light: "#ffffff",
}


def system_is_dark() -> bool:
    scheme = QGuiApplication.styleHints().colorScheme()
    return bool(scheme == Qt.ColorScheme.Dark)


def is_dark(theme: Theme) -> bool:
    return theme == "dark" or (theme == "system" and system_is_dark())


def palette(dark: bool) -> QPalette:
    """The Fusion palette for a light or dark look."""
    pal = QPalette()
    for role, colour in (_DARK if dark else _LIGHT).items():
        pal.setColor(role, QColor(colour))
    disabled = QColor("#6d7076" if dark else "#a0a0a6")
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText,
                 QPalette.ColorRole.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return pal


def apply(app: QApplication, theme: Theme) -> bool:
    """Give the application the Fusion style and the theme's palette; return
    whether the look is dark."""
    dark = is_dark(theme)
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    app.setPalette(palette(dark))
    return dark


def blend(colour: str, background: QColor, amount: float) -> QColor:
    """`amount` of `colour` over `background`, opaque."""
    c = QColor(colour)
    pairs = ((c.red(), background.red()), (c.green(), background.green()),
             (c.blue(), background.blue()))
    r, g, b = (round(amount * x + (1 - amount) * y) for x, y in pairs)
    return QColor(r, g, b)


@dataclass(frozen=True)
class LabelLook:
    """How one label is drawn: fill behind its text, a strong colour for
    bars, outlines and legend swatches, and a text colour readable on the fill."""

    fill: QColor
    strong: QColor
    text: QColor


class LabelStyles:
    """Each label's look on the current background, and the text formats
    the highlighter applies (cached per label and per nesting)."""

    def __init__(self, schema: LabelSchema, dark: bool) -> None:
        self.dark = dark
        base = QColor(_DARK[QPalette.ColorRole.Base] if dark else _LIGHT[QPalette.ColorRole.Base])
        text = QColor(_DARK[QPalette.ColorRole.Text] if dark else _LIGHT[QPalette.ColorRole.Text])
        amount = 0.42 if dark else 0.45
        self.looks: dict[str, LabelLook] = {}
        for label in schema.labels:
            strong = QColor(label.color).lighter(115) if dark else QColor(label.color).darker(115)
            self.looks[label.name] = LabelLook(blend(label.color, base, amount), strong, text)
        self.relations = {
            rel.name: QColor(rel.color).lighter(190) if dark else QColor(rel.color)
            for rel in schema.relations
        }
        self._unknown = LabelLook(blend("#999999", base, amount), QColor("#888888"), text)
        self.formats: dict[str, QTextCharFormat] = {}

    def look(self, label: str) -> LabelLook:
        return self.looks.get(label, self._unknown)

    def relation_colour(self, name: str) -> QColor:
        return self.relations.get(name, QColor("#888888"))

    def format(self, label: str) -> QTextCharFormat:
        """The text format of a label's fill (the highlighter's; outer spans
        of a nest are drawn as bars under the text by the article view)."""
        fmt = self.formats.get(label)
        if fmt is None:
            fmt = QTextCharFormat()
            fmt.setBackground(self.look(label).fill)
            self.formats[label] = fmt
        return fmt
