"""The window's preferences: one typed module that owns every QSettings key.

Preferences are per user and per machine (annotator name, recent projects,
layout, theme); project data never goes here, it lives in the project file.
Every read names its type, so a hand-edited or stale settings file cannot
hand the window a string where it expects a number.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Literal, cast

from PySide6.QtCore import QByteArray, QSettings

ORGANISATION = "Dateline"
APPLICATION = "Dateline"
MAX_RECENT = 8
THEMES = ("system", "light", "dark")
Theme = Literal["system", "light", "dark"]
STATUS_FILTERS = ("all", "new", "in_progress", "done", "not_done")

_ANNOTATOR = "annotator/name"
_RECENT = "projects/recent"
_LAST_PROJECT = "projects/last"
_LAST_DOCUMENT = "projects/last_document/"
_GEOMETRY = "window/geometry"
_STATE = "window/state"
_SPLITTER = "window/splitter/"
_THEME = "view/theme"
_FONT_SIZE = "view/font_size"
_ALL_RELATIONS = "view/all_relations"
_STATUS_FILTER = "documents/status_filter"
_EXPORT_FOLDER = "export/last_folder"
_DEFAULT_FONT_SIZE = 12


class Settings:
    """Typed access to the user's QSettings.

    `Settings()` uses the platform's store for Dateline; `Settings.at(path)`
    uses an INI file (tests point it at a temporary folder).
    """

    def __init__(self, store: QSettings | None = None) -> None:
        self._store = store or QSettings(ORGANISATION, APPLICATION)

    @classmethod
    def at(cls, path: str | Path) -> Settings:
        return cls(QSettings(str(path), QSettings.Format.IniFormat))

    def sync(self) -> None:
        self._store.sync()

    # --- typed primitives ------------------------------------------------------

    def _str(self, key: str, default: str = "") -> str:
        value = self._store.value(key, default, str)
        return value if isinstance(value, str) else default

    def _int(self, key: str, default: int) -> int:
        value = self._store.value(key, default)
        try:
            return int(str(value))
        except (TypeError, ValueError):
            return default

    def _bool(self, key: str, default: bool) -> bool:
        value = self._store.value(key, default, bool)
        return value if isinstance(value, bool) else default

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._store.value(key, None)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    # --- the annotator -----------------------------------------------------------

    @property
    def annotator(self) -> str | None:
        """The annotator's name, or None before it was first asked."""
        name = self._str(_ANNOTATOR).strip()
        return name or None

    @annotator.setter
    def annotator(self, name: str) -> None:
        self._store.setValue(_ANNOTATOR, name.strip())

    # --- projects -------------------------------------------------------------------

    @property
    def recent_projects(self) -> list[str]:
        value = self._store.value(_RECENT, [], list)
        return [str(v) for v in value if v] if isinstance(value, list) else []

    def add_recent_project(self, path: str | Path) -> None:
        name = str(Path(path).resolve())
        recent = [name] + [p for p in self.recent_projects if p != name]
        self._store.setValue(_RECENT, recent[:MAX_RECENT])
        self._store.setValue(_LAST_PROJECT, name)

    def forget_recent_project(self, path: str | Path) -> None:
        name = str(Path(path).resolve())
        self._store.setValue(_RECENT, [p for p in self.recent_projects if p != name])

    @property
    def last_project(self) -> str | None:
        return self._str(_LAST_PROJECT) or None

    def last_document(self, project: str | Path) -> int | None:
        ident = self._int(_LAST_DOCUMENT + _path_key(project), 0)
        return ident or None

    def set_last_document(self, project: str | Path, document_id: int) -> None:
        self._store.setValue(_LAST_DOCUMENT + _path_key(project), document_id)

    # --- layout -------------------------------------------------------------------

    @property
    def geometry(self) -> QByteArray | None:
        return self._bytes(_GEOMETRY)

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._store.setValue(_GEOMETRY, value)

    @property
    def window_state(self) -> QByteArray | None:
        return self._bytes(_STATE)

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self._store.setValue(_STATE, value)

    def splitter(self, name: str) -> QByteArray | None:
        return self._bytes(_SPLITTER + name)

    def set_splitter(self, name: str, value: QByteArray) -> None:
        self._store.setValue(_SPLITTER + name, value)

    # --- view ----------------------------------------------------------------------

    @property
    def theme(self) -> Theme:
        value = self._str(_THEME, "system")
        return cast(Theme, value) if value in THEMES else "system"

    @theme.setter
    def theme(self, value: Theme) -> None:
        self._store.setValue(_THEME, value)

    @property
    def font_size(self) -> int:
        return max(8, min(32, self._int(_FONT_SIZE, _DEFAULT_FONT_SIZE)))

    @font_size.setter
    def font_size(self, value: int) -> None:
        self._store.setValue(_FONT_SIZE, max(8, min(32, value)))

    @property
    def all_relations(self) -> bool:
        """Draw every relation's arrow, not only the selected span's."""
        return self._bool(_ALL_RELATIONS, True)

    @all_relations.setter
    def all_relations(self, value: bool) -> None:
        self._store.setValue(_ALL_RELATIONS, value)

    @property
    def status_filter(self) -> str:
        value = self._str(_STATUS_FILTER, "all")
        return value if value in STATUS_FILTERS else "all"

    @status_filter.setter
    def status_filter(self, value: str) -> None:
        self._store.setValue(_STATUS_FILTER, value if value in STATUS_FILTERS else "all")

    # --- export ----------------------------------------------------------------------

    @property
    def export_folder(self) -> str | None:
        """The folder the last export went to, or None before the first."""
        return self._str(_EXPORT_FOLDER) or None

    @export_folder.setter
    def export_folder(self, value: str) -> None:
        self._store.setValue(_EXPORT_FOLDER, value)


def _path_key(project: str | Path) -> str:
    """A settings key for a project path (paths hold characters keys cannot)."""
    return hashlib.sha1(str(Path(project).resolve()).encode("utf-8")).hexdigest()[:16]
