"""Long work off the window's thread.

The work is one of the core's progress generators; the worker opens its
own connection to the project file (one per thread), drives the generator,
reports progress through signals and stops at the next progress point when
cancelled. It never touches a widget.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any

from PySide6.QtCore import QThread, Signal

from annotations.errors import Cancelled, DatelineError, InputError
from annotations.progress import Progress, drive
from annotations.store import Project

Work = Callable[[Project], Generator[Progress, None, Any]]


class Worker(QThread):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(str, list)

    def __init__(self, path: Path, work: Work, *, actor: str | None = None) -> None:
        super().__init__()
        self.path = path
        self.work = work
        self.actor = actor
        self._cancel = False

    def cancel(self) -> None:
        self._cancel = True

    def run(self) -> None:
        try:
            with Project(self.path, actor=self.actor) as project:
                result = drive(self.work(project), self._report, lambda: self._cancel)
        except Cancelled as exc:
            self.failed.emit(str(exc), [])
        except InputError as exc:
            self.failed.emit(str(exc), [str(p) for p in exc.problems])
        except (DatelineError, sqlite3.Error, OSError) as exc:
            self.failed.emit(str(exc), [])
        else:
            self.succeeded.emit(result)

    def _report(self, step: Progress) -> None:
        self.progressed.emit(step.done, step.total or 0, step.message)
