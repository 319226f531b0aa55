"""Long work off the window's thread.

The work is one of the core's progress generators. A `Worker` opens its own
connection to the project file (one per thread); a `Task` needs no project
(loading a spaCy pipeline). Both drive the generator, report progress
through signals and stop at the next progress point when cancelled. They
never touch a widget.

A thread object must outlive its thread: `Workers` keeps each one until its
`finished` signal (not its result signal, which comes while `run()` is still
returning) and lets the window wait for them all when it closes.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any

from PySide6.QtCore import QThread, Signal

from annotations.errors import Cancelled, DatelineError, InputError
from annotations.progress import Progress, drive
from annotations.store import DATABASE_ERRORS, Project

Work = Callable[[Project], Generator[Progress, None, Any]]
Job = Callable[[], Generator[Progress, None, Any]]

#: What a failed piece of work raises besides a refusal of its input.
FAILURES: tuple[type[Exception], ...] = (DatelineError, *DATABASE_ERRORS, OSError)


class _Runner(QThread):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(str, list)

    def __init__(self) -> None:
        super().__init__()
        self._cancel = False

    def cancel(self) -> None:
        self._cancel = True

    @property
    def cancelled(self) -> bool:
        return self._cancel

    def run(self) -> None:
        try:
            result = self._work()
        except Cancelled as exc:
            self.failed.emit(str(exc), [])
        except InputError as exc:
            self.failed.emit(str(exc), [str(p) for p in exc.problems])
        except FAILURES as exc:
            self.failed.emit(str(exc), [])
        except Exception as exc:  # the thread's outermost layer: report, never die
            self.failed.emit(f"{type(exc).__name__}: {exc}", [])
        else:
            self.succeeded.emit(result)

    def _work(self) -> Any:
        raise NotImplementedError

    def _drive(self, work: Generator[Progress, None, Any]) -> Any:
        return drive(work, self._report, lambda: self._cancel)

    def _report(self, step: Progress) -> None:
        self.progressed.emit(step.done, step.total or 0, step.message)


class Worker(_Runner):
    """Runs `work(project)` on its own connection to the project file."""

    def __init__(self, path: Path, work: Work, *, actor: str | None = None) -> None:
        super().__init__()
        self.path = path
        self.work = work
        self.actor = actor

    def _work(self) -> Any:
        with Project(self.path, actor=self.actor) as project:
            return self._drive(self.work(project))


class Task(_Runner):
    """Runs long work that needs no project (loading a model)."""

    def __init__(self, job: Job) -> None:
        super().__init__()
        self.job = job

    def _work(self) -> Any:
        return self._drive(self.job())


class Workers:
    """The running threads of a window: kept until `finished`, then deleted."""

    def __init__(self) -> None:
        self._running: set[_Runner] = set()

    def start(self, runner: _Runner) -> None:
        self._running.add(runner)
        runner.finished.connect(lambda r=runner: self._release(r))
        runner.start()

    def _release(self, runner: _Runner) -> None:
        self._running.discard(runner)
        runner.deleteLater()

    def __len__(self) -> int:
        return len(self._running)

    def busy(self, kind: type[_Runner] | None = None) -> bool:
        return any(kind is None or isinstance(r, kind) for r in self._running)

    def stop_all(self, wait_ms: int = 30000) -> None:
        """Cancel every thread and wait for each to end (the window is closing)."""
        for runner in list(self._running):
            runner.cancel()
        for runner in list(self._running):
            runner.wait(wait_ms)
