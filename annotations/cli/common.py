"""What every `dateline` command shares: the group that turns expected errors into
one-line messages, the progress bar, the option types and opening a project.

No command module is imported here, so the command modules import this one and
never each other.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Generator
from typing import TYPE_CHECKING, Any, TypeVar

import click

from annotations.errors import DatelineError, InputError, printable
from annotations.progress import Progress, drive

if TYPE_CHECKING:
    from annotations.store import Project

T = TypeVar("T")
MAX_PROBLEMS_SHOWN = 50


class ExistingFile(click.ParamType):  # type: ignore[type-arg]
    """A file that must exist. A missing one is one error line naming it (click's
    own `exists=True` prints the usage and a hint around it: four lines)."""

    name = "file"

    def __init__(self, what: str = "file") -> None:
        self.what = what

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> str:
        path = str(os.fspath(value))
        if os.path.isdir(path):
            raise click.ClickException(f"{path}: a folder, not a {self.what}")
        if not os.path.exists(path):
            raise click.ClickException(f"{path}: no such {self.what}")
        return path


# A project file given on the command line: NEW_PROJECT may not exist yet.
PROJECT = ExistingFile("project file")
NEW_PROJECT = click.Path(dir_okay=False)
EXISTING_FILE = ExistingFile()

# What `dateline [PROJECT]` with no command calls to open the window: given by
# the entry point in app/ (as the context object), since the core never imports it.
OpenWindow = Callable[[str | None], int]


class DatelineGroup(click.Group):
    """`dateline [PROJECT]` opens the window; `dateline COMMAND ...` runs a command.
    Expected errors become one-line messages."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            ctx.meta["dateline.project"] = args[0]
            args = args[1:]
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except InputError as exc:
            if len(exc.problems) == 1:
                raise click.ClickException(
                    f"{exc.problems[0]}; nothing was imported, the project is unchanged"
                ) from exc
            shown = exc.problems[:MAX_PROBLEMS_SHOWN]
            for problem in shown:
                click.echo(f"dateline: {problem}", err=True)
            if len(exc.problems) > len(shown):
                click.echo(f"dateline: ... {len(exc.problems) - len(shown)} more", err=True)
            raise click.ClickException(
                f"{len(exc.problems)} problem(s); nothing was imported, the project is "
                "unchanged. Fix the input, or pass --skip-invalid to import the rest."
            ) from exc
        except DatelineError as exc:
            raise click.ClickException(printable(str(exc))) from exc
        except BrokenPipeError:
            # The reader went away (`dateline stats p.db | head`): stop quietly.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            raise click.ClickException(printable(f"{where}{exc.strerror or exc}")) from exc


def _short(title: str | None, width: int = 40) -> str | None:
    """A title cut to fit beside the bar."""
    return title if title is None or len(title) <= width else title[:width - 1] + "…"


def run_with_progress(work: Generator[Progress, None, T], label: str, *,
                      per_item: bool = False) -> T:
    """Drive long work with a progress bar on stderr. With `per_item` the bar
    counts the items and names the one just done (a document's title); where
    stderr is no terminal (a log, a pipe), click draws no bar, so each item
    gets a line of its own instead."""
    bar: Any = None
    last = 0
    lines = per_item and not sys.stderr.isatty()
    try:
        def show(step: Progress) -> None:
            nonlocal bar, last
            if lines:
                if step.done:
                    click.echo(f"{label} {step.done}/{step.total}: {step.message}", err=True)
                return
            if bar is None and step.total:
                bar = click.progressbar(
                    length=step.total, label=label, file=sys.stderr, show_pos=per_item,
                    item_show_func=_short if per_item else None,
                )
                bar.__enter__()
            if bar is not None:
                bar.update(step.done - last, step.message if per_item else None)
                last = step.done

        return drive(work, show)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


def open_project(path: str) -> Project:
    """The project file at `path` (raises what `Project` raises: a clear DatelineError)."""
    from annotations.store import Project

    return Project(path)


def split_list(value: str | None) -> list[str]:
    """`"A, B,,C"` -> `["A", "B", "C"]` (an option's comma-separated names)."""
    return [v.strip() for v in (value or "").split(",") if v.strip()]
