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

from annotations.errors import DatelineError, InputError
from annotations.progress import Progress, drive

if TYPE_CHECKING:
    from annotations.store import Project

T = TypeVar("T")
MAX_PROBLEMS_SHOWN = 50

# A project file given on the command line: NEW_PROJECT may not exist yet.
PROJECT = click.Path(dir_okay=False, exists=True)
NEW_PROJECT = click.Path(dir_okay=False)

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
            raise click.ClickException(str(exc)) from exc
        except BrokenPipeError:
            # The reader went away (`dateline stats p.db | head`): stop quietly.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            raise click.ClickException(f"{where}{exc.strerror or exc}") from exc


def run_with_progress(work: Generator[Progress, None, T], label: str) -> T:
    """Drive long work with a progress bar on stderr."""
    bar: Any = None
    last = 0
    try:
        def show(step: Progress) -> None:
            nonlocal bar, last
            if bar is None and step.total:
                bar = click.progressbar(length=step.total, label=label, file=sys.stderr)
                bar.__enter__()
            if bar is not None:
                bar.update(step.done - last)
                last = step.done

        return drive(work, show)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


def open_project(path: str) -> Project:
    """The project file at `path` (raises what `Project` raises: a clear DatelineError).
    A project on a network or synced file system is opened with a one-line warning."""
    from annotations.store import Project
    from annotations.store.filesystems import shared_filesystem_warning

    project = Project(path)
    warning = shared_filesystem_warning(project.path)
    if warning is not None:
        click.echo(f"warning: {warning}", err=True)
    return project


def split_list(value: str | None) -> list[str]:
    """`"A, B,,C"` -> `["A", "B", "C"]` (an option's comma-separated names)."""
    return [v.strip() for v in (value or "").split(",") if v.strip()]
