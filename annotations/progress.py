"""Progress reports for long work.

Long work (import, export, suggestion, agreement) is a generator that yields
`Progress` and returns its result; the CLI draws a bar from it, the window
runs it in a worker thread and cancels between two yields.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import TypeVar

from annotations.errors import Cancelled

T = TypeVar("T")


@dataclass(frozen=True)
class Progress:
    """`done` of `total` units (total None when unknown) and what is being done."""

    done: int
    total: int | None
    message: str = ""


def drive(
    work: Generator[Progress, None, T],
    on_progress: Callable[[Progress], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> T:
    """Run `work` to its end and return its result.

    Raises:
        Cancelled: `should_cancel` answered True at a progress point; the
            generator is closed so its transaction rolls back.
    """
    try:
        while True:
            step = next(work)
            if on_progress is not None:
                on_progress(step)
            if should_cancel is not None and should_cancel():
                work.close()
                raise Cancelled("cancelled by the user; nothing was written")
    except StopIteration as stop:
        result: T = stop.value
        return result
