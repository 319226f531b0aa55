"""The window's icons, drawn by qtawesome in the theme's text colour.

Icons are named for what they mean here; qtawesome is imported at the first
icon, and `set_colour` (a theme change) clears the cache so icons are drawn
again in the new colour.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

NAMES = {
    "new_project": "mdi6.file-plus-outline",
    "open_project": "mdi6.folder-open-outline",
    "import_texts": "mdi6.file-import-outline",
    "annotator": "mdi6.account-edit-outline",
    "quit": "mdi6.exit-to-app",
    "undo": "mdi6.undo",
    "redo": "mdi6.redo",
    "delete": "mdi6.delete-outline",
    "attributes": "mdi6.tune-variant",
    "note": "mdi6.note-edit-outline",
    "date": "mdi6.calendar-edit",
    "cancel": "mdi6.close",
    "next_span": "mdi6.chevron-right",
    "previous_span": "mdi6.chevron-left",
    "done": "mdi6.check-circle-outline",
    "done_next": "mdi6.check-all",
    "next_document": "mdi6.page-next-outline",
    "previous_document": "mdi6.page-previous-outline",
    "next_not_done": "mdi6.skip-forward-outline",
    "find": "mdi6.magnify",
    "relations": "mdi6.vector-curve",
    "zoom_in": "mdi6.magnify-plus-outline",
    "zoom_out": "mdi6.magnify-minus-outline",
    "zoom_reset": "mdi6.magnify-close",
    "theme": "mdi6.theme-light-dark",
    "shortcuts": "mdi6.keyboard-outline",
    "about": "mdi6.information-outline",
    "link": "mdi6.link-variant",
    "unlink": "mdi6.link-variant-off",
    "follow": "mdi6.arrow-right-thin",
    "time": "mdi6.clock-outline",
    "status_new": "mdi6.circle-outline",
    "status_progress": "mdi6.circle-half-full",
    "status_done": "mdi6.check-circle",
    "documents": "mdi6.format-list-bulleted",
    "side_panel": "mdi6.page-layout-sidebar-right",
    "export": "mdi6.file-export-outline",
    "merge": "mdi6.call-merge",
    "accept": "mdi6.check",
    "reject": "mdi6.close-circle-outline",
    "accept_label": "mdi6.checkbox-multiple-marked-outline",
    "accept_all": "mdi6.check-all",
    "next_suggestion": "mdi6.chevron-double-right",
    "previous_suggestion": "mdi6.chevron-double-left",
    "blind": "mdi6.eye-off-outline",
    "model": "mdi6.brain",
}
_STATUS_COLOURS = {"status_done": "#2e9d5b", "status_progress": "#d08a1e"}

_colour = QColor("#333333")
_cache: dict[str, QIcon] = {}


def set_colour(colour: QColor) -> None:
    """Draw icons in this colour from now on (the theme's text colour)."""
    global _colour
    _colour = QColor(colour)
    _cache.clear()


def icon(name: str) -> QIcon:
    """The icon for one of NAMES (an empty icon for an unknown name)."""
    cached = _cache.get(name)
    if cached is not None:
        return cached
    source = NAMES.get(name)
    if source is None:
        return QIcon()
    import qtawesome

    colour = _STATUS_COLOURS.get(name, _colour.name())
    made: QIcon = qtawesome.icon(source, color=colour, color_disabled="#9a9a9a")
    _cache[name] = made
    return made


def swatch(colour: QColor, size: int = 14, *, ring: bool = False) -> QIcon:
    """A rounded colour square (a label's legend mark), or a ring (a relation's)."""
    pixmap = QPixmap(size * 2, size * 2)
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if ring:
        pen = painter.pen()
        pen.setColor(colour)
        pen.setWidthF(2.5)
        painter.setPen(pen)
        painter.drawEllipse(2, 2, size - 4, size - 4)
    else:
        painter.setPen(colour.darker(130))
        painter.setBrush(colour)
        painter.drawRoundedRect(1, 1, size - 2, size - 2, 3, 3)
    painter.end()
    return QIcon(pixmap)
